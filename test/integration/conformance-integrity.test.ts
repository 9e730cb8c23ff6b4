/**
 * Adversarial conformance of the integrity verdict (spec §2–§6, §9.1): exports crafted the way an
 * independent producer (or someone tampering after signing) would make them, each with the exact
 * status, exit code and multiset of finding kinds at their seq that the spec prescribes. Every
 * bundle is written with real Ed25519 signatures by the producer primitives; nothing is mocked.
 *
 * The log is a synthetic one of heartbeats (whose re-evaluation has nothing to say), so every
 * finding here is an integrity finding and timestamps can be placed to the millisecond.
 */
import { createHash } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Keyring, Manifest } from '../../shared/format/export-types.js';
import { canonicalize } from '../../shared/format/jcs.js';
import { formatTimestamp } from '../../shared/format/timestamps.js';
import { CompactRange, leafHash } from '../../electron/core/merkle/merkle.js';
import { writeBundle, type BundleTamper } from '../../electron/core/producer/bundle-writer.js';
import { buildKeyring, deriveSigningKey, keyringJson, type KeyringEntrySpec, type SigningKey } from '../../electron/core/producer/keys.js';
import { signCheckpoint, signEnvelope, manifestPayload } from '../../electron/core/producer/signing.js';
import { ed25519Sign } from '../../electron/core/crypto/ed25519.js';
import { zipFolder } from '../../electron/core/producer/zip-bundle.js';
import { verifyBundle } from '../../electron/core/verify/verify-bundle.js';
import { exitCodeFor } from '../../electron/core/verify/report-status.js';
import type { Report } from '../../shared/report/report-types.js';
import { removeDir, tempDir, zipBundle } from '../support/bundle-files.js';
import { crosscheck } from '../support/cli.js';
import { openStore } from '../../electron/core/store/store.js';
import { createContinuityView } from '../../electron/core/store/continuity.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { writeRawZip } from '../support/raw-zip.js';
import { SAMPLE_BUNDLE } from '../support/paths.js';

const root = tempDir('crosscheck-conformance-');
afterAll(() => removeDir(root));

const ORG = '6f1c2a3b-4d5e-4f60-8a71-92b3c4d5e6f7';
const ORIGIN = `audit.conformance.example/log/${ORG}`;
const T0 = Date.parse('2026-05-01T00:00:00.000Z');
const HEARTBEAT = 300;
const MAX_GAP = 2 * HEARTBEAT * 1000;
/** Every export here is created at this instant unless a case says otherwise. */
const CREATED = '2026-05-02T00:00:00.000Z';

const logKey = deriveSigningKey('conformance', 'cc-log-2026');
const exportKey = deriveSigningKey('conformance', 'cc-export-2026');
/** A witness that co-signs checkpoints and an export key nobody gave the auditor. */
const witnessKey = deriveSigningKey('conformance', 'witness.example/w1');
const strangerKey = deriveSigningKey('conformance-other', 'cc-export-2026');

const EPOCH = '2026-01-01T00:00:00.000Z';
function ring(entries: KeyringEntrySpec[]): Keyring {
  return buildKeyring(entries);
}
const KEYRING = ring([
  { key: logKey, roles: ['log'], validFrom: EPOCH },
  { key: exportKey, roles: ['export'], validFrom: EPOCH },
]);

/** The sample's state at seq 0 (an admin, the full profile); a heartbeat log never changes it. */
const baseState = JSON.parse(readFileSync(path.join(SAMPLE_BUNDLE, 'state.json'), 'utf8')) as Record<string, unknown>;
function stateAt(seq: number): Buffer {
  return Buffer.from(canonicalize({ ...baseState, as_of_seq: seq }), 'utf8');
}

function uuid(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
}

interface Entry {
  action_type: string;
  actor: { id: string; type: string };
  agent_id: null;
  data: Record<string, unknown>;
  id: string;
  org_id: string;
  prev: string;
  seq: number;
  ts: string;
}

interface LogOptions {
  /** Timestamp of entry seq in ms (default one minute apart from T0). */
  tsMs?: (seq: number) => number;
  /** The line bytes the producer writes for an entry (default its JCS form). */
  render?: (e: Entry) => string;
  /** Edits an entry before it is rendered (the prev is already filled in). */
  entry?: (e: Entry) => Entry;
}

interface Log {
  lines: string[];
  leaves: Buffer[];
  ts: string[];
}

/** A log of `n` heartbeats whose prev chain is computed over the bytes actually written. */
function makeLog(n: number, o: LogOptions = {}): Log {
  const lines: string[] = [];
  const leaves: Buffer[] = [];
  const ts: string[] = [];
  let prev = '0'.repeat(64);
  for (let seq = 0; seq < n; seq++) {
    let e: Entry = {
      action_type: 'system.heartbeat',
      actor: { id: 'cc-platform', type: 'system' },
      agent_id: null,
      data: {},
      id: uuid(seq + 1),
      org_id: ORG,
      prev,
      seq,
      ts: formatTimestamp((o.tsMs ?? ((s) => T0 + s * 60_000))(seq)),
    };
    if (o.entry) e = o.entry(e);
    const line = o.render ? o.render(e) : canonicalize(e);
    lines.push(line);
    const leaf = leafHash(Buffer.from(line, 'utf8'));
    leaves.push(leaf);
    ts.push(e.ts);
    prev = leaf.toString('hex');
  }
  return { lines, leaves, ts };
}

function frontierOf(log: Log, size: number): { size: number; hashes: Buffer[] } {
  const r = new CompactRange();
  for (let i = 0; i < size; i++) r.push(log.leaves[i]!);
  return { size, hashes: r.frontier };
}

interface ExportSpec {
  /** First seq S (default 0). */
  first?: number;
  /** Entries in the export (default the rest of the log). */
  count?: number;
  log?: Log;
  /** Lines written instead of the log's (the producer's own bytes; the tree is over these). */
  lines?: (string | Buffer)[];
  createdAt?: string;
  period?: { from: string; to: string };
  logKeys?: SigningKey[];
  exportKeys?: SigningKey[];
  tamper?: BundleTamper;
}

let counter = 0;
/** Writes a signed bundle folder for the spec and returns its path. */
function exportOf(spec: ExportSpec = {}): string {
  const log = spec.log ?? makeLog(8);
  const S = spec.first ?? 0;
  const count = spec.count ?? log.lines.length - S;
  const E = S + count - 1;
  const dir = path.join(root, `b${++counter}`, 'bundle');
  const from = S === 0 ? log.ts[0]! : log.ts[S - 1]!;
  writeBundle({
    dir,
    lines: spec.lines ?? log.lines.slice(S, S + count),
    frontier: frontierOf(log, S),
    fields: {
      export_id: uuid(0xe000 + counter),
      origin: ORIGIN,
      org: { id: ORG, name: 'Conformance Org' },
      platform: { name: 'independent-producer', version: '1.0.0' },
      created_at: spec.createdAt ?? CREATED,
      period: spec.period ?? { from, to: count > 0 ? log.ts[E]! : from },
      previous_export: null,
      heartbeat_seconds: HEARTBEAT,
    },
    state: stateAt(S),
    logKeys: spec.logKeys ?? [logKey],
    exportKeys: spec.exportKeys ?? [exportKey],
    tamper: spec.tamper,
  });
  return dir;
}

interface Outcome {
  status: string;
  exit: number;
  findings: string[];
}

/** Status, exit code and the findings as sorted `kind@seq` (seq `-` when null). */
function outcomeOf(r: Report): Outcome {
  const key = (f: { kind: string; seq: number | null }): string => `${f.kind}@${f.seq ?? '-'}`;
  return { status: r.integrity.status, exit: exitCodeFor(r), findings: r.findings.map(key).sort() };
}

