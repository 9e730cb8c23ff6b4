/** Errors of the store and the importer: CrosscheckErrors with a finer, stable `reason`. */
import { CrosscheckError } from '../errors/crosscheck-error.js';

export type StoreErrorReason =
  | 'STORE_OPEN_FAILED'
  | 'STORE_TOO_NEW'
  | 'MIGRATION_EDITED'
  | 'MIGRATION_MISSING'
  | 'MIGRATION_DUPLICATE'
  | 'MIGRATION_BAD_NAME'
  | 'MIGRATION_FAILED'
  | 'STORE_BUSY'
  | 'STORE_LIMIT'
  | 'IMPORT_FAILED';

/**
 * A store that cannot be opened, migrated or written. `code` is the app-wide one the CLI and UI
 * switch on (MIGRATION_EDITED or STORE_ERROR); `reason` says which store problem it is.
 */
export class StoreError extends CrosscheckError {
  readonly reason: StoreErrorReason;

  constructor(reason: StoreErrorReason, message: string, options?: { cause?: unknown }) {
    super(reason === 'MIGRATION_EDITED' ? 'MIGRATION_EDITED' : 'STORE_ERROR', message);
    this.name = 'StoreError';
    this.reason = reason;
    if (options && 'cause' in options) this.cause = options.cause;
  }
}
