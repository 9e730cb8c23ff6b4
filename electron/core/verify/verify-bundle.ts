/**
 * verifyBundle: one streaming pass over a bundle that runs every check of spec §6 in order, the
 * continuity checks against the store, and the re-evaluation of §8, and assembles the §9 report.
 * Nothing here writes: an importer observes the entries through `onEntry`.
 */
import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import type {
  DsseEnvelope,
  Manifest,
  PlatformState,
} from '../../../shared/format/export-types.js';
import { BUNDLE_FILES, ENVELOPE_FILE, FORMAT_ID, PAYLOAD_TYPE, ZERO_HASH } from '../../../shared/format/export-types.js';
import { canonicalize, isCanonicalText, parseCanonical } from '../../../shared/format/jcs.js';
import { duplicateMemberMessage, findDuplicateMember } from '../../../shared/format/json-members.js';
import { parseTimestamp } from '../../../shared/format/timestamps.js';
import type { Check, CheckId, CheckStatus, Continuity, Finding, Report } from '../../../shared/report/report-types.js';
import { CHECK_ORDER } from '../../../shared/report/report-types.js';
import { BundleMalformedError, openBundle, SMALL_FILE_LIMIT, type BundleSource } from '../bundle/open-bundle.js';
import { pae } from '../crypto/dsse.js';
import { ed25519Verify } from '../crypto/ed25519.js';
import { sha256Hex } from '../crypto/sha256.js';
import { NoteFormatError, parseCheckpoint, type SignedNote } from '../crypto/signed-note.js';
import { CrosscheckError, throwIfAborted } from '../errors/crosscheck-error.js';
import { trustedKeys, unusableBecause, type TrustedKey } from '../keyring/keyring.js';
import { CompactRange } from '../merkle/merkle.js';
import type { EntryCheckSummary } from './entry-checker.js';
import { makeFinding } from './findings.js';
import { entryColumns } from './entry-columns.js';
import { entriesOversize, runEvaluationPass, runLinePass, type EvaluationOutcome, type LinePassParams, type LinePassResult } from './line-pass.js';
import type { LineStreamResult } from './line-reader.js';
import { runLinePassInWorker, workerAvailable } from './worker-pass.js';
import { sortFindings, integrityStatus } from './report-status.js';
import type { CheckedLine, ContinuityView, VerifiedEntry, VerifyOptions, VerifyResult } from './verify-api.js';

const HEX64 = /^[0-9a-f]{64}$/;
/** The envelope is read before any signed size is known: a manifest of a few files is a few KB. */
export const ENVELOPE_LIMIT = 16 * 1024 * 1024;

interface SignatureOutcome {
  status: CheckStatus;
  detail: string;
  keyName: string | null;
}

class ReportBuilder {
  readonly findings: Finding[] = [];
  private readonly checks = new Map<CheckId, Check>();

  add = (f: Finding): void => {
    this.findings.push(f);
  };

  check(id: CheckId, status: CheckStatus, detail: string): void {
    this.checks.set(id, { id, status, detail });
  }

  has(id: CheckId): boolean {
    return this.checks.has(id);
  }

