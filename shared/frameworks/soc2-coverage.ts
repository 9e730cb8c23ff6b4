/**
 * SOC 2 coverage of one engagement, by a documented rule (docs/coverage.md), for all 61 criteria:
 *
 * 1. `exceptions`     a finding in the engagement maps to the criterion;
 * 2. `tested`         Crosscheck re-performed a test covering it over a non-empty population;
 * 3. `evidenced`      accepted events map to it (our mapping), but nothing was re-performed: the
 *                     log shows the activity, not that the control operated;
 * 4. `documented`     the trail cannot show it, and the auditor attached document(s) to it: the
 *                     conclusion rests on the auditor's review of them (hashes cited);
 * 5. `needs_document` an audit trail cannot show it (governance, HR, physical, privacy …);
 * 6. `not_evidenced`  it could be, but the engagement's exports hold nothing for it.
 *
 * Pure, so the app, the CLI and packages state the same conclusion from the same counts.
 */
import { frameworkCoverage, type CoverageInput, type CoverageLine, type FrameworkDef } from './framework-coverage.js';
import { SOC2_CATALOG, SOC2_GROUPS } from './soc2-catalog.js';
import { SOC2_EVIDENCE_MAP, SOC2_TESTS } from './soc2-evidence-map.js';

export type Soc2CoverageInput = CoverageInput;
export type Soc2CoverageLine = CoverageLine;

export const SOC2_FRAMEWORK: FrameworkDef = { id: 'soc2', catalog: SOC2_CATALOG, groups: SOC2_GROUPS, pairings: SOC2_EVIDENCE_MAP, tests: SOC2_TESTS };

/** Coverage of every SOC 2 criterion, in catalog order. */
export function soc2Coverage(input: Soc2CoverageInput): Soc2CoverageLine[] {
  return frameworkCoverage(SOC2_FRAMEWORK, input);
}
