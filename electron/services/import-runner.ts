/** One import, as the worker (or the in-process fallback) runs it: its own store connection. */
import type { Keyring } from '../../shared/format/export-types.js';
import { importBundle } from '../core/import/import-bundle.js';
import { openStore } from '../core/store/store.js';

export interface RunImportInput {
  storeDir: string;
  bundlePath: string;
  keyring: Keyring;
  keyringName: string;
}

export interface RunImportProgress {
  phase: string;
  done: number;
  total: number;
  entries: number;
}

export interface RunImportOutcome {
  exportRef: number;
  exportId: string | null;
  integrity: 'VALID' | 'INVALID' | 'UNVERIFIABLE';
  findingTotal: number;
  message: string;
}

/** Imports one bundle; throws CrosscheckError/StoreError (with a code) on failure or cancel. */
export async function runImport(input: RunImportInput, onProgress: (p: RunImportProgress) => void, signal: AbortSignal): Promise<RunImportOutcome> {
  const store = openStore(input.storeDir);
  try {
    const r = await importBundle(store, input.bundlePath, {
      keyring: input.keyring,
      keyringName: input.keyringName,
      signal,
      onProgress: (p) => onProgress({ phase: p.phase, done: p.bytesRead, total: p.totalBytes, entries: p.entries }),
    });
    return { exportRef: r.exportRef, exportId: r.exportId, integrity: r.integrity, findingTotal: r.report.findings.length, message: r.message };
  } finally {
    store.close();
  }
}
