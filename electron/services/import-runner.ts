/** One import, as the worker (or the in-process fallback) runs it: its own store connection. */
import type { KeyringRecord } from '../core/keyring/keyring-record.js';
import type { JobProgress } from '../../shared/api/job-progress.js';
import { importBundle } from '../core/import/import-bundle.js';
import { isCancelled } from '../core/errors/crosscheck-error.js';
import { openStore } from '../core/store/store.js';
import { ImportTallies } from './chunk-tally.js';
import { buildSearchIndex, packSnapshot, recordImportSnapshots, SNAPSHOT_EVERY, type ImportSnapshot } from './search-index.js';

export interface RunImportInput {
  storeDir: string;
  bundlePath: string;
  /** The trust store's keyring, resolved once by the services: verified with and recorded as given. */
  keyring: KeyringRecord;
  /** The engagement named by the auditor; absent: the engagement of the export's organisation. */
  engagementId?: number;
  /** The auditor's file name (an upload's stored name is a random id). */
  originalName?: string;
  user?: string;
}

/** The job's progress, in the one shape every job reports. */
export type RunImportProgress = JobProgress;

export interface RunImportOutcome {
  exportRef: number;
  exportId: string | null;
  integrity: 'VALID' | 'INVALID' | 'UNVERIFIABLE';
  findingTotal: number;
  message: string;
  alreadyImported: boolean;
  engagementId: number | null;
}

/** Imports one bundle; throws CrosscheckError/StoreError (with a code) on failure or cancel. */
export async function runImport(input: RunImportInput, onProgress: (p: RunImportProgress) => void, signal: AbortSignal): Promise<RunImportOutcome> {
  const store = openStore(input.storeDir);
  const snapshots: ImportSnapshot[] = [];
  const tallies = new ImportTallies();
  try {
    const r = await importBundle(store, input.bundlePath, {
      // The writer has every row in hand: the index build then need not read them back for its tallies.
      onStoredRow: (log, pos, v) => tallies.row(log, pos, v),
      // The re-evaluation replays the export anyway: its states are the explanations' snapshots.
      stateSnapshots: { every: SNAPSHOT_EVERY, onSnapshot: (index, json) => snapshots.push({ index, json: packSnapshot(json) }) },
      keyring: input.keyring,
      ...(input.engagementId !== undefined ? { engagement: input.engagementId } : {}),
      ...(input.originalName !== undefined ? { originalName: input.originalName } : {}),
      ...(input.user !== undefined ? { user: input.user } : {}),
      signal,
      onProgress: (p) => onProgress({ phase: p.phase, done: p.bytesRead, total: p.totalBytes, entries: p.entries }),
    });
    const outcome: RunImportOutcome = {
      exportRef: r.exportRef,
      exportId: r.exportId,
      integrity: r.integrity,
      findingTotal: r.report.findings.length,
      message: r.message,
      alreadyImported: r.status === 'already-imported',
      engagementId: r.engagementId,
    };
    store.close();
    // The import is committed; indexing its text for search is the rest of the same job.
    const entries = r.newEntries;
    try {
      if (r.status === 'imported' && snapshots.length > 0) {
        try {
          recordImportSnapshots(input.storeDir, r.exportRef, snapshots);
        } catch {
          // Derived data: the index build below replays the export instead.
        }
      }
      snapshots.length = 0;
      await buildSearchIndex(
        input.storeDir,
        (done, total) => onProgress({ phase: 'indexing', done, total, entries }),
        signal,
        (done, total) => onProgress({ phase: 'explaining', done, total, entries }),
        tallies,
      );
    } catch (e) {
      // A cancel here leaves the import in place; the index catches up at the next start.
      if (!isCancelled(e)) throw e;
    }
    return outcome;
  } finally {
    store.close();
  }
}

/** The search index alone (start-up catch-up after imports made by the CLI). */
export function runIndex(storeDir: string, onProgress: (p: RunImportProgress) => void, signal: AbortSignal): Promise<number> {
  return buildSearchIndex(
    storeDir,
    (done, total) => onProgress({ phase: 'indexing', done, total, entries: done }),
    signal,
    (done, total) => onProgress({ phase: 'explaining', done, total, entries: done }),
  );
}
