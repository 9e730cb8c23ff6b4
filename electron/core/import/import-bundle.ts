/**
 * importBundle: verify a bundle and record it in the store in one transaction. The store after
 * an import is either exactly as before (failure, cancel, kill, or the same export again) or
 * holds the whole export with its provenance, report and findings.
 *
 * It reads as its steps: preflight (refusals and the no-op for archive bytes already held) →
 * verify (one pass, each verified line written as it arrives) → judge (accepted? a copy already
 * held?) → write (the export's rows, its engagement, the origin's advance) → commit.
 */
import path from 'node:path';
import type { Keyring } from '../../../shared/format/export-types.js';
import { assertExportBundle } from '../bundle/probe-bundle.js';
import { engagementForImport, getEngagement, placeExport } from '../engagement/engagements.js';
import { sha256Hex } from '../crypto/sha256.js';
import {
  isKeyringRecord,
  keyringRecord,
  recordedKeyring,
  type KeyringRecord,
} from '../keyring/keyring-record.js';
import { CrosscheckError, throwIfAborted } from '../errors/crosscheck-error.js';
import { createContinuityView } from '../store/continuity.js';
import type { Store } from '../store/store.js';
import { beginImport } from '../store/import-session.js';
import { StoreError } from '../store/store-errors.js';
import { verifyBundle } from '../verify/verify-bundle.js';
import type { ContinuityView, VerifyProgress, VerifyResult } from '../verify/verify-api.js';
import { startArchiveDigest } from './archive-hash.js';
import { EntryWriter, type OriginTarget } from './entry-writer.js';
import {
  findByArchive,
  findCopies,
  noOp,
  readManifestHint,
  sameAsHint,
  type ExistingExport,
  type ManifestHint,
} from './existing-exports.js';
import type { ImportOptions, ImportProgress, ImportResult } from './import-types.js';
import { advanceOrigin, keyringId, newLog, originTarget, storedOrigin } from './origin-log.js';
import { recordExport } from './record-export.js';
import { osUser } from '../os-user.js';

export type { ImportOptions, ImportProgress, ImportResult } from './import-types.js';

/** What the import knows before the pass: where, the hint, the archive's digest under way, the keyring's hash. */
interface Preflight {
  absPath: string;
  hint: ManifestHint | null;
  digester: ReturnType<typeof startArchiveDigest>;
  /** The keyring resolved once: verification reads the keyring parsed from the bytes the import records. */
  ring: KeyringRecord;
  keyring: Keyring;
  keyringSha: string;
}

/** The pass's outcome as the rest of the import needs it. */
interface Verified {
  result: VerifyResult;
  digest: Awaited<ReturnType<ReturnType<typeof startArchiveDigest>['finish']>>;
  payloadSha: string | null;
  accepted: boolean;
}

/** The first error of a callback the verifier calls: kept aside, because the verifier may report a callback's exception as a malformed bundle rather than propagate it. */
interface FailureLatch {
  error: unknown;
}

