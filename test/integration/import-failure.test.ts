/**
 * A failed, cancelled or killed import leaves the store exactly as it was: same rows, same file
 * bytes once checkpointed, and a clean integrity_check.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../shared/format/export-types.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { MIGRATIONS_DIR } from '../../electron/core/store/migrations.js';
import { listOrigins } from '../../electron/services/queries/exports-queries.js';
import { StoreError } from '../../electron/core/store/store-errors.js';
import { CrosscheckError } from '../../electron/core/errors/crosscheck-error.js';
import { BundleBuilder } from '../../electron/core/producer/bundle-writer.js';
import { buildKeyring, deriveSigningKey, keyringJson } from '../../electron/core/producer/keys.js';
import { REPO_ROOT, SAMPLE_BUNDLE, SAMPLE_KEYRING } from '../support/paths.js';

const sampleKeyring = JSON.parse(readFileSync(SAMPLE_KEYRING, 'utf8')) as Keyring;
const logKey = deriveSigningKey('store-failure-tests', 'test-log');
const exportKey = deriveSigningKey('store-failure-tests', 'test-export');
const keyring: Keyring = buildKeyring([
  { key: logKey, roles: ['log'], validFrom: '2020-01-01T00:00:00.000Z' },
  { key: exportKey, roles: ['export'], validFrom: '2020-01-01T00:00:00.000Z' },
]);
const ORG = 'fa0deae3-3060-4e8a-b1c6-696fa93425ca';
const NODE = path.join(REPO_ROOT, 'node_modules', '.bin', 'node');

let root: string;
const stores: Store[] = [];

/** A large valid export of heartbeats, written line by line (a million-entry bundle never sits in memory). */
function heartbeatBundle(dir: string, count: number): string {
  const b = new BundleBuilder(dir, { size: 0, hashes: [] });
  const t0 = Date.parse('2026-03-18T08:05:18.110Z');
  let prev = '0'.repeat(64);
  for (let seq = 0; seq < count; seq++) {
    const id = `00000000-0000-4000-8000-${seq.toString(16).padStart(12, '0')}`;
    const ts = new Date(t0 + seq * 1000).toISOString();
    // Written in JCS key order by hand: canonicalize() per line would dominate the generation time.
    const line = `{"action_type":"system.heartbeat","actor":{"id":"platform","type":"system"},"agent_id":null,"data":{},"id":"${id}","org_id":"${ORG}","prev":"${prev}","seq":${seq},"ts":"${ts}"}`;
    prev = b.appendLine(Buffer.from(line, 'utf8')).toString('hex');
  }
  b.finish({
    fields: {
      export_id: `11111111-0000-4000-8000-${count.toString(16).padStart(12, '0')}`,
      origin: `test.example/log/${ORG}`,
      org: { id: ORG, name: 'Heartbeat Org' },
      platform: { name: 'test', version: '1' },
      created_at: new Date(t0 + count * 1000 + 60_000).toISOString(),
      period: { from: new Date(t0).toISOString(), to: new Date(t0 + (count - 1) * 1000).toISOString() },
      previous_export: null,
      heartbeat_seconds: 300,
    },
    state: readFileSync(path.join(SAMPLE_BUNDLE, 'state.json')),
    logKeys: [logKey],
    exportKeys: [exportKey],
  });
  return dir;
}

