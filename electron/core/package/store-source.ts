/**
 * Reads a package's population and context from the store. Only accepted (trusted) exports and
 * the entries of origin logs count: quarantined lines never reach a package.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { Finding } from '../../../shared/report/report-types.js';
import type { Severity } from '../../../shared/report/finding-kinds.js';
import type { ExportEvidence, PopulationEntry, ResponsibilityMatrix } from '../../../shared/package/package-types.js';
import { LAYER_TITLES, RESPONSIBILITY_CRITERIA, RESPONSIBILITY_LAYERS, defaultResponsibility } from '../../../shared/controls/responsibility.js';
import { compareCriteria } from '../../../shared/controls/soc2.js';
import type { Continuity, IntegrityStatus } from '../../../shared/report/report-types.js';
import type { FindingKind } from '../../../shared/report/finding-kinds.js';

type Db = BetterSqlite3.Database;

/** An org scope without `orgId` is valid only while the store holds one organisation. */
/**
 * Whose entries a package holds. `exportRefs` (an engagement's non-voided exports) narrows the
 * population to those exports' lines and the evidence to those exports.
 */
export type ScopeSelector = ({ kind: 'agent'; agentId: string } | { kind: 'org'; orgId?: string }) & { exportRefs?: readonly number[] };

export interface PeriodSelector {
  from?: string;
  to?: string;
}

interface EntryRow {
  seq: number;
  ts: string;
  agent_id: string | null;
  actor_type: string;
  actor_id: string;
  action_type: string;
  leaf_hash: Buffer;
  /** The line as text: SQLite hands it over as a string, which costs a third of a Buffer plus its decoding. */
  line: string;
}

const LOG_SHIFT = 40n;

/** Action types whose `data` a package reads; other lines are not parsed (a million-entry org saves seconds). */
export const DATA_ACTION_TYPES: ReadonlySet<string> = new Set([
  'connector.called',
  'approval.requested',
  'approval.reviewed',
  'approval.expired',
  'drift.detected',
  'agent.suspended',
  'agent.resumed',
  'secret.accessed',
]);

const ID_KEY = ',"id":"';

/**
 * The top-level entry id of a canonical line without parsing it: JCS sorts keys, so `id` follows
 * `data` and is the last `,"id":"` of the line (org_id, prev, seq and ts come after it).
 */
export function lineEntryId(line: string): string {
  const at = line.lastIndexOf(ID_KEY);
  if (at < 0) return '';
  const start = at + ID_KEY.length;
  const end = line.indexOf('"', start);
  return end < 0 ? '' : line.slice(start, end);
}

/** Organisations with accepted exports in the store, by id. */
export function storeOrgs(db: Db): Array<{ id: string; name: string }> {
  return db
    .prepare('SELECT org_id AS id, MAX(org_name) AS name FROM exports WHERE trusted = 1 AND org_id IS NOT NULL GROUP BY org_id ORDER BY org_id')
    .all() as Array<{ id: string; name: string }>;
}

/** Origins (logs) whose accepted exports belong to an organisation. */
export function originsOfOrg(db: Db, orgId: string): Set<string> {
  const rows = db.prepare('SELECT DISTINCT origin FROM exports WHERE trusted = 1 AND org_id = ?').all(orgId) as Array<{ origin: string }>;
  return new Set(rows.map((r) => r.origin));
}

/** Origin name of every origin log (quarantine logs are absent on purpose). */
export function originLogs(db: Db): Map<number, string> {
  const rows = db.prepare('SELECT log_id, origin FROM origins ORDER BY log_id').all() as Array<{ log_id: number; origin: string }>;
  return new Map(rows.map((r) => [r.log_id, r.origin]));
}

/**
 * The rowids of a log's first and last entry inside the period (null: none), read from the ts
 * index alone. The population query keeps its ts conditions; these bounds only stop it from
 * reading, and rejecting, the rows of the scope outside the period: an agent's rows after `to`
 * are most of the work of a package cut early in the log. Exact whatever the order of ts.
 */
function periodBounds(db: Db, lo: bigint, hi: bigint, period: PeriodSelector): [bigint | number, bigint | number] | null {
  let first: bigint | number = lo;
  let last: bigint | number = hi;
  if (period.to !== undefined) {
    const v = (db.prepare('SELECT MAX(id) AS v FROM entries INDEXED BY entries_ts WHERE id BETWEEN ? AND ? AND ts <= ?').get(first, last, period.to) as { v: number | null }).v;
    if (v === null) return null;
    last = v;
  }
  if (period.from !== undefined) {
    const v = (db.prepare('SELECT MIN(id) AS v FROM entries INDEXED BY entries_ts WHERE id BETWEEN ? AND ? AND ts >= ?').get(first, last, period.from) as { v: number | null }).v;
    if (v === null) return null;
    first = v;
  }
  return [first, last];
}

