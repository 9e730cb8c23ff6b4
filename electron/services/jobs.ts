/**
 * Long work off the thread that answers requests: each import runs in a worker thread with its
 * own store connection (WAL lets the app keep reading meanwhile) and reports progress; a cancel
 * aborts it, and a worker that does not stop is terminated — the import transaction then never
 * commits, so the store is unchanged.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { ApiFailure } from '../../shared/api/result.js';
import type { ImportJobStatus, ImportOutcome, IndexJobStatus, JobKind, JobStatus, PackageJobResult, PackageJobStatus } from '../../shared/api/view-types.js';
import type { RunImportInput, RunImportOutcome, RunImportProgress } from './import-runner.js';
import type { WorkerInput, WorkerMessage } from './job-work.js';
import { workFor } from './job-work.js';
import type { RunPackageExportInput, RunPackageInput } from './package-runner.js';

/**
 * How long a cancelled job's worker may take to stop by itself. An import cleans up on the way
 * out; package work writes in one transaction and a file the cleanup deletes, so it is stopped at once.
 */
const KILL_AFTER_MS: Record<JobKind, number> = { import: 5000, index: 5000, package: 0, 'package-export': 0 };

const BUSY_MESSAGES: Record<JobKind, string> = {
  import: 'an import is already running; wait for it or cancel it',
  index: 'the search index is being built; try again in a moment',
  package: 'a package is being generated; wait for it or cancel it',
  'package-export': 'a package is being exported; wait for it or cancel it',
};
const KEEP_FINISHED = 20;

/** The fields every new job starts with, whatever its kind. */
function fresh() {
  return { id: randomUUID(), state: 'running' as const, progress: { phase: 'starting' as const, done: 0, total: 0, entries: 0 }, error: null, startedAt: new Date().toISOString() };
}

function importOutcome(o: RunImportOutcome): ImportOutcome {
  return {
    exportRef: String(o.exportRef),
    exportId: o.exportId,
    status: o.integrity,
    findingTotal: o.findingTotal,
    alreadyImported: o.alreadyImported,
    engagementId: o.engagementId === null ? null : String(o.engagementId),
  };
}

interface JobRecord {
  status: JobStatus;
  cancel: () => void;
}

export class JobRunner {
  private readonly jobs = new Map<string, JobRecord>();

  constructor(
    /** The bundled import-worker.js; null runs imports on this thread (tests from sources). */
    private readonly workerScript: string | null,
    private readonly onFinished: (status: JobStatus) => void,
  ) {}

  get workerMode(): boolean {
    return this.workerScript !== null && existsSync(this.workerScript);
  }

  running(): JobStatus | undefined {
    return [...this.jobs.values()].find((j) => j.status.state === 'running')?.status;
  }

  startImport(input: RunImportInput, cleanup: () => void): ImportJobStatus {
    return this.start({ ...fresh(), kind: 'import', outcome: null }, input, cleanup);
  }

  /** Catches the search index up with the store (imports made elsewhere, e.g. by the CLI). */
  startIndex(storeDir: string): IndexJobStatus {
    return this.start({ ...fresh(), kind: 'index' }, { mode: 'index', storeDir }, () => undefined);
  }

  /** Builds and records a package (immutable, custody-logged). */
  startPackage(input: RunPackageInput): PackageJobStatus {
    return this.start({ ...fresh(), kind: 'package', result: null }, input, () => undefined);
  }

  /** Writes a stored package out; `settle` turns the written path into what the caller may see. */
  startPackageExport(input: RunPackageExportInput, settle: (r: PackageJobResult) => PackageJobResult, cleanup: (end: JobStatus) => void): PackageJobStatus {
    return this.start({ ...fresh(), kind: 'package-export', result: null }, input, cleanup, settle);
  }

  /** Runs `workerData` for the job `status` describes, which it keeps up to date (and returns). */
  private start<S extends JobStatus>(
    status: S,
    workerData: WorkerInput,
    cleanup: (end: JobStatus) => void,
    settle: (r: PackageJobResult) => PackageJobResult = (r) => r,
  ): S {
    const busy = this.running();
    if (busy) throw new ApiFailure('BUSY', BUSY_MESSAGES[busy.kind]);
    const kind = status.kind;
    let cancelled = false;
    const progress = (p: RunImportProgress) => {
      if (status.state === 'running') status.progress = p;
    };
    const finish = (outcome: RunImportOutcome | PackageJobResult | null, error: { code: string; message: string } | null) => {
      if (status.state !== 'running') return;
      if (!error) {
        status.state = 'done';
        // Each kind takes only its own payload; a worker answering with another kind's is a bug, not data.
        if (status.kind === 'import') status.outcome = outcome !== null && !('packageId' in outcome) ? importOutcome(outcome) : null;
        else if (status.kind !== 'index') status.result = outcome !== null && 'packageId' in outcome ? settle(outcome) : null;
      } else if (error?.code === 'CANCELLED' || cancelled) {
        status.state = 'cancelled';
      } else {
        status.state = 'failed';
        status.error = error?.message ?? `the ${kind === 'import' ? 'import' : 'job'} failed`;
      }
      cleanup(status);
      this.onFinished(status);
      this.prune();
    };
    let cancel: () => void;
    if (this.workerMode) {
      const worker = new Worker(this.workerScript!, { workerData });
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') {
          progress({ phase: m.phase, done: m.done, total: m.total, entries: m.entries });
          return;
        }
        if (m.type === 'done') finish(m.outcome, null);
        else finish(null, { code: m.code, message: m.message });
        // Belt and braces: a finished worker never outlives its job.
        setImmediate(() => void worker.terminate());
      });
      worker.on('error', (e) => finish(null, { code: 'INTERNAL', message: e.message }));
      worker.on('exit', () => finish(null, { code: cancelled ? 'CANCELLED' : 'INTERNAL', message: 'the worker stopped before the job was done' }));
      cancel = () => {
        cancelled = true;
        worker.postMessage({ type: 'cancel' });
        setTimeout(() => void worker.terminate(), KILL_AFTER_MS[kind]).unref();
      };
    } else {
      const abort = new AbortController();
      workFor(workerData)(progress, abort.signal).then(
        (o) => finish(o, null),
        (e: unknown) => finish(null, { code: (e as { code?: string }).code ?? 'INTERNAL', message: e instanceof Error ? e.message : String(e) }),
      );
      cancel = () => {
        cancelled = true;
        abort.abort();
      };
    }
    this.jobs.set(status.id, { status, cancel });
    return status;
  }

  get(id: string): JobStatus {
    const j = this.jobs.get(id);
    if (!j) throw new ApiFailure('NOT_FOUND', `no job ${id}`);
    return j.status;
  }

  list(): JobStatus[] {
    return [...this.jobs.values()].map((j) => j.status);
  }

  cancel(id: string): JobStatus {
    const j = this.jobs.get(id);
    if (!j) throw new ApiFailure('NOT_FOUND', `no job ${id}`);
    if (j.status.state === 'running') {
      j.status.progress = { ...j.status.progress, phase: 'cancelling' };
      j.cancel();
    }
    return j.status;
  }

  /** Cancels whatever runs (app shutdown). */
  cancelAll(): void {
    for (const j of this.jobs.values()) if (j.status.state === 'running') j.cancel();
  }

  private prune(): void {
    const finished = [...this.jobs.entries()].filter(([, j]) => j.status.state !== 'running');
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(id);
  }
}
