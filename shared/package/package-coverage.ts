/**
 * The SOC 2 conclusions a package states, computed from the package's own figures by the same
 * rule as the Controls screen (shared/frameworks/soc2-coverage.ts), so a binder never says more
 * than the app: heartbeats do not evidence backups, a finding makes an exception.
 */
import { soc2Coverage, type Soc2CoverageLine } from '../frameworks/soc2-coverage.js';
import type { PackageDoc } from './package-types.js';
import { findingCriteria } from './soc2-mapping.js';

export function packageCoverage(doc: PackageDoc): Soc2CoverageLine[] {
  const findingCounts: Record<string, number> = {};
  for (const f of doc.findings) for (const c of findingCriteria(f)) findingCounts[c] = (findingCounts[c] ?? 0) + 1;
  const accepted = doc.exports.filter((e) => e.integrity === 'VALID').length;
  return soc2Coverage({
    actionCounts: doc.execution.by_action_type,
    findingCounts,
    acceptedExports: accepted,
    // The package's calls were re-decided when its exports were imported (VALID exports only).
    reEvaluatedCalls: accepted > 0 ? doc.execution.totals.calls : 0,
  });
}
