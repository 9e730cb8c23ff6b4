/** Navigation and delivery of a package job's file (the transfer itself is shared: file-transfer.ts). */
import type { JobStatus } from '../../../../shared/api/view-types.js';
import { deliver } from '../../file-transfer.js';

export { chooseDestination, fetchDownload } from '../../file-transfer.js';

export function navigateTo(hash: string): void {
  window.location.hash = hash;
}

/** A finished export job's file, fetched under serve. */
export function download(job: JobStatus): void {
  if (job.kind === 'package-export') deliver(job.result?.file);
}