async function verify(p: string, keyring: Keyring = KEYRING): Promise<Outcome> {
  return outcomeOf((await verifyBundle(p, { keyring, worker: false })).report);
}

const VALID: Outcome = { status: 'VALID', exit: 0, findings: [] };
function invalid(...findings: string[]): Outcome {
  return { status: 'INVALID', exit: 2, findings: [...findings].sort() };
}
function unverifiable(...findings: string[]): Outcome {
  return { status: 'UNVERIFIABLE', exit: 2, findings: [...findings].sort() };
}
function coverage(...findings: string[]): Outcome {
  return { status: 'VALID', exit: 1, findings: [...findings].sort() };
}

/** Rewrites a file of a finished bundle (tampering after signing). */
function edit(dir: string, name: string, fn: (b: Buffer) => Buffer): void {
  const f = path.join(dir, name);
  writeFileSync(f, fn(readFileSync(f)));
}
function editText(dir: string, name: string, fn: (s: string) => string): void {
  edit(dir, name, (b) => Buffer.from(fn(b.toString('utf8')), 'utf8'));
}
/** Edits line i (0-based) of entries.jsonl; the file keeps its other bytes. */
function editLine(dir: string, i: number, fn: (l: string) => string): void {
  editText(dir, 'entries.jsonl', (t) => {
    const lines = t.split('\n');
    lines[i] = fn(lines[i]!);
    return lines.join('\n');
  });
}

function flipSig(b64: string): string {
  const raw = Buffer.from(b64, 'base64');
  raw[10] = raw[10]! ^ 0x01;
  return raw.toString('base64');
}

const BUNDLE_FILE_NAMES = ['checkpoint', 'entries.jsonl', 'frontier.json', 'manifest.dsse.json', 'state.json'];

// ---------------------------------------------------------------------------------------------

describe('baseline', () => {
  it('a clean synthetic export is VALID as folder, stored ZIP and deflated ZIP', async () => {
    const dir = exportOf();
    expect(await verify(dir)).toEqual(VALID);
    expect(await verify(zipBundle(dir))).toEqual(VALID);
    const deflated = path.join(path.dirname(dir), 'deflated.zip');
    await zipFolder(dir, BUNDLE_FILE_NAMES, deflated, { mtime: new Date('2026-05-02T00:00:00Z') });
    expect(readFileSync(deflated).readUInt16LE(8)).toBe(8); // the first member really is deflated
    expect(await verify(deflated)).toEqual(VALID);
  });
});

describe('envelope signatures (§4, §5)', () => {
  it('an unknown witness signature beside a valid one is ignored: VALID', async () => {
    expect(await verify(exportOf({ exportKeys: [strangerKey, exportKey] }))).toEqual(VALID);
    expect(await verify(exportOf({ exportKeys: [exportKey, witnessKey] }))).toEqual(VALID);
  });

  it('a valid signature and an invalid one by a usable key: envelope_signature_invalid', async () => {
    const second = deriveSigningKey('conformance', 'cc-export-2026-b');
    const k = ring([
      { key: logKey, roles: ['log'], validFrom: EPOCH },
      { key: exportKey, roles: ['export'], validFrom: EPOCH },
      { key: second, roles: ['export'], validFrom: EPOCH },
    ]);
    const bad = (i: number): BundleTamper => ({
      envelope: (env) => ({ ...env, signatures: env.signatures.map((s, j) => (j === i ? { ...s, sig: flipSig(s.sig) } : s)) }),
    });
    expect(await verify(exportOf({ exportKeys: [exportKey, second], tamper: bad(1) }), k)).toEqual(invalid('envelope_signature_invalid@-'));
    expect(await verify(exportOf({ exportKeys: [exportKey, second], tamper: bad(0) }), k)).toEqual(invalid('envelope_signature_invalid@-'));
    // The same usable key twice, once broken: still a signature by a usable key that does not verify.
    expect(await verify(exportOf({ exportKeys: [exportKey, exportKey], tamper: bad(1) }))).toEqual(invalid('envelope_signature_invalid@-'));
  });

  it('a broken signature by a key the auditor does not trust is ignored; with no other it is key_unverifiable', async () => {
    const broken: BundleTamper = { envelope: (env) => ({ ...env, signatures: env.signatures.map((s) => (s.keyid === strangerKey.keyId.toString('hex') ? { ...s, sig: flipSig(s.sig) } : s)) }) };
    expect(await verify(exportOf({ exportKeys: [exportKey, strangerKey], tamper: broken }))).toEqual(VALID);
    expect(await verify(exportOf({ exportKeys: [strangerKey] }))).toEqual(unverifiable('key_unverifiable@-'));
    expect(await verify(exportOf({ exportKeys: [] }))).toEqual(unverifiable('key_unverifiable@-'));
  });

  it('a signature under a key ID that is not the lower-case hex of a usable key names no key', async () => {
    const upper: BundleTamper = { envelope: (env) => ({ ...env, signatures: env.signatures.map((s) => ({ ...s, keyid: s.keyid.toUpperCase() })) }) };
    const hex = exportKey.keyId.toString('hex');
    expect(hex).not.toBe(hex.toUpperCase());
    expect(await verify(exportOf({ tamper: upper }))).toEqual(unverifiable('key_unverifiable@-'));
  });

  it('a signed payload that is not the JCS of the manifest (pretty, a duplicate key): bundle_malformed', async () => {
    const resignPayload = (dir: string, text: (m: Manifest) => string): void =>
      editText(dir, 'manifest.dsse.json', (t) => {
        const env = JSON.parse(t) as { payload: string };
        const m = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as Manifest;
        return JSON.stringify(signEnvelope(Buffer.from(text(m), 'utf8'), [exportKey]));
      });
    const pretty = exportOf();
    resignPayload(pretty, (m) => JSON.stringify(JSON.parse(canonicalize(m)), null, 2));
    expect(await verify(pretty)).toEqual(invalid('bundle_malformed@-'));
    const dup = exportOf();
    resignPayload(dup, (m) => canonicalize(m).replace('"heartbeat_seconds":300', '"heartbeat_seconds":3600,"heartbeat_seconds":300'));
    expect(await verify(dup)).toEqual(invalid('bundle_malformed@-'));
    // Edited by someone without the key and re-encoded in any form: the signature says it all.
    const edited = exportOf();
    editText(edited, 'manifest.dsse.json', (t) => {
      const env = JSON.parse(t) as { payload: string };
      const m = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as Manifest;
      env.payload = Buffer.from(JSON.stringify({ ...m, heartbeat_seconds: 900 }, null, 2)).toString('base64');
      return JSON.stringify(env);
    });
    expect(await verify(edited)).toEqual(invalid('envelope_signature_invalid@-'));
  });

  it('an edited manifest re-encoded by the attacker fails the signature, and only that', async () => {
    const dir = exportOf();
    editText(dir, 'manifest.dsse.json', (t) => {
      const env = JSON.parse(t) as { payload: string };
      const m = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as Manifest;
      m.heartbeat_seconds = 3600;
      env.payload = manifestPayload(m).toString('base64');
      return JSON.stringify(env);
    });
    expect(await verify(dir)).toEqual(invalid('envelope_signature_invalid@-'));
  });
});