  allChecks(): Check[] {
    return CHECK_ORDER.map((id) => this.checks.get(id) ?? { id, status: 'skip' as const, detail: 'not reached' });
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Structural validation of the manifest payload; returns the first problem or null. */
function manifestProblem(m: unknown): string | null {
  if (!isObject(m)) return 'the manifest is not a JSON object';
  if (m.format !== FORMAT_ID) return `the manifest format is ${JSON.stringify(m.format)}, not "${FORMAT_ID}"`;
  if (typeof m.export_id !== 'string') return 'the manifest has no export_id';
  if (typeof m.origin !== 'string' || m.origin.length === 0) return 'the manifest has no origin';
  if (!isObject(m.org) || typeof m.org.id !== 'string' || typeof m.org.name !== 'string') return 'the manifest org is malformed';
  if (parseTimestamp(m.created_at) === null) return 'the manifest created_at is not a valid timestamp';
  if (!isObject(m.period) || parseTimestamp(m.period.from) === null || parseTimestamp(m.period.to) === null) {
    return 'the manifest period is malformed';
  }
  const r = m.range;
  if (!isObject(r) || ![r.first_seq, r.last_seq, r.count].every((x) => Number.isSafeInteger(x))) {
    return 'the manifest range is malformed';
  }
  const t = m.tree;
  if (!isObject(t) || !Number.isSafeInteger(t.size) || typeof t.root !== 'string' || !HEX64.test(t.root)) {
    return 'the manifest tree is malformed';
  }
  if (!Number.isSafeInteger(m.heartbeat_seconds) || (m.heartbeat_seconds as number) <= 0) {
    return 'the manifest heartbeat_seconds is not a positive integer';
  }
  if (!Array.isArray(m.files) || !m.files.every((f) => isObject(f) && typeof f.path === 'string' && typeof f.sha256 === 'string' && Number.isSafeInteger(f.bytes))) {
    return 'the manifest files list is malformed';
  }
  const p = m.previous_export;
  if (p !== null && (!isObject(p) || typeof p.root !== 'string' || !Number.isSafeInteger(p.tree_size))) {
    return 'the manifest previous_export is malformed';
  }
  return null;
}

/** Standard padded base64 that re-encodes to itself; anything else decodes to nothing. */
function strictBase64(text: string): Buffer {
  const b = Buffer.from(text, 'base64');
  return b.toString('base64') === text ? b : Buffer.alloc(0);
}

/**
 * A keyring may list one key more than once (a role per entry, a window per year). A revocation is
 * about the key, not the entry: when any entry of it was revoked at or before created_at, no entry
 * makes it usable.
 */
function revokedEntry(candidates: TrustedKey[], createdAt: number | null): string | null {
  if (createdAt === null) return null;
  const r = candidates.find((k) => k.key.revoked_at !== null && parseTimestamp(k.key.revoked_at)! <= createdAt);
  return r ? `was revoked at ${r.key.revoked_at}` : null;
}

function verifyEnvelope(env: DsseEnvelope, payload: Buffer, keys: TrustedKey[], createdAt: number | null, add: (f: Finding) => void): SignatureOutcome {
  const message = pae(env.payloadType, payload);
  const notes: string[] = [];
  let verifiedBy: string | null = null;
  let failedBy: string | null = null;
  for (const sig of env.signatures) {
    const candidates = keys.filter((k) => k.keyIdHex === sig.keyid);
    const revoked = revokedEntry(candidates, createdAt);
    const usable = candidates.filter((k) => {
      const why = revoked ?? unusableBecause(k.key, 'export', createdAt);
      if (why) notes.push(`key "${k.key.name}" (${k.keyIdHex}) ${why}`);
      return why === null;
    });
    if (usable.length === 0) continue;
    const sigBytes = strictBase64(sig.sig);
    const ok = usable.find((k) => ed25519Verify(k.publicKey, message, sigBytes));
    if (ok) verifiedBy ??= ok.key.name;
    else failedBy ??= usable[0]!.key.name;
  }
  if (failedBy !== null) {
    add(
      makeFinding('envelope_signature_invalid', {
        message: `the manifest signature by trusted key "${failedBy}" does not verify: the manifest was altered after signing`,
      }),
    );
    return { status: 'fail', detail: `signature by "${failedBy}" does not verify over the DSSE PAE`, keyName: null };
  }
  if (verifiedBy !== null) {
    return { status: 'pass', detail: `signed by "${verifiedBy}" (export key, valid at created_at)`, keyName: verifiedBy };
  }
  const ids = env.signatures.map((s) => s.keyid).join(', ') || 'none';
  add(
    makeFinding('key_unverifiable', {
      recorded: { keyids: env.signatures.map((s) => s.keyid) },
      message: `the manifest carries no signature by a key your keyring trusts for exports at its creation time (key IDs: ${ids})${notes.length ? `; ${notes.join('; ')}` : ''}`,
    }),
  );
  return { status: 'unverifiable', detail: `no signature by a usable export key (key IDs: ${ids})${notes.length ? `; ${notes.join('; ')}` : ''}`, keyName: null };
}

function verifyCheckpoint(note: SignedNote, keys: TrustedKey[], createdAt: number | null, add: (f: Finding) => void): SignatureOutcome {
  const notes: string[] = [];
  let verifiedBy: string | null = null;
  let failedBy: string | null = null;
  for (const sig of note.signatures) {
    const idHex = sig.keyId.toString('hex');
    // The key ID binds the name: a line whose name differs from the keyring entry's is not that key's.
    const candidates = keys.filter((k) => k.keyIdHex === idHex && k.key.name === sig.name);
    const revoked = revokedEntry(candidates, createdAt);
    const usable = candidates.filter((k) => {
      const why = revoked ?? unusableBecause(k.key, 'log', createdAt);
      if (why) notes.push(`key "${k.key.name}" ${why}`);
      return why === null;
    });
    if (usable.length === 0) continue;
    const ok = usable.find((k) => ed25519Verify(k.publicKey, note.text, sig.signature));
    if (ok) verifiedBy ??= ok.key.name;
    else failedBy ??= usable[0]!.key.name;
  }
  if (failedBy !== null) {
    add(
      makeFinding('checkpoint_signature_invalid', {
        message: `the checkpoint signature by trusted log key "${failedBy}" does not verify: the checkpoint was altered after signing`,
      }),
    );
    return { status: 'fail', detail: `signature by "${failedBy}" does not verify over the note body`, keyName: null };
  }
  if (verifiedBy !== null) return { status: 'pass', detail: `signed by "${verifiedBy}" (log key)`, keyName: verifiedBy };
  const names = note.signatures.map((s) => `${s.name} (${s.keyId.toString('hex')})`).join(', ');
  add(
    makeFinding('key_unverifiable', {
      recorded: { signers: note.signatures.map((s) => s.name) },
      message: `the checkpoint carries no signature by a key your keyring trusts for the log at the export's creation time (signers: ${names})${notes.length ? `; ${notes.join('; ')}` : ''}`,
    }),
  );
  return { status: 'unverifiable', detail: `no signature by a usable log key (signers: ${names})`, keyName: null };
}

/** The problem with a parsed JSON file whose text repeats a member name, or null. */
function duplicateProblem(file: string, text: string): string | null {
  const dup = findDuplicateMember(text);
  return dup ? duplicateMemberMessage(file, dup) : null;
}

function parseEnvelope(bytes: Buffer): { env: DsseEnvelope; payload: Buffer } | string {
  let doc: unknown;
  // The envelope is laid out freely and parsed, never hashed (§2): a leading UTF-8 BOM, which
  // RFC 8259 §8.1 lets a parser ignore, is layout.
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return `${ENVELOPE_FILE} is not JSON (${(e as Error).message})`;
  }
  // Two payloads (or two signature lists) and the last wins here but maybe not in another tool:
  // the envelope is not signed, so nothing else would notice.
  const dup = duplicateProblem(ENVELOPE_FILE, text);
  if (dup) return dup;
  if (!isObject(doc) || typeof doc.payload !== 'string' || typeof doc.payloadType !== 'string' || !Array.isArray(doc.signatures)) {
    return `${ENVELOPE_FILE} is not a DSSE envelope (payload, payloadType, signatures)`;
  }
  if (!doc.signatures.every((s) => isObject(s) && (s.keyid === undefined || typeof s.keyid === 'string') && typeof s.sig === 'string')) {
    return `${ENVELOPE_FILE} has a malformed signature entry`;
  }
  const payload = strictBase64(doc.payload);
  if (payload.length === 0) return 'the DSSE payload is not standard padded base64';
  // DSSE makes keyid optional; here it selects the key (§5), so a signature without one names no
  // key and is ignored like any other that names no usable key.
  const signatures = (doc.signatures as Record<string, unknown>[]).map((s) => ({ keyid: typeof s.keyid === 'string' ? s.keyid : '', sig: s.sig as string }));
  return { env: { payload: doc.payload, payloadType: doc.payloadType, signatures }, payload };
}

function parseFrontier(bytes: Buffer): CompactRange | string {
  if (!isUtf8(bytes)) return 'frontier.json is not UTF-8';
  let parsed: { value: unknown; canonical: boolean };
  try {
    parsed = parseCanonical(bytes.toString('utf8'));
  } catch {
    return 'frontier.json is not JSON';
  }
  const f = parsed.value;
  const dup = duplicateProblem('frontier.json', bytes.toString('utf8'));
  if (dup) return dup;
  if (!parsed.canonical) return 'frontier.json is not in JCS form';
  if (!isObject(f) || !Number.isSafeInteger(f.size) || (f.size as number) < 0 || !Array.isArray(f.hashes)) {
    return 'frontier.json is not {size, hashes}';
  }
  if (!f.hashes.every((h) => typeof h === 'string' && HEX64.test(h))) return 'frontier.json holds a hash that is not 64 hex digits';
  try {
    return new CompactRange(f.size as number, (f.hashes as string[]).map((h) => Buffer.from(h, 'hex')));
  } catch (e) {
    return `frontier.json is inconsistent: ${(e as Error).message}`;
  }
}

function parseState(bytes: Buffer): PlatformState | string {
  // Text comparison after decoding would take bytes that are not UTF-8 for U+FFFD: not JCS bytes.
  if (!isUtf8(bytes)) return 'state.json is not UTF-8';
  let parsed: { value: unknown; canonical: boolean };
  try {
    parsed = parseCanonical(bytes.toString('utf8'));
  } catch {
    return 'state.json is not JSON';
  }
  const s = parsed.value;
  const dup = duplicateProblem('state.json', bytes.toString('utf8'));
  if (dup) return dup;
  if (!isObject(s) || !isObject(s.profile) || !Array.isArray(s.users) || !Array.isArray(s.agents) || !Array.isArray(s.connectors) || !Array.isArray(s.rules) || !Array.isArray(s.approvals) || !Array.isArray(s.recent_calls)) {
    return 'state.json does not have the shape of spec §7';
  }
  if (!parsed.canonical) return 'state.json is not in JCS form';
  return s as unknown as PlatformState;
}

/** Verifies a bundle (folder or ZIP) against the auditor's keyring; see the module comment. */
export async function verifyBundle(bundlePath: string, opts: VerifyOptions): Promise<VerifyResult> {
  const rb = new ReportBuilder();
  const result: VerifyResult = {
    report: undefined as unknown as Report,
    manifest: null,
    manifestPayload: null,
    envelopeBytes: null,
    checkpointBytes: null,
    frontierBytes: null,
    stateBytes: null,
    endStateJcs: null,
    computedRoot: null,
    entriesDigest: null,
    envelopeKey: null,
    checkpointKey: null,
  };
  const keys = trustedKeys(opts.keyring);
  let manifest: Manifest | null = null;
  let continuity: Continuity = 'first';
  let tailPinned = false;
  let evaluation: Report['evaluation'] = { calls: 0, agreed: 0, disagreed: 0 };

  let bundle: BundleSource | null = null;
  try {
    try {
      bundle = await openBundle(bundlePath);
    } catch (e) {
      if (e instanceof BundleMalformedError) {
        rb.add(makeFinding('bundle_malformed', { message: e.message }));
        rb.check('bundle_shape', 'fail', e.message);
      } else {
        throw new CrosscheckError('FILE_UNREADABLE', `cannot read the bundle ${bundlePath}: ${(e as Error).message}`);
      }
    }
    if (bundle) {
      ({ manifest, continuity, tailPinned, evaluation } = await verifyOpened(bundle, opts, keys, rb, result));
    }
  } finally {
    bundle?.close();
  }

  const findings = sortFindings(rb.findings);
  const checks = rb.allChecks();
  result.report = {
    format: 'crosscheck-report/1',
    export: {
      export_id: manifest?.export_id ?? null,
      origin: manifest?.origin ?? null,
      org: manifest?.org ?? null,
      period: manifest?.period ?? null,
      range: manifest?.range ?? null,
      tree: manifest?.tree ?? null,
    },
    integrity: {
      status: integrityStatus(findings, checks),
      tail_pinned: tailPinned,
      continuity,
      checks,
    },
    evaluation,
    findings,
  };
  return result;
}

async function readSmallOrNull(bundle: BundleSource, name: string, rb: ReportBuilder, limit = SMALL_FILE_LIMIT): Promise<Buffer | null> {
  if (!bundle.has(name)) return null;
  try {
    return await bundle.readSmall(name, limit);
  } catch (e) {
    rb.add(makeFinding('bundle_malformed', { message: `${name} cannot be read: ${(e as Error).message}` }));
    return null;
  }
}

async function verifyOpened(
  bundle: BundleSource,
  opts: VerifyOptions,
  keys: TrustedKey[],
  rb: ReportBuilder,
  result: VerifyResult,
): Promise<{ manifest: Manifest | null; continuity: Continuity; tailPinned: boolean; evaluation: Report['evaluation'] }> {
  const shapeProblems: string[] = [];

  // --- Envelope and manifest (bundle shape) ---
  let manifest: Manifest | null = null;
  let envelope: { env: DsseEnvelope; payload: Buffer } | null = null;
  let envBytes: Buffer | null = null;
  if (bundle.has(ENVELOPE_FILE)) {
    try {
      envBytes = await bundle.readSmall(ENVELOPE_FILE, ENVELOPE_LIMIT);
    } catch (e) {
      // An envelope that cannot be read leaves the bundle without its manifest: its shape fails.
      shapeProblems.push(`${ENVELOPE_FILE} cannot be read: ${(e as Error).message}`);
    }
  }
  result.envelopeBytes = envBytes;
  if (!bundle.has(ENVELOPE_FILE)) {
    const nested = bundle.members.find((m) => m.name.endsWith(`/${ENVELOPE_FILE}`));
    shapeProblems.push(`no ${ENVELOPE_FILE} at the bundle's root${nested ? ` (found ${nested.name}: the files must sit at the root, not in a sub-folder)` : ''}`);
  } else if (envBytes) {
    const parsed = parseEnvelope(envBytes);
    if (typeof parsed === 'string') shapeProblems.push(parsed);
    else {
      envelope = parsed;
      result.manifestPayload = parsed.payload;
      let m: unknown;
      const payloadText = parsed.payload.toString('utf8');
      try {
        m = JSON.parse(payloadText);
      } catch {
        m = undefined;
      }
      // Refused before the signature is judged: a signed manifest with a repeated member still
      // says two things, and which one this reader took is not what the producer can be held to.
      const problem = m === undefined ? 'the DSSE payload is not JSON' : (duplicateProblem('the manifest (the DSSE payload)', payloadText) ?? manifestProblem(m));
      if (problem) shapeProblems.push(problem);
      else manifest = m as Manifest;
      if (parsed.env.payloadType !== PAYLOAD_TYPE) {
        shapeProblems.push(`the DSSE payloadType is "${parsed.env.payloadType}", not "${PAYLOAD_TYPE}"`);
      }
    }
  }
  for (const p of shapeProblems) rb.add(makeFinding('bundle_malformed', { message: p }));
  result.manifest = manifest;
  const createdAt = manifest ? parseTimestamp(manifest.created_at) : null;

  // --- Envelope signature ---
  if (envelope && manifest) {
    const out = verifyEnvelope(envelope.env, envelope.payload, keys, createdAt, rb.add);
    rb.check('envelope_signature', out.status, out.detail);
    result.envelopeKey = out.keyName;
    // §4: the payload bytes are the JCS encoding of the manifest. Judged only once a trusted key
    // vouches for them: an edited payload is already envelope_signature_invalid, whatever its form.
    // A signed payload in another form (or with a duplicate key, which parsers resolve differently)
    // is not the format the producer must sign.
    if (out.status === 'pass' && !(isUtf8(envelope.payload) && isCanonicalText(envelope.payload.toString('utf8'), manifest))) {
      const problem = 'the signed manifest payload is not the JCS (RFC 8785) encoding of the manifest';
      shapeProblems.push(problem);
      rb.add(makeFinding('bundle_malformed', { message: problem }));
    }
  } else {
    rb.check('envelope_signature', 'skip', 'no readable manifest to verify');
  }

  // --- Small files ---
  // §2: a ZIP member is never inflated past the size the manifest signs. One whose directory entry
  // already says more is not read at all (checkFiles reports it); any other is read up to the signed
  // size and no further (yauzl also holds it to its directory size as it inflates). A folder's file
  // is read at the size it has on disk, which costs nothing it does not already occupy.
  // A ZIP without a readable manifest gives no file a signed size: nothing else is inflated (the
  // export is INVALID on its envelope alone).
  const signed = bundle.kind === 'zip' ? signedSizes(manifest) : new Map<string, number>();
  const unsized = bundle.kind === 'zip' && manifest === null;
  const readSigned = (name: string): Promise<Buffer | null> => {
    if (unsized) return Promise.resolve(null);
    const size = signed.get(name);
    if (size !== undefined && bundle.has(name) && bundle.size(name) > size) return Promise.resolve(null);
    return readSmallOrNull(bundle, name, rb, Math.min(size ?? SMALL_FILE_LIMIT, SMALL_FILE_LIMIT));
  };
  const checkpointBytes = await readSigned('checkpoint');
  const frontierBytes = await readSigned('frontier.json');
  const stateBytes = await readSigned('state.json');
  result.checkpointBytes = checkpointBytes;
  result.frontierBytes = frontierBytes;
  result.stateBytes = stateBytes;

  let note: SignedNote | null = null;
  if (checkpointBytes) {
    try {
      note = parseCheckpoint(checkpointBytes);
    } catch (e) {
      if (!(e instanceof NoteFormatError)) throw e;
      shapeProblems.push(`checkpoint: ${e.message}`);
      rb.add(makeFinding('bundle_malformed', { message: `the checkpoint is not a signed note: ${e.message}` }));
    }
  }
  let frontier: CompactRange | null = null;
  if (frontierBytes) {
    const f = parseFrontier(frontierBytes);
    if (typeof f === 'string') {
      shapeProblems.push(f);
      rb.add(makeFinding('bundle_malformed', { message: f }));
    } else frontier = f;
  }
  let state: PlatformState | null = null;
  let stateProblem: string | null = stateBytes ? null : !bundle.has('state.json') ? 'state.json is missing' : unsized ? 'state.json not read: no readable manifest gives it a size' : 'state.json is unreadable or larger than the manifest signs';
  if (stateBytes) {
    const s = parseState(stateBytes);
    if (typeof s === 'string') {
      stateProblem = s;
      shapeProblems.push(s);
      rb.add(makeFinding('bundle_malformed', { message: s }));
    } else state = s;
  }
  rb.check(
    'bundle_shape',
    shapeProblems.length ? 'fail' : 'pass',
    shapeProblems.length ? shapeProblems.join('; ') : `${bundle.kind === 'zip' ? 'ZIP archive' : 'folder'} with ${bundle.members.length} files at its root`,
  );

  // --- Stream entries.jsonl (digest, lines, chain, root, evaluation) ---
  const S = frontier?.size ?? manifest?.range.first_seq ?? 0;
  const cont = opts.continuity;
  const origin = manifest?.origin ?? null;
  const storedN = cont && origin ? cont.storedSize(origin) : 0;
  let firstPrev: { hex: string; source: string } | null = null;
  if (S === 0) firstPrev = { hex: ZERO_HASH, source: 'the 64 zeros due at seq 0' };
  else if (frontier && S % 2 === 1) {
    firstPrev = { hex: frontier.frontier[frontier.frontier.length - 1]!.toString('hex'), source: `the leaf hash of entry ${S - 1} in frontier.json` };
  } else if (cont && origin && storedN >= S) {
    const h = cont.leafHash(origin, S - 1);
    if (h) firstPrev = { hex: h.toString('hex'), source: `the leaf hash of entry ${S - 1} imported earlier` };
  }

  const evaluate = opts.evaluate !== false && state !== null;
  const heartbeatMs = manifest ? manifest.heartbeat_seconds * 1000 : null;
  const periodFrom = manifest ? parseTimestamp(manifest.period.from) : null;
  const params: LinePassParams = {
    bundlePath: bundle.path,
    // Lines are placed in the tree after the frontier's leaves, so the first line's seq is due to be
    // frontier.size (§6 "whatever the seq values say"); a manifest first_seq that disagrees is the
    // manifest's count_mismatch, not a seq_gap of lines that are themselves in order.
    firstSeq: frontier ? frontier.size : (manifest?.range.first_seq ?? null),
    frontier: frontier
      ? { size: frontier.size, hashes: frontier.frontier.map((h) => h.toString('hex')) }
      : S === 0
        ? { size: 0, hashes: [] }
        : null,
    firstPrev,
    entriesBytes: signed.get('entries.jsonl') ?? (unsized ? 0 : null),
    maxGapMs: heartbeatMs === null ? null : 2 * heartbeatMs,
    periodFromMs: periodFrom,
    evaluateFrom: null,
    keepEndState: opts.onEntry !== undefined,
  };
  // Overlap with what the store holds (S < N): each line's leaf must equal the stored one (§6).
  const overlap = { checked: 0, conflictSeq: null as number | null };
  const needOverlap = cont !== undefined && origin !== null && storedN > S;
  const onEntry =
    needOverlap || opts.onEntry
      ? (v: VerifiedEntry): void => {
          if (needOverlap && overlap.conflictSeq === null) {
            const seq = v.columns[0] ?? (params.firstSeq === null ? null : params.firstSeq + v.index);
            const stored = seq !== null && seq < storedN ? cont.leafHash(origin, seq) : null;
            if (stored) {
              overlap.checked++;
              if (!stored.equals(v.leafHash)) {
                overlap.conflictSeq = seq;
                rb.add(makeFinding('overlap_conflict', { seq, entry_id: null, agent_id: v.columns[2], recorded: v.leafHash.toString('hex'), expected: stored.toString('hex'), message: `entry ${seq} differs from the entry with the same seq imported earlier from this log: the producer rewrote history` }));
              }
            }
          }
          opts.onEntry?.(v);
        }
      : undefined;
  const onProgress = opts.onProgress ? (bytesRead: number, totalBytes: number, entries: number) => opts.onProgress!({ bytesRead, totalBytes, entries }) : undefined;
  let pass: LinePassResult;
  let evaluated: EvaluationOutcome | null;
  if (opts.worker ?? workerAvailable()) {
    // An importer's writer keeps this thread busy: the worker then also re-evaluates. A plain
    // verify leaves this thread free, so it re-evaluates here, beside the worker's integrity pass.
    const evaluateInWorker = evaluate && opts.onEntry !== undefined;
    const snapshots = evaluateInWorker ? opts.stateSnapshots : undefined;
    const [p, e] = await Promise.all([
      runLinePassInWorker(
        { ...params, evaluateFrom: evaluateInWorker ? state : null, snapshotEvery: snapshots?.every ?? null },
        { onFinding: rb.add, onEntry, onProgress, onSnapshot: snapshots?.onSnapshot, signal: opts.signal, foldInWorker: evaluate && !evaluateInWorker },
      ),
      evaluate && !evaluateInWorker ? runEvaluationPass(bundle.path, state!, rb.add, params.entriesBytes, opts.signal) : Promise.resolve(null),
    ]);
    pass = p;
    evaluated = evaluateInWorker ? p.evaluation : e;
  } else {
    const onChecked = onEntry && ((c: CheckedLine): void => onEntry({ ...c, leafHash: Buffer.from(c.leafHex, 'hex'), columns: entryColumns(c.entry) }));
    const snapshots = evaluate && opts.onEntry !== undefined ? opts.stateSnapshots : undefined;
    pass = await runLinePass(
      { ...params, evaluateFrom: evaluate ? state : null, snapshotEvery: snapshots?.every ?? null },
      { onFinding: rb.add, onEntry: onChecked, onProgress, onSnapshot: snapshots?.onSnapshot, signal: opts.signal },
    );
    evaluated = pass.evaluation;
  }
  throwIfAborted(opts.signal);
  // An entries.jsonl listed larger than signed is checkFiles' file_digest_mismatch, not unreadable.
  const entriesOver = entriesOversize(bundle.size('entries.jsonl'), params.entriesBytes) !== null;
  if (pass.readError && !entriesOver) rb.add(makeFinding('bundle_malformed', { message: `entries.jsonl cannot be read: ${pass.readError}` }));
  const entriesDigest = pass.digest;
  const sum = { ...pass.summary, computedRoot: pass.summary.computedRoot ? Buffer.from(pass.summary.computedRoot, 'hex') : null, overlapConflictSeq: overlap.conflictSeq };
  result.computedRoot = sum.computedRoot;
  result.entriesDigest = entriesDigest;

  // --- File digests ---
  await checkFiles(bundle, manifest, { checkpoint: checkpointBytes, 'frontier.json': frontierBytes, 'state.json': stateBytes }, entriesDigest, rb);

  // --- Checkpoint signature ---
  if (note && manifest) {
    const out = verifyCheckpoint(note, keys, createdAt, rb.add);
    rb.check('checkpoint_signature', out.status, out.detail);
    result.checkpointKey = out.keyName;
  } else rb.check('checkpoint_signature', 'skip', note ? 'no manifest to date the keys against' : 'no readable checkpoint');

  // --- Origin ---
  if (manifest && note) {
    if (manifest.origin === note.origin) rb.check('origin', 'pass', manifest.origin);
    else {
      rb.add(makeFinding('origin_mismatch', { recorded: note.origin, expected: manifest.origin, message: `the checkpoint names the log "${note.origin}" but the manifest names "${manifest.origin}"` }));
      rb.check('origin', 'fail', `manifest "${manifest.origin}" ≠ checkpoint "${note.origin}"`);
    }
  } else rb.check('origin', 'skip', 'manifest or checkpoint unreadable');

  // --- Counts ---
  // With entries.jsonl absent (file_missing) or unreadable (bundle_malformed) there are no lines to
  // count and no root to fold: one such file is one finding, not also a count and a root mismatch.
  const linesRead = bundle.has('entries.jsonl') && !pass.readError;
  if (manifest) {
    const problems: string[] = [];
    const { first_seq, last_seq, count } = manifest.range;
    if (linesRead && count !== sum.lines) problems.push(`range.count ${count} ≠ ${sum.lines} lines`);
    if (frontier && count !== manifest.tree.size - frontier.size) problems.push(`range.count ${count} ≠ tree.size ${manifest.tree.size} − frontier.size ${frontier.size}`);
    if (frontier && first_seq !== frontier.size) problems.push(`first_seq ${first_seq} ≠ frontier.size ${frontier.size}`);
    if (last_seq !== first_seq + count - 1) problems.push(`last_seq ${last_seq} ≠ first_seq + count − 1 = ${first_seq + count - 1}`);
    if (note && note.treeSize !== manifest.tree.size) problems.push(`checkpoint tree size ${note.treeSize} ≠ tree.size ${manifest.tree.size}`);
    if (problems.length) {
      rb.add(makeFinding('count_mismatch', { recorded: { lines: sum.lines, frontier_size: frontier?.size ?? null, checkpoint_size: note?.treeSize ?? null }, expected: { range: manifest.range, tree_size: manifest.tree.size }, message: `the export's counts disagree: ${problems.join('; ')}` }));
      rb.check('counts', 'fail', problems.join('; '));
    } else rb.check('counts', 'pass', `${sum.lines} entries, seq ${first_seq}–${last_seq}, tree size ${manifest.tree.size}`);
  } else rb.check('counts', 'skip', 'no manifest');

  const lineCheck = (id: CheckId, n: number, what: string, ok: string): void => {
    if (!bundle.has('entries.jsonl')) rb.check(id, 'skip', 'no entries.jsonl');
    else if (n === 0 && !linesRead) rb.check(id, 'skip', `entries.jsonl not read to its end: ${pass.readError}`);
    else rb.check(id, n ? 'fail' : 'pass', n ? `${n} ${what}` : ok);
  };
  lineCheck('canonical_entries', sum.nonCanonical, 'line(s) not in JCS form', `all ${sum.lines} lines are canonical JCS`);
  lineCheck('seq_contiguous', sum.seqGaps, 'break(s) in seq', 'seq contiguous');
  if (!firstPrev && bundle.has('entries.jsonl') && sum.chainBreaks === 0) {
    rb.check('prev_chain', 'pass', `chain intact from the first line on (the first line's prev, for seq ${S}, is bound by the root and frontier)`);
  } else lineCheck('prev_chain', sum.chainBreaks, 'break(s) in the prev chain', 'every prev is the leaf hash of the line before');
  lineCheck('timestamps', sum.regressions, 'timestamp regression(s) or invalid timestamps', 'timestamps non-decreasing');

  // --- Root ---
  let rootOk = false;
  if (manifest && sum.computedRoot && linesRead) {
    const computed = sum.computedRoot.toString('hex');
    const problems: string[] = [];
    if (computed !== manifest.tree.root) problems.push(`manifest tree.root ${manifest.tree.root.slice(0, 16)}…`);
    if (note?.root && note.root.toString('hex') !== computed) problems.push(`checkpoint root ${note.root.toString('hex').slice(0, 16)}…`);
    if (problems.length) {
      rb.add(makeFinding('root_mismatch', { recorded: { manifest: manifest.tree.root, checkpoint: note?.root?.toString('hex') ?? null }, expected: computed, message: `the RFC 6962 root computed from frontier.json and the entries (${computed.slice(0, 16)}…) differs from the ${problems.join(' and the ')}` }));
      rb.check('root', 'fail', `computed ${computed} ≠ ${problems.join(', ')}`);
    } else {
      rootOk = true;
      rb.check('root', 'pass', `MTH(D[0:${sum.computedSize}]) = ${computed}${note ? ', equal to the checkpoint root' : ''}`);
    }
  } else rb.check('root', 'skip', !manifest ? 'no manifest' : !linesRead ? 'entries.jsonl missing or unreadable' : 'frontier.json unreadable');

  // --- Continuity ---
  let continuity: Continuity = 'first';
  if (manifest && cont && origin && storedN > 0) {
    continuity = checkContinuity(cont, origin, storedN, manifest, frontier, note, sum, rb);
  } else {
    rb.check('continuity', manifest ? 'pass' : 'skip', manifest ? (cont ? `first export of ${manifest.origin} in this store (trusted on first use)` : 'no store given: continuity not checked (first use)') : 'no manifest');
  }

  // --- Time coverage ---
  if (manifest && heartbeatMs !== null) {
    const to = parseTimestamp(manifest.period.to);
    const last = sum.lastTsMs ?? periodFrom;
    if (to !== null && last !== null && to - last > 2 * heartbeatMs) {
      const fromText = sum.lastTs ?? manifest.period.from;
      rb.add(makeFinding('time_gap', { seq: null, recorded: { from: fromText, to: manifest.period.to, seconds: Math.round((to - last) / 1000) }, expected: { max_seconds: (2 * heartbeatMs) / 1000 }, message: `no entries were written between ${fromText} and the end of the period ${manifest.period.to}` }));
    }
    const gaps = rb.findings.filter((f) => f.kind === 'time_gap').length;
    rb.check('time_coverage', gaps ? 'fail' : 'pass', gaps ? `${gaps} stretch(es) longer than ${(2 * heartbeatMs) / 1000} s without entries` : `no stretch longer than ${(2 * heartbeatMs) / 1000} s between ${manifest.period.from} and ${manifest.period.to}`);
  } else rb.check('time_coverage', 'skip', 'no manifest');

  // --- State ---
  let evaluationOut: Report['evaluation'] = { calls: 0, agreed: 0, disagreed: 0, skipped: stateProblem ?? 'evaluation switched off' };
  if (state && stateBytes) {
    const problems: string[] = [];
    if (state.as_of_seq !== S) problems.push(`as_of_seq ${state.as_of_seq} ≠ first seq ${S}`);
    const prior = cont && origin && S > 0 && storedN >= S ? cont.endStateAt(origin, S) : null;
    if (prior && canonicalize(prior) !== stateBytes.toString('utf8')) problems.push(`differs from the state replayed from the export imported earlier that ends at seq ${S - 1}`);
    if (problems.length) {
      rb.add(makeFinding('state_mismatch', { recorded: { as_of_seq: state.as_of_seq }, expected: { as_of_seq: S }, message: `state.json ${problems.join('; ')}` }));
      rb.check('state', 'fail', problems.join('; '));
    } else rb.check('state', 'pass', prior ? `equal to the end state of the previous export (seq ${S})` : `as of seq ${S}${S > 0 ? ' (no earlier export in the store to compare with)' : ''}`);
  } else rb.check('state', 'skip', stateProblem ?? 'no state');
  if (evaluated) {
    result.endStateJcs = evaluated.endStateJcs;
    evaluationOut = { calls: evaluated.calls, agreed: evaluated.agreed, disagreed: evaluated.disagreed };
    // Not part of the spec's shape, so present only when it matters: calls nothing could re-decide.
    if (evaluated.unevaluable > 0) evaluationOut.unevaluable = evaluated.unevaluable;
  }

  const checkpointVerified = result.checkpointKey !== null;
  const tailPinned = checkpointVerified && rootOk && note !== null && note.treeSize === sum.computedSize;
  return { manifest, continuity, tailPinned, evaluation: evaluationOut };
}

/** The `bytes` the manifest gives each listed file (the first entry when a path is listed twice). */
function signedSizes(manifest: Manifest | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of manifest?.files ?? []) if (!out.has(f.path)) out.set(f.path, f.bytes);
  return out;
}

