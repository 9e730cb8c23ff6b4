/** Errors with a stable code and a message a person can act on. */

export type ErrorCode =
  | 'BAD_ARGUMENTS'
  | 'FILE_UNREADABLE'
  | 'KEYRING_INVALID'
  | 'BUNDLE_MALFORMED'
  | 'NOT_AN_EXPORT'
  | 'WORKBOOK_REFUSED'
  | 'STORE_ERROR'
  | 'MIGRATION_EDITED'
  | 'NOT_FOUND'
  | 'CANCELLED'
  | 'INTERNAL';

export class CrosscheckError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'CrosscheckError';
  }
}

/** True for the error a cancelled operation throws. */
export function isCancelled(e: unknown): boolean {
  return e instanceof CrosscheckError && e.code === 'CANCELLED';
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CrosscheckError('CANCELLED', 'cancelled by the user');
}
