/** Status, severity and coverage badges: colour plus text, never colour alone. */
import type { IntegrityStatus } from '../../../shared/report/report-types.js';
import type { Severity } from '../../../shared/report/finding-kinds.js';
import type { CoverageStatus } from '../../../shared/api/view-types.js';
import { COVERAGE_LABELS } from '../../../shared/frameworks/framework-coverage.js';

export function StatusBadge({ status }: { status: IntegrityStatus }) {
  return (
    <span className={`badge status-${status.toLowerCase()}`} data-testid="status-badge" data-status={status}>
      {status}
    </span>
  );
}

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <span className={`badge sev sev-${severity}`}>{severity}</span>;
}


export function CoverageBadge({ status }: { status: CoverageStatus }) {
  return (
    <span className={`badge cov-${status}`} data-testid="coverage-status" data-status={status}>
      {COVERAGE_LABELS[status]}
    </span>
  );
}