/**
 * Per log, the positions an engagement's accepted exports span (first to last: an engagement's
 * exports of one origin are one client's consecutive exports; a hole between them is a gap the
 * continuity check reports, and holds no rows).
 */
function scopedLogRanges(db: Db, refs: readonly number[]): Map<number, { first: number; last: number }> {
  const rows = db
    .prepare(
      `SELECT log_id, min(pos_first) AS first, max(pos_last) AS last FROM exports
       WHERE trusted = 1 AND pos_first IS NOT NULL AND id IN (SELECT value FROM json_each(?)) GROUP BY log_id`,
    )
    .all(JSON.stringify(refs)) as Array<{ log_id: number; first: number; last: number }>;
  return new Map(rows.map((r) => [r.log_id, { first: r.first, last: r.last }]));
}

/** One query per accepted origin log of the scope: the WHERE clause and its bound parameters. */
function* populationQueries(db: Db, scope: ScopeSelector, period: PeriodSelector): Generator<{ origin: string; where: string; params: unknown[]; lo: bigint | number; hi: bigint | number }> {
  const only = scope.kind === 'org' && scope.orgId !== undefined ? originsOfOrg(db, scope.orgId) : null;
  const within = scope.exportRefs === undefined ? null : scopedLogRanges(db, scope.exportRefs);
  for (const [logId, origin] of originLogs(db)) {
    if (only !== null && !only.has(origin)) continue;
    let logLo = BigInt(logId) << LOG_SHIFT;
    let logHi = (BigInt(logId + 1) << LOG_SHIFT) - 1n;
    if (within !== null) {
      const r = within.get(logId);
      if (r === undefined) continue;
      logHi = logLo + BigInt(r.last);
      logLo += BigInt(r.first);
    }
    const bounds = periodBounds(db, logLo, logHi, period);
    if (bounds === null) continue;
    const [lo, hi] = bounds;
    const params: unknown[] = [lo, hi, period.from ?? '', period.to ?? '\uffff'];
    if (scope.kind === 'agent') params.push(scope.agentId);
    yield { origin, where: 'id BETWEEN ? AND ? AND ts >= ? AND ts <= ?' + (scope.kind === 'agent' ? ' AND agent_id = ?' : ''), params, lo, hi };
  }
}

/**
 * How many entries iteratePopulation will yield (same logs, scope and period): a progress total,
 * counted from an index alone within each log's period bounds, so it costs a fraction of the pass
 * it announces (counting with the ts conditions would read every row twice). Never below what
 * the pass yields, which also checks each row's ts; equal to it when ts never decreases within a
 * log, which spec §3 requires of every accepted export (tested).
 */
export function populationSize(db: Db, scope: ScopeSelector, period: PeriodSelector = {}): number {
  let n = 0;
  for (const { lo, hi } of populationQueries(db, scope, period)) {
    const row =
      scope.kind === 'agent'
        ? db.prepare('SELECT COUNT(*) AS n FROM entries INDEXED BY entries_agent WHERE agent_id = ? AND id BETWEEN ? AND ?').get(scope.agentId, lo, hi)
        : db.prepare('SELECT COUNT(*) AS n FROM entries INDEXED BY entries_ts WHERE id BETWEEN ? AND ?').get(lo, hi);
    n += (row as { n: number }).n;
  }
  return n;
}

/** A population entry read from the store: its leaf hash is turned into hex only when asked. */
class StoredEntry implements PopulationEntry {
  constructor(
    readonly origin: string,
    readonly seq: number,
    readonly id: string,
    readonly ts: string,
    readonly agent_id: string | null,
    readonly actor_type: string,
    readonly actor_id: string,
    readonly action_type: string,
    readonly leaf_raw: Buffer,
    readonly data: Record<string, unknown>,
  ) {}

  /** Only the binder's CSV prints it; the package hashes leaf_raw (130,000 hex strings saved). */
  get leaf_hash(): string {
    return this.leaf_raw.toString('hex');
  }
}

/**
 * The population in (origin log, seq) order, streamed. A null bound leaves that side open;
 * both bounds are inclusive (RFC 3339 with fixed width compares as text).
 */
