/** Exports, their reports and the per-origin continuity timeline. */
import { ApiFailure } from '../../../shared/api/result.js';
import type { ContinuitySegment, ContinuityTimeline, ExportDetail, ExportReport, ExportSummary, OriginSummary, SeverityCounts } from '../../../shared/api/view-types.js';
import type { Severity } from '../../../shared/report/finding-kinds.js';
import { SEVERITY_ORDER } from '../../../shared/report/finding-kinds.js';
import type { Check, Continuity, IntegrityStatus, Report } from '../../../shared/report/report-types.js';
import type { Store } from '../../core/store/store.js';

interface ExportRow {
  id: number;
  export_id: string | null;
  origin: string | null;
  org_name: string | null;
  created_at: string | null;
  integrity: IntegrityStatus;
  continuity: Continuity;
  tail_pinned: number;
  trusted: number;
  first_seq: number | null;
  last_seq: number | null;
  period_from: string | null;
  period_to: string | null;
  imported_at: string;
  line_count: number;
  new_entries: number;
  calls: number;
  agreed: number;
  disagreed: number;
  file_name: string;
  original_name: string | null;
  engagement_id: number | null;
  void_reason: string | null;
  voided_at: string | null;
  voided_by: string | null;
}

/** The exports one view shows: an engagement's (live and voided) or, with `null`, the store's. */
export interface ExportScope {
  live: number[];
  voided: number[];
}

const EXPORT_SQL = `SELECT x.id, x.export_id, x.origin, x.org_name, x.created_at, x.integrity, x.continuity, x.tail_pinned, x.trusted,
  x.first_seq, x.last_seq, x.period_from, x.period_to, i.imported_at, x.line_count, x.new_entries, x.calls, x.agreed, x.disagreed,
  i.file_name, i.original_name, v.reason AS void_reason, v.voided_at, v.voided_by,
  (SELECT p.engagement_id FROM engagement_exports p WHERE p.export_ref = x.id) AS engagement_id
  FROM exports x JOIN imports i ON i.id = x.import_id LEFT JOIN export_voids v ON v.export_ref = x.id`;

