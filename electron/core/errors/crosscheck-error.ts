/** Errors with a stable code and a message a person can act on. */

import type { ErrorCode } from '../../../shared/errors/error-codes.js';

export type { ErrorCode };

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