/** Verifies a bundle against `keyring` and records it, its report and entries in one transaction. */
export async function importBundle(
  store: Store,
  bundlePath: string,
  opts: ImportOptions,
): Promise<ImportResult> {
  const started = Date.now();
  const pre = await preflight(store, bundlePath, opts);
  if ('status' in pre) return pre;
  const { hint } = pre;

  // Switched before the continuity view opens its connection (SQLite leaves WAL only when no
  // other connection is open). Only for an origin the store does not hold: its view then reads
  // nothing while the import writes, so it never waits on the writer's lock.
  const session = beginImport(store, {
    direct:
      opts.exclusive === true &&
      hint !== null &&
      (storedOrigin(store, hint.manifest.origin)?.trusted_size ?? 0) === 0,
  });
  let view: ContinuityView & { close(): void };
  try {
    view = createContinuityView(store);
  } catch (e) {
    session.end();
    throw e;
  }
  const latch: FailureLatch = { error: null };
  try {
    session.begin();
    const importedAt = (opts.now ?? (() => new Date()))().toISOString();
    const target = hint
      ? originTarget(store, hint.manifest.origin, hint.manifest.range.first_seq, importedAt)
      : null;
    const writer = new EntryWriter(
      store,
      target,
      () => newLog(store, 'quarantine', hint?.manifest.origin ?? null),
      opts.onStoredRow,
    );

    const verified = await verifyIntoWriter(store, pre, opts, view, writer, latch);
    const duplicate = storedCopy(store, pre, verified);
    if (duplicate) {
      session.rollback();
      return noOp(store, duplicate, verified.result.report);
    }
    reportProgress(opts, latch, { bytesRead: 0, totalBytes: 0, entries: writer.lines }, 'saving');
    if (latch.error) throw latch.error;
    const written = writeExport(store, pre, opts, verified, writer, target, importedAt, started);
    throwIfAborted(opts.signal);
    session.commit();
    return importedResult(verified, writer, written);
  } catch (e) {
    session.rollback();
    const err = latch.error ?? e;
    if (err instanceof CrosscheckError) throw err;
    throw new StoreError(
      'IMPORT_FAILED',
      `the import failed and the store is unchanged: ${(err as Error).message}`,
      { cause: err },
    );
  } finally {
    view.close();
    session.end(); // after the view's connection is closed, or SQLite would refuse to go back to WAL
  }
}

/** Refusals that need no pass, the manifest hint, and the no-op for the same archive bytes already judged. */
async function preflight(
  store: Store,
  bundlePath: string,
  opts: ImportOptions,
): Promise<Preflight | ImportResult> {
  if (store.readonly)
    throw new StoreError('STORE_BUSY', 'the store was opened read-only; imports need a writable store');
  if (store.importing)
    throw new StoreError(
      'STORE_BUSY',
      'another import is running on this store connection; wait for it to finish',
    );
  const absPath = path.resolve(bundlePath);
  throwIfAborted(opts.signal);
  await assertExportBundle(absPath);
  // A mistyped engagement fails now, not after a full verification pass.
  if (opts.engagement !== undefined) getEngagement(store.db, opts.engagement);

  const hint = await readManifestHint(absPath);
  const digester = startArchiveDigest(absPath);
  const ring = isKeyringRecord(opts.keyring)
    ? opts.keyring
    : keyringRecord(opts.keyring, opts.keyringName ?? null);
  const keyring = recordedKeyring(ring);
  const keyringSha = ring.sha256;
  if (hint) {
    // The same archive bytes again, already accepted or judged with the same keyring: provably
    // the same outcome, answered without a pass. Anything else is verified first.
    const copies = findCopies(store, hint.manifest.export_id, hint.payloadSha256);
    if (copies.length > 0) {
      const archive = (await digester.whole()).sha256;
      const same = copies.find(
        (c) => c.archive_sha256 === archive && (c.trusted === 1 || c.keyring_sha256 === keyringSha),
      );
      if (same) return noOp(store, same);
    }
  }
  return { absPath, hint, digester, ring, keyring, keyringSha };
}

function reportProgress(
  opts: ImportOptions,
  latch: FailureLatch,
  p: VerifyProgress,
  phase: ImportProgress['phase'],
): void {
  if (latch.error) return;
  try {
    opts.onProgress?.({ ...p, phase });
  } catch (err) {
    latch.error = err;
  }
}

