/**
 * The verification worker: runs the line pass of line-pass.ts off the caller's thread and streams
 * verified lines (or, for a plain verify, only their leaf hashes) back in packed batches. A shared
 * counter of batches not yet consumed blocks the worker when the caller (the SQLite writer) falls
 * behind, so memory stays flat.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Finding } from '../../../shared/report/report-types.js';
import { runLinePass, type LinePassParams } from './line-pass.js';
import type { CheckedLine } from './verify-api.js';
import { COLUMN_COUNT, pushEntryColumns } from './entry-columns.js';

export interface WorkerInput {
  params: LinePassParams;
  emitRows: boolean;
  control: SharedArrayBuffer;
}

export const MAX_OUTSTANDING = 8;
const BATCH_ROWS = 1024;
const BATCH_BYTES = 1 << 20;

/**
 * One batch being filled: line bytes copied once into a growing buffer, each complete line with
 * its newline, so the buffer holds exactly the file's bytes for those lines (the receiver hashes
 * it for the file digest); offsets mark where each line starts.
 */
interface Batch {
  buf: Buffer;
  used: number;
  offsets: number[];
  leaves: Buffer;
  /** Per line: bit 0 canonical, bit 1 complete (ends with a newline). */
  flags: Uint8Array;
  columns: unknown[];
}

function newBatch(): Batch {
  return { buf: Buffer.allocUnsafe(BATCH_BYTES), used: 0, offsets: [0], leaves: Buffer.allocUnsafe(BATCH_ROWS * 32), flags: new Uint8Array(BATCH_ROWS), columns: [] };
}

const input = workerData as WorkerInput;
const port = parentPort!;
const control = new Int32Array(input.control);
let findings: Finding[] = [];
let batch: Batch = newBatch();
let firstIndex = 0;
let lastProgress = 0;

function flushFindings(): void {
  if (findings.length) port.postMessage({ type: 'findings', findings });
  findings = [];
}

/** The ArrayBuffer behind `b`, whole when `b` is all of it (allocUnsafe of 1 MB is never pooled), else a copy. */
function own(b: Buffer): ArrayBuffer {
  const ab = b.buffer as ArrayBuffer;
  return b.byteOffset === 0 && ab.byteLength === b.length ? ab : (ab.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer);
}

/** Waits while the consumer holds too many batches (back-pressure across threads), then counts one more. */
function waitForRoom(): void {
  for (let v = Atomics.load(control, 0); v >= MAX_OUTSTANDING; v = Atomics.load(control, 0)) Atomics.wait(control, 0, v, 1000);
  Atomics.add(control, 0, 1);
}

function flushRows(): void {
  const n = batch.offsets.length - 1;
  if (n === 0) return;
  if (!input.emitRows) {
    flushLeaves(n);
    return;
  }
  waitForRoom();
  // The batch's own buffers are handed over, not copied: the receiver reads them through the
  // offsets, and a fresh batch is allocated below anyway.
  const lines = own(batch.buf);
  const leaves = own(batch.leaves);
  const offsets = Uint32Array.from(batch.offsets);
  const flags = batch.flags.slice(0, n);
  port.postMessage(
    { type: 'rows', first: firstIndex, n, lines, offsets, leaves, flags, columns: batch.columns },
    [lines, leaves, offsets.buffer, flags.buffer],
  );
  firstIndex += n;
  batch = newBatch();
}

/** Without rows to store, only the leaves go over: the caller's thread builds the tree from them. */
function flushLeaves(n: number): void {
  waitForRoom();
  const leaves = own(batch.leaves);
  port.postMessage({ type: 'rows', first: firstIndex, n, lines: null, offsets: null, leaves, flags: null, columns: null }, [leaves]);
  firstIndex += n;
  batch.offsets.length = 1;
  batch.leaves = Buffer.allocUnsafe(BATCH_ROWS * 32);
}

function onLeaf(e: CheckedLine): void {
  const i = batch.offsets.length - 1;
  batch.leaves.write(e.leafHex, i * 32, 'hex');
  batch.offsets.push(0); // only counts the batch's lines here: no line bytes are kept
  if (i + 1 >= BATCH_ROWS) {
    flushFindings();
    flushRows();
  }
}

function onEntry(e: CheckedLine): void {
  const n = batch.offsets.length - 1;
  const size = e.line.length + (e.complete ? 1 : 0);
  if (batch.used + size > batch.buf.length) {
    if (n > 0) {
      flushFindings();
      flushRows();
    }
    // A line longer than a whole batch gets a buffer of its own size.
    if (size > batch.buf.length) batch.buf = Buffer.allocUnsafe(size);
  }
  const i = batch.offsets.length - 1;
  batch.buf.set(e.line, batch.used); // TypedArray#set: Buffer#copy makes a view object per call
  if (e.complete) batch.buf[batch.used + e.line.length] = 0x0a;
  batch.used += size;
  batch.offsets.push(batch.used);
  batch.leaves.write(e.leafHex, i * 32, 'hex');
  batch.flags[i] = (e.canonical ? 1 : 0) | (e.complete ? 2 : 0);
  pushEntryColumns(e.entry, batch.columns);
  if (i + 1 >= BATCH_ROWS) {
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
    onEntry: input.emitRows ? onEntry : onLeaf,
    onSnapshot: (index, json) => port.postMessage({ type: 'snapshot', index, json }),
    onProgress: (bytes, total, entries) => {
      const now = Date.now();
      if (now - lastProgress < 100) return;
      lastProgress = now;
      port.postMessage({ type: 'progress', bytes, total, entries });
    },
  });
  flushFindings();
  flushRows();
  // The end state's bytes are handed over, not copied (tens of MB for a long export).
  const endState = result.evaluation?.endStateJcs;
  port.postMessage({ type: 'done', result }, endState ? [endState.buffer as ArrayBuffer] : []);
} catch (e) {
  flushFindings();
  port.postMessage({ type: 'error', message: (e as Error).message, name: (e as Error).name, code: (e as { code?: string }).code ?? null });
}

export const WORKER_COLUMN_COUNT = COLUMN_COUNT;
