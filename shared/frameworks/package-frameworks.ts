/**
 * What a package carries of the frameworks when it is made with `--framework iso27001|all`: the
 * engagement's readiness, the Statement of Applicability and its gap analysis, as they stood when
 * the package was generated (the SoA is the engagement's, whatever the package's agent scope).
 */
import type { FrameworksView } from './frameworks-view.js';
import type { MappingClaim } from './mapping-check.js';
import type { GapAnalysis, Readiness } from './readiness.js';
import type { SoaRow } from './soa.js';

export const PACKAGE_FRAMEWORK_CHOICES = ['soc2', 'iso27001', 'all'] as const;
export type PackageFrameworkChoice = (typeof PACKAGE_FRAMEWORK_CHOICES)[number];

export interface PackageFrameworks {
  selected: PackageFrameworkChoice;
  engagement_id: number;
  readiness: { soc2?: Readiness; iso27001?: Readiness };
  /** Present when Annex A is selected. */
  soa?: SoaRow[];
  gaps?: GapAnalysis;
  /** The platform's own mapping, checked claim by claim (`--mapping <file>`). */
  mapping?: { file: string; sha256: string; claims: MappingClaim[] };
}

/** The block of a package for a framework choice, from the engagement's frameworks view. */
export function packageFrameworks(selected: PackageFrameworkChoice, view: FrameworksView): PackageFrameworks {
  const iso = selected !== 'soc2';
  const soc2 = selected !== 'iso27001';
  return {
    selected,
    engagement_id: view.engagementId,
    readiness: {
      ...(soc2 ? { soc2: view.readiness.soc2 } : {}),
      ...(iso ? { iso27001: view.readiness.iso27001 } : {}),
    },
    ...(iso ? { soa: view.soa, gaps: view.gaps } : {}),
  };
}

/** True when a package names Annex A (its SoA, gaps and ISO targets in OSCAL). */
export function includesIso(
  f: PackageFrameworks | undefined,
): f is PackageFrameworks & { soa: SoaRow[]; gaps: GapAnalysis } {
  return f !== undefined && f.soa !== undefined && f.gaps !== undefined;
}
