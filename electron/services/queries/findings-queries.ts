/** Findings: grouped lists and one finding with its explanation trace and entries. */
import { ApiFailure } from '../../../shared/api/result.js';
import type { EntryRow, FindingDetail, FindingGroupView, FindingGrouping, FindingRecord, FindingRow, TraceStep } from '../../../shared/api/view-types.js';
import { CRITERION_TITLES, compareCriteria } from '../../../shared/controls/soc2.js';
import type { AuditEntry, PlatformState } from '../../../shared/format/export-types.js';
import type { FindingKind, Severity } from '../../../shared/report/finding-kinds.js';
import { isFindingKind, kindGroup, severityRank } from '../../../shared/report/finding-kinds.js';
import { createEvaluator } from '../../../shared/evaluate/evaluator.js';
import type { CallTrace } from '../../../shared/evaluate/trace-types.js';
import type { Store } from '../../core/store/store.js';
import { tallyFindings, type FindingTally } from '../../../shared/frameworks/conclude.js';
import { snapshotJson } from '../search-index.js';
import type { DerivedCache } from './derived-cache.js';
import type { StoredEntry } from './entry-rows.js';
import { ENTRY_SELECT, parseLine, toEntryRow } from './entry-rows.js';

interface FindingDbRow {
  id: number;
  export_ref: number;
  export_id: string | null;
  origin: string | null;
  kind: string;
  severity: Severity;
  seq: number | null;
  entry_id: string | null;
  agent_id: string | null;
  controls: string;
  message: string;
  recorded: string | null;
  expected: string | null;
  log_id: number;
  pos_first: number | null;
  first_seq: number | null;
}

const FINDING_SQL = `SELECT f.id, f.export_ref, x.export_id, x.origin, f.kind, f.severity, f.seq, f.entry_id, f.agent_id, f.controls, f.message,
  f.recorded, f.expected, x.log_id, x.pos_first, x.first_seq FROM findings f JOIN exports x ON x.id = f.export_ref`;

/** Where a finding's seq sits in the store: by seq in an accepted log, by line in a quarantine log. */
function entryPos(r: FindingDbRow, cache: DerivedCache): number | null {
  if (r.seq === null || r.pos_first === null) return null;
  const log = cache.log(r.log_id);
  if (!log) return null;
  if (log.kind === 'origin') return r.seq;
  return r.first_seq === null ? null : r.pos_first + (r.seq - r.first_seq);
}

function toRow(r: FindingDbRow, cache: DerivedCache): FindingRow {
  const kind = (isFindingKind(r.kind) ? r.kind : 'unknown_action_type') as FindingKind;
  const pos = entryPos(r, cache);
  let controls: string[];
  try {
    controls = JSON.parse(r.controls) as string[];
  } catch {
    controls = [];
  }
  return {
    id: String(r.id),
    exportRef: String(r.export_ref),
    exportId: r.export_id,
    kind,
    group: kindGroup(kind),
    severity: r.severity,
    origin: r.origin,
    seq: r.seq,
    entryRef: pos === null ? null : `${r.log_id}:${pos}`,
    entryId: r.entry_id,
    agentId: r.agent_id,
    agentName: cache.agentName(r.agent_id),
    controls,
    message: r.message,
  };
}

/** The findings that sit on one line of a log (by its seq). */
export function findingsAt(store: Store, cache: DerivedCache, logId: number, seq: number): FindingRow[] {
  const f = cache.exportFilter('f.export_ref');
  return store
    .prepare<(number | string)[], FindingDbRow>(`${FINDING_SQL} WHERE x.log_id = ? AND f.seq = ? AND ${f.sql} ORDER BY f.id`)
    .all(logId, seq, ...f.params)
    .map((r) => toRow(r, cache));
}

const MAX_PAGE = 10_000;

/** What `findings.list` filters by (the contract's arguments). */
export interface FindingQuery {
  exportRef?: string;
  kind?: FindingKind;
  agentId?: string;
  severity?: Severity;
  /** Keyset cursor: the `id` of the last finding of the previous page. */
  afterId?: string;
  limit?: number;
}

/**
 * One keyset page of the scope's findings matching every given filter, in report order within each
 * export (ids are assigned in that order), with the values each compared.
 */