describe('checkpoint signatures (§5)', () => {
  it('witness co-signature lines beside the log signature are ignored: VALID', async () => {
    // A C2SP cosignature blob is key ID ‖ 8-byte timestamp ‖ signature: longer than a note signature.
    const cosign = (text: string): string => {
      const body = text.slice(0, text.indexOf('\n\n') + 1);
      const blob = Buffer.concat([witnessKey.keyId, Buffer.alloc(8, 1), ed25519Sign(witnessKey.privateKey, Buffer.from(body))]);
      return `${text}\u2014 ${witnessKey.name} ${blob.toString('base64')}\n`;
    };
    expect(await verify(exportOf({ logKeys: [witnessKey, logKey, strangerKey] }))).toEqual(VALID);
    expect(await verify(exportOf({ tamper: { checkpointText: cosign } }))).toEqual(VALID);
  });

  it('a second line by the log key that does not verify: checkpoint_signature_invalid', async () => {
    const dup: BundleTamper = {
      checkpointText: (t) => {
        const line = t.slice(t.indexOf('\n\n') + 2);
        const name = logKey.name;
        const blob = Buffer.from(line.slice(`\u2014 ${name} `.length).trim(), 'base64');
        blob[20] = blob[20]! ^ 0x80;
        return `${t}\u2014 ${name} ${blob.toString('base64')}\n`;
      },
    };
    expect(await verify(exportOf({ tamper: dup }))).toEqual(invalid('checkpoint_signature_invalid@-'));
  });

  it('a line whose name differs from the keyring entry is not that key\'s, even with its key ID and a valid signature', async () => {
    const renamed: BundleTamper = { checkpointText: (t) => t.replace(`\u2014 ${logKey.name} `, '\u2014 cc-log-2026-renamed ') };
    expect(await verify(exportOf({ tamper: renamed }))).toEqual(unverifiable('key_unverifiable@-'));
    // And the keyring naming the same public key differently: its key ID is another one.
    const k = ring([
      { key: { name: 'cc-log-2026-renamed', publicKey: logKey.publicKey }, roles: ['log'], validFrom: EPOCH },
      { key: exportKey, roles: ['export'], validFrom: EPOCH },
    ]);
    expect(await verify(exportOf(), k)).toEqual(unverifiable('key_unverifiable@-'));
  });

  it('a checkpoint without any usable signature next to an unverifiable envelope: two key_unverifiable', async () => {
    expect(await verify(exportOf({ logKeys: [witnessKey], exportKeys: [strangerKey] }))).toEqual(unverifiable('key_unverifiable@-', 'key_unverifiable@-'));
  });
});

describe('keys by role and by time (§5)', () => {
  it('a log key on the envelope and an export key on the checkpoint are not usable', async () => {
    expect(await verify(exportOf({ exportKeys: [logKey] }))).toEqual(unverifiable('key_unverifiable@-'));
    expect(await verify(exportOf({ logKeys: [exportKey] }))).toEqual(unverifiable('key_unverifiable@-'));
    // A broken signature by a key of the wrong role is ignored, not invalid.
    const broken: BundleTamper = { envelope: (env) => ({ ...env, signatures: env.signatures.map((s) => (s.keyid === logKey.keyId.toString('hex') ? { ...s, sig: flipSig(s.sig) } : s)) }) };
    expect(await verify(exportOf({ exportKeys: [exportKey, logKey], tamper: broken }))).toEqual(VALID);
  });

  it('one key with both roles signs both', async () => {
    const both = deriveSigningKey('conformance', 'cc-both-2026');
    const k = ring([{ key: both, roles: ['log', 'export'], validFrom: EPOCH }]);
    expect(await verify(exportOf({ logKeys: [both], exportKeys: [both] }), k)).toEqual(VALID);
  });

  const window = (o: Partial<KeyringEntrySpec>): Keyring =>
    ring([
      { key: logKey, roles: ['log'], validFrom: EPOCH },
      { key: exportKey, roles: ['export'], validFrom: EPOCH, ...o },
    ]);
  const plus = (ms: number): string => formatTimestamp(Date.parse(CREATED) + ms);

  it('valid_from ≤ created_at: usable at exactly created_at, not 1 ms later', async () => {
    const dir = exportOf();
    expect(await verify(dir, window({ validFrom: CREATED }))).toEqual(VALID);
    expect(await verify(dir, window({ validFrom: plus(1) }))).toEqual(unverifiable('key_unverifiable@-'));
  });

  it('created_at < valid_until: not usable when valid_until is exactly created_at', async () => {
    const dir = exportOf();
    expect(await verify(dir, window({ validUntil: CREATED }))).toEqual(unverifiable('key_unverifiable@-'));
    expect(await verify(dir, window({ validUntil: plus(1) }))).toEqual(VALID);
  });

  it('revoked at or before created_at: not usable at exactly created_at, usable when revoked 1 ms later', async () => {
    const dir = exportOf();
    expect(await verify(dir, window({ revokedAt: CREATED }))).toEqual(unverifiable('key_unverifiable@-'));
    expect(await verify(dir, window({ revokedAt: plus(-1) }))).toEqual(unverifiable('key_unverifiable@-'));
    expect(await verify(dir, window({ revokedAt: plus(1) }))).toEqual(VALID);
  });

  it('a key listed twice, once revoked: the revocation is the key\'s, whichever entry says it', async () => {
    const k = ring([
      { key: logKey, roles: ['log'], validFrom: EPOCH },
      { key: exportKey, roles: ['export'], validFrom: EPOCH },
      { key: exportKey, roles: ['export'], validFrom: EPOCH, revokedAt: '2026-05-01T00:00:00.000Z' },
    ]);
    expect(await verify(exportOf(), k)).toEqual(unverifiable('key_unverifiable@-'));
    // Listed twice with a role each (not revoked): both roles hold.
    const both = deriveSigningKey('conformance', 'cc-both-2026');
    const split = ring([
      { key: both, roles: ['log'], validFrom: EPOCH },
      { key: both, roles: ['export'], validFrom: EPOCH },
    ]);
    expect(await verify(exportOf({ logKeys: [both], exportKeys: [both] }), split)).toEqual(VALID);
  });

  it('a DSSE signature without keyid (optional in DSSE) names no key: ignored', async () => {
    const dropKeyid: BundleTamper = { envelope: (env) => ({ ...env, signatures: env.signatures.map((x, i) => (i === 0 ? { sig: x.sig } as typeof x : x)) }) };
    expect(await verify(exportOf({ exportKeys: [strangerKey, exportKey], tamper: dropKeyid }))).toEqual(VALID);
    expect(await verify(exportOf({ tamper: dropKeyid }))).toEqual(unverifiable('key_unverifiable@-'));
  });

  it('the log key is dated by the manifest created_at too', async () => {
    const dir = exportOf();
    const k = ring([
      { key: logKey, roles: ['log'], validFrom: EPOCH, validUntil: CREATED },
      { key: exportKey, roles: ['export'], validFrom: EPOCH },
    ]);
    expect(await verify(dir, k)).toEqual(unverifiable('key_unverifiable@-'));
  });

  it('a key rotated mid-year: the key ID selects the key valid at created_at', async () => {
    const h1 = deriveSigningKey('conformance', 'cc-export-2026-h1');
    const h2 = deriveSigningKey('conformance', 'cc-export-2026-h2');
    const ROTATE = '2026-07-01T00:00:00.000Z';
    const k = ring([
      { key: logKey, roles: ['log'], validFrom: EPOCH },
      { key: h1, roles: ['export'], validFrom: EPOCH, validUntil: ROTATE },
      { key: h2, roles: ['export'], validFrom: ROTATE },
    ]);
    expect(await verify(exportOf({ exportKeys: [h1], createdAt: '2026-05-02T00:00:00.000Z' }), k)).toEqual(VALID);
    expect(await verify(exportOf({ exportKeys: [h2], createdAt: '2026-08-02T00:00:00.000Z' }), k)).toEqual(VALID);
    // Both sign during the overlap of a rotation: the retired one is ignored, even if broken.
    const brokenH1: BundleTamper = { envelope: (env) => ({ ...env, signatures: env.signatures.map((s) => (s.keyid === h1.keyId.toString('hex') ? { ...s, sig: flipSig(s.sig) } : s)) }) };
    expect(await verify(exportOf({ exportKeys: [h1, h2], createdAt: '2026-08-02T00:00:00.000Z', tamper: brokenH1 }), k)).toEqual(VALID);
    // The retired key alone after the rotation, or the new key before it: not usable.
    expect(await verify(exportOf({ exportKeys: [h1], createdAt: ROTATE }), k)).toEqual(unverifiable('key_unverifiable@-'));
    expect(await verify(exportOf({ exportKeys: [h2], createdAt: '2026-06-30T23:59:59.999Z' }), k)).toEqual(unverifiable('key_unverifiable@-'));
  });
});

