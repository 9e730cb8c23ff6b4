/** Worker thread entry: runs one import off the thread that serves the UI, streaming progress. */
import { parentPort, workerData } from 'node:worker_threads';
import type { RunImportInput } from './import-runner.js';
import { runImport, runIndex } from './import-runner.js';

export type WorkerMessage =
  | { type: 'progress'; phase: string; done: number; total: number; entries: number }
  | { type: 'done'; outcome: Awaited<ReturnType<typeof runImport>> | null }
  | { type: 'error'; code: string; message: string };

const port = parentPort;
if (port) {
  const abort = new AbortController();
  port.on('message', (m: unknown) => {
    if (typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'cancel') abort.abort();
  });
  let last = 0;
  const post = (m: WorkerMessage) => port.postMessage(m);
  const data = workerData as (RunImportInput & { mode?: 'import' }) | { mode: 'index'; storeDir: string };
  const work =
    data.mode === 'index'
      ? (onP: Parameters<typeof runImport>[1], signal: AbortSignal) => runIndex(data.storeDir, onP, signal).then(() => null)
      : (onP: Parameters<typeof runImport>[1], signal: AbortSignal) => runImport(data, onP, signal);
  work(
    (p) => {
      // Throttled: the UI polls a few times a second, more messages would only cost time.
      const now = Date.now();
      if (now - last < 50 && p.phase === 'verifying') return;
      last = now;
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
