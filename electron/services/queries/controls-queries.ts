/** SOC 2 coverage from the store: evidence by action type (spec §10) and findings by criterion. */
import type { ControlCoverage } from '../../../shared/api/view-types.js';
import { computeCoverage } from '../../../shared/controls/soc2.js';
import type { Store } from '../../core/store/store.js';
import type { DerivedCache } from './derived-cache.js';
import { findingCounts } from './findings-queries.js';

export function controlsCoverage(store: Store, cache: DerivedCache): ControlCoverage[] {
  return cache.remember('controls', () => {
    // Evidence is what the auditor accepted: lines in origin logs, not quarantined copies.
    const origins = cache.logs().filter((l) => l.kind === 'origin');
    const actionCounts: Record<string, number> = {};
    if (cache.searchIndexed()) {
      for (const l of origins) {
        for (const r of store
          .prepare<[number], { a: string; n: number }>('SELECT action_type AS a, sum(n) AS n FROM si.action_counts WHERE log_id = ? GROUP BY action_type')
          .all(l.logId)) {
          actionCounts[r.a] = (actionCounts[r.a] ?? 0) + r.n;
        }
      }
      return computeCoverage({ actionCounts, findingCounts: findingCounts(store, cache).byControl });
    }
    for (const l of origins) {
      const rows = store
        .prepare<[number, number], { a: string; n: number }>(
          'SELECT action_type AS a, count(*) AS n FROM entries WHERE id >= (? << 40) AND id < ((? + 1) << 40) AND action_type IS NOT NULL GROUP BY action_type',
        )
        .all(l.logId, l.logId);
      for (const r of rows) actionCounts[r.a] = (actionCounts[r.a] ?? 0) + r.n;
    }
    return computeCoverage({ actionCounts, findingCounts: findingCounts(store, cache).byControl });
  });
}