describe('segments, single entries and empty exports (§4, §6)', () => {
  const log = makeLog(40);
  for (const [S, count] of [[1, 5], [5, 6], [7, 1], [15, 9], [31, 9], [6, 6], [8, 3], [16, 10], [0, 1], [39, 1]] as const) {
    it(`S = ${S}, ${count} entr${count === 1 ? 'y' : 'ies'}: VALID as folder and ZIP`, async () => {
      const dir = exportOf({ log, first: S, count });
      expect(await verify(dir)).toEqual(VALID);
      expect(await verify(zipBundle(dir))).toEqual(VALID);
    });
  }

  it('odd S: a first prev that is not the last frontier hash is chain_broken at S (the producer signed it all)', async () => {
    for (const S of [1, 5, 7]) {
      const lines = log.lines.slice(S, S + 4);
      const e = JSON.parse(lines[0]!) as Entry;
      lines[0] = canonicalize({ ...e, prev: log.leaves[S - 2]?.toString('hex') ?? 'f'.repeat(64) });
      // The lines after it chain to the bytes written, as an honest writer of these bytes would.
      const relinked: string[] = [lines[0]!];
      for (let i = 1; i < lines.length; i++) {
        const x = JSON.parse(lines[i]!) as Entry;
        relinked.push(canonicalize({ ...x, prev: leafHash(Buffer.from(relinked[i - 1]!, 'utf8')).toString('hex') }));
      }
      expect(await verify(exportOf({ log, first: S, count: 4, lines: relinked }))).toEqual(invalid(`chain_broken@${S}`));
    }
  });

  it('even S: the frontier does not hold entry S − 1, so a wrong first prev is bound only by the root', async () => {
    // Without a store nothing can say what the first prev must be; with everything signed it is VALID.
    const S = 6;
    const lines = log.lines.slice(S, S + 3);
    const e = JSON.parse(lines[0]!) as Entry;
    lines[0] = canonicalize({ ...e, prev: 'a'.repeat(64) });
    const relinked: string[] = [lines[0]!];
    for (let i = 1; i < lines.length; i++) {
      const x = JSON.parse(lines[i]!) as Entry;
      relinked.push(canonicalize({ ...x, prev: leafHash(Buffer.from(relinked[i - 1]!, 'utf8')).toString('hex') }));
    }
    expect(await verify(exportOf({ log, first: S, count: 3, lines: relinked }))).toEqual(VALID);
  });

  it('seq 0 must carry 64 zeros as prev', async () => {
    const lines = makeLog(3, { entry: (e) => (e.seq === 0 ? { ...e, prev: '1'.repeat(64) } : e) }).lines;
    expect(await verify(exportOf({ lines }))).toEqual(invalid('chain_broken@0'));
  });

  it('an empty export (count 0) that is consistent everywhere', async () => {
    const r0 = await verify(exportOf({ log, first: 0, count: 0 }));
    const r4 = await verify(exportOf({ log, first: 4, count: 0 }));
    expect({ r0, r4 }).toEqual({ r0: VALID, r4: VALID });
  });
});

describe('time coverage (§6): 2 × heartbeat_seconds is not a gap, 1 ms more is', () => {
  const at = (offsets: number[]): ((seq: number) => number) => (seq) => T0 + offsets[seq]!;
  const span = (n: number, step: number): number[] => Array.from({ length: n }, (_, i) => i * step);

  it('consecutive entries exactly 2 × heartbeat apart: no gap; 1 ms more in the middle: time_gap on the entry that ends it', async () => {
    expect(await verify(exportOf({ log: makeLog(5, { tsMs: at(span(5, MAX_GAP)) }) }))).toEqual(VALID);
    const offsets = [0, 60_000, 120_000, 120_000 + MAX_GAP + 1, 120_000 + MAX_GAP + 60_000];
    expect(await verify(exportOf({ log: makeLog(5, { tsMs: at(offsets) }) }))).toEqual(coverage('time_gap@3'));
  });

  it('from period.from to the first entry', async () => {
    const log = makeLog(3);
    const to = log.ts[2]!;
    const from = (ms: number): string => formatTimestamp(Date.parse(log.ts[0]!) - ms);
    expect(await verify(exportOf({ log, period: { from: from(MAX_GAP), to } }))).toEqual(VALID);
    expect(await verify(exportOf({ log, period: { from: from(MAX_GAP + 1), to } }))).toEqual(coverage('time_gap@0'));
  });

  it('from the last entry to period.to (seq null)', async () => {
    const log = makeLog(3);
    const to = (ms: number): string => formatTimestamp(Date.parse(log.ts[2]!) + ms);
    expect(await verify(exportOf({ log, period: { from: log.ts[0]!, to: to(MAX_GAP) } }))).toEqual(VALID);
    expect(await verify(exportOf({ log, period: { from: log.ts[0]!, to: to(MAX_GAP + 1) } }))).toEqual(coverage('time_gap@-'));
  });

  it('a segment: the stretch from period.from (entry S − 1) to the first entry counts', async () => {
    const offsets = [0, 60_000, 60_000 + MAX_GAP + 1, 60_000 + MAX_GAP + 2];
    const log = makeLog(4, { tsMs: at(offsets) });
    expect(await verify(exportOf({ log, first: 2 }))).toEqual(coverage('time_gap@2'));
    expect(await verify(exportOf({ log, first: 3 }))).toEqual(VALID);
  });

  it('gaps at the start, in the middle and at the end together; an empty export longer than 2 × heartbeat', async () => {
    const offsets = [MAX_GAP + 1, MAX_GAP + 2, 2 * MAX_GAP + 3];
    const log = makeLog(3, { tsMs: at(offsets) });
    const period = { from: formatTimestamp(T0), to: formatTimestamp(T0 + 3 * MAX_GAP + 4) };
    expect(await verify(exportOf({ log, period }))).toEqual(coverage('time_gap@0', 'time_gap@2', 'time_gap@-'));
    const empty = { from: formatTimestamp(T0), to: formatTimestamp(T0 + MAX_GAP + 1) };
    expect(await verify(exportOf({ log, count: 0, period: empty }))).toEqual(coverage('time_gap@-'));
  });
});