/** Every row of every table, order-independent, plus the checkpointed file's SHA-256. */
function snapshot(store: Store): { rows: Record<string, string[]>; fileSha: string } {
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  const tables = (
    store.db
      .prepare(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[]
  ).map((t) => t.name);
  const rows: Record<string, string[]> = {};
  for (const t of tables) {
    // Identifiers cannot be bound; these names come from sqlite_schema itself.
    rows[t] = (store.db.prepare(`SELECT * FROM "${t}"`).raw().all() as unknown[][])
      .map((r) => JSON.stringify(r.map((v) => (Buffer.isBuffer(v) ? `hex:${v.toString('hex')}` : v))))
      .sort();
  }
  // Bytes 24–27 and 92–95 of the header are SQLite's change counter and the version it is valid
  // for: switching to a rollback journal and back (an exclusive import) bumps them without
  // touching any page's content. Every other byte of the file must be as it was.
  const file = readFileSync(store.file);
  file.fill(0, 24, 28);
  file.fill(0, 92, 96);
  return { rows, fileSha: createHash('sha256').update(file).digest('hex') };
}

async function storeWithSample(): Promise<Store> {
  const store = openStore(mkdtempSync(path.join(root, 'store-')));
  stores.push(store);
  const res = await importBundle(store, SAMPLE_BUNDLE, { keyring: sampleKeyring });
  expect(res.integrity).toBe('VALID');
  return store;
}

let big: string;

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'cc-failure-'));
  big = heartbeatBundle(path.join(root, 'big'), 200_000);
  writeFileSync(path.join(root, 'keyring.json'), keyringJson(keyring));
});
afterAll(() => {
  while (stores.length) stores.pop()!.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a failed import leaves the store exactly as it was', () => {
  it.each([
    ['WAL', false],
    ['a rollback journal (exclusive)', true],
  ])('cancelled mid-stream (AbortSignal), written through %s', async (_name, exclusive) => {
    const store = await storeWithSample();
    const before = snapshot(store);
    const ac = new AbortController();
    let seen = 0;
    const err = await importBundle(store, big, {
      keyring,
      exclusive,
      signal: ac.signal,
      onProgress: (p) => {
        seen = p.entries;
        if (p.entries > 50_000) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CrosscheckError);
    expect((err as CrosscheckError).code).toBe('CANCELLED');
    expect(seen).toBeGreaterThan(50_000);
    expect(seen).toBeLessThan(200_000);
    expect(snapshot(store)).toEqual(before);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.importing).toBe(false);
  });

  it('a store error in the middle (an insert that fails at entry 150,000)', async () => {
    const store = await storeWithSample();
    const before = snapshot(store);
    // A TEMP trigger lives only on this connection, so the file under test is not altered by it.
    store.db.exec(
      "CREATE TEMP TRIGGER fail_midway AFTER INSERT ON main.entries WHEN new.seq = 150000 BEGIN SELECT RAISE(ABORT, 'simulated disk full'); END",
    );
    const err = await importBundle(store, big, { keyring }).catch((e: unknown) => e);
    store.db.exec('DROP TRIGGER temp.fail_midway');
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe('IMPORT_FAILED');
    expect((err as StoreError).message).toMatch(/simulated disk full/);
    expect(snapshot(store)).toEqual(before);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');

    // The store is usable afterwards: the same bundle now imports.
    const ok = await importBundle(store, big, { keyring });
    expect([ok.status, ok.integrity, ok.newEntries]).toEqual(['imported', 'VALID', 200_000]);
  });

  it('a callback that throws fails the import instead of being recorded as a malformed bundle', async () => {
    const store = await storeWithSample();
    const before = snapshot(store);
    const err = await importBundle(store, big, {
      keyring,
      onProgress: (p) => {
        if (p.entries > 10_000) throw new Error('progress sink went away');
      },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(snapshot(store)).toEqual(before);
  });

  it.each([
    ['WAL', false],
    ['a rollback journal (exclusive)', true],
  ])('an export judged UNVERIFIABLE only at its end moves all 200,000 entries to quarantine, through %s', async (_name, exclusive) => {
    const store = openStore(mkdtempSync(path.join(root, 'store-')));
    stores.push(store);
    // No keys: every line verifies and is written to the origin's log, then the signatures cannot
    // be checked, so the whole log moves (in chunks) to a quarantine log of its own.
    const res = await importBundle(store, big, { keyring: { keys: [] }, exclusive });
    expect([res.status, res.integrity, res.trusted, res.newEntries]).toEqual(['imported', 'UNVERIFIABLE', false, 200_000]);
    const logs = store.db
      .prepare('SELECT l.kind AS kind, count(*) AS n, min(e.pos) AS lo, max(e.pos) AS hi FROM entries e JOIN logs l ON l.id = e.log_id GROUP BY e.log_id')
      .all();
    expect(logs).toEqual([{ kind: 'quarantine', n: 200_000, lo: 0, hi: 199_999 }]);
    const h = createHash('sha256');
    for (const r of store.db.prepare('SELECT line FROM entries ORDER BY id').iterate() as Iterable<{ line: Buffer }>) {
      h.update(r.line).update('\n');
    }
    expect(h.digest('hex')).toBe(createHash('sha256').update(readFileSync(path.join(big, 'entries.jsonl'))).digest('hex'));
    expect(store.db.prepare('SELECT count(*) AS n FROM entry_search s JOIN entries e ON e.id = s.id').get()).toEqual({ n: 200_000 });
    // Temporary storage is back in files once the import is over.
    expect(store.db.pragma('temp_store', { simple: true })).toBe(1);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a truncated entries.jsonl is not a failure: it is recorded as INVALID and quarantined', async () => {
    const store = await storeWithSample();
    const dir = path.join(root, 'truncated');
    cpSync(SAMPLE_BUNDLE, dir, { recursive: true });
    chmodSync(dir, 0o755);
    const f = path.join(dir, 'entries.jsonl');
    chmodSync(f, 0o644);
    const bytes = readFileSync(f);
    writeFileSync(f, bytes.subarray(0, Math.floor(bytes.length / 2)));
    const origins = listOrigins(store);
    const res = await importBundle(store, dir, { keyring: sampleKeyring });
    // Same export_id and manifest as the stored VALID sample: a tampered copy of an accepted export.
    expect(res.status).toBe('already-imported');
    expect(res.report.integrity.status).toBe('INVALID');
    expect(res.message).toMatch(/this copy verifies as INVALID/);
    expect(listOrigins(store)).toEqual(origins);

    const fresh = openStore(mkdtempSync(path.join(root, 'store-')));
    stores.push(fresh);
    const first = await importBundle(fresh, dir, { keyring: sampleKeyring });
    expect([first.status, first.integrity, first.trusted]).toEqual(['imported', 'INVALID', false]);
    expect(listOrigins(fresh).every((o) => o.trustedSize === 0)).toBe(true);
  });

  // WAL is how the app imports; the rollback journal is how the CLI imports a new origin.
  it.each([
    ['WAL', false],
    ['a rollback journal (the CLI, exclusive)', true],
  ])('killed with SIGKILL in the middle of a large import written through %s', async (_name, exclusive) => {
    const dir = mkdtempSync(path.join(root, 'store-'));
    let store = openStore(dir);
    await importBundle(store, SAMPLE_BUNDLE, { keyring: sampleKeyring });
    const before = snapshot(store);
    store.close();

    // The child is bundled with esbuild next to node_modules so its bare imports resolve.
    const cache = path.join(REPO_ROOT, 'node_modules', '.cache', 'crosscheck-store-tests');
    mkdirSync(cache, { recursive: true });
    const entry = path.join(root, 'child.ts');
    const out = path.join(cache, `import-child-${process.pid}-${String(exclusive)}.mjs`);
    writeFileSync(
      entry,
      `import { readFileSync } from 'node:fs';
import { importBundle } from ${JSON.stringify(path.join(REPO_ROOT, 'electron/core/import/import-bundle.ts'))};
import { openStore } from ${JSON.stringify(path.join(REPO_ROOT, 'electron/core/store/store.ts'))};
const [storeDir, bundle, keyringFile, migrationsDir, exclusive] = process.argv.slice(2);
// A small page cache makes the open transaction spill pages into the WAL early, as a big import does.
const store = openStore(storeDir, { migrationsDir, cacheKiB: 2048 });
let said = false;
await importBundle(store, bundle, {
  keyring: JSON.parse(readFileSync(keyringFile, 'utf8')),
  exclusive: exclusive === 'exclusive',
  onProgress: (p) => { if (!said && p.entries >= 60000) { said = true; process.stdout.write('MIDWAY\\n'); } },
});
process.stdout.write('DONE\\n');
`,
    );
    execFileSync(path.join(REPO_ROOT, 'node_modules', '.bin', 'esbuild'), [
      entry,
      '--bundle',
      '--platform=node',
      '--format=esm',
      '--packages=external',
      `--outfile=${out}`,
      '--log-level=warning',
    ]);
    const dbBytes = statSync(path.join(dir, 'crosscheck.db')).size;
    const args = [
      out,
      dir,
      big,
      path.join(root, 'keyring.json'),
      MIGRATIONS_DIR,
      exclusive ? 'exclusive' : 'wal',
    ];
    const child = spawn(NODE, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const outcome = await new Promise<string>((resolve) => {
      let stdout = '';
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('MIDWAY')) {
          // The transaction is open and has written pages: prove it before pulling the plug.
          // Through WAL they are in the log; through a rollback journal they are in the database
          // file itself, with the journal that undoes them beside it.
          const db = path.join(dir, 'crosscheck.db');
          const size = (f: string): number => (existsSync(f) ? statSync(f).size : 0);
          const written = exclusive ? size(db) - dbBytes : size(`${db}-wal`);
          const journal = size(`${db}-journal`);
          child.kill('SIGKILL');
          resolve(`killed written=${written} journal=${journal}`);
        } else if (stdout.includes('DONE')) resolve('finished');
      });
      child.on('exit', () => resolve(`exited: ${stderr}`));
    });
    rmSync(out, { force: true });
    const m = /^killed written=(\d+) journal=(\d+)$/.exec(outcome);
    expect(m, outcome).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(1_000_000);
    if (exclusive) expect(Number(m![2])).toBeGreaterThan(0);
    else expect(Number(m![2])).toBe(0);
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once('exit', r));

    store = openStore(dir);
    stores.push(store);
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(snapshot(store)).toEqual(before);
    // And the interrupted export imports cleanly afterwards.
    const res = await importBundle(store, big, { keyring });
    expect([res.status, res.integrity, res.newEntries]).toEqual(['imported', 'VALID', 200_000]);
  });
});
