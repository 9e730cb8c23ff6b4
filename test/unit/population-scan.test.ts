/**
 * The first pass reads the same members whatever the store's text encoding: raw bytes where text
 * is UTF-8 (as every store we create), hex otherwise. Both are checked against the members as
 * inserted, on real SQLite files holding two logs, strata with missing keys, and a log whose
 * positions span several chunks.
 */
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanPopulation } from '../../electron/core/sampling/population-scan.js';
import { stratumKey } from '../../electron/core/sampling/stratified.js';
import type { StratifyBy } from '../../shared/sampling/workpaper-types.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-scan-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Row {
  id: number;
  action_type: string;
  agent_id: string | null;
  ts: string | null;
  env: string | null;
  leaf: Buffer;
}

const ROWS: Row[] = [];
for (const [log, count, step] of [
  [1, 900, 1],
  [2, 600, 331],
] as const)
  for (let p = 0; p < count; p++)
    ROWS.push({
      id: log * 2 ** 40 + p * step,
      action_type: p % 3 === 0 ? 'connector.called' : p % 3 === 1 ? 'approval.decided' : 'agent.updated',
      agent_id: p % 11 === 0 ? null : p % 13 === 0 ? '' : `agent-${p % 5}`,
      ts: p % 17 === 0 ? null : `2026-${String((p % 12) + 1).padStart(2, '0')}-03T00:00:00.000Z`,
      env: p % 7 === 0 ? null : `env-${p % 3}`,
      leaf: createHash('sha256').update(`${log}:${p}`).digest(),
    });

function storeWith(encoding: string): Database.Database {
  const db = new Database(path.join(tmp, `${encoding}.db`));
  db.pragma(`encoding = '${encoding}'`);
  db.exec(`CREATE TABLE entries (id INTEGER PRIMARY KEY, ts TEXT, agent_id TEXT, action_type TEXT,
    leaf_hash BLOB NOT NULL, line BLOB NOT NULL) STRICT; CREATE INDEX entries_action ON entries(action_type)`);
  const ins = db.prepare(
    'INSERT INTO entries (id, ts, agent_id, action_type, leaf_hash, line) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const r of ROWS) {
      const line = JSON.stringify({ data: r.env === null ? {} : { target: { environment: r.env } } });
      ins.run(r.id, r.ts, r.agent_id, r.action_type, r.leaf, Buffer.from(line));
    }
  })();
  return db;
}

const RUNS = [
  { logId: 1, origin: 'a', from: 0, to: 899 },
  { logId: 2, origin: 'b', from: 331, to: 599 * 331 },
];
const TYPES = ['connector.called', 'approval.decided'];

function expected(stratify?: StratifyBy) {
  const inRun = (r: Row) =>
    RUNS.some((x) => r.id >= x.logId * 2 ** 40 + x.from && r.id <= x.logId * 2 ** 40 + x.to);
  const members = ROWS.filter((r) => TYPES.includes(r.action_type) && inRun(r)).sort(
    (a, b) => Buffer.compare(a.leaf, b.leaf) || a.id - b.id,
  );
  return {
    size: members.length,
    digest: createHash('sha256')
      .update(Buffer.concat(members.map((m) => m.leaf)))
      .digest('hex'),
    ids: members.map((m) => m.id),
    keys: stratify
      ? members.map((m) => stratumKey(stratify, { agent_id: m.agent_id, ts: m.ts, environment: m.env }))
      : undefined,
  };
}

describe('the first pass over a store', () => {
  const stores = { utf8: storeWith('UTF-8'), utf16: storeWith('UTF-16le') };
  afterAll(() => Object.values(stores).forEach((db) => db.close()));

  it('reads UTF-8 stores as raw bytes and others as hex', () => {
    expect(stores.utf8.pragma('encoding', { simple: true })).toBe('UTF-8');
    expect(stores.utf16.pragma('encoding', { simple: true })).toBe('UTF-16le');
  });

  for (const stratify of [undefined, 'agent', 'month', 'environment'] as const)
    for (const [name, db] of Object.entries(stores))
      // The environment is read from the line cast to text, which only a UTF-8 store holds as its bytes.
      if (stratify !== 'environment' || name === 'utf8')
        it(`${name}: members, canonical order and digest${stratify ? `, strata by ${stratify}` : ''}`, () => {
          const pop = scanPopulation(db, RUNS, TYPES, stratify);
          const want = expected(stratify);
          expect(pop.size).toBe(want.size);
          expect(pop.digest).toBe(want.digest);
          expect(Array.from(pop.ids)).toEqual(want.ids);
          if (stratify) expect(Array.from(pop.codes!, (c) => pop.keys![c])).toEqual(want.keys);
        });
});
