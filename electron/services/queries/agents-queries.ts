/** Agents: registry counts, declared intent vs observed behaviour, diagrams and lifecycle timeline. */
import { ApiFailure } from '../../../shared/api/result.js';
import type { AgentDetail, AgentEvent, AgentSummary, IntentComparison } from '../../../shared/api/view-types.js';
import { insideIntent } from '../../../shared/controls/intent.js';
import type { Store } from '../../core/store/store.js';
import type { DerivedCache } from './derived-cache.js';
import { parseLine } from './entry-rows.js';
import { callFacts } from './call-facts.js';

export { callFacts } from './call-facts.js';
import { findingCounts } from './findings-queries.js';
import { executionGraph, dataFlowGraph } from './agent-diagrams.js';

function countsBy(store: Store, cache: DerivedCache, actionType: string): Map<string, number> {
  const m = new Map<string, number>();
  // The derived index holds these tallies; without it (still building) count the entries.
  const rows = cache.searchIndexed()
    ? store
        .prepare<[string], { agent_id: string; n: number }>("SELECT agent_id, sum(n) AS n FROM si.action_counts WHERE action_type = ? AND agent_id <> '' GROUP BY agent_id")
        .all(actionType)
    : ((span) =>
        store
          .prepare<(string | number)[], { agent_id: string; n: number }>(
            `SELECT agent_id, count(*) AS n FROM entries WHERE action_type = ? AND agent_id IS NOT NULL AND ${span.sql} GROUP BY agent_id`,
          )
          .all(actionType, ...span.params))(cache.spanFilter('id'));
  for (const r of rows) m.set(r.agent_id, r.n);
  return m;
}

