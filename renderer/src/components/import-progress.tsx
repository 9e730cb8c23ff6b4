/** The running import's bar with Cancel, and its outcome, shown on every screen. */
import type { JobKind } from '../../../shared/api/view-types.js';
import { useImport } from '../import-context.js';
import { DismissLink, JobProgress } from '../jobs/job-progress.js';
import { formatCount } from '../logic/format.js';
import { StatusBadge } from './badges.js';

const JOB_TITLES: Record<JobKind, string> = {
  import: 'Importing',
  index: 'Building the search index',
  package: 'Generating a package',
  'package-export': 'Exporting a package',
};

export function ImportProgress() {
  const { handle } = useImport();
  return (
    <JobProgress
      handle={handle}
      testId="import-progress"
      title={(job) => JOB_TITLES[job.kind]}
      cancelled="the store is unchanged."
      done={(job, dismiss) =>
        job.kind !== 'import' || !job.outcome ? (
          <span data-testid="index-done">
            The search index is up to date.
            <DismissLink onDismiss={dismiss} />
          </span>
        ) : job.outcome.alreadyImported ? (
          <span data-testid="import-duplicate">
            Already imported: this export (export #{job.outcome.exportRef},{' '}
            <StatusBadge status={job.outcome.status} />) is in the store under the same keyring; nothing was
            added.
            <DismissLink onDismiss={dismiss} />
          </span>
        ) : (
          <span data-testid="import-done">
            Imported: <StatusBadge status={job.outcome.status} /> with {formatCount(job.outcome.findingTotal)}{' '}
            {job.outcome.findingTotal === 1 ? 'finding' : 'findings'}.
            <DismissLink onDismiss={dismiss} />
          </span>
        )
      }
    />
  );
}
