/** What an import takes and answers (importBundle in import-bundle.ts). */
import type { Keyring } from '../../../shared/format/export-types.js';
import type { KeyringRecord } from '../keyring/keyring-record.js';
import type { IntegrityStatus, Report } from '../../../shared/report/report-types.js';
import type { VerifyProgress } from '../verify/verify-api.js';
import type { StoredRowHook } from './entry-writer.js';

export interface ImportProgress extends VerifyProgress {
  phase: 'verifying' | 'saving';
}

export interface ImportOptions {
  /** The keyring to verify with: a parsed file (resolved here), or one the caller resolved once (the app's trust store). */
  keyring: Keyring | KeyringRecord;
  /** How the auditor calls a parsed keyring (usually its file name); a record carries its own name. */
  keyringName?: string;
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** Wall clock for the provenance record (tests pass a fixed one). */
  now?: () => Date;
  /**
   * The caller holds the store alone for the import's duration (the CLI). A first export of an
   * origin is then written through a rollback journal, once, instead of through the WAL and a
   * checkpoint (see directWrites). Exports that continue a stored origin keep WAL: their
   * continuity checks read the stored leaves while the import writes.
   */
  exclusive?: boolean;
  /** The engagement to place the export in (its id); default the engagement of its organisation. */
  engagement?: number | string;
  /** The auditor's name for the file, when the path is not it (an upload's temporary file). */
  originalName?: string;
  /** Who imports (recorded with the import and the engagement); default the OS user. */
  user?: string;
  /**
   * Each row as it is written (log, position, the verified line). Rows an import moves to
   * quarantine are not reported again: a consumer sees the quarantine log's rows only after the move.
   */
  onStoredRow?: StoredRowHook;
  /** Replayed states taken during the import's re-evaluation (see VerifyOptions.stateSnapshots). */
  stateSnapshots?: { every: number; onSnapshot: (index: number, json: string) => void };
}

export interface ImportResult {
  /** `already-imported`: the same export (export_id and manifest bytes) is in the store; nothing was written. */
  status: 'imported' | 'already-imported';
  /** The export's row id in the store (`exports.id`). */
  exportRef: number;
  exportId: string | null;
  integrity: IntegrityStatus;
  /** True when the export's leaves joined its origin's accepted log (VALID only). */
  trusted: boolean;
  /** Rows the import added to the entries table (0 for a no-op or a covered export). */
  newEntries: number;
  /** The engagement the export belongs to (for a no-op, the one the stored copy is in). */
  engagementId: number | null;
  report: Report;
  message: string;
}
