/** Import jobs: start one, follow its progress, cancel it; any screen can show the bar. */
import { createContext, useCallback, useContext, useEffect, useMemo, useRef } from 'react';
import type { ReactNode } from 'react';
import type { FileRef, JobStatus } from '../../shared/api/view-types.js';
import { COMMITTED_PHASES } from '../../shared/api/job-progress.js';
import { useClient, useRevision } from './api-context.js';
import { useJob } from './jobs/use-job.js';
import type { JobHandle } from './jobs/use-job.js';

interface ImportApi {
  handle: JobHandle;
  job: JobStatus | null;
  /** `fileName`: the name the auditor chose (an upload's stored name is a random id). */
  start(bundle: FileRef, keyring?: FileRef, fileName?: string): Promise<void>;
}

const ImportContext = createContext<ImportApi | null>(null);


export function ImportProvider({ children }: { children: ReactNode }) {
  const client = useClient();
  const { bump } = useRevision();
  const wasIndexing = useRef(false);
  const handle = useJob({
    // The import is committed once indexing starts: show it while the index is built.
    onStatus: (s) => {
      const indexing = COMMITTED_PHASES.has(s.progress.phase);
      if (indexing && !wasIndexing.current) bump();
      wasIndexing.current = indexing;
    },
  });
  const { follow, run } = handle;

  // A job started elsewhere (the sample at start-up, another tab, before a reload) is shown too.
  useEffect(() => {
    void client.call('jobs.list', {}).then((r) => {
      if (!r.ok) return;
      const running = r.value.find((j) => j.state === 'running');
      if (running) follow(running);
    });
  }, [client, follow]);

  const start = useCallback(
    (bundle: FileRef, keyring?: FileRef, fileName?: string) =>
      run(async () => {
        const r = await client.call('imports.start', {
          bundle,
          ...(keyring ? { keyring } : {}),
          ...(fileName ? { fileName } : {}),
        });
        // The keyring given with the import is trusted now: let the keys panel show it.
        if (r.ok) bump();
        return r;
      }),
    [client, run, bump],
  );

  const value = useMemo(() => ({ handle, job: handle.job, start }), [handle, start]);
  return <ImportContext.Provider value={value}>{children}</ImportContext.Provider>;
}

export function useImport(): ImportApi {
  const c = useContext(ImportContext);
  if (!c) throw new Error('useImport outside ImportProvider');
  return c;
}
