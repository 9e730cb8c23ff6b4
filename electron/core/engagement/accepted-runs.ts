/**
 * The lines an engagement's evidence is made of: its accepted (trusted, origin-log) exports'
 * position ranges, merged per log so overlapping exports hold a line once.
 */
import type BetterSqlite3 from 'better-sqlite3';

export interface AcceptedRun {
  logId: number;
  origin: string;
  from: number;
  to: number;
}

export function acceptedRuns(db: BetterSqlite3.Database, exportRefs: readonly number[]): AcceptedRun[] {
  const ranges = db
    .prepare<[string], { log_id: number; origin: string; pos_first: number; pos_last: number }>(
      `SELECT x.log_id, x.origin, x.pos_first, x.pos_last FROM exports x JOIN logs l ON l.id = x.log_id
       WHERE l.kind = 'origin' AND x.trusted = 1 AND x.pos_first IS NOT NULL AND x.id IN (SELECT value FROM json_each(?))
       ORDER BY x.log_id, x.pos_first`,
    )
    .all(JSON.stringify(exportRefs));
  const runs: AcceptedRun[] = [];
  for (const r of ranges) {
    const last = runs[runs.length - 1];
    if (last && last.logId === r.log_id && r.pos_first <= last.to + 1) last.to = Math.max(last.to, r.pos_last);
    else runs.push({ logId: r.log_id, origin: r.origin, from: r.pos_first, to: r.pos_last });
  }
  return runs;
}
