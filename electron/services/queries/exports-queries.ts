/** Exports, their reports and the per-origin continuity timeline. */
import { ApiFailure } from '../../../shared/api/result.js';
import type { ContinuitySegment, ContinuityTimeline, ExportReport, ExportSummary, SeverityCounts } from '../../../shared/api/view-types.js';
import type { Severity } from '../../../shared/report/finding-kinds.js';
import { SEVERITY_ORDER } from '../../../shared/report/finding-kinds.js';
import type { Continuity, IntegrityStatus, Report } from '../../../shared/report/report-types.js';
import type { Store } from '../../core/store/store.js';

interface ExportRow {
  id: number;
  export_id: string | null;
  origin: string | null;
  org_name: string | null;
  integrity: IntegrityStatus;
  continuity: Continuity;
  tail_pinned: number;
  first_seq: number | null;
  last_seq: number | null;
  period_from: string | null;
  period_to: string | null;
  imported_at: string;
  line_count: number;
  original_name: string | null;
  void_reason: string | null;
  voided_at: string | null;
  voided_by: string | null;
}

/** The exports one view shows: an engagement's (live and voided) or, with `null`, the store's. */
export interface ExportScope {
  live: number[];
  voided: number[];
}

const EXPORT_SQL = `SELECT x.id, x.export_id, x.origin, x.org_name, x.integrity, x.continuity, x.tail_pinned, x.first_seq, x.last_seq,
  x.period_from, x.period_to, i.imported_at, x.line_count, i.original_name, v.reason AS void_reason, v.voided_at, v.voided_by
  FROM exports x JOIN imports i ON i.id = x.import_id LEFT JOIN export_voids v ON v.export_ref = x.id`;

function scopeSql(scope: ExportScope | null, col: string): { sql: string; params: string[] } {
  if (scope === null) return { sql: '1', params: [] };
  return { sql: `${col} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify([...scope.live, ...scope.voided])] };
}

function emptyCounts(): SeverityCounts {
  return Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as SeverityCounts;
}

function countsByExport(store: Store): Map<number, SeverityCounts> {
  const out = new Map<number, SeverityCounts>();
  const rows = store
    .prepare<[], { export_ref: number; severity: Severity; n: number }>('SELECT export_ref, severity, count(*) AS n FROM findings GROUP BY export_ref, severity')
    .all();
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
    origin: r.origin ?? '(unreadable manifest)',
    orgName: r.org_name,
    status: r.integrity,
    continuity: r.continuity,
    tailPinned: r.tail_pinned === 1,
    firstSeq: r.first_seq,
    lastSeq: r.last_seq,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    importedAt: r.imported_at,
    entries: r.line_count,
    findings: counts,
    findingTotal: Object.values(counts).reduce((s, n) => s + n, 0),
    sourceName: r.original_name,
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

export function exportReport(store: Store, exportRef: string, scope: ExportScope | null): ExportReport {
  const id = Number(exportRef);
  const f = scopeSql(scope, 'x.id');
  const row = store.prepare<(number | string)[], ExportRow>(`${EXPORT_SQL} WHERE x.id = ? AND ${f.sql}`).get(id, ...f.params);
  if (!row) throw new ApiFailure('NOT_FOUND', scope === null ? `no export #${exportRef} in the store` : `no export #${exportRef} in this engagement`);
  const counts = countsByExport(store).get(id) ?? emptyCounts();
  const bytes = store.prepare<[number], { bytes: Buffer }>("SELECT bytes FROM export_files WHERE export_ref = ? AND name = 'report.json'").get(id);
  const report = bytes ? (JSON.parse(bytes.bytes.toString('utf8')) as Report) : null;
  const checks = store
    .prepare<[number], { check_id: string; status: string; detail: string }>('SELECT check_id, status, detail FROM checks WHERE export_ref = ? ORDER BY ord')
    .all(id)
    .map((c) => ({ id: c.check_id, status: c.status, detail: c.detail })) as ExportReport['checks'];
  if (!report) throw new ApiFailure('NOT_FOUND', `export #${exportRef} has no stored report`);
  return { summary: toSummary(row, counts, scope), checks, report };
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
