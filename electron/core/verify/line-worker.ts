/**
 * The verification worker: runs the line pass of line-pass.ts off the caller's thread and streams
 * verified lines back in packed batches. A shared counter of batches not yet consumed blocks the
 * worker when the caller (the SQLite writer) falls behind, so memory stays flat.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Finding } from '../../../shared/report/report-types.js';
import { runLinePass, type LinePassParams } from './line-pass.js';
import type { VerifiedEntry } from './verify-api.js';
import { COLUMN_COUNT } from './entry-columns.js';

export interface WorkerInput {
  params: LinePassParams;
  emitRows: boolean;
  control: SharedArrayBuffer;
}

export const MAX_OUTSTANDING = 8;
const BATCH_ROWS = 1024;

interface Batch {
  lines: Buffer[];
  leaves: Buffer[];
  canonical: number[];
  columns: unknown[];
  bytes: number;
}

const input = workerData as WorkerInput;
const port = parentPort!;
const control = new Int32Array(input.control);
let findings: Finding[] = [];
let batch: Batch = { lines: [], leaves: [], canonical: [], columns: [], bytes: 0 };
let firstIndex = 0;
let lastProgress = 0;

function flushFindings(): void {
  if (findings.length) port.postMessage({ type: 'findings', findings });
  findings = [];
}

function flushRows(): void {
  if (batch.lines.length === 0) return;
  const n = batch.lines.length;
  const lines = Buffer.concat(batch.lines);
  const offsets = new Uint32Array(n + 1);
  let o = 0;
  for (let i = 0; i < n; i++) {
    offsets[i] = o;
    o += batch.lines[i]!.length;
  }
  offsets[n] = o;
  const leaves = Buffer.concat(batch.leaves);
  const canonical = Uint8Array.from(batch.canonical);
  // Wait while the consumer holds too many batches: back-pressure across threads.
  for (let v = Atomics.load(control, 0); v >= MAX_OUTSTANDING; v = Atomics.load(control, 0)) Atomics.wait(control, 0, v, 1000);
  Atomics.add(control, 0, 1);
  const linesAb = lines.buffer.slice(lines.byteOffset, lines.byteOffset + lines.length);
  const leavesAb = leaves.buffer.slice(leaves.byteOffset, leaves.byteOffset + leaves.length);
  port.postMessage(
    { type: 'rows', first: firstIndex, n, lines: linesAb, offsets, leaves: leavesAb, canonical, columns: batch.columns },
    [linesAb, leavesAb, offsets.buffer, canonical.buffer],
  );
  firstIndex += n;
  batch = { lines: [], leaves: [], canonical: [], columns: [], bytes: 0 };
}

function onEntry(e: VerifiedEntry): void {
  // The line is a view into the read chunk; a copy keeps the chunk from being pinned.
  batch.lines.push(Buffer.from(e.line));
  batch.leaves.push(e.leafHash);
  batch.canonical.push(e.canonical ? 1 : 0);
  for (const c of e.columns) batch.columns.push(c);
  batch.bytes += e.line.length;
  if (batch.lines.length >= BATCH_ROWS || batch.bytes >= 4 << 20) {
    flushFindings();
    flushRows();
  }
}

try {
  const result = await runLinePass(input.params, {
    onFinding: (f) => {
      findings.push(f);
      if (findings.length >= 1000) flushFindings();
    },
    onEntry: input.emitRows ? onEntry : undefined,
    onProgress: (bytes, total, entries) => {
      const now = Date.now();
      if (now - lastProgress < 100) return;
      lastProgress = now;
      port.postMessage({ type: 'progress', bytes, total, entries });
    },
  });
  flushFindings();
  flushRows();
  port.postMessage({ type: 'done', result });
} catch (e) {
  flushFindings();
  port.postMessage({ type: 'error', message: (e as Error).message, name: (e as Error).name, code: (e as { code?: string }).code ?? null });
}

export const WORKER_COLUMN_COUNT = COLUMN_COUNT;
