/** The rows an import writes besides the entries: import, export, files, states, checks and findings. */
import path from 'node:path';
import { canonicalize } from '../../../shared/format/jcs.js';
import type { Store } from '../store/store.js';
import type { VerifyResult } from '../verify/verify-api.js';

/** Everything recordExport writes, as the import established it. */
export interface RecordInput {
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
export function recordExport(store: Store, r: RecordInput): number {
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
  if (result.endStateJcs !== null)
    state.run(
      exportRef,
      'end',
      originId,
      first + r.lines,
      Buffer.from(result.endStateJcs.buffer, result.endStateJcs.byteOffset, result.endStateJcs.byteLength),
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