/** The verification pass, each verified line handed to the writer as it arrives; then the archive digest and whether the export is accepted. */
async function verifyIntoWriter(
  store: Store,
  pre: Preflight,
  opts: ImportOptions,
  view: ContinuityView,
  writer: EntryWriter,
  latch: FailureLatch,
): Promise<Verified> {
  const onEntry = (e: Parameters<EntryWriter['add']>[0]): void => {
    if (latch.error) throw latch.error;
    try {
      throwIfAborted(opts.signal);
      writer.add(e);
      // Every 65,536 lines (about 100 MB of store), so COMMIT does not wait for all of it.
      if ((writer.lines & 0xffff) === 0) void store.startWriteback();
    } catch (err) {
      // The import must fail, not record a bundle the verifier called malformed because of this.
      latch.error = err;
      throw err instanceof CrosscheckError
        ? err
        : new StoreError('IMPORT_FAILED', (err as Error).message, { cause: err });
    }
  };
  const result = await verifyBundle(pre.absPath, {
    keyring: pre.keyring,
    continuity: view,
    onEntry,
    onProgress: (p: VerifyProgress) => reportProgress(opts, latch, p, 'verifying'),
    signal: opts.signal,
    ...(opts.stateSnapshots ? { stateSnapshots: opts.stateSnapshots } : {}),
  });
  if (latch.error) throw latch.error;
  throwIfAborted(opts.signal);
  const digest = await pre.digester.finish(result.entriesDigest);
  throwIfAborted(opts.signal);
  const payloadSha = result.manifestPayload ? sha256Hex(result.manifestPayload) : null;
  const accepted =
    result.report.integrity.status === 'VALID' && writer.accepting && sameAsHint(pre.hint, result);
  return { result, digest, payloadSha, accepted };
}

/**
 * Already held: an accepted copy of this export, or a copy judged the same way. A copy that now
 * verifies differently (the genuine export after a tampered one, or a keyring that now holds the
 * key) is recorded as a new import instead.
 */
function storedCopy(store: Store, pre: Preflight, v: Verified): ExistingExport | undefined {
  const { result, payloadSha, accepted } = v;
  const copies =
    result.manifest && payloadSha ? findCopies(store, result.manifest.export_id, payloadSha) : [];
  return result.manifest
    ? (copies.find((c) => c.trusted === 1) ??
        // A keyring that changed is a new verification, recorded beside the old one (history
        // kept; views show the newest): the same verdict under the same keyring is a no-op.
        (accepted
          ? undefined
          : copies.find(
              (c) => c.integrity === result.report.integrity.status && c.keyring_sha256 === pre.keyringSha,
            )))
    : findByArchive(store, v.digest.sha256);
}

/** Places the entries (origin log or quarantine), writes the export's rows in its engagement, and advances the origin when accepted. */
function writeExport(
  store: Store,
  pre: Preflight,
  opts: ImportOptions,
  v: Verified,
  writer: EntryWriter,
  target: (OriginTarget & { originId: number }) | null,
  importedAt: string,
  started: number,
): { exportRef: number; engagementId: number | null } {
  const { result, accepted } = v;
  const placement = writer.finish(accepted);
  const actor = { by: opts.user ?? osUser(), at: importedAt };
  const m0 = result.manifest ?? pre.hint?.manifest ?? null;
  const engagementId = engagementForImport(store.db, m0 ? m0.org : null, opts.engagement, actor);
  const exportRef = recordExport(store, {
    result,
    payloadSha: v.payloadSha,
    digest: v.digest,
    absPath: pre.absPath,
    originalName: opts.originalName ?? path.basename(pre.absPath),
    user: actor.by,
    importedAt,
    durationMs: Date.now() - started,
    keyringId: keyringId(store, pre.ring, importedAt),
    accepted,
    lines: writer.lines,
    newEntries: writer.newEntries,
    placement,
  });
  placeExport(store.db, exportRef, engagementId, actor);
  if (accepted && target) advanceOrigin(store, target, result, importedAt);
  return { exportRef, engagementId };
}

function importedResult(
  v: Verified,
  writer: EntryWriter,
  written: { exportRef: number; engagementId: number | null },
): ImportResult {
  const { result, accepted } = v;
  const report = result.report;
  const m = result.manifest;
  return {
    status: 'imported',
    exportRef: written.exportRef,
    exportId: m?.export_id ?? null,
    integrity: report.integrity.status,
    trusted: accepted,
    newEntries: writer.newEntries,
    engagementId: written.engagementId,
    report,
    message: accepted
      ? `imported export ${m!.export_id}: ${report.integrity.status}, continuity ${report.integrity.continuity}, ${writer.newEntries} new entries`
      : `recorded export ${m?.export_id ?? '(unreadable manifest)'} as ${report.integrity.status}: kept for the record, its entries are quarantined and not part of the log's accepted history`,
  };
}
