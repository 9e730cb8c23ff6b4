/** ISO/IEC 27001:2022 Annex A coverage: the same rule as SOC 2 over the Annex A definition. */
import type { FindingGroup } from '../report/finding-kinds.js';
import { frameworkCoverage, type CoverageInput, type CoverageLine, type FrameworkDef } from './framework-coverage.js';
import { ISO27001_CATALOG, ISO27001_THEMES } from './iso27001-catalog.js';
import { ISO27001_EVIDENCE_MAP, ISO27001_FINDING_GROUPS, ISO27001_TESTS } from './iso27001-evidence-map.js';

export const ISO27001_FRAMEWORK: FrameworkDef = { id: 'iso27001', catalog: ISO27001_CATALOG, groups: ISO27001_THEMES, pairings: ISO27001_EVIDENCE_MAP, tests: ISO27001_TESTS };

/** Findings per Annex A control from findings per group (a finding counts once per control its group names). */
export function iso27001FindingCounts(byGroup: Readonly<Partial<Record<FindingGroup, number>>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [g, n] of Object.entries(byGroup) as [FindingGroup, number][]) for (const c of ISO27001_FINDING_GROUPS[g]) out[c] = (out[c] ?? 0) + n;
  return out;
}

export function iso27001Coverage(input: CoverageInput): CoverageLine[] {
  return frameworkCoverage(ISO27001_FRAMEWORK, input);
}
