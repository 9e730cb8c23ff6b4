/**
 * The life of one long job as the renderer sees it, without React: start it, follow one started
 * elsewhere, poll until it ends, cancel it. `useJob` renders it; tests drive it against real services.
 */
import type { ApiClient } from '../../../shared/api/client.js';
import type { ApiError, Result } from '../../../shared/api/result.js';
import type { JobStatus } from '../../../shared/api/view-types.js';

export const POLL_MS = 200;

export interface JobEvents {
  /** Every status seen: the one `begin` returned, then each poll's. */
  status(job: JobStatus | null): void;
  error(error: ApiError | null): void;
  /** The job left `running` (done, failed or cancelled). */
  ended(job: JobStatus): void;
}

export interface JobFollower {
  current(): JobStatus | null;
  run(begin: () => Promise<Result<JobStatus>>, onDone?: (job: JobStatus) => void): Promise<void>;
  /** Shows and polls a job started elsewhere, unless one is shown already. */
  follow(job: JobStatus): void;
  cancel(): Promise<void>;
  /** Starts the last `run` again (after a refused start: busy, a file not found…). */
  retry(): Promise<void>;
  dismiss(): void;
  /** Stops polling (the screen went away). */
  dispose(): void;
}

/** One job at a time; a new `run` or `follow` replaces the poll of the one before. */
export function createJobFollower(
  client: ApiClient,
  events: JobEvents,
  pollMs: number = POLL_MS,
): JobFollower {
  let shown: JobStatus | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let generation = 0;
  let last: {
    begin: () => Promise<Result<JobStatus>>;
    onDone: ((job: JobStatus) => void) | undefined;
  } | null = null;

  const show = (s: JobStatus | null) => {
    shown = s;
    events.status(s);
  };
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    generation += 1;
  };
  const settle = (s: JobStatus, onDone?: (job: JobStatus) => void) => {
    if (s.state === 'running') return;
    if (s.state === 'done') onDone?.(s);
    events.ended(s);
  };
  const poll = (jobId: string, onDone?: (job: JobStatus) => void) => {
    stop();
    const mine = generation;
    const tick = () => {
      timer = setTimeout(() => {
        void client.call('jobs.get', { jobId }).then((r) => {
          if (mine !== generation) return;
          if (!r.ok) {
            events.error(r.error);
            return;
          }
          show(r.value);
          if (r.value.state === 'running') tick();
          else settle(r.value, onDone);
        });
      }, pollMs);
    };
    tick();
  };

  const run = async (begin: () => Promise<Result<JobStatus>>, onDone?: (job: JobStatus) => void) => {
    last = { begin, onDone };
    events.error(null);
    const r = await begin();
    if (!r.ok) {
      events.error(r.error);
      return;
    }
    show(r.value);
    if (r.value.state === 'running') poll(r.value.id, onDone);
    else settle(r.value, onDone);
  };

  return {
    current: () => shown,
    run,
    retry: async () => {
      if (last) await run(last.begin, last.onDone);
    },
    follow(s) {
      if (shown) return;
      show(s);
      if (s.state === 'running') poll(s.id);
    },
    async cancel() {
      if (!shown) return;
      const r = await client.call('jobs.cancel', { jobId: shown.id });
      if (r.ok) show(r.value);
    },
    dismiss() {
      stop();
      show(null);
      events.error(null);
    },
    dispose: stop,
  };
}
