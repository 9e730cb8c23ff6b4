/** Drives the verification worker from the caller's thread: unpacks rows, applies back-pressure, cancels. */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Finding } from '../../../shared/report/report-types.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { CompactRange } from '../merkle/merkle.js';
import { COLUMN_COUNT, type EntryColumns } from './entry-columns.js';
import type { LinePassParams, LinePassResult } from './line-pass.js';
import type { VerifiedEntry } from './verify-api.js';

const WORKER_URL = new URL('./line-worker.js', import.meta.url);

/** True when this module runs from the build next to its worker (not from TypeScript sources). */
export function workerAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

/**
 * A batch of verified lines; only `leaves` when the caller stores nothing. `lines` holds the
 * file's exact bytes for the batch (each complete line with its newline), line i starting at
 * offsets[i]; flags[i] bit 0 = canonical, bit 1 = complete.
 */
interface RowsMessage {
  type: 'rows';
  first: number;
  n: number;
  lines: ArrayBuffer | null;
  offsets: Uint32Array | null;
  leaves: ArrayBuffer;
  flags: Uint8Array | null;
  columns: unknown[] | null;
}

type WorkerMessage =
  | RowsMessage
  | { type: 'findings'; findings: Finding[] }
  | { type: 'progress'; bytes: number; total: number; entries: number }
  | { type: 'snapshot'; index: number; json: string }
  | { type: 'done'; result: LinePassResult }
  | { type: 'error'; message: string; name: string; code: string | null };

export interface WorkerPassHooks {
  onFinding: (f: Finding) => void;
  onEntry?: (e: VerifiedEntry) => void;
  onProgress?: (bytes: number, total: number, entries: number) => void;
  onSnapshot?: (index: number, json: string) => void;
  signal?: AbortSignal;
  /**
   * The caller's thread has a pass of its own to run (a plain verify re-evaluates there): the
   * worker then builds the RFC 6962 tree itself, so the longer of the two passes does not carry it.
   */
  foldInWorker?: boolean;
}

/**
 * Runs the line pass in a worker thread; resolves with its result once every row was consumed.
 * The RFC 6962 tree is built here, from the leaf hashes the worker sends with every batch: a
 * million interior hashes are work this thread has room for while the worker parses (the pass is
 * the critical path), and the result is what the worker would have computed, leaf for leaf.
 */
export function runLinePassInWorker(params: LinePassParams, hooks: WorkerPassHooks): Promise<LinePassResult> {
  const control = new SharedArrayBuffer(4);
  const counter = new Int32Array(control);
  const range = params.frontier && !hooks.foldInWorker
    ? new CompactRange(params.frontier.size, params.frontier.hashes.map((h) => Buffer.from(h, 'hex')))
    : null;
  // With rows coming over, this thread also takes the SHA-256 of entries.jsonl from them: the
  // batches hold exactly the bytes the worker read and verified, newlines included.
  const emitRows = hooks.onEntry !== undefined;
  const fileHash = emitRows ? createHash('sha256') : null;
  let hashedBytes = 0;
  const worker = new Worker(WORKER_URL, {
    workerData: { params: { ...params, frontier: range ? null : params.frontier, digestByCaller: emitRows }, emitRows, control },
  });
  return new Promise<LinePassResult>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      hooks.signal?.removeEventListener('abort', onAbort);
      fn();
    };
    const fail = (e: unknown): void =>
      settle(() => {
        void worker.terminate();
        reject(e);
      });
    const onAbort = (): void => fail(new CrosscheckError('CANCELLED', 'cancelled by the user'));
    hooks.signal?.addEventListener('abort', onAbort);
    if (hooks.signal?.aborted) return onAbort();
    worker.on('message', (m: WorkerMessage) => {
      if (settled) return;
      try {
        switch (m.type) {
          case 'rows': {
            const leaves = Buffer.from(m.leaves);
            if (range) for (let i = 0; i < m.n; i++) range.pushAt(leaves, i * 32);
            if (hooks.onEntry && fileHash && m.lines && m.offsets && m.flags && m.columns) {
              const lines = Buffer.from(m.lines);
              const { offsets, flags } = m;
              fileHash.update(lines.subarray(0, offsets[m.n]));
              hashedBytes += offsets[m.n]!;
              for (let i = 0; i < m.n; i++) {
                const columns = m.columns.slice(i * COLUMN_COUNT, (i + 1) * COLUMN_COUNT) as EntryColumns;
                hooks.onEntry({
                  index: m.first + i,
                  line: lines.subarray(offsets[i], offsets[i + 1]! - (flags[i]! & 2 ? 1 : 0)),
                  leafHash: leaves.subarray(i * 32, i * 32 + 32),
                  entry: null,
                  canonical: (flags[i]! & 1) === 1,
                  columns,
                });
              }
            }
            Atomics.sub(counter, 0, 1);
            Atomics.notify(counter, 0);
            break;
          }
          case 'findings':
            for (const f of m.findings) hooks.onFinding(f);
            break;
          case 'progress':
            hooks.onProgress?.(m.bytes, m.total, m.entries);
            break;
          case 'snapshot':
            try {
              hooks.onSnapshot?.(m.index, m.json);
            } catch {
              // Derived data for the app: a failing consumer must not fail the verification.
            }
            break;
          case 'done': {
            const summary = range
              ? { ...m.result.summary, computedRoot: range.root().toString('hex'), computedSize: range.size }
              : m.result.summary;
            let digest = m.result.digest;
            if (fileHash && m.result.unhashedBytes !== null) {
              // Every byte the pass read went through here, or the digest would not be of them.
              if (m.result.unhashedBytes !== hashedBytes) {
                throw new Error(`the verification worker read ${m.result.unhashedBytes} bytes of entries.jsonl but sent ${hashedBytes}`);
              }
              digest = { bytes: hashedBytes, sha256: fileHash.digest('hex') };
            }
            settle(() => {
              void worker.terminate();
              resolve({ ...m.result, summary, digest, unhashedBytes: null });
            });
            break;
          }
          case 'error':
            fail(m.code === 'CANCELLED' ? new CrosscheckError('CANCELLED', m.message) : new Error(`verification worker: ${m.message}`));
            break;
        }
      } catch (e) {
        fail(e);
      }
    });
    worker.on('error', (e) => fail(e));
    worker.on('exit', (code) => fail(new Error(`the verification worker stopped (exit ${code}) before it finished`)));
  });
}
