/** What each kind of job runs: the same function in a worker thread and in the in-process fallback. */
import type { JobProgress } from '../../shared/api/job-progress.js';
import type { PackageJobResult } from '../../shared/api/view-types.js';
import type { RunImportInput, RunImportOutcome, RunImportProgress } from './import-runner.js';
import { runImport, runIndex } from './import-runner.js';
import type { RunPackageExportInput, RunPackageInput } from './package-runner.js';
import { runPackage, runPackageExport } from './package-runner.js';

export type WorkerMessage =
  | ({ type: 'progress' } & JobProgress)
  | { type: 'done'; outcome: RunImportOutcome | PackageJobResult | null }
  | { type: 'error'; code: string; message: string };

export type WorkerInput =
  | (RunImportInput & { mode?: 'import' })
  | { mode: 'index'; storeDir: string }
  | RunPackageInput
  | RunPackageExportInput;

type Work = (
  onP: (p: RunImportProgress) => void,
  signal: AbortSignal,
) => Promise<RunImportOutcome | PackageJobResult | null>;

/** The function a worker input names. */
export function workFor(data: WorkerInput): Work {
  switch (data.mode) {
    case 'index':
      return (onP, signal) => runIndex(data.storeDir, onP, signal).then(() => null);
    case 'package':
      return (onP, signal) => runPackage(data, onP, signal);
    case 'package-export':
      return (onP, signal) => runPackageExport(data, onP, signal);
    default:
      return (onP, signal) => runImport(data, onP, signal);
  }
}
