/** One long job started from a screen (a package, an export): start it, poll it, cancel it. */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { JobStatus } from '../../shared/api/view-types.js';
import type { ApiError, Result } from '../../shared/api/result.js';
import { useClient, useRevision } from './api-context.js';

const POLL_MS = 200;

export interface JobHandle {
  job: JobStatus | null;
  error: ApiError | null;
  /** Starts the job `begin` returns (a `*.generate` / `*.export` call); `onDone` sees the finished job. */
  run(begin: () => Promise<Result<JobStatus>>, onDone?: (job: JobStatus) => void): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
}

export function useJob(): JobHandle {
  const client = useClient();
  const { bump } = useRevision();
  const [job, setJob] = useState<JobStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );

  const poll = useCallback(
    (jobId: string, onDone?: (job: JobStatus) => void) => {
      timer.current = setTimeout(() => {
        void client.call('jobs.get', { jobId }).then((r) => {
          if (!r.ok) {
            setError(r.error);
            return;
          }
          setJob(r.value);
          if (r.value.state === 'running') {
            poll(jobId, onDone);
            return;
          }
          if (r.value.state === 'done') onDone?.(r.value);
          bump();
        });
      }, POLL_MS);
    },
    [client, bump],
  );

  const run = useCallback(
    async (begin: () => Promise<Result<JobStatus>>, onDone?: (job: JobStatus) => void) => {
      setError(null);
      const r = await begin();
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setJob(r.value);
      if (r.value.state === 'running') poll(r.value.id, onDone);
    },
    [poll],
  );

  const cancel = useCallback(async () => {
    if (!job) return;
    const r = await client.call('jobs.cancel', { jobId: job.id });
    if (r.ok) setJob(r.value);
  }, [client, job]);

  const dismiss = useCallback(() => {
    setJob(null);
    setError(null);
  }, []);

  return { job, error, run, cancel, dismiss };
}
