/** Read queries the CLI and the app ask of the store; every one is a keyset page or a point lookup. */
import type { AuditEntry } from '../../../shared/format/export-types.js';
import type { Severity } from '../../../shared/report/finding-kinds.js';
import type { Check, IntegrityStatus } from '../../../shared/report/report-types.js';
import { ENTRY_ID_SQL } from './entry-key.js';
import type { Store } from './store.js';
import { StoreError } from './store-errors.js';

export interface ExportSummary {
  /** Row id in the store (`exports.id`); stable, used by every other query. */
  ref: number;
  exportId: string | null;
  origin: string | null;
  orgName: string | null;
  createdAt: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  firstSeq: number | null;
  lastSeq: number | null;
  integrity: IntegrityStatus;
  continuity: string;
  tailPinned: boolean;
  /** Its leaves joined the origin's accepted log (VALID); otherwise kept in quarantine. */
  trusted: boolean;
  lines: number;
  newEntries: number;
  calls: number;
  agreed: number;
  disagreed: number;
  findings: Record<Severity, number>;
  /** The auditor's file name where recorded, else the stored source's name. */
  fileName: string;
  importedAt: string;
  engagementId: number | null;
  /** The auditor's reason when the export was voided (kept, counted nowhere). */
  voided: string | null;
}

export interface ExportDetail extends ExportSummary {
  manifestSha256: string | null;
  treeSize: number | null;
  treeRoot: string | null;
  computedRoot: string | null;
  previousExportId: string | null;
  platform: { name: string | null; version: string | null };
  envelopeKey: string | null;
  checkpointKey: string | null;
  evaluationSkipped: string | null;
  checks: Check[];
  provenance: {
    filePath: string;
    container: 'zip' | 'directory';
    archiveSha256: string;
    archiveBytes: number;
    osUser: string;
    durationMs: number;
    keyringName: string | null;
    keyringSha256: string;
  };
  /** Where its entries are: pass to listEntries. */
  log: { logId: number; posFirst: number | null; posLast: number | null };
}

const SUMMARY_SELECT = `SELECT e.id AS ref, e.export_id, e.origin, e.org_name, e.created_at, e.period_from, e.period_to,
  e.first_seq, e.last_seq, e.integrity, e.continuity, e.tail_pinned, e.trusted, e.line_count, e.new_entries,
  e.calls, e.agreed, e.disagreed, i.file_name, i.original_name, i.imported_at,
  (SELECT v.reason FROM export_voids v WHERE v.export_ref = e.id) AS void_reason,
  (SELECT p.engagement_id FROM engagement_exports p WHERE p.export_ref = e.id) AS engagement_id,
  (SELECT count(*) FROM findings f WHERE f.export_ref = e.id AND f.severity = 'critical') AS n_critical,
  (SELECT count(*) FROM findings f WHERE f.export_ref = e.id AND f.severity = 'high') AS n_high,
  (SELECT count(*) FROM findings f WHERE f.export_ref = e.id AND f.severity = 'medium') AS n_medium,
  (SELECT count(*) FROM findings f WHERE f.export_ref = e.id AND f.severity = 'low') AS n_low,
  (SELECT count(*) FROM findings f WHERE f.export_ref = e.id AND f.severity = 'info') AS n_info
  FROM exports e JOIN imports i ON i.id = e.import_id`;

interface SummaryRow {
  ref: number;
  original_name: string | null;
  void_reason: string | null;
  engagement_id: number | null;
  export_id: string | null;
  origin: string | null;
  org_name: string | null;
  created_at: string | null;
  period_from: string | null;
  period_to: string | null;
  first_seq: number | null;
  last_seq: number | null;
  integrity: IntegrityStatus;
  continuity: string;
  tail_pinned: number;
  trusted: number;
  line_count: number;
  new_entries: number;
  calls: number;
  agreed: number;
  disagreed: number;
  file_name: string;
  imported_at: string;
  n_critical: number;
  n_high: number;
  n_medium: number;
  n_low: number;
  n_info: number;
}

