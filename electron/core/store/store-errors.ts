/** Errors of the store and the importer, each with a stable `code` the CLI and UI switch on. */

export type StoreErrorCode =
  | 'STORE_OPEN_FAILED'
  | 'STORE_TOO_NEW'
  | 'MIGRATION_EDITED'
  | 'MIGRATION_MISSING'
  | 'MIGRATION_DUPLICATE'
  | 'MIGRATION_BAD_NAME'
  | 'MIGRATION_FAILED'
  | 'STORE_BUSY'
  | 'STORE_LIMIT';

/** A store that cannot be opened, migrated or written, with an actionable message. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

export type ImportErrorCode = 'IMPORT_ABORTED' | 'IMPORT_FAILED' | 'BUNDLE_UNREADABLE';

/** An import that did not land; the store is exactly as it was before the import started. */
export class ImportError extends Error {
  readonly code: ImportErrorCode;

  constructor(code: ImportErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ImportError';
    this.code = code;
  }
}
