/**
 * The one hook for every long job (an import, a package, an export, and the jobs to come): start
 * it, follow one started elsewhere, poll its progress, cancel it, dismiss its outcome.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { JobStatus } from '../../../shared/api/view-types.js';
import type { ApiError, Result } from '../../../shared/api/result.js';
import { useClient, useRevision } from '../api-context.js';
import { createJobFollower } from './job-follower.js';

export interface JobOptions {
  /** Sees every status the poll brings, before it is shown (an import bumps the revision once committed). */
  onStatus?: (job: JobStatus) => void;
}

export interface JobHandle {
  job: JobStatus | null;
  error: ApiError | null;
  /** Starts the job `begin` returns (a `*.start` / `*.generate` / `*.export` call); `onDone` sees it finished. */
  run(begin: () => Promise<Result<JobStatus>>, onDone?: (job: JobStatus) => void): Promise<void>;
  /** Shows and polls a job started elsewhere (another tab, before a reload), unless one is shown already. */
  follow(job: JobStatus): void;
  cancel(): Promise<void>;
  /** Starts the last job again, as it was started. */
  retry(): Promise<void>;
  dismiss(): void;
}

/** One job at a time per handle; the store revision is bumped when the job ends, whatever its end. */
export function useJob(options: JobOptions = {}): JobHandle {
  const client = useClient();
  const { bump } = useRevision();
  const [job, setJob] = useState<JobStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const onStatus = useRef(options.onStatus);
  onStatus.current = options.onStatus;

  const follower = useMemo(
    () =>
      createJobFollower(client, {
        status: (s) => {
          if (s) onStatus.current?.(s);
          setJob(s);
        },
        error: setError,
        ended: () => bump(),
      }),
    [client, bump],
  );
  useEffect(() => () => follower.dispose(), [follower]);

  return useMemo(
    () => ({
      job,
      error,
      run: follower.run,
      follow: follower.follow,
      cancel: follower.cancel,
      retry: follower.retry,
      dismiss: follower.dismiss,
    }),
    [job, error, follower],
  );
}
