/** Imports a bundle through the app's services as the UI does (imports.start, then polling the job) and waits until it is searchable. */
import type { JobStatus } from '../../shared/api/view-types.js';
import { dispatch } from '../../electron/services/dispatch.js';
import type { Services } from '../../electron/services/services.js';

/** The finished job's status, once the search index and snapshots have caught up. */
export async function importViaServices(
  services: Services,
  bundleDir: string,
  keyringPath: string,
): Promise<JobStatus> {
  const ipc = { transport: 'ipc' as const };
  const started = await dispatch(
    services.handlers,
    'imports.start',
    { bundle: { kind: 'path', path: bundleDir }, keyring: { kind: 'path', path: keyringPath } },
    ipc,
  );
  const job = (started as { value: JobStatus }).value;
  for (;;) {
    const s = (await dispatch(services.handlers, 'jobs.get', { jobId: job.id }, ipc)) as { value: JobStatus };
    if (s.value.state !== 'running') {
      await services.searchReady();
      return s.value;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}