function summary(r: SummaryRow): ExportSummary {
  return {
    ref: r.ref,
    exportId: r.export_id,
    origin: r.origin,
    orgName: r.org_name,
    createdAt: r.created_at,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    firstSeq: r.first_seq,
    lastSeq: r.last_seq,
    integrity: r.integrity,
    continuity: r.continuity,
    tailPinned: r.tail_pinned === 1,
    trusted: r.trusted === 1,
    lines: r.line_count,
    newEntries: r.new_entries,
    calls: r.calls,
    agreed: r.agreed,
    disagreed: r.disagreed,
    findings: { critical: r.n_critical, high: r.n_high, medium: r.n_medium, low: r.n_low, info: r.n_info },
    fileName: r.original_name ?? r.file_name,
    importedAt: r.imported_at,
    engagementId: r.engagement_id,
    voided: r.void_reason,
  };
}

/** Every export in the store (or of one engagement, voided ones included), oldest import first. */
export function listExports(store: Store, engagementId?: number): ExportSummary[] {
  if (engagementId === undefined) return store.prepare<[], SummaryRow>(`${SUMMARY_SELECT} ORDER BY e.id`).all().map(summary);
  return store
    .prepare<[number], SummaryRow>(`${SUMMARY_SELECT} WHERE e.id IN (SELECT export_ref FROM engagement_exports WHERE engagement_id = ?) ORDER BY e.id`)
    .all(engagementId)
    .map(summary);
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

/** One export by its store ref (number) or its manifest export_id (uuid; the latest import of it). */
export function getExport(store: Store, id: number | string): ExportDetail | null {
  const ref =
    typeof id === 'number'
      ? id
      : store
          .prepare<[string], { id: number }>(
            'SELECT id FROM exports WHERE export_id = ? ORDER BY id DESC LIMIT 1',
          )
          .get(id)?.id;
  if (ref === undefined) return null;
  const row = store.prepare<[number], SummaryRow>(`${SUMMARY_SELECT} WHERE e.id = ?`).get(ref);
  if (!row) return null;
  const d = store
    .prepare<[number], DetailRow>(
      `SELECT e.manifest_sha256, e.tree_size, e.tree_root, e.computed_root, e.previous_export_id, e.platform_name, e.platform_version,
         e.envelope_key, e.checkpoint_key, e.evaluation_skipped, i.file_path, i.container, i.archive_sha256, i.archive_bytes,
         i.os_user, i.duration_ms, k.name AS keyring_name, k.sha256 AS keyring_sha256, e.log_id, e.pos_first, e.pos_last
       FROM exports e JOIN imports i ON i.id = e.import_id JOIN keyrings k ON k.id = i.keyring_id WHERE e.id = ?`,
    )
    .get(ref)!;
  const checks = store
    .prepare<[number], Check>(
      'SELECT check_id AS id, status, detail FROM checks WHERE export_ref = ? ORDER BY ord',
    )
    .all(ref);
  return {
    ...summary(row),
    manifestSha256: d.manifest_sha256,
    treeSize: d.tree_size,
    treeRoot: d.tree_root,
    computedRoot: d.computed_root,
    previousExportId: d.previous_export_id,
    platform: { name: d.platform_name, version: d.platform_version },
    envelopeKey: d.envelope_key,
    checkpointKey: d.checkpoint_key,
    evaluationSkipped: d.evaluation_skipped,
    checks,
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

/** The exact bytes of a stored bundle file or of the stored report (`report.json`). */
export function getExportFile(store: Store, ref: number, name: string): Buffer | null {
  return (
    store
      .prepare<[number, string], { bytes: Buffer }>(
        'SELECT bytes FROM export_files WHERE export_ref = ? AND name = ?',
      )
      .get(ref, name)?.bytes ?? null
  );
}

export interface FindingFilter {
  exportRef?: number;
  /** Only findings of these exports (an engagement's non-voided exports). */
  exportRefs?: readonly number[];
  kind?: string;
  agentId?: string;
  severity?: Severity;
  /** Keyset cursor: the `id` of the last finding of the previous page. */
  afterId?: number;
  limit?: number;
}

export interface FindingRow {
  id: number;
  exportRef: number;
  kind: string;
  severity: Severity;
  seq: number | null;
  entryId: string | null;
  agentId: string | null;
  recorded: unknown;
  expected: unknown;
  controls: string[];
  message: string;
}

interface FindingDbRow {
  id: number;
  export_ref: number;
  kind: string;
  severity: Severity;
  seq: number | null;
  entry_id: string | null;
  agent_id: string | null;
  recorded: string | null;
  expected: string | null;
  controls: string;
  message: string;
}

const MAX_PAGE = 10_000;

function pageSize(limit: number | undefined): number {
  return Math.max(1, Math.min(MAX_PAGE, Math.trunc(limit ?? 500)));
}

/** Findings matching every given filter, in report order within each export, one keyset page. */
export function listFindings(store: Store, filter: FindingFilter = {}): FindingRow[] {
  // Fixed fragments chosen by which filters are present; every value is a bound parameter.
  const where: string[] = ['id > ?'];
  const params: unknown[] = [filter.afterId ?? 0];
  if (filter.exportRef !== undefined) {
    where.push('export_ref = ?');
    params.push(filter.exportRef);
  }
  if (filter.exportRefs !== undefined) {
    where.push('export_ref IN (SELECT value FROM json_each(?))');
    params.push(JSON.stringify(filter.exportRefs));
  }
  if (filter.kind !== undefined) {
    where.push('kind = ?');
    params.push(filter.kind);
  }
  if (filter.agentId !== undefined) {
    where.push('agent_id = ?');
    params.push(filter.agentId);
  }
  if (filter.severity !== undefined) {
    where.push('severity = ?');
    params.push(filter.severity);
  }
  params.push(pageSize(filter.limit));
  const rows = store
    .prepare<unknown[], FindingDbRow>(
      `SELECT id, export_ref, kind, severity, seq, entry_id, agent_id, recorded, expected, controls, message FROM findings WHERE ${where.join(' AND ')} ORDER BY id LIMIT ?`,
    )
    .all(...params);
  return rows.map((r) => ({
    id: r.id,
    exportRef: r.export_ref,
    kind: r.kind,
    severity: r.severity,
    seq: r.seq,
    entryId: r.entry_id,
    agentId: r.agent_id,
    recorded: r.recorded === null ? null : (JSON.parse(r.recorded) as unknown),
    expected: r.expected === null ? null : (JSON.parse(r.expected) as unknown),
    controls: JSON.parse(r.controls) as string[],
    message: r.message,
  }));
}

export interface EntryFilter {
  exportRef: number;
  agentId?: string;
  actionType?: string;
  verdict?: string;
  status?: string;
  /** Inclusive timestamp bounds (RFC 3339, compared as text, which orders them). */
  from?: string;
  to?: string;
  /** Case-insensitive substring of entry id, call/approval/rule id, connector, operation, resource. */
  text?: string;
  /** Keyset cursor: the `pos` of the last row of the previous page (or `at - 1` to jump). */
  afterPos?: number;
  limit?: number;
}

export interface EntryRow {
  /** Position in the export's log: the seq for an accepted export, the line index for a quarantined one. */
  pos: number;
  seq: number | null;
  ts: string | null;
  agentId: string | null;
  actorType: string | null;
  actorId: string | null;
  actionType: string | null;
  verdict: string | null;
  status: string | null;
  leafHash: string;
  /** The exact line bytes as exported, without the newline. */
  line: Buffer;
}

export interface EntryPage {
  rows: EntryRow[];
  /** Pass as `afterPos` for the next page; null at the end. */
  nextAfterPos: number | null;
}

interface EntryDbRow {
  pos: number;
  seq: number | null;
  ts: string | null;
  agent_id: string | null;
  actor_type: string | null;
  actor_id: string | null;
  action_type: string | null;
  verdict: string | null;
  status: string | null;
  leaf_hash: Buffer;
  line: Buffer;
}

function likePattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function tsAt(store: Store, logId: number, pos: number): string {
  return (
    store
      .prepare<[number, number], { ts: string | null }>(`SELECT ts FROM entries WHERE id = ${ENTRY_ID_SQL}`)
      .get(logId, pos)?.ts ?? ''
  );
}

/** The first position in [lo, hi] whose ts satisfies `past` (hi + 1 when none does). */
function bisect(store: Store, logId: number, lo: number, hi: number, past: (ts: string) => boolean): number {
  let a = lo;
  let b = hi + 1;
  while (a < b) {
    const mid = a + Math.floor((b - a) / 2);
    if (past(tsAt(store, logId, mid))) b = mid;
    else a = mid + 1;
  }
  return a;
}

function firstPosAtOrAfter(store: Store, logId: number, lo: number, hi: number, from: string): number {
  return bisect(store, logId, lo, hi, (ts) => ts >= from);
}

function firstPosAfter(store: Store, logId: number, lo: number, hi: number, to: string): number {
  return bisect(store, logId, lo, hi, (ts) => ts > to);
}

/** One keyset page of an export's entries in log order, filtered; paging depth costs nothing. */
export function listEntries(store: Store, filter: EntryFilter): EntryPage {
  const exp = store
    .prepare<
      [number],
      { log_id: number; pos_first: number | null; pos_last: number | null; trusted: number }
    >('SELECT log_id, pos_first, pos_last, trusted FROM exports WHERE id = ?')
    .get(filter.exportRef);
  if (!exp || exp.pos_first === null || exp.pos_last === null) return { rows: [], nextAfterPos: null };
  let lo = Math.max(exp.pos_first, (filter.afterPos ?? -1) + 1);
  let hi = exp.pos_last;
  if (exp.trusted === 1) {
    // An accepted export's timestamps are verified non-decreasing, so a time window is a position
    // range found by bisection instead of a scan through every earlier row.
    if (filter.from !== undefined)
      lo = Math.max(lo, firstPosAtOrAfter(store, exp.log_id, exp.pos_first, exp.pos_last, filter.from));
    if (filter.to !== undefined)
      hi = Math.min(hi, firstPosAfter(store, exp.log_id, exp.pos_first, exp.pos_last, filter.to) - 1);
  }
  if (lo > hi) return { rows: [], nextAfterPos: null };
  const limit = pageSize(filter.limit);
  const text = filter.text?.trim();
  // With a text filter the narrow search table drives the scan; otherwise the rowid range (or a
  // value index, which SQLite ends with the rowid) does.
  const from = text ? 'entry_search s JOIN entries e ON e.id = s.id' : 'entries e';
  const key = text ? 's.id' : 'e.id';
  const where: string[] = [`${key} >= ${ENTRY_ID_SQL}`, `${key} <= ${ENTRY_ID_SQL}`];
  const params: unknown[] = [exp.log_id, lo, exp.log_id, hi];
  if (text) {
    where.push("s.text LIKE ? ESCAPE '\\'");
    params.push(likePattern(text));
  }
  if (filter.agentId !== undefined) {
    where.push('e.agent_id = ?');
    params.push(filter.agentId);
  }
  if (filter.actionType !== undefined) {
    where.push('e.action_type = ?');
    params.push(filter.actionType);
  }
  if (filter.verdict !== undefined) {
    where.push('e.verdict = ?');
    params.push(filter.verdict);
  }
  if (filter.status !== undefined) {
    where.push('e.status = ?');
    params.push(filter.status);
  }
  if (filter.from !== undefined) {
    where.push('e.ts >= ?');
    params.push(filter.from);
  }
  if (filter.to !== undefined) {
    where.push('e.ts <= ?');
    params.push(filter.to);
  }
  params.push(limit);
  const rows = store
    .prepare<unknown[], EntryDbRow>(
      `SELECT e.pos, e.seq, e.ts, e.agent_id, e.actor_type, e.actor_id, e.action_type, e.verdict, e.status, e.leaf_hash, e.line
       FROM ${from} WHERE ${where.join(' AND ')} ORDER BY ${key} LIMIT ?`,
    )
    .all(...params);
  return {
    rows: rows.map((r) => ({
      pos: r.pos,
      seq: r.seq,
      ts: r.ts,
      agentId: r.agent_id,
      actorType: r.actor_type,
      actorId: r.actor_id,
      actionType: r.action_type,
      verdict: r.verdict,
      status: r.status,
      leafHash: r.leaf_hash.toString('hex'),
      line: r.line,
    })),
    nextAfterPos: rows.length === limit ? rows[rows.length - 1]!.pos : null,
  };
}

/** One entry of an export by position, parsed (null when its line is not JSON). */
export function getEntry(
  store: Store,
  exportRef: number,
  pos: number,
): (EntryRow & { entry: AuditEntry | null }) | null {
  const row = listEntries(store, { exportRef, afterPos: pos - 1, limit: 1 }).rows[0];
  if (!row || row.pos !== pos) return null;
  let entry: AuditEntry | null;
  try {
    entry = JSON.parse(row.line.toString('utf8')) as AuditEntry;
  } catch {
    entry = null;
  }
  return { ...row, entry };
}

export interface OriginSummary {
  origin: string;
  /** The high-water mark N: leaves 0..N−1 are vouched for (a gap may lack some of them). */
  trustedSize: number;
  trustedRoot: string | null;
  updatedAt: string;
}

/** Every origin with its high-water mark. */
export function listOrigins(store: Store): OriginSummary[] {
  return store
    .prepare<[], { origin: string; trusted_size: number; trusted_root: Buffer | null; updated_at: string }>(
      'SELECT origin, trusted_size, trusted_root, updated_at FROM origins ORDER BY origin',
    )
    .all()
    .map((r) => ({
      origin: r.origin,
      trustedSize: r.trusted_size,
      trustedRoot: r.trusted_root?.toString('hex') ?? null,
      updatedAt: r.updated_at,
    }));
}

export interface Note {
  scope: string;
  key: string;
  note: string;
  updatedAt: string;
  updatedBy: string;
}

/** Sets (or with an empty text, clears) the auditor's note on one cell of a view. */
export function setNote(
  store: Store,
  scope: string,
  key: string,
  note: string,
  by: string,
  at: Date = new Date(),
): void {
  // On a connection that is inside an import's transaction the note would share its fate.
  if (store.importing) {
    throw new StoreError(
      'STORE_BUSY',
      'an import is running on this connection; save the note when it has finished',
    );
  }
  if (note === '') {
    store.prepare('DELETE FROM notes WHERE scope = ? AND key = ?').run(scope, key);
    return;
  }
  store
    .prepare(
      'INSERT INTO notes (scope, key, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT (scope, key) DO UPDATE SET note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
    )
    .run(scope, key, note, at.toISOString(), by);
}

/** Every note of a view, by key. */
export function listNotes(store: Store, scope: string): Note[] {
  return store
    .prepare<[string], { scope: string; key: string; note: string; updated_at: string; updated_by: string }>(
      'SELECT scope, key, note, updated_at, updated_by FROM notes WHERE scope = ? ORDER BY key',
    )
    .all(scope)
    .map((r) => ({
      scope: r.scope,
      key: r.key,
      note: r.note,
      updatedAt: r.updated_at,
      updatedBy: r.updated_by,
    }));
}
