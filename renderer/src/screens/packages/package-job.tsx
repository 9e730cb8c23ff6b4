/** The bar of a running package job (generation or export) and what it produced. */
import type { JobStatus } from '../../../../shared/api/view-types.js';
import { formatCount, shortId } from '../../logic/format.js';
import { formatHash } from '../../logic/routes.js';
import { DismissLink, JobProgress } from '../../jobs/job-progress.js';
import type { JobHandle } from '../../jobs/use-job.js';

export function PackageJobProgress({ handle, what }: { handle: JobHandle; what: string }) {
  return (
    <JobProgress
      handle={handle}
      testId="package-job"
      title={() => what}
      cancelled="nothing was recorded."
      done={(job, dismiss) => <JobDone job={job} onDismiss={dismiss} />}
    />
  );
}

function JobDone({ job, onDismiss }: { job: JobStatus; onDismiss: () => void }) {
  const r = job.kind === 'package' || job.kind === 'package-export' ? job.result : null;
  return (
    <span data-testid="package-job-done">
      {r?.file ? (
        <>
          {r.file.path ? (
            <>
              Saved to <span className="mono">{r.file.path}</span>
            </>
          ) : (
            <>
              Downloaded <span className="mono">{r.file.name}</span>
            </>
          )}{' '}
          · {formatCount(r.file.bytes)} bytes · SHA-256{' '}
          <span className="mono" title={r.file.sha256}>
            {shortId(r.file.sha256, 16)}
          </span>
        </>
      ) : r ? (
        <>
          {r.created
            ? `Package version ${r.version} recorded.`
            : `Identical content is already recorded as version ${r.version}; the generation is logged in custody.`}{' '}
          <a href={formatHash('packages', [r.packageId])} data-testid="package-job-open">
            Open it
          </a>
        </>
      ) : (
        'Done.'
      )}
      <DismissLink onDismiss={onDismiss} />
    </span>
  );
}
