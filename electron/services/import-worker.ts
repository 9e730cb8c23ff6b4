/**
 * Worker thread entry: runs one job (an import, the search index, a package or a package export)
 * off the thread that serves the UI, streaming progress.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInput, WorkerMessage } from './job-work.js';
import { workFor } from './job-work.js';

const port = parentPort;
if (port) {
  const abort = new AbortController();
  port.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'cancel') abort.abort();
  });
  let last = 0;
  let lastPhase = '';
  const post = (m: WorkerMessage) => port.postMessage(m);
  const work = workFor(workerData as WorkerInput);
  work(
    (p) => {
      // Throttled: the UI polls a few times a second, more messages would only cost time.
      const now = Date.now();
      if (now - last < 50 && p.phase === lastPhase) return;
      last = now;
      lastPhase = p.phase;
      post({ type: 'progress', ...p });
    },
    abort.signal,
  ).then(
    (outcome) => post({ type: 'done', outcome }),
    (e: unknown) => {
      const code = typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' ? (e as { code: string }).code : 'INTERNAL';
      post({ type: 'error', code, message: e instanceof Error ? e.message : String(e) });
    },
  ).finally(() => {
    // The cancel listener would keep this thread (and so the process) alive: the work is over.
    port.close();
  });
}
