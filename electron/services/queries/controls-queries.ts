/**
 * SOC 2 coverage of one engagement: accepted evidence by action type, findings by criterion and
 * what the re-evaluation re-performed, concluded by the rule in shared/frameworks/soc2-coverage.ts.
 */
import type { ControlCoverage } from '../../../shared/api/view-types.js';
import { soc2Coverage } from '../../../shared/frameworks/soc2-coverage.js';
import { iso27001Coverage, iso27001FindingCounts } from '../../../shared/frameworks/iso27001-coverage.js';
import type { FrameworkId } from '../../../shared/engagement/engagement-types.js';
import { isFindingKind, kindGroup, type FindingGroup } from '../../../shared/report/finding-kinds.js';
import type { Store } from '../../core/store/store.js';
import type { DerivedCache } from './derived-cache.js';
import { findingCounts } from './findings-queries.js';

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

/** Finding counts per finding group within the scope (ISO controls are named per group). */
function findingsByGroup(store: Store, cache: DerivedCache): Partial<Record<FindingGroup, number>> {
  const f = cache.exportFilter('export_ref');
  const out: Partial<Record<FindingGroup, number>> = {};
  for (const r of store.prepare<string[], { kind: string; n: number }>(`SELECT kind, count(*) AS n FROM findings WHERE ${f.sql} GROUP BY kind`).all(...f.params)) {
    const g = isFindingKind(r.kind) ? kindGroup(r.kind) : 'other';
    out[g] = (out[g] ?? 0) + r.n;
  }
  return out;
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
    const base = { actionCounts: acceptedActionCounts(store, cache), acceptedExports: accepted.length, reEvaluatedCalls: calls, documents };
    return framework === 'iso27001'
      ? iso27001Coverage({ ...base, findingCounts: iso27001FindingCounts(findingsByGroup(store, cache)) })
      : soc2Coverage({ ...base, findingCounts: findingCounts(store, cache).byControl });
  });
}
