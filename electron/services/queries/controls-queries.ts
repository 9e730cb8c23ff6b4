/**
 * Framework coverage of one engagement: accepted evidence by action type, findings and what the
 * re-evaluation re-performed, concluded by the rule in shared/frameworks (docs/coverage.md).
 */
import type { ControlCoverage } from '../../../shared/api/view-types.js';
import { concludeCoverage, type FindingTally } from '../../../shared/frameworks/conclude.js';
import type { FrameworkId } from '../../../shared/engagement/engagement-types.js';
import type { Store } from '../../core/store/store.js';
import type { DerivedCache } from './derived-cache.js';

/** Entries per action type in the scope's accepted (origin) logs: quarantined copies are no evidence. */
export function acceptedActionCounts(store: Store, cache: DerivedCache): Record<string, number> {
  return cache.remember('accepted-action-counts', () => {
    const origins = cache.logs().filter((l) => l.kind === 'origin');
    const counts: Record<string, number> = {};
    for (const l of origins) {
      const rows = cache.searchIndexed()
        ? store
            .prepare<[number], { a: string; n: number }>('SELECT action_type AS a, sum(n) AS n FROM si.action_counts WHERE log_id = ? GROUP BY action_type')
            .all(l.logId)
        : l.runs.flatMap(([from, to]) =>
            store
              .prepare<[number, number, number, number], { a: string; n: number }>(
                'SELECT action_type AS a, count(*) AS n FROM entries WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) AND action_type IS NOT NULL GROUP BY action_type',
              )
              .all(l.logId, from, l.logId, to),
          );
      for (const r of rows) counts[r.a] = (counts[r.a] ?? 0) + r.n;
    }
    return counts;
  });
}

/**
 * Coverage of one framework for the scope. `documents`: the auditor's attachments per control
 * (read fresh by the caller: they change without an import).
 */
export function controlsCoverage(store: Store, cache: DerivedCache, framework: FrameworkId, documents: Record<string, number>): ControlCoverage[] {
  return cache.remember(`controls:${framework}:${JSON.stringify(documents)}`, () => {
    const accepted = cache.exports().filter((x) => x.trusted);
    const f = cache.exportFilter('id');
    const calls = store.prepare<string[], { n: number | null }>(`SELECT sum(calls) AS n FROM exports WHERE trusted = 1 AND ${f.sql}`).get(...f.params)!.n ?? 0;
    const ff = cache.exportFilter('export_ref');
    const findings = store.prepare<string[], FindingTally>(`SELECT controls, kind, count(*) AS n FROM findings WHERE ${ff.sql} GROUP BY controls, kind`).all(...ff.params);
    return concludeCoverage(framework, { actionCounts: acceptedActionCounts(store, cache), acceptedExports: accepted.length, reEvaluatedCalls: calls, documents }, findings);
  });
}