export function listFindings(store: Store, cache: DerivedCache, q: FindingQuery = {}): FindingRecord[] {
  const scope = cache.exportFilter('f.export_ref');
  // Fixed fragments chosen by which filters are present; every value is a bound parameter.
  const where: string[] = ['f.id > ?', scope.sql];
  const params: (string | number)[] = [Number(q.afterId ?? 0), ...scope.params];
  const add = (sql: string, v: string | number | undefined) => {
    if (v === undefined) return;
    where.push(sql);
    params.push(v);
  };
  add('f.export_ref = ?', q.exportRef === undefined ? undefined : Number(q.exportRef));
  add('f.kind = ?', q.kind);
  add('f.agent_id = ?', q.agentId);
  add('f.severity = ?', q.severity);
  params.push(Math.max(1, Math.min(MAX_PAGE, Math.trunc(q.limit ?? 500))));
  return store
    .prepare<(string | number)[], FindingDbRow>(`${FINDING_SQL} WHERE ${where.join(' AND ')} ORDER BY f.id LIMIT ?`)
    .all(...params)
    .map((r) => ({ ...toRow(r, cache), recorded: parseJson(r.recorded), expected: parseJson(r.expected) }));
}

const PER_GROUP = 500;

export function findingGroups(store: Store, cache: DerivedCache, by: FindingGrouping, exportRef: string | undefined): FindingGroupView[] {
  const f = cache.exportFilter('f.export_ref');
  const rows = (
    exportRef === undefined
      ? store.prepare<string[], FindingDbRow>(`${FINDING_SQL} WHERE ${f.sql} ORDER BY f.export_ref DESC, f.ord`).all(...f.params)
      : store.prepare<(number | string)[], FindingDbRow>(`${FINDING_SQL} WHERE f.export_ref = ? AND ${f.sql} ORDER BY f.ord`).all(Number(exportRef), ...f.params)
  ).map((r) => toRow(r, cache));
  const groups = new Map<string, { label: string; findings: FindingRow[] }>();
  const add = (key: string, label: string, f: FindingRow) => {
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { label, findings: [] }));
    g.findings.push(f);
  };
  for (const f of rows) {
    switch (by) {
      case 'kind':
        add(f.kind, `${f.kind} (${f.group})`, f);
        break;
      case 'severity':
        add(f.severity, f.severity, f);
        break;
      case 'agent':
        add(f.agentId ?? '-', f.agentId ? (f.agentName ?? f.agentId) : 'No agent (export-wide)', f);
        break;
      case 'control':
        if (f.controls.length === 0) add('-', 'No SOC 2 criterion', f);
        for (const c of f.controls) add(c, `${c} ${CRITERION_TITLES[c] ?? ''}`.trim(), f);
        break;
    }
  }
  const views: FindingGroupView[] = [...groups.entries()].map(([key, g]) => {
    const worst = g.findings.reduce<Severity>((w, f) => (severityRank(f.severity) > severityRank(w) ? f.severity : w), 'info');
    const sorted = [...g.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
    return { key, label: g.label, count: g.findings.length, worst, findings: sorted.slice(0, PER_GROUP) };
  });
  views.sort((a, b) =>
    by === 'control'
      ? compareCriteria(a.key, b.key)
      : severityRank(b.worst) - severityRank(a.worst) || b.count - a.count || (a.key < b.key ? -1 : 1),
  );
  return views;
}

function parseJson(s: string | null): unknown {
  if (s === null) return null;
  try {
    return JSON.parse(s) as unknown;
  } catch {
    return s;
  }
}

/**
 * Re-runs the evaluator over the export up to the finding's call and asks it to explain that
 * call: the ladder of spec §8.3 with the step that decided.
 */
