/**
 * Coverage of one engagement straight from the store (the CLI; the app reads the same counts
 * through its derived index): accepted lines of the engagement's exports by action type, its
 * findings, and what the re-evaluation re-performed.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { CoverageLine } from '../../../shared/frameworks/framework-coverage.js';
import { concludeCoverage, type FindingTally } from '../../../shared/frameworks/conclude.js';
import type { FrameworkId } from '../../../shared/engagement/engagement-types.js';
import { acceptedRuns } from './accepted-runs.js';
import { engagementScope } from './engagements.js';
import { documentCounts } from './documents.js';

type Db = BetterSqlite3.Database;

export function engagementCoverage(db: Db, engagementId: number, framework: FrameworkId = 'soc2'): CoverageLine[] {
  const exportRefs = engagementScope(db, engagementId).exportRefs;
  const refs = JSON.stringify(exportRefs);
  const actionCounts: Record<string, number> = {};
  const count = db.prepare<[number, number, number, number], { a: string; n: number }>(
    'SELECT action_type AS a, count(*) AS n FROM entries WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) AND action_type IS NOT NULL GROUP BY action_type',
  );
  for (const m of acceptedRuns(db, exportRefs)) for (const r of count.all(m.logId, m.from, m.logId, m.to)) actionCounts[r.a] = (actionCounts[r.a] ?? 0) + r.n;
  const findings = db
    .prepare<[string], FindingTally>('SELECT controls, kind, count(*) AS n FROM findings WHERE export_ref IN (SELECT value FROM json_each(?)) GROUP BY controls, kind')
    .all(refs);
  const accepted = db
    .prepare<[string], { n: number; calls: number | null }>('SELECT count(*) AS n, sum(calls) AS calls FROM exports WHERE trusted = 1 AND id IN (SELECT value FROM json_each(?))')
    .get(refs)!;
  return concludeCoverage(framework, { actionCounts, acceptedExports: accepted.n, reEvaluatedCalls: accepted.calls ?? 0, documents: documentCounts(db, engagementId, framework) }, findings);
}
