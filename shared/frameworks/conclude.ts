/**
 * The one entry from a scope's counts to a framework's conclusions, used by the app and the CLI
 * alike: findings are tallied once (by stored criterion for SOC 2, by finding group for Annex A).
 */
import type { FrameworkId } from '../engagement/engagement-types.js';
import { isFindingKind, kindGroup, type FindingGroup } from '../report/finding-kinds.js';
import type { CoverageInput, CoverageLine } from './framework-coverage.js';
import { iso27001Coverage, iso27001FindingCounts } from './iso27001-coverage.js';
import { soc2Coverage } from './soc2-coverage.js';

/** A scope's findings grouped as the store returns them: (stored `controls` JSON, kind, count). */
export interface FindingTally {
  controls: string;
  kind: string;
  n: number;
}

/** Findings per SOC 2 criterion (each counts once per criterion it names) and per finding group. */
export function tallyFindings(rows: readonly FindingTally[]): { byCriterion: Record<string, number>; byGroup: Partial<Record<FindingGroup, number>> } {
  const byCriterion: Record<string, number> = {};
  const byGroup: Partial<Record<FindingGroup, number>> = {};
  for (const r of rows) {
    let cs: string[];
    try {
      cs = JSON.parse(r.controls) as string[];
    } catch {
      cs = [];
    }
    for (const c of cs) byCriterion[c] = (byCriterion[c] ?? 0) + r.n;
    const g = isFindingKind(r.kind) ? kindGroup(r.kind) : 'other';
    byGroup[g] = (byGroup[g] ?? 0) + r.n;
  }
  return { byCriterion, byGroup };
}

/** The conclusions of `framework` from a scope's counts and its findings. */
export function concludeCoverage(framework: FrameworkId, base: Omit<CoverageInput, 'findingCounts'>, findings: readonly FindingTally[]): CoverageLine[] {
  const t = tallyFindings(findings);
  return framework === 'iso27001' ? iso27001Coverage({ ...base, findingCounts: iso27001FindingCounts(t.byGroup) }) : soc2Coverage({ ...base, findingCounts: t.byCriterion });
}
