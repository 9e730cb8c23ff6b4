/**
 * Every code a Crosscheck error carries, and the contract code (`ApiErrorCode`) a caller of the API
 * branches on. One table: adding a code without saying what the API calls it does not compile.
 * The CLI maps every one of them to exit 3 (spec §9: the command could not run), CANCELLED to 130.
 *
 * Not here, on purpose: the signals a verifier raises inside one check (a malformed bundle part, a
 * signed note that does not parse, a stream past its bound). They become check failures of the
 * export, never errors of the command: a tampered export is reported, not refused.
 */
import type { ApiErrorCode } from '../api/result.js';

export const ERROR_CODES = {
  BAD_ARGUMENTS: 'BAD_ARGUMENTS',
  FILE_UNREADABLE: 'IMPORT_FAILED',
  KEYRING_INVALID: 'KEYRING_INVALID',
  BUNDLE_MALFORMED: 'IMPORT_FAILED',
  NOT_AN_EXPORT: 'IMPORT_FAILED',
  /** A questionnaire workbook that cannot be read (password, macros, corrupt, empty, unsafe ZIP). */
  WORKBOOK_REFUSED: 'BAD_ARGUMENTS',
  STORE_ERROR: 'STORE_ERROR',
  MIGRATION_EDITED: 'MIGRATION_EDITED',
  NOT_FOUND: 'NOT_FOUND',
  CANCELLED: 'CANCELLED',
  PACKAGE_EMPTY: 'BAD_ARGUMENTS',
  PACKAGE_AMBIGUOUS_ORG: 'BAD_ARGUMENTS',
  PACKAGE_NOT_FOUND: 'NOT_FOUND',
  PACKAGE_SCOPE_MISMATCH: 'BAD_ARGUMENTS',
  BINDER_POPULATION_CHANGED: 'CONFLICT',
  BINDER_WRITE_FAILED: 'WRITE_FAILED',
  LIBRARY_EDIT_CONFLICT: 'CONFLICT',
  INTERNAL: 'INTERNAL',
} as const satisfies Record<string, ApiErrorCode>;

export type ErrorCode = keyof typeof ERROR_CODES;

/** The contract code of an error code. */
export function apiCodeOf(code: ErrorCode): ApiErrorCode {
  return ERROR_CODES[code];
}