function scopeSql(scope: ExportScope | null, col: string): { sql: string; params: string[] } {
  if (scope === null) return { sql: '1', params: [] };
  return { sql: `${col} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify([...scope.live, ...scope.voided])] };
}

function emptyCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as SeverityCounts;
}

function countsByExport(store: Store, only?: number): Map<number, SeverityCounts> {
  const out = new Map<number, SeverityCounts>();
  const rows =
    only === undefined
      ? store.prepare<[], { export_ref: number; severity: Severity; n: number }>('SELECT export_ref, severity, count(*) AS n FROM findings GROUP BY export_ref, severity').all()
      : store
          .prepare<[number], { export_ref: number; severity: Severity; n: number }>('SELECT export_ref, severity, count(*) AS n FROM findings WHERE export_ref = ? GROUP BY export_ref, severity')
          .all(only);
  for (const r of rows) {
    const c = out.get(r.export_ref) ?? emptyCounts();
    if (r.severity in c) c[r.severity] += r.n;
    out.set(r.export_ref, c);
  }
  return out;
}

function toSummary(r: ExportRow, counts: SeverityCounts, scope: ExportScope | null): ExportSummary {
  return {
    exportRef: String(r.id),
    exportId: r.export_id,
    origin: r.origin,
    orgName: r.org_name,
    createdAt: r.created_at,
    status: r.integrity,
    continuity: r.continuity,
    tailPinned: r.tail_pinned === 1,
    firstSeq: r.first_seq,
    lastSeq: r.last_seq,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    importedAt: r.imported_at,
    entries: r.line_count,
    newEntries: r.new_entries,
    trusted: r.trusted === 1,
    calls: r.calls,
    agreed: r.agreed,
    disagreed: r.disagreed,
    findings: counts,
    findingTotal: Object.values(counts).reduce((s, n) => s + n, 0),
    sourceName: r.original_name,
    fileName: r.original_name ?? r.file_name,
    engagementId: r.engagement_id === null ? null : String(r.engagement_id),
    voided: r.void_reason === null ? null : { reason: r.void_reason, at: r.voided_at ?? '', by: r.voided_by ?? '' },
    superseded: scope !== null && r.void_reason === null && !scope.live.includes(r.id),
  };
}

/** Newest import first: the scope's exports, voided ones included (marked), or the store's. */
export function listExports(store: Store, scope: ExportScope | null): ExportSummary[] {
  const counts = countsByExport(store);
  const f = scopeSql(scope, 'x.id');
  return store
    .prepare<string[], ExportRow>(`${EXPORT_SQL} WHERE ${f.sql} ORDER BY x.id DESC`)
    .all(...f.params)
    .map((r) => toSummary(r, counts.get(r.id) ?? emptyCounts(), scope));
}

/** One export's summary row in the scope, or null. */
function exportRow(store: Store, id: number, scope: ExportScope | null): ExportRow | undefined {
  const f = scopeSql(scope, 'x.id');
  return store.prepare<(number | string)[], ExportRow>(`${EXPORT_SQL} WHERE x.id = ? AND ${f.sql}`).get(id, ...f.params);
}

function notFound(exportRef: string, scope: ExportScope | null): ApiFailure {
  return new ApiFailure('NOT_FOUND', scope === null ? `no export #${exportRef} in the store` : `no export #${exportRef} in this engagement`);
}

function storedChecks(store: Store, id: number): Check[] {
  return store
    .prepare<[number], { check_id: string; status: string; detail: string }>('SELECT check_id, status, detail FROM checks WHERE export_ref = ? ORDER BY ord')
    .all(id)
    .map((c) => ({ id: c.check_id, status: c.status, detail: c.detail })) as Check[];
}

/** The exact bytes of a stored bundle file or of the stored report (`report.json`). */
export function exportFile(store: Store, exportRef: number, name: string): Buffer | null {
  return store.prepare<[number, string], { bytes: Buffer }>('SELECT bytes FROM export_files WHERE export_ref = ? AND name = ?').get(exportRef, name)?.bytes ?? null;
}

export function exportReport(store: Store, exportRef: string, scope: ExportScope | null): ExportReport {
  const id = Number(exportRef);
  const row = exportRow(store, id, scope);
  if (!row) throw notFound(exportRef, scope);
  const counts = countsByExport(store, id).get(id) ?? emptyCounts();
  const bytes = exportFile(store, id, 'report.json');
  const report = bytes ? (JSON.parse(bytes.toString('utf8')) as Report) : null;
  const checks = storedChecks(store, id);
  if (!report) throw new ApiFailure('NOT_FOUND', `export #${exportRef} has no stored report`);
  return { summary: toSummary(row, counts, scope), checks, report };
}

interface DetailRow {
  manifest_sha256: string | null;
  tree_size: number | null;
  tree_root: string | null;
  computed_root: string | null;
  previous_export_id: string | null;
  platform_name: string | null;
  platform_version: string | null;
  envelope_key: string | null;
  checkpoint_key: string | null;
  evaluation_skipped: string | null;
  file_path: string;
  container: 'zip' | 'directory';
  archive_sha256: string;
  archive_bytes: number;
  os_user: string;
  duration_ms: number;
  keyring_name: string | null;
  keyring_sha256: string;
  log_id: number;
  pos_first: number | null;
  pos_last: number | null;
}

/**
 * One export by its store ref (number) or its manifest export_id (uuid; the latest import of it
 * in the scope), with what verification recorded and where it came from; null when not in scope.
 */
export function exportDetail(store: Store, id: number | string, scope: ExportScope | null): ExportDetail | null {
  const f = scopeSql(scope, 'id');
  const ref =
    typeof id === 'number'
      ? id
      : store.prepare<string[], { id: number }>(`SELECT id FROM exports WHERE export_id = ? AND ${f.sql} ORDER BY id DESC LIMIT 1`).get(id, ...f.params)?.id;
  if (ref === undefined) return null;
  const row = exportRow(store, ref, scope);
  if (!row) return null;
  const d = store
    .prepare<[number], DetailRow>(
      `SELECT e.manifest_sha256, e.tree_size, e.tree_root, e.computed_root, e.previous_export_id, e.platform_name, e.platform_version,
         e.envelope_key, e.checkpoint_key, e.evaluation_skipped, i.file_path, i.container, i.archive_sha256, i.archive_bytes,
         i.os_user, i.duration_ms, k.name AS keyring_name, k.sha256 AS keyring_sha256, e.log_id, e.pos_first, e.pos_last
       FROM exports e JOIN imports i ON i.id = e.import_id JOIN keyrings k ON k.id = i.keyring_id WHERE e.id = ?`,
    )
    .get(ref)!;
  return {
    ...toSummary(row, countsByExport(store, ref).get(ref) ?? emptyCounts(), scope),
    manifestSha256: d.manifest_sha256,
    treeSize: d.tree_size,
    treeRoot: d.tree_root,
    computedRoot: d.computed_root,
    previousExportId: d.previous_export_id,
    platform: { name: d.platform_name, version: d.platform_version },
    envelopeKey: d.envelope_key,
    checkpointKey: d.checkpoint_key,
    evaluationSkipped: d.evaluation_skipped,
    checks: storedChecks(store, ref),
    provenance: {
      filePath: d.file_path,
      container: d.container,
      archiveSha256: d.archive_sha256,
      archiveBytes: d.archive_bytes,
      osUser: d.os_user,
      durationMs: d.duration_ms,
      keyringName: d.keyring_name,
      keyringSha256: d.keyring_sha256,
    },
    log: { logId: d.log_id, posFirst: d.pos_first, posLast: d.pos_last },
  };
}

/** Every origin with its high-water mark. */
export function listOrigins(store: Store): OriginSummary[] {
  return store
    .prepare<[], { origin: string; trusted_size: number; trusted_root: Buffer | null; updated_at: string }>('SELECT origin, trusted_size, trusted_root, updated_at FROM origins ORDER BY origin')
    .all()
    .map((r) => ({ origin: r.origin, trustedSize: r.trusted_size, trustedRoot: r.trusted_root?.toString('hex') ?? null, updatedAt: r.updated_at }));
}

/** Per origin: every export's seq range and period, in seq order, with the holes between them. */
export function continuityTimelines(store: Store, scope: ExportScope | null): ContinuityTimeline[] {
  // Voided exports are no evidence: the timeline shows the holes they leave.
  const live = scope === null ? null : { live: scope.live, voided: [] };
  const f = scopeSql(live, 'x.id');
  const inScope = new Set(
    store.prepare<string[], { origin: string }>(`SELECT DISTINCT x.origin AS origin FROM exports x WHERE x.origin IS NOT NULL AND ${f.sql}`).all(...f.params).map((r) => r.origin),
  );
  const origins = store
    .prepare<[], { origin: string; trusted_size: number }>('SELECT origin, trusted_size FROM origins ORDER BY origin')
    .all()
    .filter((o) => inScope.has(o.origin));
  const seen = new Set(origins.map((o) => o.origin));
  // Origins that only ever had rejected exports still get a (red) timeline.
  for (const o of [...inScope].sort()) if (!seen.has(o)) origins.push({ origin: o, trusted_size: 0 });
  const exportsOf = store.prepare<(string | number)[], ExportRow>(
    `${EXPORT_SQL} WHERE x.origin = ? AND x.first_seq IS NOT NULL AND x.last_seq IS NOT NULL AND ${f.sql} ORDER BY x.first_seq, x.id`,
  );
  return origins.map((o) => {
    const rows = exportsOf.all(o.origin, ...f.params);
    const segments: ContinuitySegment[] = [];
    let coveredTo = -1;
    let coveredTs: string | null = null;
    let first = true;
    for (const r of rows) {
      const fs = r.first_seq!;
      const ls = r.last_seq!;
      if (!first && fs > coveredTo + 1) {
        segments.push({ kind: 'gap', exportRef: null, exportId: null, status: null, firstSeq: coveredTo + 1, lastSeq: fs - 1, from: coveredTs, to: r.period_from });
      }
      segments.push({ kind: 'export', exportRef: String(r.id), exportId: r.export_id, status: r.integrity, firstSeq: fs, lastSeq: ls, from: r.period_from, to: r.period_to });
      if (ls > coveredTo) {
        coveredTo = ls;
        coveredTs = r.period_to;
      }
      first = false;
    }
    return { origin: o.origin, storedSize: o.trusted_size, segments };
  });
}