function explainCall(store: Store, cache: DerivedCache, r: FindingDbRow, pos: number): CallTrace | null {
  if (r.pos_first === null) return null;
  // Start from the nearest kept snapshot before the call (derived index), else the export's start state.
  const snap = cache.indexReady()
    ? store
        .prepare<[number, number], { pos: number; json: Buffer }>('SELECT pos, json FROM si.state_snapshots WHERE export_ref = ? AND pos <= ? ORDER BY pos DESC LIMIT 1')
        .get(r.export_ref, pos)
    : undefined;
  const start = snap
    ? { pos: snap.pos, json: snapshotJson(snap.json) }
    : (() => {
        const s = store.prepare<[number], { json: Buffer }>("SELECT json FROM states WHERE export_ref = ? AND kind = 'start'").get(r.export_ref);
        return s ? { pos: r.pos_first!, json: s.json.toString('utf8') } : null;
      })();
  if (!start) return null;
  let evaluator;
  try {
    evaluator = createEvaluator(JSON.parse(start.json) as PlatformState);
  } catch {
    return null;
  }
  const lines = store
    .prepare<[number, number, number, number], { line: Buffer }>('SELECT line FROM entries WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) ORDER BY id')
    .iterate(r.log_id, start.pos, r.log_id, pos);
  let target: AuditEntry | null = null;
  let i = start.pos;
  for (const { line } of lines) {
    const e = parseLine(line) as AuditEntry | null;
    if (i === pos) {
      target = e;
      break;
    }
    if (e) evaluator.apply(e);
    i++;
  }
  if (!target || target.action_type !== 'connector.called') return null;
  try {
    return evaluator.explain(target);
  } catch {
    return null;
  }
}

function traceSteps(t: CallTrace): { steps: TraceStep[]; decidedBy: string | null } {
  // The ladder stops at the first step that applies (spec §8.3 step 3): that step decided.
  let decidedBy: string | null = null;
  const steps: TraceStep[] = t.ladder.map((s) => {
    const decided = s.applies && decidedBy === null;
    if (decided) decidedBy = `step ${s.step}: ${s.name} → ${t.computed.verdict} (${t.computed.reason})`;
    return { step: `${s.step}. ${s.name}`, outcome: s.why, decided };
  });
  const factors = t.risk.factors.map((f) => `${f.factor} ${f.points} (${f.source})`).join(', ');
  steps.unshift({ step: 'risk score', outcome: `${t.risk.score} = ${factors}; ${t.risk.windowCount} calls in ${t.risk.windowSeconds} s`, decided: false });
  return { steps, decidedBy };
}

export function findingDetail(store: Store, cache: DerivedCache, findingId: string): FindingDetail {
  const f = cache.exportFilter('f.export_ref');
  const r = store.prepare<(number | string)[], FindingDbRow>(`${FINDING_SQL} WHERE f.id = ? AND ${f.sql}`).get(Number(findingId), ...f.params);
  if (!r) throw new ApiFailure('NOT_FOUND', `no finding #${findingId} in this engagement`);
  const finding = toRow(r, cache);
  const entries: EntryRow[] = [];
  let trace: TraceStep[] = [];
  let decidedBy: string | null = null;
  const pos = entryPos(r, cache);
  if (pos !== null) {
    const e = store.prepare<[number, number], StoredEntry>(`${ENTRY_SELECT} WHERE id = ((? << 40) + ?)`).get(r.log_id, pos);
    if (e) {
      entries.push(toEntryRow(e, cache));
      if (finding.group === 'decisions' || finding.group === 'approvals' || finding.group === 'drift') {
        const t = explainCall(store, cache, r, pos);
        if (t) ({ steps: trace, decidedBy } = traceSteps(t));
      }
    }
  }
  return { finding, recorded: parseJson(r.recorded), expected: parseJson(r.expected), trace, decidedBy, entries };
}

/** Finding counts per agent and per SOC 2 criterion within the cache's scope, for Agents and Controls. */
export function findingCounts(store: Store, cache: DerivedCache): { byAgent: Map<string, number>; byControl: Record<string, number> } {
  const f = cache.exportFilter('export_ref');
  const byAgent = new Map<string, number>();
  for (const r of store
    .prepare<string[], { agent_id: string; n: number }>(`SELECT agent_id, count(*) AS n FROM findings WHERE agent_id IS NOT NULL AND ${f.sql} GROUP BY agent_id`)
    .all(...f.params)) {
    byAgent.set(r.agent_id, r.n);
  }
  const byControl = tallyFindings(store.prepare<string[], FindingTally>(`SELECT controls, kind, count(*) AS n FROM findings WHERE ${f.sql} GROUP BY controls, kind`).all(...f.params)).byCriterion;
  return { byAgent, byControl };
}