describe('canonical lines (§3): the same JSON in other bytes is non_canonical_entry, even when signed', () => {
  /** The producer writes entry 3 in other bytes; the chain, the digest and the root follow its bytes. */
  const variant = (render: (canonical: string, e: Entry) => string, entry?: (e: Entry) => Entry): Log =>
    makeLog(6, { entry, render: (e) => (e.seq === 3 ? render(canonicalize(e), e) : canonicalize(e)) });
  const cases: [string, Log][] = [
    ['key order', variant((_c, e) => {
      const { seq, ...rest } = e;
      return JSON.stringify({ seq, ...rest });
    })],
    ['whitespace', variant((_c, e) => JSON.stringify(e, null, 1).replace(/\n/g, ''))],
    ['a space after a colon', variant((c) => c.replace('"data":{}', '"data": {}'))],
    ['an escaped é', variant((c) => c.replace('é', '\\u00e9'), (e) => ({ ...e, actor: { ...e.actor, id: 'plateforme-é' } }))],
    ['an escaped slash', variant((c) => c.replace('cc-platform', 'cc\\/platform'))],
    ['1.0 for 1', variant((c) => c.replace('"seq":3', '"seq":3.0'))],
    ['3e0 for 3', variant((c) => c.replace('"seq":3', '"seq":3e0'))],
    ['-0', variant((c) => c.replace('"data":{}', '"data":{"n":-0}'))],
    ['a duplicate key', variant((c) => c.replace('"data":{}', '"data":{},"data":{}'))],
    ['a duplicate key with another value first', variant((c) => c.replace('"data":{}', '"data":{"x":1},"data":{}'))],
    ['upper-case unicode escape of a control character', variant((c) => c.replace('\\u001f', '\\u001F'), (e) => ({ ...e, actor: { ...e.actor, id: 'cc\u001fplatform' } }))],
  ];
  for (const [label, log] of cases) {
    it(label, async () => {
      expect(await verify(exportOf({ log }))).toEqual(invalid('non_canonical_entry@3'));
    });
  }

  it('the JCS forms themselves are canonical: raw é and emoji, \\u001f escaped, </script> and U+2028 raw', async () => {
    const log = makeLog(4, { entry: (e) => (e.seq === 2 ? { ...e, actor: { ...e.actor, id: 'é😀\u001f</script>\u2028"\\' } } : e) });
    expect(log.lines[2]).toContain('\\u001f');
    expect(await verify(exportOf({ log }))).toEqual(VALID);
  });

  it('bytes that are not UTF-8 inside a string (signed): decoding would hide them, the bytes are not JCS', async () => {
    const log = makeLog(4, { entry: (e) => (e.seq === 2 ? { ...e, actor: { ...e.actor, id: 'cc-\ufffd' } } : e) });
    // The producer wrote a lone 0xFF where the text shows U+FFFD; chain and root follow its bytes.
    const lines = log.lines.map((l, i) => (i === 2 ? Buffer.from(l.replace('\ufffd', '\u0000'), 'utf8') : Buffer.from(l, 'utf8')));
    lines[2]![lines[2]!.indexOf(0)] = 0xff;
    const relinked: Buffer[] = [lines[0]!, lines[1]!, lines[2]!];
    const next = JSON.parse(log.lines[3]!) as Entry;
    relinked.push(Buffer.from(canonicalize({ ...next, prev: leafHash(lines[2]!).toString('hex') }), 'utf8'));
    expect(await verify(exportOf({ log, lines: relinked }))).toEqual(invalid('non_canonical_entry@2'));
  });

  it('-0 as seq 0 is non-canonical', async () => {
    const log = makeLog(3, { render: (e) => (e.seq === 0 ? canonicalize(e).replace('"seq":0', '"seq":-0') : canonicalize(e)) });
    expect(await verify(exportOf({ log }))).toEqual(invalid('non_canonical_entry@0'));
  });
});

describe('line endings and file framing (§2, §3)', () => {
  it('a CRLF on a middle line after signing: digest, that line non-canonical, the next prev, the root', async () => {
    const dir = exportOf();
    editLine(dir, 3, (l) => `${l}\r`);
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'non_canonical_entry@3', 'chain_broken@4', 'root_mismatch@-'));
  });

  it('a CRLF on the last line after signing', async () => {
    const dir = exportOf();
    editLine(dir, 7, (l) => `${l}\r`);
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'non_canonical_entry@7', 'root_mismatch@-'));
  });

  it('a producer that writes CRLF throughout (and hashes what it wrote): every line non-canonical', async () => {
    const log = makeLog(4, { render: (e) => `${canonicalize(e)}\r` });
    expect(await verify(exportOf({ log }))).toEqual(invalid('non_canonical_entry@0', 'non_canonical_entry@1', 'non_canonical_entry@2', 'non_canonical_entry@3'));
  });

  it('entries.jsonl without its final newline, by the producer or after signing', async () => {
    const dir = exportOf();
    edit(dir, 'entries.jsonl', (b) => b.subarray(0, b.length - 1));
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'non_canonical_entry@7'));
    // A producer that leaves the newline off and signs the file as written: the line is the same,
    // so the chain and the root hold, but §2 wants "\n after every line".
    const signed = exportOf();
    edit(signed, 'entries.jsonl', (b) => b.subarray(0, b.length - 1));
    resign(signed);
    expect(await verify(signed)).toEqual(invalid('non_canonical_entry@7'));
  });

  it('a BOM before the first line after signing', async () => {
    const dir = exportOf();
    edit(dir, 'entries.jsonl', (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]));
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'non_canonical_entry@0', 'chain_broken@1', 'root_mismatch@-'));
  });

  it('an empty line appended after signing', async () => {
    const dir = exportOf();
    edit(dir, 'entries.jsonl', (b) => Buffer.concat([b, Buffer.from('\n')]));
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'count_mismatch@-', 'non_canonical_entry@8', 'root_mismatch@-'));
  });
});

describe('edited, reordered, duplicated and truncated lines after signing (§6)', () => {
  const bump = (l: string): string => l.replace('"data":{}', '"data":{"x":1}');

  it('an entry edited in the middle: chain_broken on the next entry', async () => {
    const dir = exportOf();
    editLine(dir, 3, bump);
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'chain_broken@4', 'root_mismatch@-'));
  });

  it('the last entry edited: no next line, only the digest and the root catch it', async () => {
    const dir = exportOf();
    editLine(dir, 7, bump);
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'root_mismatch@-'));
  });

  it('the last entry edited and every digest re-made by the attacker (no key): envelope fails, root fails', async () => {
    const dir = exportOf();
    editLine(dir, 7, bump);
    editText(dir, 'manifest.dsse.json', (t) => {
      const env = JSON.parse(t) as { payload: string; signatures: { keyid: string; sig: string }[] };
      const m = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as Manifest;
      const bytes = readFileSync(path.join(dir, 'entries.jsonl'));
      m.files = m.files.map((f) => (f.path === 'entries.jsonl' ? { ...f, sha256: createHashHex(bytes), bytes: bytes.length } : f));
      env.payload = manifestPayload(m).toString('base64');
      return JSON.stringify(env);
    });
    expect(await verify(dir)).toEqual(invalid('envelope_signature_invalid@-', 'root_mismatch@-'));
  });

  it('two adjacent lines swapped', async () => {
    const dir = exportOf();
    editText(dir, 'entries.jsonl', (t) => {
      const l = t.split('\n');
      [l[3], l[4]] = [l[4]!, l[3]!];
      return l.join('\n');
    });
    // Each of the three entries around the swap follows a line it does not continue.
    expect(await verify(dir)).toEqual(
      invalid('file_digest_mismatch@-', 'root_mismatch@-', 'seq_gap@4', 'chain_broken@4', 'seq_gap@3', 'chain_broken@3', 'timestamp_regression@3', 'seq_gap@5', 'chain_broken@5'),
    );
  });

  it('a duplicated line', async () => {
    const dir = exportOf();
    editText(dir, 'entries.jsonl', (t) => {
      const l = t.split('\n');
      l.splice(3, 0, l[3]!);
      return l.join('\n');
    });
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'count_mismatch@-', 'root_mismatch@-', 'seq_gap@3', 'chain_broken@3'));
  });

  it('a removed line', async () => {
    const dir = exportOf();
    editText(dir, 'entries.jsonl', (t) => {
      const l = t.split('\n');
      l.splice(3, 1);
      return l.join('\n');
    });
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'count_mismatch@-', 'root_mismatch@-', 'seq_gap@4', 'chain_broken@4'));
  });

  it('the last lines cut off whole', async () => {
    const dir = exportOf();
    editText(dir, 'entries.jsonl', (t) => `${t.split('\n').slice(0, 6).join('\n')}\n`);
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'count_mismatch@-', 'root_mismatch@-'));
  });

  it('the file cut in the middle of its last line', async () => {
    const dir = exportOf();
    edit(dir, 'entries.jsonl', (b) => b.subarray(0, b.length - 40));
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'root_mismatch@-', 'non_canonical_entry@7'));
  });
});

