/**
 * A verification pass allocates about a kilobyte per line (the parse, its checks, the
 * re-evaluation) and keeps little of it: the evaluator's live state was 18 MB after a million
 * entries. V8 still grows a busy isolate's old generation to a multiple of what survives each
 * full collection (up to 4× while the program allocates fast), so the verification worker's heap
 * crept from 70 to 150 MB over a 2M-entry import and the importer's peak RSS passed 400 MB. A
 * growth factor of 1.5 keeps that worker near 80 MB for about 5 % more CPU (docs/store.md,
 * "Memory"). V8 reads the factor at every resize, so it holds for isolates already running and
 * for workers started later. It is process-wide, so only the CLI's `import` and `verify` set it:
 * in the app's process, which also renders packages and serves the UI, it made the Playwright
 * package flow 19-23 s → 25-30 s (react-pdf allocates fast and was collected more often).
 */
import { setFlagsFromString } from 'node:v8';

let set = false;

/** Bounds heap growth for this process's isolates (once; later calls do nothing). */
export function boundHeapGrowth(): void {
  if (set) return;
  set = true;
  setFlagsFromString('--heap-growing-percent=50');
}
