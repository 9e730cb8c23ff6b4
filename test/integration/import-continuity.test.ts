/**
 * Continuity across exports of one origin (spec §6), with segments of the public sample re-signed
 * by a test producer: continue, overlap, covered, gap then gap-fill, and a conflicting overlap.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring, Manifest } from '../../shared/format/export-types.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { createContinuityView } from '../../electron/core/store/continuity.js';
import { listExports, listOrigins } from '../../electron/services/queries/exports-queries.js';
import { exportLines } from '../../electron/services/queries/export-lines.js';
import { CompactRange, leafHash, merkleRoot } from '../../electron/core/merkle/merkle.js';
import { writeBundle } from '../../electron/core/producer/bundle-writer.js';
import { buildKeyring, deriveSigningKey } from '../../electron/core/producer/keys.js';
import { zipFolder } from '../../electron/core/producer/zip-bundle.js';
import { SAMPLE_BUNDLE } from '../support/paths.js';

const lines = readFileSync(path.join(SAMPLE_BUNDLE, 'entries.jsonl'), 'utf8').split('\n').slice(0, -1);
const leaves = lines.map((l) => leafHash(Buffer.from(l, 'utf8')));
const ts = lines.map((l) => (JSON.parse(l) as { ts: string }).ts);
const sampleManifest = JSON.parse(
  Buffer.from(
    (JSON.parse(readFileSync(path.join(SAMPLE_BUNDLE, 'manifest.dsse.json'), 'utf8')) as { payload: string })
      .payload,
    'base64',
  ).toString('utf8'),
) as Manifest;
const ORIGIN = sampleManifest.origin;
const logKey = deriveSigningKey('store-tests', 'test-log');
const exportKey = deriveSigningKey('store-tests', 'test-export');
const keyring: Keyring = buildKeyring([
  { key: logKey, roles: ['log'], validFrom: '2020-01-01T00:00:00.000Z' },
  { key: exportKey, roles: ['export'], validFrom: '2020-01-01T00:00:00.000Z' },
]);

let root: string;
const stores: Store[] = [];
/** States before seq S, replayed by importing 0..S−1 into a scratch store. */
const states = new Map<number, Buffer>([[0, readFileSync(path.join(SAMPLE_BUNDLE, 'state.json'))]]);
let counter = 0;

function exportId(): string {
  counter++;
  return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

function frontierAt(size: number): { size: number; hashes: Buffer[] } {
  const r = new CompactRange();
  for (let i = 0; i < size; i++) r.push(leaves[i]!);
  return { size, hashes: r.frontier };
}

/** Writes a bundle of sample entries first..last, signed by the test keys. */
async function segment(
  first: number,
  last: number,
  opts: { edit?: (seq: number, line: string) => string; zip?: boolean } = {},
): Promise<string> {
  const dir = path.join(root, `seg-${first}-${last}-${counter}`);
  const state = await stateAt(first);
  const segLines = lines.slice(first, last + 1).map((l, i) => (opts.edit ? opts.edit(first + i, l) : l));
  writeBundle({
    dir,
    lines: segLines,
    frontier: frontierAt(first),
    fields: {
      export_id: exportId(),
      origin: ORIGIN,
      org: sampleManifest.org,
      platform: sampleManifest.platform,
      created_at: '2026-03-18T12:00:00.000Z',
      period: { from: first === 0 ? ts[0]! : ts[first - 1]!, to: ts[last]! },
      previous_export: null,
      heartbeat_seconds: sampleManifest.heartbeat_seconds,
    },
    state,
    logKeys: [logKey],
    exportKeys: [exportKey],
  });
  if (!opts.zip) return dir;
  const zipPath = `${dir}.zip`;
  await zipFolder(
    dir,
    ['checkpoint', 'entries.jsonl', 'frontier.json', 'manifest.dsse.json', 'state.json'],
    zipPath,
    { mtime: new Date('2026-03-18T12:00:00Z') },
  );
  return zipPath;
}

async function stateAt(s: number): Promise<Buffer> {
  const known = states.get(s);
  if (known) return known;
  const scratch = openStore(mkdtempSync(path.join(root, 'scratch-')));
  try {
    const res = await importBundle(scratch, await segment(0, s - 1), { keyring });
    expect(res.integrity).toBe('VALID');
    const row = scratch.db.prepare("SELECT json FROM states WHERE kind = 'end' AND tree_size = ?").get(s) as {
      json: Buffer;
    };
    states.set(s, row.json);
    return row.json;
  } finally {
    scratch.close();
  }
}

function newStore(): Store {
  const s = openStore(mkdtempSync(path.join(root, 'store-')));
  stores.push(s);
  return s;
}

function originRows(store: Store): { pos: number; line: string }[] {
  const logId = (
    store.db.prepare('SELECT log_id FROM origins WHERE origin = ?').get(ORIGIN) as { log_id: number }
  ).log_id;
  return (
    store.db.prepare('SELECT pos, line FROM entries WHERE log_id = ? ORDER BY id').all(logId) as {
      pos: number;
      line: Buffer;
    }[]
  ).map((r) => ({
    pos: r.pos,
    line: r.line.toString('utf8'),
  }));
}

function expectOriginHolds(store: Store, seqs: number[]): void {
  expect(originRows(store)).toEqual(seqs.map((s) => ({ pos: s, line: lines[s]! })));
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cc-continuity-'));
});
afterAll(() => {
  while (stores.length) stores.pop()!.close();
  rmSync(root, { recursive: true, force: true });
});