/** The producer re-digests every file of the folder and signs the manifest again (its own key). */
function resign(dir: string, fn: (m: Manifest) => Manifest = (m) => m): void {
  editText(dir, 'manifest.dsse.json', (t) => {
    const env = JSON.parse(t) as { payload: string };
    const m = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as Manifest;
    m.files = m.files.map((f) => {
      const b = readFileSync(path.join(dir, f.path));
      return { ...f, sha256: createHashHex(b), bytes: b.length };
    });
    return JSON.stringify(signEnvelope(manifestPayload(fn(m)), [exportKey]));
  });
}

function createHashHex(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

describe('manifest counts, tree and checkpoint sizes disagreeing one way at a time (§6), all signed', () => {
  const lie = (fn: (m: Manifest) => Manifest): BundleTamper => ({ manifest: fn });
  const log = makeLog(12);
  const cases: [string, ExportSpec, Outcome][] = [
    ['range.count + 1', { tamper: lie((m) => ({ ...m, range: { ...m.range, count: m.range.count + 1 } })) }, invalid('count_mismatch@-')],
    ['range.count − 1', { tamper: lie((m) => ({ ...m, range: { ...m.range, count: m.range.count - 1 } })) }, invalid('count_mismatch@-')],
    ['range.last_seq + 1', { tamper: lie((m) => ({ ...m, range: { ...m.range, last_seq: m.range.last_seq + 1 } })) }, invalid('count_mismatch@-')],
    ['range.first_seq + 1 of a segment', { first: 4, tamper: lie((m) => ({ ...m, range: { ...m.range, first_seq: m.range.first_seq + 1 } })) }, invalid('count_mismatch@-')],
    ['range.first_seq − 1 of a segment', { first: 5, tamper: lie((m) => ({ ...m, range: { ...m.range, first_seq: m.range.first_seq - 1 } })) }, invalid('count_mismatch@-')],
    ['range.first_seq and last_seq shifted together', { first: 4, tamper: lie((m) => ({ ...m, range: { ...m.range, first_seq: m.range.first_seq + 1, last_seq: m.range.last_seq + 1 } })) }, invalid('count_mismatch@-')],
    ['tree.size + 1', { tamper: lie((m) => ({ ...m, tree: { ...m.tree, size: m.tree.size + 1 } })) }, invalid('count_mismatch@-')],
    ['tree.root of another tree', { tamper: lie((m) => ({ ...m, tree: { ...m.tree, root: 'b'.repeat(64) } })) }, invalid('root_mismatch@-')],
    ['the same wrong root in the manifest and the checkpoint', { tamper: { claimedRoot: () => Buffer.alloc(32, 7) } }, invalid('root_mismatch@-')],
  ];
  for (const [label, spec, expected] of cases) {
    it(label, async () => {
      expect(await verify(exportOf({ log, ...spec }))).toEqual(expected);
    });
  }

  it('a checkpoint signed for another tree size, or another root, than the manifest', async () => {
    const resign = (size: (n: number) => number, rootOf: (r: Buffer) => Buffer): BundleTamper => ({
      checkpointText: (t) => {
        const [origin, n, r] = t.split('\n') as [string, string, string];
        return signCheckpoint(origin, size(Number(n)), rootOf(Buffer.from(r, 'base64')), [logKey]);
      },
    });
    expect(await verify(exportOf({ log, tamper: resign((n) => n + 1, (r) => r) }))).toEqual(invalid('count_mismatch@-'));
    expect(await verify(exportOf({ log, tamper: resign((n) => n, () => Buffer.alloc(32, 9)) }))).toEqual(invalid('root_mismatch@-'));
  });
});

describe('the manifest files[] list (§2, §4)', () => {
  const relist = (fn: (files: Manifest['files']) => Manifest['files']): BundleTamper => ({ manifest: (m) => ({ ...m, files: fn(m.files) }) });

  it('listing the envelope: its digest cannot be the envelope\'s own', async () => {
    const dir = exportOf({ tamper: relist((f) => [...f, { path: 'manifest.dsse.json', sha256: 'c'.repeat(64), bytes: 10 }].sort((a, b) => (a.path < b.path ? -1 : 1))) });
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-'));
  });

  it('a file listed twice, or the list out of order, breaks the signed layout of §2', async () => {
    expect(await verify(exportOf({ tamper: relist((f) => [f[0]!, ...f]) }))).toEqual(invalid('bundle_malformed@-'));
    expect(await verify(exportOf({ tamper: relist((f) => [...f].reverse()) }))).toEqual(invalid('bundle_malformed@-'));
  });

  it('a file listed under another name than it has, and one not listed at all', async () => {
    const renamed = exportOf({ tamper: relist((f) => f.map((x) => (x.path === 'state.json' ? { ...x, path: 'state.json.bak' } : x))) });
    expect(await verify(renamed)).toEqual(invalid('file_missing@-', 'file_unexpected@-'));
    const unlisted = exportOf({ tamper: relist((f) => f.filter((x) => x.path !== 'frontier.json')) });
    expect(await verify(unlisted)).toEqual(invalid('file_unexpected@-'));
  });

  it('a listed file that is absent, a file that is neither listed nor present', async () => {
    const gone = exportOf();
    rmFile(gone, 'frontier.json');
    expect((await verify(gone)).findings).toContain('file_missing@-');
    const extra = exportOf({ tamper: relist((f) => [...f, { path: 'zz-notes.txt', sha256: 'd'.repeat(64), bytes: 1 }]) });
    expect(await verify(extra)).toEqual(invalid('file_missing@-'));
  });

  it('a wrong size with the right digest, and the right size with a wrong digest', async () => {
    expect(await verify(exportOf({ tamper: relist((f) => f.map((x) => (x.path === 'checkpoint' ? { ...x, bytes: x.bytes + 1 } : x))) }))).toEqual(invalid('file_digest_mismatch@-'));
    expect(await verify(exportOf({ tamper: relist((f) => f.map((x) => (x.path === 'entries.jsonl' ? { ...x, sha256: 'e'.repeat(64) } : x))) }))).toEqual(invalid('file_digest_mismatch@-'));
  });
});

describe('ZIP form (§2)', () => {
  const members = (dir: string): { name: string; data: Buffer }[] => BUNDLE_FILE_NAMES.map((name) => ({ name, data: readFileSync(path.join(dir, name)) }));
  const zipOf = (dir: string, list: { name: string; data: Buffer }[]): string => {
    const out = path.join(path.dirname(dir), `z${++counter}.zip`);
    writeRawZip(out, list);
    return out;
  };

  it('members in any order, stored or deflated', async () => {
    const dir = exportOf();
    expect(await verify(zipOf(dir, members(dir).reverse()))).toEqual(VALID);
  });

  it('an extra file at the root: file_unexpected', async () => {
    const dir = exportOf();
    expect(await verify(zipOf(dir, [...members(dir), { name: 'README.txt', data: Buffer.from('hi') }]))).toEqual(invalid('file_unexpected@-'));
  });

  it('a directory entry at the root: a sub-folder is not part of a bundle', async () => {
    const dir = exportOf();
    expect(await verify(zipOf(dir, [...members(dir), { name: 'extra/', data: Buffer.alloc(0) }]))).toEqual(invalid('file_unexpected@-'));
  });

  it('the files in a sub-folder: no manifest at the root', async () => {
    const dir = exportOf();
    const nested = members(dir).map((m) => ({ ...m, name: `bundle/${m.name}` }));
    expect((await verify(zipOf(dir, nested))).status).toBe('INVALID');
    expect((await verify(zipOf(dir, nested))).findings).toContain('bundle_malformed@-');
  });

  for (const [label, name] of [
    ['a ".." path', '../evil.txt'],
    ['a ".." inside a path', 'a/../../evil.txt'],
    ['an absolute path', '/tmp/evil.txt'],
    ['a drive letter', 'C:evil.txt'],
    ['a backslash', 'sub\\evil.txt'],
    ['a duplicate name', 'entries.jsonl'],
  ] as const) {
    it(`${label}: bundle_malformed and nothing else`, async () => {
      const dir = exportOf();
      expect(await verify(zipOf(dir, [...members(dir), { name, data: Buffer.from('x\n') }]))).toEqual(invalid('bundle_malformed@-'));
    });
  }

  it('a member compressed with a method no reader is required to know: unreadable, bundle_malformed alone', async () => {
    const dir = exportOf();
    const out = zipOf(dir, members(dir));
    const bytes = readFileSync(out);
    // Mark entries.jsonl as bzip2 (method 12) in its local and central headers.
    const name = Buffer.from('entries.jsonl');
    for (const [sig, methodAt] of [[0x04034b50, 8], [0x02014b50, 10]] as const) {
      for (let at = bytes.indexOf(name); at >= 0; at = bytes.indexOf(name, at + 1)) {
        const start = sig === 0x04034b50 ? at - 30 : at - 46;
        if (start >= 0 && bytes.readUInt32LE(start) === sig) bytes.writeUInt16LE(12, start + methodAt);
      }
    }
    writeFileSync(out, bytes);
    expect(await verify(out)).toEqual(invalid('bundle_malformed@-'));
  });

  it('a file that is not an archive at all', async () => {
    const dir = exportOf();
    const out = path.join(path.dirname(dir), 'not.zip');
    writeFileSync(out, 'PK\u0003\u0004 truncated');
    expect(await verify(out)).toEqual(invalid('bundle_malformed@-'));
  });
});

function rmFile(dir: string, name: string): void {
  rmSync(path.join(dir, name));
}

describe('the small signed files altered after signing (§2, §5, §6)', () => {
  const log = makeLog(12);
  const frontierEdit = (dir: string, fn: (hashes: string[]) => string[]): void =>
    editText(dir, 'frontier.json', (t) => {
      const f = JSON.parse(t) as { size: number; hashes: string[] };
      return canonicalize({ ...f, hashes: fn(f.hashes) });
    });

  it('odd S, the last frontier hash replaced: the first prev no longer matches it', async () => {
    const dir = exportOf({ log, first: 5 });
    frontierEdit(dir, (h) => [...h.slice(0, -1), 'c'.repeat(64)]);
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'chain_broken@5', 'root_mismatch@-'));
  });

  it('even S, a frontier hash replaced: the root', async () => {
    const dir = exportOf({ log, first: 6 });
    frontierEdit(dir, (h) => ['c'.repeat(64), ...h.slice(1)]);
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-', 'root_mismatch@-'));
  });

  it('the checkpoint root or origin rewritten', async () => {
    const root2 = exportOf({ log });
    editText(root2, 'checkpoint', (t) => {
      const l = t.split('\n');
      l[2] = Buffer.alloc(32, 3).toString('base64');
      return l.join('\n');
    });
    expect(await verify(root2)).toEqual(invalid('file_digest_mismatch@-', 'checkpoint_signature_invalid@-', 'root_mismatch@-'));
    const origin = exportOf({ log });
    editText(origin, 'checkpoint', (t) => t.replace(ORIGIN, `${ORIGIN}-mirror`));
    expect(await verify(origin)).toEqual(invalid('file_digest_mismatch@-', 'checkpoint_signature_invalid@-', 'origin_mismatch@-'));
  });

  it('state.json edited in JCS form', async () => {
    const dir = exportOf({ log });
    editText(dir, 'state.json', (t) => t.replace('maria.okafor@', 'mallory@'));
    expect(await verify(dir)).toEqual(invalid('file_digest_mismatch@-'));
  });
});