export function listAgents(store: Store, cache: DerivedCache): AgentSummary[] {
  return cache.remember('agents.list', () => {
    const calls = countsBy(store, cache, 'connector.called');
    const drift = countsBy(store, cache, 'drift.detected');
    const { byAgent } = findingCounts(store, cache);
    const ids = new Set<string>([...cache.agents().keys(), ...calls.keys()]);
    return [...ids]
      .map((id) => {
        const a = cache.agents().get(id);
        return {
          agentId: id,
          name: a?.name ?? id,
          status: a?.status ?? 'unknown',
          version: a?.version ?? null,
          calls: calls.get(id) ?? 0,
          driftEvents: drift.get(id) ?? 0,
          findings: byAgent.get(id) ?? 0,
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  });
}

/** More events than a person reads in a list; the rest are one filter away in the audit trail. */
const TIMELINE_LIMIT = 1000;

const TIMELINE_KINDS: Record<string, AgentEvent['kind']> = {
  'agent.created': 'created',
  'agent.deployed': 'deployed',
  'agent.updated': 'updated',
  'intent.declared': 'intent',
  'drift.detected': 'drift',
  'agent.suspended': 'suspended',
  'agent.resumed': 'resumed',
  'agent.rolled_back': 'rolled_back',
  'approval.reviewed': 'approval',
};

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function eventLabel(actionType: string, data: Record<string, unknown>): string {
  switch (actionType) {
    case 'agent.deployed':
      return `deployed version ${String(data.version ?? '?')}`;
    case 'agent.rolled_back':
      return `rolled back to version ${String(data.to_version ?? '?')}`;
    case 'agent.suspended':
      return `suspended (${String(data.reason ?? '?')})`;
    case 'drift.detected':
      return `drift ${Array.isArray(data.drift_types) ? data.drift_types.join(', ') : ''} · ${String(data.severity ?? '')} → ${String(data.response ?? '')}`;
    case 'approval.reviewed':
      return `approval ${String(data.decision ?? '')}`;
    case 'intent.declared':
      return 'intent declared';
    case 'agent.created':
      return 'agent created';
    case 'agent.resumed':
      return 'resumed';
    case 'agent.updated':
      return 'agent updated';
    default:
      return actionType;
  }
}

interface Tally {
  counts: Map<string, number>;
}

function bump(t: Tally, k: string, n = 1): void {
  t.counts.set(k, (t.counts.get(k) ?? 0) + n);
}

export function agentDetail(store: Store, cache: DerivedCache, agentId: string): AgentDetail {
  const summary = listAgents(store, cache).find((a) => a.agentId === agentId);
  if (!summary) throw new ApiFailure('NOT_FOUND', `no agent ${agentId} in the store`);
  return cache.remember(`agent:${agentId}`, () => {
    const info = cache.agents().get(agentId);
    const intent = info?.intent ?? null;
    const systems: Tally = { counts: new Map() };
    const actions: Tally = { counts: new Map() };
    const dataTypes: Tally = { counts: new Map() };
    const edges = new Map<string, { connector: string; operation: string; verdicts: Map<string, number> }>();
    const flows = new Map<string, number>();
    const timeline: AgentEvent[] = [];
    const addCall = (connector: string, operation: string, verdict: string, n: number) => {
      bump(systems, connector, n);
      bump(actions, operation, n);
      const key = `${connector}\u0000${operation}`;
      let edge = edges.get(key);
      if (!edge) edges.set(key, (edge = { connector, operation, verdicts: new Map() }));
      edge.verdicts.set(verdict, (edge.verdicts.get(verdict) ?? 0) + n);
    };
    const addData = (dt: string, connector: string, n: number) => {
      bump(dataTypes, dt, n);
      const fk = `${dt}\u0000${connector}`;
      flows.set(fk, (flows.get(fk) ?? 0) + n);
    };
    if (cache.searchIndexed()) {
      for (const r of store
        .prepare<[string], { connector: string; operation: string; verdict: string; n: number }>('SELECT connector, operation, verdict, n FROM si.agent_calls WHERE agent_id = ?')
        .all(agentId)) {
        addCall(r.connector, r.operation, r.verdict, r.n);
      }
      for (const r of store
        .prepare<[string], { data_type: string; connector: string; n: number }>('SELECT data_type, connector, n FROM si.agent_data WHERE agent_id = ?')
        .all(agentId)) {
        addData(r.data_type, r.connector, r.n);
      }
    } else {
      const span = cache.spanFilter('id');
      const calls = store
        .prepare<(string | number)[], { verdict: string | null; line: Buffer }>(
          `SELECT verdict, line FROM entries WHERE agent_id = ? AND action_type = 'connector.called' AND ${span.sql} ORDER BY id`,
        )
        .iterate(agentId, ...span.params);
      for (const r of calls) {
        const f = callFacts(r.line, r.verdict);
        addCall(f.connector, f.operation, f.verdict, 1);
        for (const dt of f.dataTypes) addData(dt, f.connector, 1);
      }
    }
    // Lifecycle events are few: reach them through the action-type index, not the agent's calls.
    const kinds = Object.keys(TIMELINE_KINDS);
    const inKinds = `action_type IN (${kinds.map(() => '?').join(', ')})`;
    type EventRow = { log_id: number; pos: number; seq: number | null; ts: string | null; action_type: string; line: Buffer };
    let timelineTotal: number;
    let events: EventRow[];
    if (cache.searchIndexed()) {
      // The derived index lists each agent's lifecycle entries: read just those rows.
      timelineTotal = store.prepare<[string], { n: number }>('SELECT count(*) AS n FROM si.agent_events WHERE agent_id = ?').get(agentId)!.n;
      events = store
        .prepare<[string, number], EventRow>(
          `SELECT e.log_id AS log_id, e.pos AS pos, e.seq AS seq, e.ts AS ts, e.action_type AS action_type, e.line AS line
           FROM (SELECT log_id, pos FROM si.agent_events WHERE agent_id = ? ORDER BY log_id, pos LIMIT ?) AS ev
           JOIN entries AS e ON e.id = ((ev.log_id << 40) + ev.pos) ORDER BY e.id`,
        )
        .all(agentId, TIMELINE_LIMIT);
    } else {
      const span = cache.spanFilter('id');
      timelineTotal = store
        .prepare<(string | number)[], { n: number }>(`SELECT count(*) AS n FROM entries INDEXED BY entries_action WHERE ${inKinds} AND agent_id = ? AND ${span.sql}`)
        .get(...kinds, agentId, ...span.params)!.n;
      events = store
        .prepare<(string | number)[], EventRow>(
          `SELECT log_id, pos, seq, ts, action_type, line FROM entries INDEXED BY entries_action WHERE ${inKinds} AND agent_id = ? AND ${span.sql} ORDER BY id LIMIT ?`,
        )
        .all(...kinds, agentId, ...span.params, TIMELINE_LIMIT);
    }
    for (const r of events) {
      const e = parseLine(r.line);
      timeline.push({ ref: `${r.log_id}:${r.pos}`, seq: r.seq ?? r.pos, ts: r.ts ?? '', kind: TIMELINE_KINDS[r.action_type]!, label: eventLabel(r.action_type, obj(e?.data)) });
    }
    const compare = (dimension: IntentComparison['dimension'], declared: string[] | null, t: Tally, inside: (v: string) => boolean): IntentComparison => ({
      dimension,
      declared,
      observed: [...t.counts.entries()]
        .map(([value, count]) => ({ value, count, outside: !inside(value) }))
        .sort((a, b) => Number(b.outside) - Number(a.outside) || b.count - a.count),
    });
    const ps = intent?.permitted_systems ?? null;
    const pa = intent?.permitted_actions ?? null;
    const pd = intent?.permitted_data_types ?? null;
    const comparisons = [
      compare('systems', ps, systems, (v) => insideIntent('systems', ps, v)),
      compare('actions', pa, actions, (v) => insideIntent('actions', pa, v)),
      compare('data_types', pd, dataTypes, (v) => insideIntent('data_types', pd, v)),
    ];
    const outsideSystems = new Set(comparisons[0]!.observed.filter((o) => o.outside).map((o) => o.value));
    const outsideActions = new Set(comparisons[1]!.observed.filter((o) => o.outside).map((o) => o.value));
    const outsideData = new Set(comparisons[2]!.observed.filter((o) => o.outside).map((o) => o.value));
    return {
      summary,
      intentDeclared: intent !== null,
      comparisons,
      executionGraph: executionGraph(summary.name, [...edges.values()], outsideSystems, outsideActions),
      dataFlow: dataFlowGraph(summary.name, flows, outsideData, outsideSystems),
      timeline,
      timelineTotal,
    };
  });
}
