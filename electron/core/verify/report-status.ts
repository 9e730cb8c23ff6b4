/** Integrity status, exit code and finding order of spec §9 and §9.1. */
import { FINDING_KINDS, NON_INVALIDATING_INTEGRITY_KINDS, severityRank, type FindingKind } from '../../../shared/report/finding-kinds.js';
import type { Check, Finding, IntegrityStatus, Report } from '../../../shared/report/report-types.js';

/** INVALID for any integrity finding but key_unverifiable/time_gap/export_gap; UNVERIFIABLE when a signature could not be checked. */
export function integrityStatus(findings: Finding[], checks: Check[]): IntegrityStatus {
  const invalid = findings.some((f) => FINDING_KINDS[f.kind].group === 'integrity' && !NON_INVALIDATING_INTEGRITY_KINDS.has(f.kind));
  if (invalid) return 'INVALID';
  const sig = checks.filter((c) => c.id === 'envelope_signature' || c.id === 'checkpoint_signature');
  if (sig.some((c) => c.status !== 'pass')) return 'UNVERIFIABLE';
  return 'VALID';
}

/** 0 VALID with nothing above low; 1 VALID with such findings; 2 INVALID or UNVERIFIABLE. */
export function exitCodeFor(report: Report): 0 | 1 | 2 {
  if (report.integrity.status !== 'VALID') return 2;
  return report.findings.some((f) => severityRank(f.severity) > severityRank('low')) ? 1 : 0;
}

const KIND_INDEX = new Map<FindingKind, number>(Object.keys(FINDING_KINDS).map((k, i) => [k as FindingKind, i]));

/** Export-level findings (no seq) first, then by seq; within one place in catalog order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => {
      const sa = a.f.seq ?? -1;
      const sb = b.f.seq ?? -1;
      if (sa !== sb) return sa - sb;
      // Catalog order within one entry keeps the report identical whichever thread found what.
      return KIND_INDEX.get(a.f.kind)! - KIND_INDEX.get(b.f.kind)! || a.i - b.i;
    })
    .map((x) => x.f);
}
