/** Agents: registry counts, declared intent vs observed behaviour, diagrams and lifecycle timeline. */
import { ApiFailure } from '../../../shared/api/result.js';
import type { AgentDetail, AgentEvent, AgentSummary, IntentComparison } from '../../../shared/api/view-types.js';
import { operationListMatches } from '../../../shared/evaluate/operation-match.js';
import type { Store } from '../../core/store/store.js';
import type { DerivedCache } from './derived-cache.js';
import { parseLine } from './entry-rows.js';
import { findingCounts } from './findings-queries.js';
import { executionGraph, dataFlowGraph } from './agent-diagrams.js';

function countsBy(store: Store, actionType: string): Map<string, number> {
  const m = new Map<string, number>();
  for (const r of store
    .prepare<[string], { agent_id: string; n: number }>('SELECT agent_id, count(*) AS n FROM entries WHERE action_type = ? AND agent_id IS NOT NULL GROUP BY agent_id')
    .all(actionType)) {
    m.set(r.agent_id, r.n);
  }
  return m;
}

export function listAgents(store: Store, cache: DerivedCache): AgentSummary[] {
  return cache.remember('agents.list', () => {
    const calls = countsBy(store, 'connector.called');
    const drift = countsBy(store, 'drift.detected');
    const { byAgent } = findingCounts(store);
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
    default:
      return actionType;
  }
}

/** A JSON string value after `"key":"` in a JCS line (keys are unique where we look), or null. */
function stringAfter(text: string, marker: string): string | null {
  const at = text.indexOf(marker);
  if (at < 0) return null;
  const start = at + marker.length;
  const end = text.indexOf('"', start);
  if (end < 0) return null;
  const raw = text.slice(start, end);
  // An escaped character: leave it to the full parser.
  return raw.includes('\\') ? null : raw;
}

interface CallFacts {
  connector: string;
  operation: string;
  verdict: string;
  dataTypes: string[];
}

/**
 * The fields the Agents screen tallies, read from the canonical line without a full parse: in JCS
 * (sorted keys) the first `"connector":"`, `"operation":"` (the factor of that name is a number)
 * and `"data_types":[` of a connector.called line are the data's. Anything unusual falls back to
 * JSON.parse, so a quarantined, non-canonical line is still read correctly.
 */
export function callFacts(line: Buffer, verdictColumn: string | null): CallFacts {
  const text = line.toString('utf8');
  const connector = stringAfter(text, '"connector":"');
  const operation = stringAfter(text, '"operation":"');
  const dtAt = text.indexOf('"data_types":[');
  const dtEnd = dtAt < 0 ? -1 : text.indexOf(']', dtAt);
  if (connector !== null && operation !== null && dtEnd > 0) {
    const inner = text.slice(dtAt + '"data_types":['.length, dtEnd);
    if (!inner.includes('\\')) {
      const dataTypes = inner.length === 0 ? [] : inner.slice(1, -1).split('","');
      return { connector, operation, verdict: verdictColumn ?? '?', dataTypes };
    }
  }
  const e = parseLine(line);
  const d = obj(e?.data);
  return {
    connector: typeof d.connector === 'string' ? d.connector : '?',
    operation: typeof d.operation === 'string' ? d.operation : '?',
    verdict: typeof obj(d.decision).verdict === 'string' ? (obj(d.decision).verdict as string) : (verdictColumn ?? '?'),
    dataTypes: Array.isArray(d.data_types) ? d.data_types.filter((x): x is string => typeof x === 'string') : [],
  };
}

interface Tally {
  counts: Map<string, number>;
}

function bump(t: Tally, k: string): void {
  t.counts.set(k, (t.counts.get(k) ?? 0) + 1);
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
    const rows = store
      .prepare<[string], { log_id: number; pos: number; seq: number | null; ts: string | null; action_type: string | null; verdict: string | null; line: Buffer }>(
        'SELECT log_id, pos, seq, ts, action_type, verdict, line FROM entries WHERE agent_id = ? ORDER BY id',
      )
      .iterate(agentId);
    for (const r of rows) {
      const at = r.action_type ?? '';
      if (at === 'connector.called') {
        const { connector, operation, verdict, dataTypes: dts } = callFacts(r.line, r.verdict);
        bump(systems, connector);
        bump(actions, operation);
        const key = `${connector}\u0000${operation}`;
        let edge = edges.get(key);
        if (!edge) edges.set(key, (edge = { connector, operation, verdicts: new Map() }));
        edge.verdicts.set(verdict, (edge.verdicts.get(verdict) ?? 0) + 1);
        for (const dt of dts) {
          bump(dataTypes, dt);
          const fk = `${dt}\u0000${connector}`;
          flows.set(fk, (flows.get(fk) ?? 0) + 1);
        }
      } else if (TIMELINE_KINDS[at]) {
        const e = parseLine(r.line);
        timeline.push({ ref: `${r.log_id}:${r.pos}`, seq: r.seq ?? r.pos, ts: r.ts ?? '', kind: TIMELINE_KINDS[at]!, label: eventLabel(at, obj(e?.data)) });
      }
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
      compare('systems', ps, systems, (v) => ps !== null && ps.includes(v)),
      compare('actions', pa, actions, (v) => pa !== null && operationListMatches(pa, v)),
      compare('data_types', pd, dataTypes, (v) => pd !== null && pd.includes(v)),
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
    };
  });
}
