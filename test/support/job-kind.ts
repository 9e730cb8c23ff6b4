/** Narrows a job status to its kind, failing the test when the services answered another kind. */
import type { JobKind, JobOf, JobStatus } from '../../shared/api/view-types.js';

/** The job as its kind's status; throws when its `kind` is not `kind`. */
export function jobOfKind<K extends JobKind>(job: JobStatus, kind: K): JobOf<K> {
  if (job.kind !== kind) throw new Error(`expected a job of kind ${kind}, got one of kind ${job.kind}`);
  return job as JobOf<K>;
}
