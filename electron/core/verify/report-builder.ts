/**
 * The report of spec §9 as the verification steps fill it in: findings in the order they are
 * found, one check per id, and the assembly of the final report (findings sorted, status derived).
 */
import type { Manifest } from '../../../shared/format/export-types.js';
import type {
  Check,
  CheckId,
  CheckStatus,
  Continuity,
  Finding,
  Report,
} from '../../../shared/report/report-types.js';
import { CHECK_ORDER } from '../../../shared/report/report-types.js';
import { integrityStatus, sortFindings } from './report-status.js';

/** Collects the findings and checks of one verification. */
export class ReportBuilder {
  readonly findings: Finding[] = [];
  private readonly checks = new Map<CheckId, Check>();

  add = (f: Finding): void => {
    this.findings.push(f);
  };

  check(id: CheckId, status: CheckStatus, detail: string): void {
    this.checks.set(id, { id, status, detail });
  }

  has(id: CheckId): boolean {
    return this.checks.has(id);
  }

  allChecks(): Check[] {
    return CHECK_ORDER.map(
      (id) => this.checks.get(id) ?? { id, status: 'skip' as const, detail: 'not reached' },
    );
  }
}

/** What the bundle's steps conclude beyond the findings and checks. */
export interface Conclusions {
  manifest: Manifest | null;
  continuity: Continuity;
  tailPinned: boolean;
  evaluation: Report['evaluation'];
}

/** The §9 report: the export as the manifest names it, the integrity verdict, the evaluation and the sorted findings. */
export function assembleReport(rb: ReportBuilder, c: Conclusions): Report {
  const { manifest } = c;
  const findings = sortFindings(rb.findings);
  const checks = rb.allChecks();
  return {
    format: 'crosscheck-report/1',
    export: {
      export_id: manifest?.export_id ?? null,
      origin: manifest?.origin ?? null,
      org: manifest?.org ?? null,
      period: manifest?.period ?? null,
      range: manifest?.range ?? null,
      tree: manifest?.tree ?? null,
    },
    integrity: {
      status: integrityStatus(findings, checks),
      tail_pinned: c.tailPinned,
      continuity: c.continuity,
      checks,
    },
    evaluation: c.evaluation,
    findings,
  };
}