export function* iteratePopulation(db: Db, scope: ScopeSelector, period: PeriodSelector = {}): Generator<PopulationEntry> {
  for (const { origin, where, params } of populationQueries(db, scope, period)) {
    // CAST makes better-sqlite3 build the JS string straight from SQLite's UTF-8 (the lines were
    // checked as canonical UTF-8 at import), skipping a Buffer per row and its decoding: at
    // 130,000 rows that is a second of a package's time.
    const sql = `SELECT seq, ts, agent_id, actor_type, actor_id, action_type, leaf_hash, CAST(line AS TEXT) AS line FROM entries WHERE ${where} ORDER BY id`;
    for (const raw of db.prepare(sql).iterate(...params) as IterableIterator<EntryRow>) {
      const text = raw.line;
      let id: string;
      let data: Record<string, unknown>;
      if (DATA_ACTION_TYPES.has(raw.action_type)) {
        const parsed = JSON.parse(text) as { id?: unknown; data?: unknown };
        id = typeof parsed.id === 'string' ? parsed.id : '';
        data = typeof parsed.data === 'object' && parsed.data !== null ? (parsed.data as Record<string, unknown>) : {};
      } else {
        id = lineEntryId(text);
        data = {};
      }
      yield new StoredEntry(origin, raw.seq, id, raw.ts, raw.agent_id, raw.actor_type, raw.actor_id, raw.action_type, raw.leaf_hash, data);
    }
  }
}

interface ExportRow {
  id: number;
  export_id: string;
  origin: string;
  org_id: string | null;
  org_name: string | null;
  platform_name: string | null;
  platform_version: string | null;
  period_from: string;
  period_to: string;
  first_seq: number;
  last_seq: number;
  tree_size: number;
  tree_root: string;
  integrity: IntegrityStatus;
  continuity: Continuity;
  envelope_key: string | null;
  checkpoint_key: string | null;
}

export interface StoredExport {
  ref: number;
  evidence: ExportEvidence;
  org: { id: string; name: string } | null;
}

/** Accepted exports of the given origins whose seq range overlaps [first, last] of that origin. */
export function exportsCovering(db: Db, ranges: ReadonlyMap<string, { first: number; last: number }>, only?: readonly number[]): StoredExport[] {
  const rows = db
    .prepare(
      `SELECT id, export_id, origin, org_id, org_name, platform_name, platform_version, period_from, period_to,
              first_seq, last_seq, tree_size, tree_root, integrity, continuity, envelope_key, checkpoint_key
         FROM exports WHERE trusted = 1 AND export_id IS NOT NULL AND (? IS NULL OR id IN (SELECT value FROM json_each(?))) ORDER BY origin, first_seq, id`,
    )
    .all(only === undefined ? null : 1, JSON.stringify(only ?? [])) as ExportRow[];
  const out: StoredExport[] = [];
  const checksOf = db.prepare('SELECT check_id AS id, status, detail FROM checks WHERE export_ref = ? ORDER BY ord');
  const checkpointOf = db.prepare("SELECT bytes FROM export_files WHERE export_ref = ? AND name = 'checkpoint'");
  for (const r of rows) {
    const range = ranges.get(r.origin);
    if (range === undefined || r.last_seq < range.first || r.first_seq > range.last) continue;
    out.push({
      ref: r.id,
      org: r.org_id !== null ? { id: r.org_id, name: r.org_name ?? r.org_id } : null,
      evidence: {
        export_id: r.export_id,
        origin: r.origin,
        period: { from: r.period_from, to: r.period_to },
        range: { first_seq: r.first_seq, last_seq: r.last_seq, count: r.last_seq - r.first_seq + 1 },
        tree: { size: r.tree_size, root: r.tree_root },
        integrity: r.integrity,
        continuity: r.continuity,
        envelope_key: r.envelope_key,
        checkpoint_key: r.checkpoint_key,
        platform: r.platform_name !== null ? { name: r.platform_name, version: r.platform_version ?? '' } : null,
        checks: checksOf.all(r.id) as { id: string; status: string; detail: string }[],
        checkpoint: ((checkpointOf.get(r.id) as { bytes: Buffer } | undefined)?.bytes.toString('utf8') ?? null),
      },
    });
  }
  return out;
}

interface FindingRow {
  export_ref: number;
  kind: string;
  severity: string;
  seq: number | null;
  entry_id: string | null;
  agent_id: string | null;
  recorded: string | null;
  expected: string | null;
  controls: string;
  message: string;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Findings of those exports that bear on the scope: the agent's own, plus log-level ones (no
 * agent); findings on an entry count only when that entry's timestamp lies in the period.
 */