/** SHA-256 and size of any member, streamed (a listed file outside the five of §2 can be large), up to `limit` bytes. */
async function digestMember(bundle: BundleSource, name: string, limit: number): Promise<LineStreamResult | null> {
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    const stream = await bundle.stream(name);
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      if (bytes > limit) {
        stream.destroy();
        return null;
      }
      hash.update(chunk as Buffer);
    }
    return { bytes, sha256: hash.digest('hex') };
  } catch {
    return null;
  }
}

async function checkFiles(
  bundle: BundleSource,
  manifest: Manifest | null,
  small: Record<string, Buffer | null>,
  entries: LineStreamResult | null,
  rb: ReportBuilder,
): Promise<void> {
  if (!manifest) {
    const missing = BUNDLE_FILES.filter((f) => !bundle.has(f));
    for (const f of missing) rb.add(makeFinding('file_missing', { message: `${f} is missing from the bundle` }));
    rb.check('file_digests', missing.length ? 'fail' : 'skip', missing.length ? `missing: ${missing.join(', ')}` : 'no manifest to compare digests with');
    return;
  }
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  // §2: files[] is sorted by path. A list out of order or naming a file twice is not the layout the
  // producer must sign; each entry is still checked below, so nothing listed escapes its digest.
  const disorder = manifest.files.findIndex((f, i) => i > 0 && !(manifest.files[i - 1]!.path < f.path));
  if (disorder > 0) {
    const [a, b] = [manifest.files[disorder - 1]!.path, manifest.files[disorder]!.path];
    problems.push(a === b ? `${a} listed twice` : 'files[] not sorted by path');
    rb.add(makeFinding('bundle_malformed', { recorded: manifest.files.map((f) => f.path), message: a === b ? `the manifest lists ${a} twice` : `the manifest's files[] is not sorted by path ("${a}" before "${b}")` }));
  }
  for (const f of manifest.files) {
    if (!bundle.has(f.path)) {
      problems.push(`${f.path} missing`);
      rb.add(makeFinding('file_missing', { recorded: null, expected: f, message: `${f.path} is listed in the manifest but absent from the bundle` }));
      continue;
    }
    // §2: a ZIP member whose directory entry says more than signed was not read, nor is it here.
    const listedSize = bundle.size(f.path);
    if (bundle.kind === 'zip' && listedSize > f.bytes) {
      problems.push(`${f.path} is ${listedSize} bytes, signed ${f.bytes}`);
      rb.add(makeFinding('file_digest_mismatch', { recorded: { bytes: listedSize, sha256: null }, expected: { sha256: f.sha256, bytes: f.bytes }, message: `${f.path} is ${listedSize} bytes in the ZIP directory, more than the ${f.bytes} bytes the producer signed: it was not inflated` }));
      continue;
    }
    // Every listed file present is digested, not only the five of §2: a listed extra file (or the
    // envelope itself, which can never match its own digest) is held to what was signed.
    const actual =
      f.path === 'entries.jsonl'
        ? entries
        : Object.prototype.hasOwnProperty.call(small, f.path)
          ? small[f.path]
            ? { bytes: small[f.path]!.length, sha256: sha256Hex(small[f.path]!) }
            : null
          : await digestMember(bundle, f.path, bundle.kind === 'zip' ? f.bytes : Infinity);
    if (!actual) {
      problems.push(`${f.path} unreadable`);
      continue;
    }
    if (actual.sha256 !== f.sha256 || actual.bytes !== f.bytes) {
      problems.push(`${f.path} digest or size differs`);
      rb.add(makeFinding('file_digest_mismatch', { recorded: actual, expected: { sha256: f.sha256, bytes: f.bytes }, message: `${f.path} is not the file the producer signed (${actual.bytes} bytes, sha256 ${actual.sha256.slice(0, 16)}…; signed: ${f.bytes} bytes, ${f.sha256.slice(0, 16)}…)` }));
    }
  }
  for (const req of BUNDLE_FILES) {
    if (!listed.has(req) && !bundle.has(req)) {
      problems.push(`${req} missing`);
      rb.add(makeFinding('file_missing', { message: `${req} is required but neither listed in the manifest nor present` }));
    }
  }
  for (const m of bundle.members) {
    if (m.name === ENVELOPE_FILE || listed.has(m.name)) continue;
    problems.push(`${m.name} unexpected`);
    rb.add(makeFinding('file_unexpected', { recorded: m.name, message: `${m.name} is in the bundle but not listed in the signed manifest` }));
  }
  rb.check('file_digests', problems.length ? 'fail' : 'pass', problems.length ? problems.join('; ') : `${manifest.files.length} files match their signed SHA-256 and size`);
}

