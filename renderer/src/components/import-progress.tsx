/** The progress bar with a cancel button for the running import, and its outcome. */
import type { JobKind } from '../../../shared/api/view-types.js';
import { useImport } from '../import-context.js';
import { formatCount } from '../logic/format.js';
import { StatusBadge } from './badges.js';
import { ErrorBanner } from './states.js';

const JOB_TITLES: Record<JobKind, string> = {
  import: 'Importing',
  index: 'Building the search index',
  package: 'Generating a package',
  'package-export': 'Exporting a package',
};

export function ImportProgress() {
  const { job, error, cancel, dismiss } = useImport();
  if (error) return <ErrorBanner error={error} onRetry={dismiss} />;
  if (!job) return null;
  const { progress } = job;
  const fraction = progress.total > 0 ? Math.min(1, progress.done / progress.total) : 0;
  return (
    <div className="import-progress" data-testid="import-progress" data-state={job.state} data-phase={progress.phase}>
      {job.state === 'running' && (
        <>
          <label htmlFor="import-bar">
            {JOB_TITLES[job.kind]} — {progress.phase} · {formatCount(progress.entries)} entries
          </label>
          <progress id="import-bar" max={1} value={fraction} aria-valuetext={`${Math.round(fraction * 100)}%`} />
          <button type="button" data-testid="import-cancel" onClick={() => void cancel()}>
            Cancel
          </button>
        </>
      )}
      {job.state === 'done' && !job.outcome && (
        <span data-testid="index-done">
          The search index is up to date.
          <button type="button" className="link" onClick={dismiss}>
            Dismiss
          </button>
        </span>
      )}
      {job.state === 'done' && job.outcome?.alreadyImported && (
        <span data-testid="import-duplicate">
          Already imported: this export (export #{job.outcome.exportRef}, <StatusBadge status={job.outcome.status} />) is in the store under the same keyring; nothing was added.
          <button type="button" className="link" onClick={dismiss}>
            Dismiss
          </button>
        </span>
      )}
      {job.state === 'done' && job.outcome && !job.outcome.alreadyImported && (
        <span data-testid="import-done">
          Imported: <StatusBadge status={job.outcome.status} /> with {formatCount(job.outcome.findingTotal)} {job.outcome.findingTotal === 1 ? 'finding' : 'findings'}.
          <button type="button" className="link" onClick={dismiss}>
            Dismiss
          </button>
        </span>
      )}
      {job.state === 'failed' && (
        <span role="alert" data-testid="import-failed">
          Import failed: {job.error}
          <button type="button" className="link" onClick={dismiss}>
            Dismiss
          </button>
        </span>
      )}
      {job.state === 'cancelled' && (
        <span data-testid="import-cancelled">
          Import cancelled; the store is unchanged.
          <button type="button" className="link" onClick={dismiss}>
            Dismiss
          </button>
        </span>
      )}
    </div>
  );
}