export function findingsFor(db: Db, exports: StoredExport[], scope: ScopeSelector, period: PeriodSelector): Finding[] {
  const out: Finding[] = [];
  const seen = new Set<string>();
  const tsOf = db.prepare('SELECT ts FROM entries WHERE id = ?').safeIntegers(true);
  const logOf = db.prepare('SELECT log_id FROM origins WHERE origin = ?');
  const stmt = db.prepare('SELECT * FROM findings WHERE export_ref = ? ORDER BY ord');
  for (const ex of exports) {
    const logRow = logOf.get(ex.evidence.origin) as { log_id: number } | undefined;
    for (const r of stmt.all(ex.ref) as FindingRow[]) {
      if (scope.kind === 'agent' && r.agent_id !== null && r.agent_id !== scope.agentId) continue;
      if (r.seq !== null && logRow !== undefined && (period.from !== undefined || period.to !== undefined)) {
        const t = tsOf.get((BigInt(logRow.log_id) << LOG_SHIFT) | BigInt(r.seq)) as { ts: string } | undefined;
        if (t !== undefined && ((period.from !== undefined && t.ts < period.from) || (period.to !== undefined && t.ts > period.to))) continue;
      }
      // Overlapping exports re-report the same finding; keep it once.
      const key = `${ex.evidence.origin}|${r.kind}|${r.seq ?? ''}|${r.entry_id ?? ''}|${r.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        kind: r.kind as FindingKind,
        severity: r.severity as Severity,
        seq: r.seq,
        entry_id: r.entry_id,
        agent_id: r.agent_id,
        recorded: parseJson(r.recorded),
        expected: parseJson(r.expected),
        controls: parseJson(r.controls) as string[],
        message: r.message,
      });
    }
  }
  return out;
}

/** Agent names from agent.created / agent.updated entries of origin logs (latest name wins). */
export function agentNames(db: Db): Map<string, string> {
  const names = new Map<string, string>();
  const rows = db
    .prepare("SELECT id, line FROM entries WHERE action_type IN ('agent.created', 'agent.updated') ORDER BY ts, id")
    .safeIntegers(true)
    .all() as Array<{ id: bigint; line: Buffer }>;
  const logs = originLogs(db);
  for (const r of rows) {
    if (!logs.has(Number(r.id >> LOG_SHIFT))) continue;
    const e = JSON.parse(r.line.toString('utf8')) as { data?: Record<string, unknown> };
    const d = e.data ?? {};
    const agent = d['agent'] as { id?: unknown; name?: unknown } | undefined;
    if (agent !== undefined && typeof agent.id === 'string' && typeof agent.name === 'string') names.set(agent.id, agent.name);
    if (typeof d['agent_id'] === 'string' && typeof d['name'] === 'string') names.set(d['agent_id'], d['name']);
  }
  return names;
}

/**
 * The responsibility matrix as the app saved it: defaults overlaid with the auditor's edits in the
 * `notes` table (scope `responsibility/<engagement id>`, key `<criterion>/<layer>`, note JSON `{text, notes}`, the
 * app's format), so a package from the CLI shows the same matrix as the app.
 */
export function storedResponsibility(db: Db, engagementId: number | null): ResponsibilityMatrix {
  const rows = (engagementId === null ? [] : db.prepare('SELECT key, note FROM notes WHERE scope = ?').all(`responsibility/${engagementId}`)) as Array<{ key: string; note: string }>;
  const saved = new Map<string, { text?: unknown; notes?: unknown }>();
  for (const r of rows) {
    try {
      saved.set(r.key, JSON.parse(r.note) as { text?: unknown; notes?: unknown });
    } catch {
      // An unreadable cell falls back to the default text, as the app shows it.
    }
  }
  const criteria = [...new Set([...RESPONSIBILITY_CRITERIA, ...rows.map((r) => r.key.split('/')[0]!)])].sort(compareCriteria);
  return {
    columns: ['Criterion', ...RESPONSIBILITY_LAYERS.map((l) => LAYER_TITLES[l])],
    rows: criteria.map((c) => [
      c,
      ...RESPONSIBILITY_LAYERS.map((l) => {
        const cell = saved.get(`${c}/${l}`);
        const text = typeof cell?.text === 'string' ? cell.text : defaultResponsibility(c, l);
        const notes = typeof cell?.notes === 'string' && cell.notes !== '' ? `\nNote: ${cell.notes}` : '';
        return text + notes;
      }),
    ]),
  };
}