function checkContinuity(
  cont: ContinuityView,
  origin: string,
  N: number,
  manifest: Manifest,
  frontier: CompactRange | null,
  note: SignedNote | null,
  sum: Pick<EntryCheckSummary, 'lines'> & { overlapConflictSeq: number | null },
  rb: ReportBuilder,
): Continuity {
  const S = manifest.range.first_seq;
  const E = S + sum.lines - 1;
  const details: string[] = [];
  let conflict = false;
  let gap = false;

  if (S > N) {
    gap = true;
    const fromTs = cont.entryTs(origin, N - 1);
    rb.add(makeFinding('export_gap', { seq: S, recorded: { first_seq: S }, expected: { first_seq: N }, message: `entries ${N}–${S - 1} of this log were never imported: nothing covers ${fromTs ?? 'the last imported entry'} to ${manifest.period.from}` }));
    details.push(`gap: seq ${N}–${S - 1} (${fromTs} → ${manifest.period.from}) never seen`);
  } else if (frontier) {
    const stored = cont.rootAt(origin, S);
    if (S > 0 && stored && !frontier.root().equals(stored)) {
      conflict = true;
      rb.add(makeFinding('frontier_mismatch', { seq: S, recorded: frontier.root().toString('hex'), expected: stored.toString('hex'), message: `frontier.json does not fold to the root of the first ${S} entries imported earlier: this export does not continue the log you hold` }));
      details.push('frontier does not fold to the stored root');
    }
  }
  if (sum.overlapConflictSeq !== null) {
    conflict = true;
    details.push(`entry ${sum.overlapConflictSeq} differs from the one imported earlier`);
  }
  const prev = manifest.previous_export;
  if (prev && prev.tree_size > 0 && prev.tree_size <= N) {
    const stored = cont.rootAt(origin, prev.tree_size);
    if (stored && stored.toString('hex') !== prev.root) {
      conflict = true;
      rb.add(makeFinding('overlap_conflict', { seq: null, recorded: prev, expected: { tree_size: prev.tree_size, root: stored.toString('hex') }, message: `previous_export names root ${prev.root.slice(0, 16)}… for tree size ${prev.tree_size}, but the log you imported has ${stored.toString('hex').slice(0, 16)}…` }));
      details.push('previous_export names another root');
    }
  }
  if (note?.root && note.treeSize > 0 && note.treeSize <= N) {
    const stored = cont.rootAt(origin, note.treeSize);
    if (stored && !stored.equals(note.root)) {
      conflict = true;
      rb.add(makeFinding('rollback', { seq: null, recorded: note.root.toString('hex'), expected: stored.toString('hex'), message: `the checkpoint for tree size ${note.treeSize} names another root than the one already imported for that size: the producer signed two histories` }));
      details.push('checkpoint contradicts a stored root (rollback)');
    }
  }
  if (conflict) {
    rb.check('continuity', 'fail', details.join('; '));
    return 'conflict';
  }
  if (gap) {
    rb.check('continuity', 'fail', details.join('; '));
    return 'gap';
  }
  if (E < N) {
    rb.check('continuity', 'pass', `already covered: seq ${S}–${E} imported earlier, byte for byte identical`);
    return 'covered';
  }
  rb.check('continuity', 'pass', S === N ? `continues the ${N} entries imported earlier (frontier folds to the stored root)` : `overlaps the ${N} entries imported earlier identically and extends them to ${E + 1}`);
  return 'consistent';
}
