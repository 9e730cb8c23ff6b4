/** The one result shape every contract method returns on every transport (design.md "IPC"). */

/** Stable error codes a caller can branch on; `message` is for people. */
export type ApiErrorCode =
  | 'BAD_ARGUMENTS'
  | 'UNKNOWN_METHOD'
  | 'NOT_FOUND'
  | 'FORBIDDEN'
  | 'CANCELLED'
  | 'BUSY'
  | 'KEYRING_INVALID'
  | 'IMPORT_FAILED'
  /** The store could not be opened, migrated or written. */
  | 'STORE_ERROR'
  /** A migration that was applied has since been edited: the store differs from what the code expects. */
  | 'MIGRATION_EDITED'
  /** The store changed under the operation (a binder over a population that moved). */
  | 'CONFLICT'
  /** A file could not be written. */
  | 'WRITE_FAILED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface ApiError {
  code: ApiErrorCode;
  message: string;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** Wraps a value as a success. */
export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

/** Wraps a code and message as a failure; only the message crosses a transport, never a stack. */
export function fail<T = never>(code: ApiErrorCode, message: string): Result<T> {
  return { ok: false, error: { code, message } };
}

/** An error thrown inside a handler that already knows its stable code. */
export class ApiFailure extends Error {
  readonly code: ApiErrorCode;

  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = 'ApiFailure';
  }
}

/** Narrows an unknown JSON value to a Result envelope (transports receive untyped JSON). */
export function isResult(v: unknown): v is Result<unknown> {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as { ok?: unknown; error?: unknown };
  if (r.ok === true) return 'value' in r;
  if (r.ok === false) {
    const e = r.error as { code?: unknown; message?: unknown } | undefined;
    return typeof e === 'object' && e !== null && typeof e.code === 'string' && typeof e.message === 'string';
  }
  return false;
}
