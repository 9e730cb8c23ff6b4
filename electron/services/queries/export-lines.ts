/**
 * An export's stored lines exactly as exported, in log order, a keyset page at a time: what
 * re-evaluation and re-verification read (the entry list's rows are `entries.query`'s EntryRow).
 */
import { ENTRY_ID_SQL } from '../../core/store/entry-key.js';
import type { Store } from '../../core/store/store.js';

export interface ExportLine {
  /** Position in the export's log: the seq for an accepted export, the line index for a quarantined one. */
  pos: number;
  seq: number | null;
  leafHash: string;
  /** The exact line bytes as exported, without the newline. */
  line: Buffer;
}

export interface ExportLinePage {
  rows: ExportLine[];
  /** Pass as `afterPos` for the next page; null at the end. */
  nextAfterPos: number | null;
}

const MAX_PAGE = 10_000;

/** One page of export `exportRef`'s lines after position `afterPos` (from its first without one). */
export function exportLines(store: Store, exportRef: number, afterPos?: number, limit = 500): ExportLinePage {
  const exp = store
    .prepare<[number], { log_id: number; pos_first: number | null; pos_last: number | null }>(
      'SELECT log_id, pos_first, pos_last FROM exports WHERE id = ?',
    )
    .get(exportRef);
  if (!exp || exp.pos_first === null || exp.pos_last === null) return { rows: [], nextAfterPos: null };
  const lo = Math.max(exp.pos_first, (afterPos ?? -1) + 1);
  if (lo > exp.pos_last) return { rows: [], nextAfterPos: null };
  const n = Math.max(1, Math.min(MAX_PAGE, Math.trunc(limit)));
  const rows = store
    .prepare<
      [number, number, number, number, number],
      { pos: number; seq: number | null; leaf_hash: Buffer; line: Buffer }
    >(
      `SELECT pos, seq, leaf_hash, line FROM entries WHERE id >= ${ENTRY_ID_SQL} AND id <= ${ENTRY_ID_SQL} ORDER BY id LIMIT ?`,
    )
    .all(exp.log_id, lo, exp.log_id, exp.pos_last, n);
  return {
    rows: rows.map((r) => ({ pos: r.pos, seq: r.seq, leafHash: r.leaf_hash.toString('hex'), line: r.line })),
    nextAfterPos: rows.length === n ? rows[rows.length - 1]!.pos : null,
  };
}

/** Every line of export `exportRef`, in log order, read a page at a time. */
export function* allExportLines(store: Store, exportRef: number): Generator<ExportLine> {
  let after: number | undefined;
  for (;;) {
    const page = exportLines(store, exportRef, after, 5000);
    yield* page.rows;
    if (page.nextAfterPos === null) return;
    after = page.nextAfterPos;
  }
}
