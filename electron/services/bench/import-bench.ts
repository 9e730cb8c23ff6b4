/**
 * Issue 24's "import until every screen answers": one bundle imported through the app's services
 * exactly as the UI starts it (imports.start, the job in its worker thread), timed until the
 * search index and the explanations' snapshots have caught up (searchReady).
 * Usage: node dist/app-import-bench.js <bundle> <keyring.json> <store dir>; prints one JSON line.
 */
import { dispatch } from '../dispatch.js';
import { createServices } from '../services.js';
import type { JobStatus } from '../../../shared/api/view-types.js';

/** Seconds to the import's commit (job done) and to searchable, and the job's outcome. */
export async function runImportBench(
  bundle: string,
  keyring: string,
  storeDir: string,
): Promise<{ imported_s: number; searchable_s: number; state: string; phases: Record<string, number> }> {
  const t0 = performance.now();
  const services = await createServices({ storeDir });
  const ctx = { transport: 'ipc' as const };
  try {
    const started = await dispatch(
      services.handlers,
      'imports.start',
      { bundle: { kind: 'path', path: bundle }, keyring: { kind: 'path', path: keyring } },
      ctx,
    );
    if (!started.ok) throw new Error(started.error.message);
    const id = (started.value as JobStatus).id;
    let status: JobStatus;
    // Seconds from the start to the first poll that saw each phase (the profile of the wait).
    const phases: Record<string, number> = {};
    for (;;) {
      const s = await dispatch(services.handlers, 'jobs.get', { jobId: id }, ctx);
      if (!s.ok) throw new Error(s.error.message);
      status = s.value as JobStatus;
      phases[status.progress.phase] ??= (performance.now() - t0) / 1000;
      if (status.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const imported = performance.now();
    await services.searchReady();
    const ready = performance.now();
    return {
      imported_s: (imported - t0) / 1000,
      searchable_s: (ready - t0) / 1000,
      state: status.error ?? status.state,
      phases,
    };
  } finally {
    await services.close();
  }
}

if (process.argv[1] && /import-bench\.(js|mjs|ts)$/.test(process.argv[1]) && process.argv.length >= 5) {
  const r = await runImportBench(process.argv[2]!, process.argv[3]!, process.argv[4]!);
  process.stdout.write(`${JSON.stringify(r)}\n`);
}
