/**
 * The seam between verification and everything that consumes it (import, store, app).
 * verifyBundle() (verify-bundle.ts) streams a bundle once, runs every check of spec §6 and the
 * re-evaluation of §8, and hands each entry to `onEntry` in file order so an importer can write
 * it in the same pass.
 */
import type { AuditEntry, Keyring, Manifest, PlatformState } from '../../../shared/format/export-types.js';
import type { Report } from '../../../shared/report/report-types.js';
import type { EntryColumns } from './entry-columns.js';
import type { LineStreamResult } from './line-reader.js';

/** What the store knows about one origin, read-only (spec §6 continuity). */
export interface ContinuityView {
  /** N: how many leaves of this origin the store holds (0 when the origin is unknown). */
  storedSize(origin: string): number;
  /** Leaf hash of seq (< storedSize) as raw 32 bytes. */
  leafHash(origin: string, seq: number): Buffer | null;
  /** MTH(D[0:size]) for 0 < size ≤ storedSize, from the stored leaves or a stored checkpoint. */
  rootAt(origin: string, size: number): Buffer | null;
  /** Timestamp of stored entry seq, for naming the time range of an export_gap. */
  entryTs(origin: string, seq: number): string | null;
  /** The replayed platform state after the stored export that ends at tree size `size`, if any. */
  endStateAt(origin: string, size: number): PlatformState | null;
}

/**
 * What the line pass hands on for each line: a VerifiedEntry with its leaf hash in hex and without
 * its columns, which only a consumer that stores rows computes (entry-columns.ts).
 */
export type CheckedLine = Omit<VerifiedEntry, 'leafHash' | 'columns'> & {
  leafHex: string;
  /** False only for a last line that has no newline. */
  complete: boolean;
};

/** One line of entries.jsonl as verification saw it. */
export interface VerifiedEntry {
  /** 0-based line number in the file. */
  index: number;
  /** The exact line bytes without the newline. */
  line: Buffer;
  leafHash: Buffer;
  /**
   * The parsed entry, or null when the line is not JSON — and always null when verification ran in
   * its worker thread (then only `columns` cross over: parsing happened there).
   */
  entry: AuditEntry | null;
  canonical: boolean;
  /** The store's parsed columns (seq first), always present. */
  columns: EntryColumns;
}

export interface VerifyProgress {
  bytesRead: number;
  totalBytes: number;
  entries: number;
}

export interface VerifyOptions {
  keyring: Keyring;
  /** The store's knowledge for continuity; absent: a fresh store (continuity "first"). */
  continuity?: ContinuityView;
  /** Run the re-evaluation of §8 (default true). */
  evaluate?: boolean;
  onEntry?: (e: VerifiedEntry) => void;
  onProgress?: (p: VerifyProgress) => void;
  signal?: AbortSignal;
  /**
   * Run the per-line work (parse, JCS, hashing, chain checks and — while an importer is writing —
   * the re-evaluation) in a worker thread beside the caller. Default: on when the built worker is
   * available; the report is identical either way.
   */
  worker?: boolean;
  /**
   * While an importer writes (onEntry set) and the export is re-evaluated: the replayed state
   * before every `every`-th line, as JSON text, so the app need not replay the export again.
   */
  stateSnapshots?: { every: number; onSnapshot: (index: number, json: string) => void };
}

export interface VerifyResult {
  report: Report;
  /** The verified manifest payload (null when the envelope could not be read). */
  manifest: Manifest | null;
  manifestPayload: Buffer | null;
  envelopeBytes: Buffer | null;
  checkpointBytes: Buffer | null;
  frontierBytes: Buffer | null;
  stateBytes: Buffer | null;
  /**
   * JCS of the platform state after the last entry, as UTF-8, for an importer to store (null
   * when evaluation was skipped, and for a plain verify, which keeps nothing).
   */
  endStateJcs: Uint8Array | null;
  /** MTH of the whole tree as computed from frontier + lines. */
  computedRoot: Buffer | null;
  /** SHA-256 and size of entries.jsonl as the line pass read it to its end (null if it could not). */
  entriesDigest: LineStreamResult | null;
  /** Names of the key that verified the envelope / the checkpoint. */
  envelopeKey: string | null;
  checkpointKey: string | null;
}
