import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { exportDetail, listExports, listOrigins } from '../../electron/services/queries/exports-queries.js';
import { exportLines } from '../../electron/services/queries/export-lines.js';
import { listFindings } from '../../electron/services/queries/findings-queries.js';
import { listNotes, setNote } from '../../electron/services/queries/notes-queries.js';
import { DerivedCache } from '../../electron/services/queries/derived-cache.js';
import { createContinuityView } from '../../electron/core/store/continuity.js';
import { StoreError } from '../../electron/core/store/store-errors.js';

const temps: string[] = [];
const stores: Store[] = [];
function fresh(): Store {
  const d = mkdtempSync(path.join(os.tmpdir(), 'cc-queries-'));
  temps.push(d);
  const s = openStore(d);
  stores.push(s);
  return s;
}
afterEach(() => {
  while (stores.length) stores.pop()!.close();
  while (temps.length) rmSync(temps.pop()!, { recursive: true, force: true });
});

describe('store queries on an empty store', () => {
  it('answer empty, never throw', () => {
    const s = fresh();
    expect(listExports(s, null)).toEqual([]);
    expect(exportDetail(s, 1, null)).toBeNull();
    expect(exportDetail(s, '00000000-0000-4000-8000-000000000000', null)).toBeNull();
    expect(listFindings(s, new DerivedCache(s), { severity: 'high' })).toEqual([]);
    expect(exportLines(s, 1)).toEqual({ rows: [], nextAfterPos: null });
    expect(listOrigins(s)).toEqual([]);
    const view = createContinuityView(s);
    expect(view.storedSize('any')).toBe(0);
    expect(view.rootAt('any', 1)).toBeNull();
    expect(view.endStateAt('any', 1)).toBeNull();
    view.close();
  });

  it('keeps editable notes per view cell (responsibility matrix)', () => {
    const s = fresh();
    const at = new Date('2026-04-01T00:00:00.000Z');
    setNote(s, 'matrix', 'agent-1|CC6.1', 'owner confirmed', 'alice', at);
    setNote(s, 'matrix', 'agent-2|CC7.2', 'to review', 'bob', at);
    setNote(s, 'matrix', 'agent-1|CC6.1', 'owner confirmed, ticket 42', 'alice', at);
    setNote(s, 'other', 'x', 'elsewhere', 'alice', at);
    expect(listNotes(s, 'matrix')).toEqual([
      {
        scope: 'matrix',
        key: 'agent-1|CC6.1',
        note: 'owner confirmed, ticket 42',
        updatedAt: at.toISOString(),
        updatedBy: 'alice',
      },
      {
        scope: 'matrix',
        key: 'agent-2|CC7.2',
        note: 'to review',
        updatedAt: at.toISOString(),
        updatedBy: 'bob',
      },
    ]);
    setNote(s, 'matrix', 'agent-2|CC7.2', '', 'bob', at);
    expect(listNotes(s, 'matrix').map((n) => n.key)).toEqual(['agent-1|CC6.1']);
  });

  it('a read-only open writes nothing and refuses imports', async () => {
    const s = fresh();
    const ro = openStore(s.dir, { readonly: true });
    stores.push(ro);
    expect(listExports(ro, null)).toEqual([]);
    const err = await importBundle(ro, '/nonexistent', { keyring: { keys: [] } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).reason).toBe('STORE_BUSY');
  });
});
