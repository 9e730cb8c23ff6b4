/**
 * Step 1 of a verification: the DSSE envelope and the manifest it carries (bundle shape, §4), and
 * the envelope's signature by a trusted export key (§5).
 */
import { isUtf8 } from 'node:buffer';
import type { DsseEnvelope, Manifest } from '../../../shared/format/export-types.js';
import { ENVELOPE_FILE, FORMAT_ID, PAYLOAD_TYPE } from '../../../shared/format/export-types.js';
import { isCanonicalText } from '../../../shared/format/jcs.js';
import { parseTimestamp } from '../../../shared/format/timestamps.js';
import type { Finding } from '../../../shared/report/report-types.js';
import type { BundleSource } from '../bundle/open-bundle.js';
import { pae } from '../crypto/dsse.js';
import { ed25519Verify } from '../crypto/ed25519.js';
import { unusableBecause, type TrustedKey } from '../keyring/keyring.js';
import { duplicateProblem, HEX64, isObject, strictBase64 } from './bundle-json.js';
import { makeFinding } from './findings.js';
import type { ReportBuilder } from './report-builder.js';
import { revokedEntry, type SignatureOutcome } from './signature-outcome.js';
import type { VerifyResult } from './verify-api.js';

/** The envelope is read before any signed size is known: a manifest of a few files is a few KB. */
export const ENVELOPE_LIMIT = 16 * 1024 * 1024;

/** The envelope as read: the manifest when it is well-formed, and every problem with the bundle's shape so far. */
export interface EnvelopeRead {
  manifest: Manifest | null;
  envelope: { env: DsseEnvelope; payload: Buffer } | null;
  /** The bundle_shape check's problems; later steps add theirs. */
  shapeProblems: string[];
}

/** Structural validation of the manifest payload; returns the first problem or null. */
function manifestProblem(m: unknown): string | null {
  if (!isObject(m)) return 'the manifest is not a JSON object';
  if (m.format !== FORMAT_ID) return `the manifest format is ${JSON.stringify(m.format)}, not "${FORMAT_ID}"`;
  if (typeof m.export_id !== 'string') return 'the manifest has no export_id';
  if (typeof m.origin !== 'string' || m.origin.length === 0) return 'the manifest has no origin';
  if (!isObject(m.org) || typeof m.org.id !== 'string' || typeof m.org.name !== 'string')
    return 'the manifest org is malformed';
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
  if (
    !Array.isArray(m.files) ||
    !m.files.every(
      (f) =>
        isObject(f) &&
        typeof f.path === 'string' &&
        typeof f.sha256 === 'string' &&
        Number.isSafeInteger(f.bytes),
    )
  ) {
    return 'the manifest files list is malformed';
  }
  const p = m.previous_export;
  if (p !== null && (!isObject(p) || typeof p.root !== 'string' || !Number.isSafeInteger(p.tree_size))) {
    return 'the manifest previous_export is malformed';
  }
  return null;
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
  if (
    !isObject(doc) ||
    typeof doc.payload !== 'string' ||
    typeof doc.payloadType !== 'string' ||
    !Array.isArray(doc.signatures)
  ) {
    return `${ENVELOPE_FILE} is not a DSSE envelope (payload, payloadType, signatures)`;
  }
  if (
    !doc.signatures.every(
      (s) =>
        isObject(s) && (s.keyid === undefined || typeof s.keyid === 'string') && typeof s.sig === 'string',
    )
  ) {
    return `${ENVELOPE_FILE} has a malformed signature entry`;
  }
  const payload = strictBase64(doc.payload);
  if (payload.length === 0) return 'the DSSE payload is not standard padded base64';
  // DSSE makes keyid optional; here it selects the key (§5), so a signature without one names no
  // key and is ignored like any other that names no usable key.
  const signatures = (doc.signatures as Record<string, unknown>[]).map((s) => ({
    keyid: typeof s.keyid === 'string' ? s.keyid : '',
    sig: s.sig as string,
  }));
  return { env: { payload: doc.payload, payloadType: doc.payloadType, signatures }, payload };
}

