/**
 * importBundle: verify a bundle and record it in the store in one transaction. The store after
 * an import is either exactly as before (failure, cancel, kill, or the same export again) or
 * holds the whole export with its provenance, report and findings.
 */
import path from 'node:path';
import type { Keyring, Manifest } from '../../../shared/format/export-types.js';
import { canonicalize } from '../../../shared/format/jcs.js';
import { findDuplicateMember } from '../../../shared/format/json-members.js';
import type { IntegrityStatus, Report } from '../../../shared/report/report-types.js';
import { openBundle } from '../bundle/open-bundle.js';
import { assertExportBundle } from '../bundle/probe-bundle.js';
import { engagementForImport, getEngagement, placeExport } from '../engagement/engagements.js';
import { sha256Hex } from '../crypto/sha256.js';
import { isKeyringRecord, keyringRecord, recordedKeyring, type KeyringRecord } from '../keyring/keyring-record.js';
import { CrosscheckError, throwIfAborted } from '../errors/crosscheck-error.js';
import { CompactRange } from '../merkle/merkle.js';
import { createContinuityView } from '../store/continuity.js';
import { LOG_LIMIT } from '../store/entry-key.js';
import type { Store } from '../store/store.js';
import { beginImport } from '../store/import-session.js';
import { StoreError } from '../store/store-errors.js';
import { verifyBundle } from '../verify/verify-bundle.js';
import type { VerifyProgress, VerifyResult } from '../verify/verify-api.js';
import { startArchiveDigest } from './archive-hash.js';
import { EntryWriter, type OriginTarget, type StoredRowHook } from './entry-writer.js';
import { osUser } from '../os-user.js';

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

