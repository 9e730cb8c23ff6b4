/**
 * What the app's import hands the derived index so its build does less: the states its
 * re-evaluation takes every SNAPSHOT_EVERY lines (the explanations' snapshots) and the tallies
 * its writer counts. Both equal what the build gets by replaying / reading back the stored lines.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Keyring } from '../../shared/format/export-types.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { openStore } from '../../electron/core/store/store.js';
import { runImport } from '../../electron/services/import-runner.js';
import {
  buildSearchIndex,
  SEARCH_DB_FILE,
  snapshotJson,
  SNAPSHOT_EVERY,
} from '../../electron/services/search-index.js';
import { CHUNK, ImportTallies } from '../../electron/services/chunk-tally.js';
import { keyringRecord } from '../../electron/core/keyring/keyring-record.js';

let dir: string;
let bundle: string;
let keyring: Keyring;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cc-snap-'));
  const demo = await generateDemo({
    outDir: path.join(dir, 'demo'),
    entries: 2 * SNAPSHOT_EVERY + 500,
    seed: 'snapshots',
    plant: 'verdict_mismatch',
    zip: false,
  });
  bundle = demo.bundleDir;
  keyring = JSON.parse(readFileSync(demo.keyringPath, 'utf8')) as Keyring;
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

function kept(storeDir: string): { snaps: [number, string][]; done: number[] } {
  const db = new Database(path.join(storeDir, SEARCH_DB_FILE), { readonly: true });
  try {
    const snaps = (
      db.prepare('SELECT pos, json FROM state_snapshots ORDER BY export_ref, pos').all() as {
        pos: number;
        json: Buffer;
      }[]
    ).map((r) => [r.pos, snapshotJson(r.json)] as [number, string]);
    const done = (
      db.prepare('SELECT export_ref FROM snapshotted_exports').all() as { export_ref: number }[]
    ).map((r) => r.export_ref);
    return { snaps, done };
  } finally {
    db.close();
  }
}

describe('state snapshots taken by the import', () => {
  it('equal the ones a replay of the stored lines produces', async () => {
    const storeDir = path.join(dir, 'replayed');
    const store = openStore(storeDir);
    const taken: [number, string][] = [];
    try {
      const r = await importBundle(store, bundle, {
        keyring,
        stateSnapshots: { every: SNAPSHOT_EVERY, onSnapshot: (i, json) => taken.push([i, json]) },
      });
      expect(r.integrity).toBe('VALID');
    } finally {
      store.close();
    }
    expect(taken.map(([i]) => i)).toEqual([SNAPSHOT_EVERY, 2 * SNAPSHOT_EVERY]);
    // Nothing was recorded from the import here: the build replays, as for a CLI import.
    await buildSearchIndex(storeDir);
    const replayed = kept(storeDir);
    expect(replayed.done).toEqual([1]);
    // The export starts at seq 0, so positions and line indexes coincide.
    expect(replayed.snaps).toEqual(taken);
  });

  it('are kept by the app import, which then has nothing to replay', async () => {
    const storeDir = path.join(dir, 'app');
    const phases: string[] = [];
    await runImport(
      { storeDir, bundlePath: bundle, keyring: keyringRecord(keyring, 'k') },
      (p) => phases.push(p.phase),
      new AbortController().signal,
    );
    expect(phases).not.toContain('explaining');
    const viaApp = kept(storeDir);
    expect(viaApp.done).toEqual([1]);
    expect(viaApp.snaps).toEqual(kept(path.join(dir, 'replayed')).snaps);
  });
});

const TALLY_TABLES = [
  'indexed_runs',
  'action_counts',
  'agent_calls',
  'agent_data',
  'agent_events',
  'subtrees',
];

function tables(storeDir: string): Record<string, unknown[]> {
  const db = new Database(path.join(storeDir, SEARCH_DB_FILE), { readonly: true });
  try {
    return Object.fromEntries(
      TALLY_TABLES.map((t) => [t, db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all()]),
    );
  } finally {
    db.close();
  }
}

/** Imports the bundle, then builds the index with the tallies the import counted; returns how many chunks it took from them. */
async function importCounted(storeDir: string, k: Keyring): Promise<number> {
  const store = openStore(storeDir);
  const counted = new ImportTallies();
  try {
    await importBundle(store, bundle, { keyring: k, onStoredRow: (log, pos, v) => counted.row(log, pos, v) });
  } finally {
    store.close();
  }
  await buildSearchIndex(storeDir, undefined, undefined, undefined, counted);
  return counted.used;
}

describe('tallies counted by the import', () => {
  it('equal the ones read back from the store, chunk for chunk', async () => {
    const storeDir = path.join(dir, 'counted');
    expect(await importCounted(storeDir, keyring)).toBe(2);
    expect(2 * SNAPSHOT_EVERY + 500).toBeGreaterThan(CHUNK);
    const read = tables(path.join(dir, 'replayed'));
    expect(read.subtrees!.length).toBeGreaterThan(16);
    expect(tables(storeDir)).toEqual(read);
  });

  it('are not used for an export that moved to quarantine: the build reads it back', async () => {
    const none: Keyring = { keys: [] };
    const counted = path.join(dir, 'q-counted');
    expect(await importCounted(counted, none)).toBe(0);
    const plainDir = path.join(dir, 'q-read');
    const store = openStore(plainDir);
    try {
      expect((await importBundle(store, bundle, { keyring: none })).integrity).toBe('UNVERIFIABLE');
    } finally {
      store.close();
    }
    await buildSearchIndex(plainDir);
    expect(tables(counted)).toEqual(tables(plainDir));
  });
});