/** Reads and parses the envelope and its manifest; every shape problem becomes a bundle_malformed finding. */
export async function readEnvelope(
  bundle: BundleSource,
  rb: ReportBuilder,
  result: VerifyResult,
): Promise<EnvelopeRead> {
  const shapeProblems: string[] = [];
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
    shapeProblems.push(
      `no ${ENVELOPE_FILE} at the bundle's root${nested ? ` (found ${nested.name}: the files must sit at the root, not in a sub-folder)` : ''}`,
    );
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
      const problem =
        m === undefined
          ? 'the DSSE payload is not JSON'
          : (duplicateProblem('the manifest (the DSSE payload)', payloadText) ?? manifestProblem(m));
      if (problem) shapeProblems.push(problem);
      else manifest = m as Manifest;
      if (parsed.env.payloadType !== PAYLOAD_TYPE) {
        shapeProblems.push(`the DSSE payloadType is "${parsed.env.payloadType}", not "${PAYLOAD_TYPE}"`);
      }
    }
  }
  for (const p of shapeProblems) rb.add(makeFinding('bundle_malformed', { message: p }));
  result.manifest = manifest;
  return { manifest, envelope, shapeProblems };
}

function verifyEnvelope(
  env: DsseEnvelope,
  payload: Buffer,
  keys: TrustedKey[],
  createdAt: number | null,
  add: (f: Finding) => void,
): SignatureOutcome {
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
    return {
      status: 'fail',
      detail: `signature by "${failedBy}" does not verify over the DSSE PAE`,
      keyName: null,
    };
  }
  if (verifiedBy !== null) {
    return {
      status: 'pass',
      detail: `signed by "${verifiedBy}" (export key, valid at created_at)`,
      keyName: verifiedBy,
    };
  }
  const ids = env.signatures.map((s) => s.keyid).join(', ') || 'none';
  add(
    makeFinding('key_unverifiable', {
      recorded: { keyids: env.signatures.map((s) => s.keyid) },
      message: `the manifest carries no signature by a key your keyring trusts for exports at its creation time (key IDs: ${ids})${notes.length ? `; ${notes.join('; ')}` : ''}`,
    }),
  );
  return {
    status: 'unverifiable',
    detail: `no signature by a usable export key (key IDs: ${ids})${notes.length ? `; ${notes.join('; ')}` : ''}`,
    keyName: null,
  };
}

/** The envelope_signature check, and once a trusted key vouches for the payload, its JCS form (a shape problem otherwise). */
export function checkEnvelopeSignature(
  read: EnvelopeRead,
  keys: TrustedKey[],
  createdAt: number | null,
  rb: ReportBuilder,
  result: VerifyResult,
): void {
  const { envelope, manifest } = read;
  if (envelope && manifest) {
    const out = verifyEnvelope(envelope.env, envelope.payload, keys, createdAt, rb.add);
    rb.check('envelope_signature', out.status, out.detail);
    result.envelopeKey = out.keyName;
    // §4: the payload bytes are the JCS encoding of the manifest. Judged only once a trusted key
    // vouches for them: an edited payload is already envelope_signature_invalid, whatever its form.
    // A signed payload in another form (or with a duplicate key, which parsers resolve differently)
    // is not the format the producer must sign.
    if (
      out.status === 'pass' &&
      !(isUtf8(envelope.payload) && isCanonicalText(envelope.payload.toString('utf8'), manifest))
    ) {
      const problem = 'the signed manifest payload is not the JCS (RFC 8785) encoding of the manifest';
      read.shapeProblems.push(problem);
      rb.add(makeFinding('bundle_malformed', { message: problem }));
    }
  } else {
    rb.check('envelope_signature', 'skip', 'no readable manifest to verify');
  }
}