interface ManifestHint {
  manifest: Manifest;
  payloadSha256: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads the (not yet verified) manifest before streaming, so entries can be written to their
 * origin's log as they arrive and an already-imported export is recognized without a full pass.
 * Everything taken from it is re-checked against the verified manifest before commit.
 */
async function readManifestHint(bundlePath: string): Promise<ManifestHint | null> {
  try {
    const bundle = await openBundle(bundlePath);
    try {
      if (!bundle.has('manifest.dsse.json')) return null;
      const envText = (await bundle.readSmall('manifest.dsse.json')).toString('utf8');
      const env = JSON.parse(envText) as unknown;
      if (!isObject(env) || typeof env.payload !== 'string') return null;
      const payload = Buffer.from(env.payload, 'base64');
      // No hint from a text the verifier will refuse (a repeated member): it must not pick the log.
      if (findDuplicateMember(envText) || findDuplicateMember(payload.toString('utf8'))) return null;
      const m = JSON.parse(payload.toString('utf8')) as unknown;
      if (!isObject(m) || typeof m.origin !== 'string' || typeof m.export_id !== 'string') return null;
      const r = m.range;
      if (!isObject(r) || !Number.isSafeInteger(r.first_seq) || (r.first_seq as number) < 0) return null;
      return { manifest: m as unknown as Manifest, payloadSha256: sha256Hex(payload) };
    } finally {
      bundle.close();
    }
  } catch {
    return null;
  }
}


interface ExistingExport {
  id: number;
  export_id: string | null;
  integrity: IntegrityStatus;
  trusted: number;
  archive_sha256: string;
  keyring_sha256: string;
  engagement_id: number | null;
}

// A voided copy is not "already imported": the auditor voided it, and may import it again.
const EXISTING_SELECT = `SELECT e.id, e.export_id, e.integrity, e.trusted, i.archive_sha256, k.sha256 AS keyring_sha256,
  (SELECT engagement_id FROM engagement_exports p WHERE p.export_ref = e.id) AS engagement_id
  FROM exports e JOIN imports i ON i.id = e.import_id JOIN keyrings k ON k.id = i.keyring_id`;
const NOT_VOIDED = 'NOT EXISTS (SELECT 1 FROM export_voids v WHERE v.export_ref = e.id)';

/** Stored copies of the export with this id and manifest bytes, accepted ones first. */
function findCopies(store: Store, exportId: string, payloadSha256: string): ExistingExport[] {
  return store
    .prepare<[string, string], ExistingExport>(
      `${EXISTING_SELECT} WHERE e.export_id = ? AND e.manifest_sha256 = ? AND ${NOT_VOIDED} ORDER BY e.trusted DESC, e.id`,
    )
    .all(exportId, payloadSha256);
}

function findByArchive(store: Store, archiveSha256: string): ExistingExport | undefined {
  return store
    .prepare<[string], ExistingExport>(
      `${EXISTING_SELECT} WHERE i.archive_sha256 = ? AND e.export_id IS NULL AND ${NOT_VOIDED}`,
    )
    .get(archiveSha256);
}

/**
 * The answer for an export the store already holds. `fresh` is this copy's own report when it
 * was verified (a copy in another container, or a tampered one); it is returned, not stored.
 */
function noOp(store: Store, existing: ExistingExport, fresh?: Report): ImportResult {
  const bytes = store
    .prepare<[number], { bytes: Buffer }>(
      "SELECT bytes FROM export_files WHERE export_ref = ? AND name = 'report.json'",
    )
    .get(existing.id);
  const report = fresh ?? (JSON.parse(bytes!.bytes.toString('utf8')) as Report);
  const differs = fresh && fresh.integrity.status !== existing.integrity;
  return {
    status: 'already-imported',
    exportRef: existing.id,
    exportId: existing.export_id,
    integrity: existing.integrity,
    trusted: existing.trusted === 1,
    newEntries: 0,
    engagementId: existing.engagement_id,
    report,
    message:
      `this export is already in the store (#${existing.id}${existing.export_id ? `, export ${existing.export_id}` : ''}); nothing was written` +
      (differs
        ? `; note: this copy verifies as ${fresh.integrity.status}, the stored one as ${existing.integrity}`
        : ''),
  };
}

function newLog(store: Store, kind: 'origin' | 'quarantine', origin: string | null): number {
  const id = Number(
    store.prepare('INSERT INTO logs (kind, origin) VALUES (?, ?)').run(kind, origin).lastInsertRowid,
  );
  if (id >= LOG_LIMIT) throw new StoreError('STORE_LIMIT', `the store holds ${LOG_LIMIT} logs, its limit`);
  return id;
}

/** The stored row of `origin`, if the store has seen it. */
function storedOrigin(
  store: Store,
  origin: string,
): { id: number; log_id: number; trusted_size: number } | undefined {
  return store
    .prepare<[string], { id: number; log_id: number; trusted_size: number }>(
      'SELECT id, log_id, trusted_size FROM origins WHERE origin = ?',
    )
    .get(origin);
}

function originTarget(
  store: Store,
  origin: string,
  firstSeq: number,
  now: string,
): OriginTarget & { originId: number } {
  const row = storedOrigin(store, origin);
  if (row) return { originId: row.id, logId: row.log_id, storedSize: row.trusted_size, firstSeq };
  const logId = newLog(store, 'origin', origin);
  const originId = Number(
    store
      .prepare(
        'INSERT INTO origins (origin, log_id, trusted_size, trusted_root, updated_at) VALUES (?, ?, 0, NULL, ?)',
      )
      .run(origin, logId, now).lastInsertRowid,
  );
  return { originId, logId, storedSize: 0, firstSeq };
}

/** The stored keyring row of `ring`: the very bytes the import verified with, recorded once. */
function keyringId(store: Store, ring: KeyringRecord, now: string): number {
  const found = store.prepare<[string], { id: number }>('SELECT id FROM keyrings WHERE sha256 = ?').get(ring.sha256);
  if (found) return found.id;
  return Number(
    store
      .prepare('INSERT INTO keyrings (sha256, name, json, first_used_at) VALUES (?, ?, ?, ?)')
      .run(ring.sha256, ring.name, ring.canonical, now).lastInsertRowid,
  );
}

/** The verified manifest agrees with the hint the entries were placed by. */
function sameAsHint(hint: ManifestHint | null, result: VerifyResult): boolean {
  const m = result.manifest;
  if (!hint || !m || !result.manifestPayload) return false;
  return (
    m.origin === hint.manifest.origin &&
    m.export_id === hint.manifest.export_id &&
    m.range.first_seq === hint.manifest.range.first_seq &&
    sha256Hex(result.manifestPayload) === hint.payloadSha256
  );
}

/** Verifies a bundle against `keyring` and records it, its report and entries in one transaction. */
export async function importBundle(
  store: Store,
  bundlePath: string,
  opts: ImportOptions,
): Promise<ImportResult> {
  if (store.readonly)
    throw new StoreError('STORE_BUSY', 'the store was opened read-only; imports need a writable store');
  if (store.importing)
    throw new StoreError(
      'STORE_BUSY',
      'another import is running on this store connection; wait for it to finish',
    );
  const started = Date.now();
  const now = opts.now ?? (() => new Date());
  const absPath = path.resolve(bundlePath);
  throwIfAborted(opts.signal);
  await assertExportBundle(absPath);
  // A mistyped engagement fails now, not after a full verification pass.
  if (opts.engagement !== undefined) getEngagement(store.db, opts.engagement);

  const hint = await readManifestHint(absPath);
  const digester = startArchiveDigest(absPath);
  // Resolved once: verification reads the keyring parsed from the bytes the import records.
  const ring = isKeyringRecord(opts.keyring) ? opts.keyring : keyringRecord(opts.keyring, opts.keyringName ?? null);
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

  // Switched before the continuity view opens its connection (SQLite leaves WAL only when no
  // other connection is open). Only for an origin the store does not hold: its view then reads
  // nothing while the import writes, so it never waits on the writer's lock.
  const session = beginImport(store, {
    direct: opts.exclusive === true && hint !== null && (storedOrigin(store, hint.manifest.origin)?.trusted_size ?? 0) === 0,
  });
  let view: ReturnType<typeof createContinuityView>;
  try {
    view = createContinuityView(store);
  } catch (e) {
    session.end();
    throw e;
  }
  let fatal: unknown = null;
  try {
    session.begin();
    const importedAt = now().toISOString();
    const target = hint
      ? originTarget(store, hint.manifest.origin, hint.manifest.range.first_seq, importedAt)
      : null;
    const writer = new EntryWriter(
      store,
      target,
      () => newLog(store, 'quarantine', hint?.manifest.origin ?? null),
      opts.onStoredRow,
    );

    const onEntry = (e: Parameters<EntryWriter['add']>[0]): void => {
      if (fatal) throw fatal;
      try {
        throwIfAborted(opts.signal);
        writer.add(e);
        // Every 65,536 lines (about 100 MB of store), so COMMIT does not wait for all of it.
        if ((writer.lines & 0xffff) === 0) void store.startWriteback();
      } catch (err) {
        // Kept aside because a callback's exception may be reported by the verifier as a
        // malformed bundle rather than propagated; the import must fail, not record that.
        fatal = err;
        throw err instanceof CrosscheckError
          ? err
          : new StoreError('IMPORT_FAILED', (err as Error).message, { cause: err });
      }
    };
    const onProgress = (p: VerifyProgress, phase: ImportProgress['phase'] = 'verifying'): void => {
      if (fatal) return;
      try {
        opts.onProgress?.({ ...p, phase });
      } catch (err) {
        fatal = err;
      }
    };

    const result = await verifyBundle(absPath, {
      keyring,
      continuity: view,
      onEntry,
      onProgress,
      signal: opts.signal,
      ...(opts.stateSnapshots ? { stateSnapshots: opts.stateSnapshots } : {}),
    });
    if (fatal) throw fatal;
    throwIfAborted(opts.signal);
    const digest = await digester.finish(result.entriesDigest);
    throwIfAborted(opts.signal);

    const report = result.report;
    const payloadSha = result.manifestPayload ? sha256Hex(result.manifestPayload) : null;
    const accepted = report.integrity.status === 'VALID' && writer.accepting && sameAsHint(hint, result);
    // Already held: an accepted copy of this export, or a copy judged the same way. A copy that
    // now verifies differently (the genuine export after a tampered one, or a keyring that now
    // holds the key) is recorded as a new import instead.
    const copies =
      result.manifest && payloadSha ? findCopies(store, result.manifest.export_id, payloadSha) : [];
    const duplicate = result.manifest
      ? (copies.find((c) => c.trusted === 1) ??
        // A keyring that changed is a new verification, recorded beside the old one (history
        // kept; views show the newest): the same verdict under the same keyring is a no-op.
        (accepted ? undefined : copies.find((c) => c.integrity === report.integrity.status && c.keyring_sha256 === keyringSha)))
      : findByArchive(store, digest.sha256);
    if (duplicate) {
      session.rollback();
      return noOp(store, duplicate, report);
    }

    onProgress({ bytesRead: 0, totalBytes: 0, entries: writer.lines }, 'saving');
    if (fatal) throw fatal;
    const placement = writer.finish(accepted);
    const actor = { by: opts.user ?? osUser(), at: importedAt };
    const m0 = result.manifest ?? hint?.manifest ?? null;
    const engagementId = engagementForImport(store.db, m0 ? m0.org : null, opts.engagement, actor);
    const exportRef = recordExport(store, {
      result,
      payloadSha,
      digest,
      absPath,
      originalName: opts.originalName ?? path.basename(absPath),
      user: actor.by,
      importedAt,
      durationMs: Date.now() - started,
      keyringId: keyringId(store, ring, importedAt),
      accepted,
      lines: writer.lines,
      newEntries: writer.newEntries,
      placement,
    });
    placeExport(store.db, exportRef, engagementId, actor);
    if (accepted && target) advanceOrigin(store, target, result, importedAt);
    throwIfAborted(opts.signal);
    session.commit();

    const m = result.manifest;
    return {
      status: 'imported',
      exportRef,
      exportId: m?.export_id ?? null,
      integrity: report.integrity.status,
      trusted: accepted,
      newEntries: writer.newEntries,
      engagementId,
      report,
      message: accepted
        ? `imported export ${m!.export_id}: ${report.integrity.status}, continuity ${report.integrity.continuity}, ${writer.newEntries} new entries`
        : `recorded export ${m?.export_id ?? '(unreadable manifest)'} as ${report.integrity.status}: kept for the record, its entries are quarantined and not part of the log's accepted history`,
    };
  } catch (e) {
    session.rollback();
    const err = fatal ?? e;
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

interface RecordInput {
  result: VerifyResult;
  payloadSha: string | null;
  digest: { container: 'zip' | 'directory'; sha256: string; bytes: number };
  absPath: string;
  originalName: string;
  user: string;
  importedAt: string;
  durationMs: number;
  keyringId: number;
  accepted: boolean;
  lines: number;
  newEntries: number;
  placement: { logId: number; posFirst: number | null; posLast: number | null };
}

function json(v: unknown): string | null {
  return v === undefined ? null : canonicalize(v);
}

/** Writes the import, export, files, states, checks and findings rows; returns exports.id. */
function recordExport(store: Store, r: RecordInput): number {
  const { result } = r;
  const m = result.manifest;
  const report = result.report;
  const importId = Number(
    store
      .prepare(
        'INSERT INTO imports (file_name, original_name, file_path, container, archive_sha256, archive_bytes, imported_at, os_user, keyring_id, duration_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        path.basename(r.absPath),
        r.originalName,
        r.absPath,
        r.digest.container,
        r.digest.sha256,
        r.digest.bytes,
        r.importedAt,
        r.user,
        r.keyringId,
        r.durationMs,
      ).lastInsertRowid,
  );
  const exportRef = Number(
    store
      .prepare(
        `INSERT INTO exports (import_id, export_id, manifest_sha256, origin, org_id, org_name, platform_name, platform_version,
           created_at, period_from, period_to, first_seq, last_seq, tree_size, tree_root, previous_export_id, heartbeat_seconds,
           integrity, continuity, tail_pinned, trusted, calls, agreed, disagreed, evaluation_skipped, envelope_key, checkpoint_key,
           computed_root, line_count, new_entries, log_id, pos_first, pos_last)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        importId,
        m?.export_id ?? null,
        r.payloadSha,
        m?.origin ?? null,
        m?.org.id ?? null,
        m?.org.name ?? null,
        m?.platform?.name ?? null,
        m?.platform?.version ?? null,
        m?.created_at ?? null,
        m?.period.from ?? null,
        m?.period.to ?? null,
        m?.range.first_seq ?? null,
        m?.range.last_seq ?? null,
        m?.tree.size ?? null,
        m?.tree.root ?? null,
        m?.previous_export?.export_id ?? null,
        m?.heartbeat_seconds ?? null,
        report.integrity.status,
        report.integrity.continuity,
        report.integrity.tail_pinned ? 1 : 0,
        r.accepted ? 1 : 0,
        report.evaluation.calls,
        report.evaluation.agreed,
        report.evaluation.disagreed,
        report.evaluation.skipped ?? null,
        result.envelopeKey,
        result.checkpointKey,
        result.computedRoot?.toString('hex') ?? null,
        r.lines,
        r.newEntries,
        r.placement.logId,
        r.placement.posFirst,
        r.placement.posLast,
      ).lastInsertRowid,
  );

  const file = store.prepare('INSERT INTO export_files (export_ref, name, bytes) VALUES (?, ?, ?)');
  const files: [string, Buffer | null][] = [
    ['manifest.dsse.json', result.envelopeBytes],
    ['manifest.payload', result.manifestPayload],
    ['checkpoint', result.checkpointBytes],
    ['frontier.json', result.frontierBytes],
    ['report.json', Buffer.from(canonicalize(report), 'utf8')],
  ];
  for (const [name, bytes] of files) if (bytes) file.run(exportRef, name, bytes);

  const state = store.prepare(
    'INSERT INTO states (export_ref, kind, origin_id, tree_size, json) VALUES (?, ?, ?, ?, ?)',
  );
  const originId =
    r.accepted && m
      ? (store.prepare<[string], { id: number }>('SELECT id FROM origins WHERE origin = ?').get(m.origin)
          ?.id ?? null)
      : null;
  const first = m?.range.first_seq ?? 0;
  if (result.stateBytes) state.run(exportRef, 'start', originId, first, result.stateBytes);
  if (result.endState)
    state.run(
      exportRef,
      'end',
      originId,
      first + r.lines,
      Buffer.from(canonicalize(result.endState), 'utf8'),
    );

  const check = store.prepare(
    'INSERT INTO checks (export_ref, ord, check_id, status, detail) VALUES (?, ?, ?, ?, ?)',
  );
  report.integrity.checks.forEach((c, i) => check.run(exportRef, i, c.id, c.status, c.detail));
  const finding = store.prepare(
    'INSERT INTO findings (export_ref, ord, kind, severity, seq, entry_id, agent_id, recorded, expected, controls, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  );
  report.findings.forEach((f, i) =>
    finding.run(
      exportRef,
      i,
      f.kind,
      f.severity,
      f.seq,
      f.entry_id,
      f.agent_id,
      json(f.recorded),
      json(f.expected),
      canonicalize(f.controls),
      f.message,
    ),
  );
  return exportRef;
}

/** Moves the origin's high-water mark and records the verified roots this export proves. */
function advanceOrigin(
  store: Store,
  target: OriginTarget & { originId: number },
  result: VerifyResult,
  now: string,
): void {
  const m = result.manifest!;
  const anchor = store.prepare(
    'INSERT INTO anchors (origin_id, size, root, frontier) VALUES (?, ?, ?, ?) ON CONFLICT (origin_id, size) DO UPDATE SET frontier = coalesce(anchors.frontier, excluded.frontier)',
  );
  if (result.frontierBytes) {
    const f = JSON.parse(result.frontierBytes.toString('utf8')) as { size: number; hashes: string[] };
    const hashes = f.hashes.map((h) => Buffer.from(h, 'hex'));
    const range = new CompactRange(f.size, hashes);
    if (f.size > 0) anchor.run(target.originId, f.size, range.root(), Buffer.concat(hashes));
    else anchor.run(target.originId, 0, range.root(), Buffer.alloc(0));
  }
  const root = Buffer.from(m.tree.root, 'hex');
  anchor.run(target.originId, m.tree.size, root, null);
  if (m.tree.size >= target.storedSize) {
    store
      .prepare('UPDATE origins SET trusted_size = ?, trusted_root = ?, updated_at = ? WHERE id = ?')
      .run(m.tree.size, root, now, target.originId);
  }
}
