/**
 * SOC 2 coverage of one engagement straight from the store (the CLI; the app reads the same
 * counts through its derived index): accepted lines of the engagement's exports by action type,
 * its findings by criterion, and what the re-evaluation re-performed.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { soc2Coverage } from '../../../shared/frameworks/soc2-coverage.js';
import type { CoverageLine } from '../../../shared/frameworks/framework-coverage.js';
import { iso27001Coverage, iso27001FindingCounts } from '../../../shared/frameworks/iso27001-coverage.js';
import type { FrameworkId } from '../../../shared/engagement/engagement-types.js';
import { isFindingKind, kindGroup, type FindingGroup } from '../../../shared/report/finding-kinds.js';
import { engagementScope } from './engagements.js';
import { documentCounts } from './documents.js';

type Db = BetterSqlite3.Database;

/** Finding counts per criterion from rows of (stored `controls` JSON, count): a finding counts once per criterion it names. */
export function countByCriterion(rows: readonly { controls: string; n: number }[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of rows) {
    let cs: string[];
    try {
      cs = JSON.parse(r.controls) as string[];
    } catch {
      cs = [];
    }
    for (const c of cs) out[c] = (out[c] ?? 0) + r.n;
  }
  return out;
}

export function engagementCoverage(db: Db, engagementId: number, framework: FrameworkId = 'soc2'): CoverageLine[] {
  const refs = JSON.stringify(engagementScope(db, engagementId).exportRefs);
  // Accepted exports' ranges in origin logs, merged so overlapping exports count a line once.
  const ranges = db
    .prepare<[string], { log_id: number; pos_first: number; pos_last: number }>(
      `SELECT x.log_id, x.pos_first, x.pos_last FROM exports x JOIN logs l ON l.id = x.log_id
       WHERE l.kind = 'origin' AND x.trusted = 1 AND x.pos_first IS NOT NULL AND x.id IN (SELECT value FROM json_each(?))
       ORDER BY x.log_id, x.pos_first`,
    )
    .all(refs);
  const merged: { log: number; from: number; to: number }[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && last.log === r.log_id && r.pos_first <= last.to + 1) last.to = Math.max(last.to, r.pos_last);
    else merged.push({ log: r.log_id, from: r.pos_first, to: r.pos_last });
  }
  const actionCounts: Record<string, number> = {};
  const count = db.prepare<[number, number, number, number], { a: string; n: number }>(
    'SELECT action_type AS a, count(*) AS n FROM entries WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) AND action_type IS NOT NULL GROUP BY action_type',
  );
  for (const m of merged) for (const r of count.all(m.log, m.from, m.log, m.to)) actionCounts[r.a] = (actionCounts[r.a] ?? 0) + r.n;
  const findingCounts = countByCriterion(
    db.prepare<[string], { controls: string; n: number }>('SELECT controls, count(*) AS n FROM findings WHERE export_ref IN (SELECT value FROM json_each(?)) GROUP BY controls').all(refs),
  );
  const accepted = db
    .prepare<[string], { n: number; calls: number | null }>('SELECT count(*) AS n, sum(calls) AS calls FROM exports WHERE trusted = 1 AND id IN (SELECT value FROM json_each(?))')
    .get(refs)!;
  const base = { actionCounts, acceptedExports: accepted.n, reEvaluatedCalls: accepted.calls ?? 0, documents: documentCounts(db, engagementId, framework) };
  if (framework === 'soc2') return soc2Coverage({ ...base, findingCounts });
  const byGroup: Partial<Record<FindingGroup, number>> = {};
  for (const r of db.prepare<[string], { kind: string; n: number }>('SELECT kind, count(*) AS n FROM findings WHERE export_ref IN (SELECT value FROM json_each(?)) GROUP BY kind').all(refs)) {
    const g = isFindingKind(r.kind) ? kindGroup(r.kind) : 'other';
    byGroup[g] = (byGroup[g] ?? 0) + r.n;
  }
  return iso27001Coverage({ ...base, findingCounts: iso27001FindingCounts(byGroup) });
}
