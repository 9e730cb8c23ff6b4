/**
 * The one progress shape of every long job, from the worker to the screen: a phase from a fixed
 * list (the renderer branches on it, people read its label), how far, of how much, and how many
 * entries so far. Import, index and package jobs all report in it; nothing re-shapes it on the way.
 */

/** Every phase a job can be in, in the order an import or a package passes them. */
export const JOB_PHASES = [
  'starting',
  'verifying',
  'saving',
  'indexing',
  'explaining',
  'counting',
  'reading',
  'rendering',
  'binding',
  'cancelling',
] as const;

export type JobPhase = (typeof JOB_PHASES)[number];

/** What a person reads for each phase. */
export const PHASE_LABELS: Readonly<Record<JobPhase, string>> = {
  starting: 'starting',
  verifying: 'verifying',
  saving: 'saving',
  indexing: 'indexing for search',
  explaining: 'preparing explanations',
  counting: 'counting the population',
  reading: 'reading the population',
  rendering: 'rendering the PDF',
  binding: 'writing the binder',
  cancelling: 'cancelling',
};

/** Phases after an import has committed: its rows are in the store while the index is built. */
export const COMMITTED_PHASES: ReadonlySet<JobPhase> = new Set(['indexing', 'explaining']);

export interface JobProgress {
  phase: JobPhase;
  done: number;
  total: number;
  entries: number;
}
