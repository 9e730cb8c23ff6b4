/**
 * What the store already holds of a bundle: the unverified manifest hint read before the pass,
 * stored copies of the same export (or archive), and the no-op answer for one of them.
 */
import type { Manifest } from '../../../shared/format/export-types.js';
import { findDuplicateMember } from '../../../shared/format/json-members.js';
import type { IntegrityStatus, Report } from '../../../shared/report/report-types.js';
import { openBundle } from '../bundle/open-bundle.js';
import { sha256Hex } from '../crypto/sha256.js';
import type { Store } from '../store/store.js';
import type { VerifyResult } from '../verify/verify-api.js';
import type { ImportResult } from './import-types.js';

/** The manifest as read before verification, and the SHA-256 of its payload bytes. */
export interface ManifestHint {
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
export async function readManifestHint(bundlePath: string): Promise<ManifestHint | null> {
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

/** The verified manifest agrees with the hint the entries were placed by. */
export function sameAsHint(hint: ManifestHint | null, result: VerifyResult): boolean {
  const m = result.manifest;
  if (!hint || !m || !result.manifestPayload) return false;
  return (
    m.origin === hint.manifest.origin &&
    m.export_id === hint.manifest.export_id &&
    m.range.first_seq === hint.manifest.range.first_seq &&
    sha256Hex(result.manifestPayload) === hint.payloadSha256
  );
}

/** A stored export, as the duplicate checks need it. */
export interface ExistingExport {
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
export function findCopies(store: Store, exportId: string, payloadSha256: string): ExistingExport[] {
  return store
    .prepare<[string, string], ExistingExport>(
      `${EXISTING_SELECT} WHERE e.export_id = ? AND e.manifest_sha256 = ? AND ${NOT_VOIDED} ORDER BY e.trusted DESC, e.id`,
    )
    .all(exportId, payloadSha256);
}

/** A stored export without a readable manifest whose archive has these bytes. */
export function findByArchive(store: Store, archiveSha256: string): ExistingExport | undefined {
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
export function noOp(store: Store, existing: ExistingExport, fresh?: Report): ImportResult {
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