describe('continuity across imports of one origin', () => {
  it('S = N: the next export continues the stored log', async () => {
    const store = newStore();
    const a = await importBundle(store, await segment(0, 149), { keyring });
    const b = await importBundle(store, await segment(150, 299, { zip: true }), { keyring });
    expect([a.integrity, a.report.integrity.continuity, a.trusted]).toEqual(['VALID', 'first', true]);
    expect([b.integrity, b.report.integrity.continuity, b.trusted]).toEqual(['VALID', 'consistent', true]);
    expect(b.report.integrity.checks.find((c) => c.id === 'state')?.status).toBe('pass');
    expect(listOrigins(store)[0]).toMatchObject({
      trustedSize: 300,
      trustedRoot: merkleRoot(leaves).toString('hex'),
    });
    expectOriginHolds(store, range(0, 299));
    expect(exportLines(store, b.exportRef, undefined, 1000).rows.map((r) => r.seq)).toEqual(range(150, 299));
    expect(
      listExports(store, null)
        .reverse()
        .map((e) => e.fileName),
    ).toEqual([expect.stringMatching(/^seg-0-149/), expect.stringMatching(/\.zip$/)]);
    const view = createContinuityView(store);
    for (const n of [1, 7, 149, 150, 151, 200, 299, 300])
      expect(view.rootAt(ORIGIN, n)).toEqual(merkleRoot(leaves.slice(0, n)));
    view.close();
  });

  it('exclusive (the CLI): a new origin is written through a rollback journal, a continuation through WAL', async () => {
    const store = newStore();
    const modes: string[] = [];
    const mode = (): string => String(store.db.pragma('journal_mode', { simple: true }));
    const a = await importBundle(store, await segment(0, 199), {
      keyring,
      exclusive: true,
      onProgress: () => void modes.push(mode()),
    });
    expect(a.integrity).toBe('VALID');
    expect(new Set(modes)).toEqual(new Set(['delete']));
    expect(mode()).toBe('wal');
    expect(store.db.pragma('synchronous', { simple: true })).toBe(1); // NORMAL again

    // The continuation's overlap and root checks read the stored leaves while it writes: WAL.
    modes.length = 0;
    const b = await importBundle(store, await segment(100, 299), {
      keyring,
      exclusive: true,
      onProgress: () => void modes.push(mode()),
    });
    expect([b.integrity, b.report.integrity.continuity, b.newEntries]).toEqual(['VALID', 'consistent', 100]);
    expect(new Set(modes)).toEqual(new Set(['wal']));
    expectOriginHolds(store, range(0, 299));
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('exclusive, with another connection open: the import stays in WAL, without waiting', async () => {
    const store = newStore();
    const other = openStore(store.dir, { readonly: true });
    // Were the refused switch to wait for the lock, this import would take ten minutes.
    store.db.pragma('busy_timeout = 600000');
    try {
      const modes: string[] = [];
      const t0 = Date.now();
      const a = await importBundle(store, await segment(0, 149), {
        keyring,
        exclusive: true,
        onProgress: () => void modes.push(String(store.db.pragma('journal_mode', { simple: true }))),
      });
      expect(a.integrity).toBe('VALID');
      expect(new Set(modes)).toEqual(new Set(['wal']));
      expect(Date.now() - t0).toBeLessThan(60_000);
      expect(store.db.pragma('busy_timeout', { simple: true })).toBe(600000);
      expect((other.db.prepare('SELECT count(*) AS n FROM entries').get() as { n: number }).n).toBe(150);
    } finally {
      other.close();
    }
  });

  it('S < N: an overlapping export adds only its new entries, sharing the overlap', async () => {
    const store = newStore();
    await importBundle(store, await segment(0, 199), { keyring });
    const b = await importBundle(store, await segment(100, 299), { keyring });
    expect([b.integrity, b.report.integrity.continuity, b.trusted, b.newEntries]).toEqual([
      'VALID',
      'consistent',
      true,
      100,
    ]);
    expectOriginHolds(store, range(0, 299));
    // The export still lists all its 200 entries: 100 shared with the first import.
    const rows = exportLines(store, b.exportRef, undefined, 1000).rows;
    expect(rows.map((r) => r.seq)).toEqual(range(100, 299));
    expect(rows.map((r) => r.line.toString('utf8'))).toEqual(lines.slice(100, 300));
  });

  it('an export wholly inside what is stored is covered', async () => {
    const store = newStore();
    await importBundle(store, await segment(0, 299), { keyring });
    const c = await importBundle(store, await segment(50, 99), { keyring });
    expect([c.integrity, c.report.integrity.continuity, c.trusted, c.newEntries]).toEqual([
      'VALID',
      'covered',
      true,
      0,
    ]);
    expect(listOrigins(store)[0]!.trustedSize).toBe(300);
    expectOriginHolds(store, range(0, 299));
  });

  it('S > N: a gap is reported, the mark advances, and a later export fills the hole', async () => {
    const store = newStore();
    await importBundle(store, await segment(0, 99), { keyring });
    const c = await importBundle(store, await segment(200, 299), { keyring });
    expect([c.integrity, c.report.integrity.continuity, c.trusted]).toEqual(['VALID', 'gap', true]);
    expect(c.report.findings.map((f) => f.kind)).toContain('export_gap');
    expect(listOrigins(store)[0]!.trustedSize).toBe(300);
    expectOriginHolds(store, [...range(0, 99), ...range(200, 299)]);
    let view = createContinuityView(store);
    expect(view.leafHash(ORIGIN, 150)).toBeNull();
    expect(view.rootAt(ORIGIN, 150)).toBeNull();
    expect(view.rootAt(ORIGIN, 250)).toEqual(merkleRoot(leaves.slice(0, 250)));
    view.close();

    const b = await importBundle(store, await segment(100, 199), { keyring });
    expect([b.integrity, b.trusted, b.newEntries]).toEqual(['VALID', true, 100]);
    expectOriginHolds(store, range(0, 299));
    view = createContinuityView(store);
    expect(view.rootAt(ORIGIN, 150)).toEqual(merkleRoot(leaves.slice(0, 150)));
    view.close();
  });

  it('a conflicting overlap is INVALID, quarantined, and leaves the accepted log untouched', async () => {
    const store = newStore();
    await importBundle(store, await segment(0, 199), { keyring });
    const before = originRows(store);
    // Still canonical JCS, but other bytes than the entry 150 accepted earlier.
    const edited = (seq: number, l: string): string =>
      seq === 150 ? l.replace(/"id":"(.)/, (_m, c: string) => `"id":"${c === 'a' ? 'b' : 'a'}`) : l;
    const bad = await importBundle(store, await segment(100, 299, { edit: edited }), { keyring });
    expect(bad.integrity).toBe('INVALID');
    expect(bad.report.integrity.continuity).toBe('conflict');
    expect(bad.report.findings.map((f) => f.kind)).toContain('overlap_conflict');
    expect(bad.trusted).toBe(false);
    expect(originRows(store)).toEqual(before);
    expect(listOrigins(store)[0]!.trustedSize).toBe(200);
    const rows = exportLines(store, bad.exportRef, undefined, 1000).rows;
    expect(rows.map((r) => r.pos)).toEqual(range(0, 199));
    expect(rows[0]!.line.toString('utf8')).toBe(lines[100]);
    expect(rows[50]!.line.toString('utf8')).toBe(edited(150, lines[150]!));
    expect(rows[199]!.line.toString('utf8')).toBe(lines[299]);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a better keyring later turns a quarantined copy into an accepted import', async () => {
    const store = newStore();
    const bundle = await segment(0, 299);
    const first = await importBundle(store, bundle, { keyring: { keys: [] } });
    expect([first.integrity, first.trusted]).toEqual(['UNVERIFIABLE', false]);
    expect(
      (
        store.db
          .prepare('SELECT count(*) AS n FROM entries e JOIN origins o ON e.log_id = o.log_id')
          .get() as { n: number }
      ).n,
    ).toBe(0);
    const same = await importBundle(store, bundle, { keyring: { keys: [] } });
    expect(same.status).toBe('already-imported');
    const good = await importBundle(store, bundle, { keyring });
    expect([good.status, good.integrity, good.trusted, good.report.integrity.continuity]).toEqual([
      'imported',
      'VALID',
      true,
      'first',
    ]);
    expectOriginHolds(store, range(0, 299));
    expect((await importBundle(store, bundle, { keyring })).status).toBe('already-imported');
  });
});
