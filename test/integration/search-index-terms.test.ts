/**
 * The trigram index keeps only the head of each UUID (docs/store.md): whatever users type that it
 * holds — action types, connectors, operations, resources, data types, ids and id prefixes — it
 * answers with exactly the rows a scan of the stored search text finds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EntryPage } from '../../shared/api/view-types.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { dispatch } from '../../electron/services/dispatch.js';
import type { Services } from '../../electron/services/services.js';
import { createServices } from '../../electron/services/services.js';
import { importViaServices } from '../support/service-import.js';
import { indexedWords, indexTerm } from '../../electron/services/search-index.js';

let dir: string;
let services: Services;
let db: Database.Database;
const ipc = { transport: 'ipc' as const };

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cc-search-'));
  const demo = await generateDemo({
    outDir: path.join(dir, 'demo'),
    entries: 4000,
    seed: 'search-terms',
    zip: false,
  });
  services = await createServices({ storeDir: path.join(dir, 'store') });
  await importViaServices(services, demo.bundleDir, demo.keyringPath);
  db = new Database(path.join(dir, 'store', 'crosscheck.db'), { readonly: true });
});

afterAll(async () => {
  db.close();
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

async function search(text: string): Promise<EntryPage> {
  const r = (await dispatch(
    services.handlers,
    'entries.query',
    { filter: { text }, offset: 0, limit: 1000 },
    ipc,
  )) as { ok: boolean; value: EntryPage };
  expect(r, JSON.stringify(r).slice(0, 300)).toMatchObject({ ok: true });
  return r.value;
}

/** Seqs whose stored search text holds `term` (the scan's answer). */
function scan(term: string): number[] {
  return (
    db
      .prepare(
        'SELECT e.seq FROM entry_search s JOIN entries e ON e.id = s.id WHERE instr(s.text, ?) > 0 ORDER BY e.id',
      )
      .all(term.toLowerCase()) as { seq: number }[]
  ).map((r) => r.seq);
}

function sample(sql: string): string {
  return (db.prepare(sql).get() as { v: string }).v;
}

describe('search through the trigram index', () => {
  it('finds action types, connectors, operations, resources, data types, ids and id prefixes exactly as a scan does', async () => {
    const call = db
      .prepare("SELECT line FROM entries WHERE action_type = 'connector.called' LIMIT 1 OFFSET 17")
      .get() as { line: Buffer };
    const e = JSON.parse(call.line.toString('utf8')) as {
      id: string;
      data: {
        call_id: string;
        connector: string;
        operation: string;
        data_types: string[];
        target: { resource: string };
      };
    };
    const terms = [
      'approval.requested',
      'policy.',
      e.data.connector,
      e.data.operation,
      e.data.target.resource,
      e.data.target.resource.slice(2, 9),
      e.data.data_types[0]!,
      e.id,
      e.id.toUpperCase(),
      e.id.slice(0, 8),
      e.id.slice(0, 13),
      e.data.call_id.slice(0, 23),
      sample('SELECT substr(text, 1, 11) AS v FROM entry_search LIMIT 1 OFFSET 999'),
      'heartbeat-that-never-was',
    ];
    for (const t of terms) {
      const page = await search(t);
      expect(page.textSearch, t).toBe('index');
      const want = scan(t);
      expect(page.total, t).toBe(want.length);
      expect(
        page.rows.map((r) => r.seq),
        t,
      ).toEqual(want.slice(0, 1000));
    }
    expect((await search(e.data.operation)).total).toBeGreaterThan(0);
    expect((await search(e.id)).total).toBe(1);
    // A hex fragment is found in the heads of ids (and anywhere in the other words), never wrongly.
    const head = await search(e.id.slice(2, 6));
    expect(head.rows.map((r) => r.seq)).toContain(scan(e.id)[0]);
    for (const r of head.rows) expect(scan(e.id.slice(2, 6))).toContain(r.seq);
  });

  it('a fragment from inside an id (past its first 8 digits) is not held by the index: every row it gives does hold it', async () => {
    const id = sample('SELECT substr(text, 1, 36) AS v FROM entry_search LIMIT 1 OFFSET 123');
    const inner = id.slice(24, 32);
    const page = await search(inner);
    for (const r of page.rows) expect(scan(inner)).toContain(r.seq);
  });

  it('the indexed words keep every UUID head and every other character (property)', () => {
    const hex = fc.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const word = fc.stringMatching(/^[a-z:/._-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(fc.oneof(hex, word), { maxLength: 6 }), (parts) => {
        const text = parts.join(' ');
        const words = indexedWords(text);
        for (const p of parts)
          expect(words).toContain(/^[0-9a-f]{8}-/.test(p) && p.length === 36 ? p.slice(0, 8) : p);
        // A long id prefix is looked up by its head and confirmed against the full text.
        for (const p of parts.filter((x) => x.length === 36 && /^[0-9a-f]{8}-/.test(x)))
          expect(indexTerm(p.slice(0, 20))).toEqual({
            phrase: `"${p.slice(0, 8)}"`,
            like: `%${p.slice(0, 20)}%`,
          });
      }),
      { numRuns: 300 },
    );
  });
});