describe('status and exit code of §9 / §9.1 when kinds mix', () => {
  const late = (log: Log): { from: string; to: string } => ({ from: log.ts[0]!, to: formatTimestamp(Date.parse(log.ts[log.ts.length - 1]!) + MAX_GAP + 1) });

  it('an info finding alone leaves VALID with exit 0', async () => {
    const log = makeLog(4, { entry: (e) => (e.seq === 2 ? { ...e, action_type: 'platform.snapshot_taken' } : e) });
    expect(await verify(exportOf({ log }))).toEqual({ status: 'VALID', exit: 0, findings: ['unknown_action_type@2'] });
  });

  it('a coverage finding under UNVERIFIABLE and under INVALID: exit 2, the status of the worst', async () => {
    const log = makeLog(4);
    expect(await verify(exportOf({ log, period: late(log), exportKeys: [strangerKey] }))).toEqual(unverifiable('key_unverifiable@-', 'time_gap@-'));
    const dir = exportOf({ log, period: late(log) });
    editLine(dir, 1, (l) => l.replace('"data":{}', '"data":{"x":1}'));
    expect(await verify(dir)).toEqual(invalid('chain_broken@2', 'file_digest_mismatch@-', 'root_mismatch@-', 'time_gap@-'));
  });

  it('INVALID wins over UNVERIFIABLE', async () => {
    const dir = exportOf({ exportKeys: [strangerKey] });
    editLine(dir, 7, (l) => l.replace('"data":{}', '"data":{"x":1}'));
    expect(await verify(dir)).toEqual(invalid('key_unverifiable@-', 'file_digest_mismatch@-', 'root_mismatch@-'));
  });
});

describe('layout that carries no meaning', () => {
  it('an envelope laid out freely: compact, CRLF-indented, with a UTF-8 BOM', async () => {
    for (const layout of [(t: string) => JSON.stringify(JSON.parse(t)), (t: string) => t.replace(/\n/g, '\r\n'), (t: string) => `\ufeff${t}`]) {
      const dir = exportOf();
      editText(dir, 'manifest.dsse.json', layout);
      expect(await verify(dir)).toEqual(VALID);
    }
  });

  it('a keyring with a BOM and a role this version does not know', async () => {
    const file = path.join(root, 'keyring-bom.json');
    const k = JSON.parse(keyringJson(KEYRING)) as { keys: { roles: string[] }[] };
    k.keys[0]!.roles.push('witness');
    writeFileSync(file, `\ufeff${JSON.stringify(k)}`);
    const r = crosscheck(['verify', exportOf(), '--keyring', file, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as Report).integrity.status).toBe('VALID');
    // The unknown role grants nothing: a key listed only as a witness signs no envelope.
    const only = ring([{ key: logKey, roles: ['log'], validFrom: EPOCH }]);
    const witnessOnly: Keyring = { keys: [...only.keys, { ...only.keys[0]!, name: exportKey.name, public_key: exportKey.publicKey.toString('base64'), roles: [] }] };
    expect(await verify(exportOf(), witnessOnly)).toEqual(unverifiable('key_unverifiable@-'));
  });
});

describe('missing files (§2): one missing file is one finding', () => {
  for (const name of ['entries.jsonl', 'frontier.json', 'checkpoint', 'state.json']) {
    for (const S of [0, 5]) {
      it(`${name} absent, S = ${S}: file_missing`, async () => {
        const dir = exportOf({ first: S });
        rmFile(dir, name);
        expect(await verify(dir)).toEqual(invalid('file_missing@-'));
      });
    }
  }

  it('no envelope at all: bundle_malformed (the envelope is not listed, so it cannot be file_missing)', async () => {
    const dir = exportOf();
    rmFile(dir, 'manifest.dsse.json');
    expect(await verify(dir)).toEqual(invalid('bundle_malformed@-'));
  });
});

