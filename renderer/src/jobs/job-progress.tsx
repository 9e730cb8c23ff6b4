/**
 * The one progress component for every long job: its bar and Cancel while it runs, then its
 * outcome (the caller says what "done" means for its kind), failure or cancellation.
 */
import type { ReactNode } from 'react';
import type { JobStatus } from '../../../shared/api/view-types.js';
import { PHASE_LABELS } from '../../../shared/api/job-progress.js';
import { formatCount } from '../logic/format.js';
import { ErrorBanner } from '../components/states.js';
import type { JobHandle } from './use-job.js';

export interface JobProgressProps {
  handle: JobHandle;
  /** What runs, e.g. "Generating the package"; the phase follows it. */
  title: (job: JobStatus) => string;
  /** The root test id; parts get `-cancel`, `-failed`, `-cancelled`. */
  testId: string;
  /** The outcome of a finished job; `dismiss` clears it. */
  done: (job: JobStatus, dismiss: () => void) => ReactNode;
  /** What a cancelled job left behind, in words. */
  cancelled: string;
}

/** A dismiss link after an outcome line. */
export function DismissLink({ onDismiss }: { onDismiss: () => void }) {
  return (
    <button type="button" className="link" onClick={onDismiss}>
      Dismiss
    </button>
  );
}

export function JobProgress({ handle, title, testId, done, cancelled }: JobProgressProps) {
  const { job, error, cancel, dismiss } = handle;
  if (error) return <ErrorBanner error={error} onRetry={() => void handle.retry()} onDismiss={dismiss} />;
  if (!job) return null;
  const p = job.progress;
  const fraction = p.total > 0 ? Math.min(1, p.done / p.total) : 0;
  const barId = `job-bar-${job.id}`;
  return (
    <div className="import-progress" data-testid={testId} data-state={job.state} data-phase={p.phase}>
      {job.state === 'running' && (
        <>
          <label htmlFor={barId}>
            {title(job)} — {PHASE_LABELS[p.phase] ?? p.phase}
            {p.entries > 0 ? ` · ${formatCount(p.entries)} entries` : ''}
          </label>
          {p.total > 0 ? (
            <progress id={barId} max={1} value={fraction} aria-valuetext={`${Math.round(fraction * 100)}%`} />
          ) : (
            <progress id={barId} />
          )}
          <button type="button" data-testid={`${testId}-cancel`} onClick={() => void cancel()}>
            Cancel
          </button>
        </>
      )}
      {job.state === 'done' && done(job, dismiss)}
      {job.state === 'failed' && (
        <span role="alert" className="inline-error" data-testid={`${testId}-failed`}>
          {title(job)} failed: {job.error}
          <DismissLink onDismiss={dismiss} />
        </span>
      )}
      {job.state === 'cancelled' && (
        <span data-testid={`${testId}-cancelled`}>
          Cancelled; {cancelled}
          <DismissLink onDismiss={dismiss} />
        </span>
      )}
    </div>
  );
}
