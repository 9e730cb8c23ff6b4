/** Import jobs: start one, poll its progress, cancel it; any screen can show the bar. */
import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { FileRef, JobStatus } from '../../shared/api/view-types.js';
import type { ApiError } from '../../shared/api/result.js';
import { useClient, useRevision } from './api-context.js';

interface ImportApi {
  job: JobStatus | null;
  error: ApiError | null;
  /** `fileName`: the name the auditor chose (an upload's stored name is a random id). */
  start(bundle: FileRef, keyring?: FileRef, fileName?: string): Promise<void>;
  cancel(): Promise<void>;
  dismiss(): void;
}

const ImportContext = createContext<ImportApi | null>(null);

const POLL_MS = 200;
const INDEX_PHASES: ReadonlySet<string> = new Set(['indexing for search', 'preparing explanations']);

export function ImportProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const { bump } = useRevision();
  const [job, setJob] = useState<JobStatus | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const wasIndexing = useRef(false);

  const poll = useCallback(
    (jobId: string) => {
      timer.current = setTimeout(() => {
        void client.call('jobs.get', { jobId }).then((r) => {
          if (!r.ok) {
            setError(r.error);
            return;
          }
          // The import is committed once indexing starts: show it while the index is built.
          const indexing = INDEX_PHASES.has(r.value.progress.phase);
          if (indexing && !wasIndexing.current) bump();
          wasIndexing.current = indexing;
          setJob(r.value);
          if (r.value.state === 'running') poll(jobId);
          else bump();
        });
      }, POLL_MS);
    },
    [client, bump],
  );

  useEffect(() => () => {
    if (timer.current) clearTimeout(timer.current);
  }, []);

  // A job started elsewhere (the sample at start-up, another tab, before a reload) is shown too.
  useEffect(() => {
    void client.call('jobs.list', {}).then((r) => {
      if (!r.ok) return;
      const running = r.value.find((j) => j.state === 'running');
      if (!running) return;
      setJob((current) => current ?? running);
      poll(running.id);
    });
  }, [client, poll]);

  const start = useCallback(
    async (bundle: FileRef, keyring?: FileRef, fileName?: string) => {
      setError(null);
      const r = await client.call('imports.start', { bundle, ...(keyring ? { keyring } : {}), ...(fileName ? { fileName } : {}) });
      if (!r.ok) {
        setError(r.error);
        return;
      }
      setJob(r.value);
      // The keyring given with the import is trusted now: let the keys panel show it.
      bump();
      if (r.value.state === 'running') poll(r.value.id);
    },
    [client, poll, bump],
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

  return <ImportContext.Provider value={{ job, error, start, cancel, dismiss }}>{children}</ImportContext.Provider>;
}

export function useImport(): ImportApi {
  const c = useContext(ImportContext);
  if (!c) throw new Error('useImport outside ImportProvider');
  return c;
}
