/**
 * The CLI's published `--json` shapes, projected from the read model's rows (shared/api/view-types):
 * scripts read these keys, so they stay as they were while the queries behind them are the app's.
 */
import type { ExportSummary, FindingRecord } from '../../shared/api/view-types.js';

/** An export as `crosscheck exports --json` and `engagement show --json` print it. */
export interface ExportJson {
  ref: number;
  exportId: string | null;
  origin: string | null;
  orgName: string | null;
  createdAt: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  firstSeq: number | null;
  lastSeq: number | null;
  integrity: ExportSummary['status'];
  continuity: string;
  tailPinned: boolean;
  trusted: boolean;
  lines: number;
  newEntries: number;
  calls: number;
  agreed: number;
  disagreed: number;
  findings: ExportSummary['findings'];
  fileName: string;
  importedAt: string;
  engagementId: number | null;
  voided: string | null;
}

/** The published shape of one export row. */
export function exportJson(r: ExportSummary): ExportJson {
  return {
    ref: Number(r.exportRef),
    exportId: r.exportId,
    origin: r.origin,
    orgName: r.orgName,
    createdAt: r.createdAt,
    periodFrom: r.periodFrom,
    periodTo: r.periodTo,
    firstSeq: r.firstSeq,
    lastSeq: r.lastSeq,
    integrity: r.status,
    continuity: r.continuity,
    tailPinned: r.tailPinned,
    trusted: r.trusted,
    lines: r.entries,
    newEntries: r.newEntries,
    calls: r.calls,
    agreed: r.agreed,
    disagreed: r.disagreed,
    findings: {
      critical: r.findings.critical,
      high: r.findings.high,
      medium: r.findings.medium,
      low: r.findings.low,
      info: r.findings.info,
    },
    fileName: r.fileName,
    importedAt: r.importedAt,
    engagementId: r.engagementId === null ? null : Number(r.engagementId),
    voided: r.voided?.reason ?? null,
  };
}

/** A finding as `crosscheck findings --json` prints it. */
export interface FindingJson {
  id: number;
  exportRef: number;
  kind: string;
  severity: FindingRecord['severity'];
  seq: number | null;
  entryId: string | null;
  agentId: string | null;
  recorded: unknown;
  expected: unknown;
  controls: string[];
  message: string;
}

/** The published shape of one finding row. */
export function findingJson(f: FindingRecord): FindingJson {
  return {
    id: Number(f.id),
    exportRef: Number(f.exportRef),
    kind: f.kind,
    severity: f.severity,
    seq: f.seq,
    entryId: f.entryId,
    agentId: f.agentId,
    recorded: f.recorded,
    expected: f.expected,
    controls: f.controls,
    message: f.message,
  };
}