describe('checkpoint signature text (§1, §5)', () => {
  /** Rewrites the blob of the checkpoint's last signature line. */
  const blob = (fn: (b64: string) => string): BundleTamper => ({
    checkpointText: (t) => {
      const i = t.lastIndexOf('\n', t.length - 2);
      const line = t.slice(i + 1, -1);
      const sp = line.lastIndexOf(' ');
      return `${t.slice(0, i + 1)}${line.slice(0, sp + 1)}${fn(line.slice(sp + 1))}\n`;
    },
  });
  const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  /** Sets a padding bit: decodes to the same bytes, but is not the standard encoding. */
  const strayBit = (b64: string): string => {
    const i = b64.indexOf('=');
    return b64.slice(0, i - 1) + ALPHA[ALPHA.indexOf(b64[i - 1]!) ^ 1]! + b64.slice(i);
  };

  it('a flipped signature byte by the log key: checkpoint_signature_invalid', async () => {
    const flip = (b64: string): string => {
      const raw = Buffer.from(b64, 'base64');
      raw[30] = raw[30]! ^ 4;
      return raw.toString('base64');
    };
    expect(await verify(exportOf({ tamper: blob(flip) }))).toEqual(invalid('checkpoint_signature_invalid@-'));
    const after = exportOf();
    editText(after, 'checkpoint', (t) => blob(flip).checkpointText!(t));
    expect(await verify(after)).toEqual(invalid('checkpoint_signature_invalid@-', 'file_digest_mismatch@-'));
  });

  it('a log-key signature in non-standard base64 (a stray padding bit, no padding) is not the signature made', async () => {
    expect(await verify(exportOf({ tamper: blob(strayBit) }))).toEqual(invalid('checkpoint_signature_invalid@-'));
    expect(await verify(exportOf({ tamper: blob((b) => b.replace(/=+$/, '')) }))).toEqual(invalid('checkpoint_signature_invalid@-'));
  });

  it('a witness line in non-standard base64 names no usable key: ignored', async () => {
    const sloppyWitness: BundleTamper = {
      checkpointText: (t) => {
        const body = t.slice(0, t.indexOf('\n\n') + 1);
        const b64 = Buffer.concat([witnessKey.keyId, ed25519Sign(witnessKey.privateKey, Buffer.from(body))]).toString('base64');
        return `${t}\u2014 ${witnessKey.name} ${strayBit(b64)}\n`;
      },
    };
    expect(await verify(exportOf({ tamper: sloppyWitness }))).toEqual(VALID);
  });
});

describe('the built CLI (worker thread) reports exactly the same: `crosscheck verify <bundle> --keyring <file> --json`', () => {
  it('clean and tampered bundles, folder and ZIP', async () => {
    const keyringFile = path.join(root, 'keyring.json');
    writeFileSync(keyringFile, keyringJson(KEYRING));
    // The third element is the ZIP's outcome where it differs: §2, a member whose directory size is
    // past its signed bytes fails file_digests without being inflated, so no line is checked.
    const cases: [string, Outcome, Outcome?][] = [];
    cases.push([exportOf({ first: 5 }), VALID]);
    const bom = exportOf();
    edit(bom, 'entries.jsonl', (b) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]));
    cases.push([bom, invalid('file_digest_mismatch@-', 'non_canonical_entry@0', 'chain_broken@1', 'root_mismatch@-'), invalid('file_digest_mismatch@-')]);
    const last = exportOf();
    editLine(last, 7, (l) => l.replace('"data":{}', '"data":{"x":1}'));
    cases.push([last, invalid('file_digest_mismatch@-', 'root_mismatch@-'), invalid('file_digest_mismatch@-')]);
    cases.push([exportOf({ log: makeLog(6, { render: (e) => (e.seq === 3 ? canonicalize(e).replace('"data":{}', '"data": {}') : canonicalize(e)) }) }), invalid('non_canonical_entry@3')]);
    cases.push([exportOf({ log: makeLog(3), period: { from: formatTimestamp(T0 - MAX_GAP - 1), to: formatTimestamp(T0 + 120_000) } }), coverage('time_gap@0')]);
    cases.push([exportOf({ exportKeys: [strangerKey] }), unverifiable('key_unverifiable@-')]);
    cases.push([exportOf({ first: 4, tamper: { manifest: (m) => ({ ...m, range: { ...m.range, first_seq: 5 } }) } }), invalid('count_mismatch@-')]);
    const noEntries = exportOf();
    rmFile(noEntries, 'entries.jsonl');
    cases.push([noEntries, invalid('file_missing@-')]);
    for (const [dir, expected, zipExpected] of cases) {
      for (const [p, want] of [[dir, expected], [zipBundle(dir), zipExpected ?? expected]] as const) {
        const r = crosscheck(['verify', p, '--keyring', keyringFile, '--json']);
        const report = JSON.parse(r.stdout) as Report;
        expect({ ...outcomeOf(report), exit: r.code }).toEqual(want);
      }
    }
  });
});

describe('continuity against a store (§6): the first prev of an even S, gaps and overlaps', () => {
  const log = makeLog(24);
  /** Imports `held` exports into a fresh store, then verifies `bundle` against it. */
  async function against(held: string[], bundle: string): Promise<Outcome & { continuity: string }> {
    const store = openStore(path.join(root, `store-${++counter}`));
    try {
      for (const h of held) expect((await importBundle(store, h, { keyring: KEYRING })).integrity).toBe('VALID');
      const view = createContinuityView(store);
      try {
        const r = (await verifyBundle(bundle, { keyring: KEYRING, continuity: view, worker: false })).report;
        return { ...outcomeOf(r), continuity: r.integrity.continuity };
      } finally {
        view.close();
      }
    } finally {
      store.close();
    }
  }
  const relinkFirst = (S: number, count: number, prev: string): string[] => {
    const out: string[] = [canonicalize({ ...(JSON.parse(log.lines[S]!) as Entry), prev })];
    for (let i = 1; i < count; i++) {
      out.push(canonicalize({ ...(JSON.parse(log.lines[S + i]!) as Entry), prev: leafHash(Buffer.from(out[i - 1]!, 'utf8')).toString('hex') }));
    }
    return out;
  };

  it('S = N, even and odd: consistent and VALID', async () => {
    expect(await against([exportOf({ log, first: 0, count: 8 })], exportOf({ log, first: 8, count: 4 }))).toEqual({ ...VALID, continuity: 'consistent' });
    expect(await against([exportOf({ log, first: 0, count: 7 })], exportOf({ log, first: 7, count: 4 }))).toEqual({ ...VALID, continuity: 'consistent' });
  });

  it('even S with entry S − 1 held: a first prev that is not its leaf hash is chain_broken at S', async () => {
    const bundle = exportOf({ log, first: 8, count: 4, lines: relinkFirst(8, 4, 'a'.repeat(64)) });
    expect(await verify(bundle)).toEqual(VALID); // alone, nothing can say what it must be
    expect(await against([exportOf({ log, first: 0, count: 8 })], bundle)).toEqual({ ...invalid('chain_broken@8'), continuity: 'consistent' });
  });

  it('S > N: export_gap on the first entry, a coverage finding (VALID, exit 1)', async () => {
    expect(await against([exportOf({ log, first: 0, count: 8 })], exportOf({ log, first: 12, count: 4 }))).toEqual({ ...coverage('export_gap@12'), continuity: 'gap' });
  });

  it('S < N overlapping identically, and an export wholly covered', async () => {
    const held = [exportOf({ log, first: 0, count: 12 })];
    expect(await against(held, exportOf({ log, first: 8, count: 8 }))).toEqual({ ...VALID, continuity: 'consistent' });
    expect(await against(held, exportOf({ log, first: 4, count: 4 }))).toEqual({ ...VALID, continuity: 'covered' });
  });
});
