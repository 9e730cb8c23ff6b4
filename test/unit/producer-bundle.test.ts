/**
 * The producer's bundle writer and ZIP packer, checked with the crypto modules a verifier uses:
 * every file digest, the DSSE signature over PAE, the checkpoint note, key IDs and reproducibility.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize, parseCanonical } from '../../shared/format/jcs.js';
import { PAYLOAD_TYPE, ZERO_HASH, type DsseEnvelope, type Manifest, type PlatformState } from '../../shared/format/export-types.js';
import { CompactRange, leafHash } from '../../electron/core/merkle/merkle.js';
import { pae } from '../../electron/core/crypto/dsse.js';
import { ed25519Verify, publicKeyFromRaw } from '../../electron/core/crypto/ed25519.js';
import { keyIdHex } from '../../electron/core/crypto/key-id.js';
import { sha256Hex } from '../../electron/core/crypto/sha256.js';
import { parseCheckpoint } from '../../electron/core/crypto/signed-note.js';
import { writeBundle, type ManifestFields } from '../../electron/core/producer/bundle-writer.js';
import { buildKeyring, deriveSigningKey } from '../../electron/core/producer/keys.js';
import { zipFolder } from '../../electron/core/producer/zip-bundle.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'crosscheck-producer-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const logKey = deriveSigningKey('t', 'acme-log-2026');
const expKey = deriveSigningKey('t', 'acme-export-2026');
const ORG = '11111111-2222-4333-8444-555555555555';
const ORIGIN = `audit.acme.example/log/${ORG}`;

function lines(from: number, to: number, prevHex: string): { lines: string[]; leaves: Buffer[] } {
  const out: string[] = [];
  const leaves: Buffer[] = [];
  let prev = prevHex;
  for (let seq = from; seq < to; seq++) {
    const ms = Date.UTC(2026, 2, 1, 12, 0, seq);
    const line = canonicalize({
      seq, id: `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`, ts: new Date(ms).toISOString(), org_id: ORG,
      agent_id: null, actor: { type: 'system', id: 'acme' }, action_type: 'system.heartbeat', data: {}, prev,
    });
    const leaf = leafHash(Buffer.from(line));
    prev = leaf.toString('hex');
    out.push(line);
    leaves.push(leaf);
  }
  return { lines: out, leaves };
}

const state: PlatformState = {
  as_of_seq: 0, profile: {} as PlatformState['profile'], users: [{ id: 'u', email: 'a@acme.example', role: 'admin', active: true }],
  agents: [], connectors: [], rules: [], approvals: [], recent_calls: [],
};

function fields(over: Partial<ManifestFields> = {}): ManifestFields {
  return {
    export_id: '99999999-8888-4777-8666-555555555555', origin: ORIGIN, org: { id: ORG, name: 'Acme' },
    platform: { name: 'p', version: '1' }, created_at: '2026-03-01T13:00:00.000Z',
    period: { from: '2026-03-01T12:00:00.000Z', to: '2026-03-01T12:00:09.000Z' }, previous_export: null, heartbeat_seconds: 300, ...over,
  };
}

function readManifest(dir: string): { env: DsseEnvelope; payload: Buffer; manifest: Manifest } {
  const env = JSON.parse(readFileSync(path.join(dir, 'manifest.dsse.json'), 'utf8')) as DsseEnvelope;
  const payload = Buffer.from(env.payload, 'base64');
  return { env, payload, manifest: JSON.parse(payload.toString('utf8')) as Manifest };
}

describe('writeBundle', () => {
  const all = lines(0, 10, ZERO_HASH);
  const dir = path.join(tmp, 'b0');
  const done = writeBundle({ dir, lines: all.lines, frontier: { size: 0, hashes: [] }, fields: fields(), state, logKeys: [logKey], exportKeys: [expKey] });

  it('writes exactly the five files, entries one JCS line each with a newline', () => {
    expect(readdirSync(dir).sort()).toEqual(['checkpoint', 'entries.jsonl', 'frontier.json', 'manifest.dsse.json', 'state.json']);
    const text = readFileSync(path.join(dir, 'entries.jsonl'), 'utf8');
    expect(text).toBe(all.lines.map((l) => `${l}\n`).join(''));
    expect(readFileSync(path.join(dir, 'frontier.json'), 'utf8')).toBe('{"hashes":[],"size":0}');
    expect(parseCanonical(readFileSync(path.join(dir, 'state.json'), 'utf8')).canonical).toBe(true);
  });

  it('signs a JCS manifest whose files[] are sorted with correct digests and sizes', () => {
    const { env, payload, manifest } = readManifest(dir);
    expect(env.payloadType).toBe(PAYLOAD_TYPE);
    expect(parseCanonical(payload.toString('utf8')).canonical).toBe(true);
    expect(manifest.files.map((f) => f.path)).toEqual(['checkpoint', 'entries.jsonl', 'frontier.json', 'state.json']);
    for (const f of manifest.files) {
      const bytes = readFileSync(path.join(dir, f.path));
      expect(f.sha256).toBe(sha256Hex(bytes));
      expect(f.bytes).toBe(bytes.length);
    }
    expect(manifest.range).toEqual({ first_seq: 0, last_seq: 9, count: 10 });
    const range = new CompactRange();
    all.leaves.forEach((l) => range.push(l));
    expect(manifest.tree).toEqual({ size: 10, root: range.root().toString('hex') });
    expect(done.root.equals(range.root())).toBe(true);
    expect(env.signatures).toHaveLength(1);
    expect(env.signatures[0]!.keyid).toBe(keyIdHex(expKey.name, expKey.publicKey));
    const ok = ed25519Verify(publicKeyFromRaw(expKey.publicKey), pae(PAYLOAD_TYPE, payload), Buffer.from(env.signatures[0]!.sig, 'base64'));
    expect(ok).toBe(true);
  });

  it('writes a checkpoint note signed by the log key over its three body lines', () => {
    const note = parseCheckpoint(readFileSync(path.join(dir, 'checkpoint')));
    const { manifest } = readManifest(dir);
    expect(note.origin).toBe(ORIGIN);
    expect(note.treeSize).toBe(10);
    expect(note.root!.toString('hex')).toBe(manifest.tree.root);
    expect(note.signatures).toHaveLength(1);
    const sig = note.signatures[0]!;
    expect(sig.name).toBe(logKey.name);
    expect(sig.keyId.toString('hex')).toBe(keyIdHex(logKey.name, logKey.publicKey));
    expect(ed25519Verify(publicKeyFromRaw(logKey.publicKey), note.text, sig.signature)).toBe(true);
  });

  it('folds a frontier into the root of a segment', () => {
    const head = lines(0, 5, ZERO_HASH);
    const tail = lines(5, 12, head.leaves[4]!.toString('hex'));
    const r = new CompactRange();
    head.leaves.forEach((l) => r.push(l));
    const frontier = r.frontier;
    const seg = writeBundle({
      dir: path.join(tmp, 'seg'), lines: tail.lines, frontier: { size: 5, hashes: frontier }, fields: fields(), state: { ...state, as_of_seq: 5 },
      logKeys: [logKey], exportKeys: [expKey],
    });
    tail.leaves.forEach((l) => r.push(l));
    expect(seg.manifest.range).toEqual({ first_seq: 5, last_seq: 11, count: 7 });
    expect(seg.manifest.tree).toEqual({ size: 12, root: r.root().toString('hex') });
    expect(readFileSync(path.join(tmp, 'seg', 'frontier.json'), 'utf8')).toBe(canonicalize({ size: 5, hashes: frontier.map((h) => h.toString('hex')) }));
  });

  it('derives the same keys from the same seed and name, other keys otherwise', () => {
    expect(deriveSigningKey('t', 'acme-log-2026').publicKey.equals(logKey.publicKey)).toBe(true);
    expect(deriveSigningKey('u', 'acme-log-2026').publicKey.equals(logKey.publicKey)).toBe(false);
    expect(expKey.publicKey.equals(logKey.publicKey)).toBe(false);
    const kr = buildKeyring([{ key: logKey, roles: ['log'], validFrom: '2026-01-01T00:00:00.000Z' }]);
    expect(kr.keys[0]).toEqual({
      name: logKey.name, public_key: logKey.publicKey.toString('base64'), roles: ['log'], valid_from: '2026-01-01T00:00:00.000Z', valid_until: null, revoked_at: null,
    });
  });
});

describe('zipFolder', () => {
  const dir = path.join(tmp, 'z');
  writeBundle({ dir, lines: lines(0, 3, ZERO_HASH).lines, frontier: { size: 0, hashes: [] }, fields: fields(), state, logKeys: [logKey], exportKeys: [expKey] });
  const names = readdirSync(dir);
  const mtime = new Date('2026-03-01T13:00:00.000Z');

  it('is byte-for-byte reproducible', async () => {
    await zipFolder(dir, names, path.join(tmp, 'a.zip'), { mtime });
    await zipFolder(dir, [...names].reverse(), path.join(tmp, 'b.zip'), { mtime });
    expect(readFileSync(path.join(tmp, 'a.zip')).equals(readFileSync(path.join(tmp, 'b.zip')))).toBe(true);
  });

  it('does not depend on the time zone', async () => {
    const tz = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      await zipFolder(dir, names, path.join(tmp, 'utc.zip'), { mtime });
      process.env.TZ = 'Pacific/Kiritimati';
      await zipFolder(dir, names, path.join(tmp, 'kiritimati.zip'), { mtime });
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
    expect(readFileSync(path.join(tmp, 'utc.zip')).equals(readFileSync(path.join(tmp, 'kiritimati.zip')))).toBe(true);
  });

  it('can carry names yazl refuses, patched into both headers', async () => {
    const p = path.join(tmp, 'slip.zip');
    await zipFolder(dir, names, p, { mtime, extra: [{ name: '../evil.txt', content: Buffer.from('x') }, { name: 'state.json', content: Buffer.from('{}') }] });
    const bytes = readFileSync(p);
    const count = (needle: string): number => bytes.toString('latin1').split(needle).length - 1;
    // Local header + central directory for each name.
    expect(count('../evil.txt')).toBe(2);
    expect(count('state.json')).toBe(4);
    expect(count('~plant')).toBe(0);
  });
});
