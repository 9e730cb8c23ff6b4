/**
 * Differential test: the evaluator's decide() (sliding windows, caches, compiled globs) against a
 * naive decider written straight from spec §8 that recomputes everything from the canonical
 * state snapshot, on randomly perturbed versions of the public sample.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, PlatformState } from '../../shared/format/export-types.js';
import { createEvaluator } from '../../shared/evaluate/evaluator.js';
import { sampleCopy, sampleEntries } from '../support/sample-run.js';
import { sampleState } from '../support/sample-run.js';

type Dict = Record<string, unknown>;

function refGlob(p: string, s: string): boolean {
  const P = Array.from(p);
  const S = Array.from(s);
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const k = `${i},${j}`;
    if (memo.has(k)) return memo.get(k)!;
    let r: boolean;
    if (i === P.length) r = j === S.length;
    else if (P[i] === '*') r = go(i + 1, j) || (j < S.length && go(i, j + 1));
    else r = j < S.length && (P[i] === '?' || P[i] === S[j]) && go(i + 1, j + 1);
    memo.set(k, r);
    return r;
  };
  return go(0, 0);
}

const listOk = (list: string[], op: string): boolean =>
  list.some((x) => x === '*' || x === op || (op.includes(':') && x === `${op.slice(0, op.indexOf(':'))}:*`));
const own = (o: Dict, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** §8.3 from scratch over a §7 snapshot. */
function naiveDecide(s: PlatformState, e: AuditEntry): Dict {
  const d = e.data as Dict & { target: { environment: string | null }; data_types: string[] };
  const A = e.agent_id!;
  const op = d.operation as string;
  const conn = d.connector as string;
  const t = Date.parse(e.ts);
  const p = s.profile;
  const verb = op.includes(':') ? op.slice(op.lastIndexOf(':') + 1) : op.includes('_') ? op.slice(0, op.indexOf('_')) : op;
  const calls = s.recent_calls.filter((r) => r.agent_id === A).map((r) => Date.parse(r.ts));
  const n = calls.filter((x) => x > t - p.frequency_window_seconds * 1000 && x <= t).length;
  let freq = 0;
  for (const st of [...p.frequency_steps].sort((a, b) => a.min_calls - b.min_calls)) if (st.min_calls <= n) freq = st.points;
  const env = d.target.environment;
  const factors = {
    operation: own(p.verb_weights, verb) ? p.verb_weights[verb]! : p.default_verb_weight,
    connector: own(p.connector_weights, conn) ? p.connector_weights[conn]! : p.default_connector_weight,
    frequency: freq,
    target: env === null ? 0 : own(p.target_weights, env) ? p.target_weights[env]! : 0,
  };
  const risk = Math.min(100, factors.operation + factors.connector + factors.frequency + factors.target);
  const agent = s.agents.find((a) => a.id === A);
  let drift: Dict | null = null;
  if (agent?.intent) {
    const i = agent.intent;
    const types: string[] = [];
    if (!i.permitted_systems.includes('*') && !i.permitted_systems.includes(conn)) types.push('unauthorized_system');
    if (!listOk(i.permitted_actions, op)) types.push('unauthorized_action');
    if (!i.permitted_data_types.includes('*') && d.data_types.some((x) => !i.permitted_data_types.includes(x))) types.push('unauthorized_data_type');
    const hour = Math.floor(t / 3_600_000);
    const inHour = calls.filter((x) => Math.floor(x / 3_600_000) === hour).length;
    if (i.max_frequency && inHour + 1 > i.max_frequency.per_hour) types.push('frequency_exceeded');
    if (types.length > 0) {
      types.sort();
      const rank = ['low', 'medium', 'high', 'critical'];
      let sev = types.map((x) => p.drift_severity[x as keyof typeof p.drift_severity]).sort((a, b) => rank.indexOf(b) - rank.indexOf(a))[0]!;
      if (types.length >= 2) sev = 'critical';
      drift = { drift_types: types, severity: sev, response: p.drift_response[sev as keyof typeof p.drift_response] };
    }
  }
  const out = (verdict: string, reason: string, rule: { id: string; version: number } | null): Dict => ({
    verdict, reason, rule_id: rule?.id ?? null, rule_version: rule?.version ?? null, risk_score: risk, factors, drift,
  });
  if (agent?.status === 'suspended') return out('DENY', 'suspended', null);
  if (drift?.response === 'suspend') return out('DENY', 'drift', null);
  const cfgs = s.connectors.filter((c) => c.agent_id === A && c.connector === conn);
  if (cfgs.length === 0 || !listOk(cfgs.flatMap((c) => c.permitted_operations), op)) return out('DENY', 'scope', null);
  const rules = s.rules.filter((r) => r.agent_id === A && (r.connector === null || r.connector === conn) && refGlob(r.action_pattern, op));
  const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  const deny = rules.filter((r) => r.rule_type === 'deny').sort(byId)[0];
  if (deny) return out('DENY', 'rule', deny);
  const apId = d.approval_id as string | null;
  const ap = apId === null ? undefined : s.approvals.find((a) => a.approval_id === apId);
  if (
    ap && ap.status === 'approved' && ap.agent_id === A && ap.connector === conn && ap.operation === op && ap.inputs_hash === d.inputs_hash &&
    ap.reviewer_role !== null && p.approver_roles.includes(ap.reviewer_role) && Date.parse(ap.reviewed_at!) < Date.parse(ap.expires_at) &&
    t < Date.parse(ap.expires_at) && !ap.used
  ) {
    return out('PERMIT', 'approved', null);
  }
  const esc = rules.filter((r) => r.rule_type === 'escalate').sort(byId)[0];
  if (esc) return out('ESCALATE', 'rule', esc);
  const allow = rules.filter((r) => r.rule_type === 'allow').sort((a, b) => a.risk_threshold - b.risk_threshold || byId(a, b))[0];
  if (allow) return risk > allow.risk_threshold ? out('ESCALATE', 'threshold', allow) : out('PERMIT', 'rule', allow);
  return out(p.default_verdict, 'default', null);
}

const OPS = ['users:get', 'users:delete', 'users:suspend', 'hosts:contain', 'hosts:delete_all', 'issues:list', 'search_jobs', 'search:query', 'rtr:execute', 'projects:get', 'x', 'groups:list', 'messages:write'];
const CONNS = ['okta', 'slack', 'crowdstrike', 'splunk', 'jira', 'wiz', 'servicenow', 'palo_alto', 'nope'];
const DTYPES = ['user_pii', 'message', 'host_metadata', 'ticket', 'security_events', 'credentials'];
const AGENTS = ['a885339e-c9a6-49e9-885d-9343465ea588', 'acf601ae-71a3-4144-81cb-9ca49e92ea1a', '64700732-ac93-4254-ac7d-9e19387c1c5f'];
const ADMIN = '86c60e7c-e6d4-4af2-91ee-236e5cce9a13';
const APPROVALS = sampleEntries.filter((e) => e.action_type === 'approval.requested').map((e) => (e.data as Dict).approval_id as string);

const callEdit = fc.record({
  at: fc.nat(299),
  op: fc.option(fc.constantFrom(...OPS)),
  conn: fc.option(fc.constantFrom(...CONNS)),
  types: fc.option(fc.subarray(DTYPES)),
  env: fc.option(fc.constantFrom('prod', 'staging', 'dev', null), { nil: undefined }),
  approval: fc.option(fc.constantFrom(...APPROVALS)),
});
const inserted = fc.record({
  at: fc.nat(299),
  kind: fc.constantFrom('rule', 'config', 'intent', 'suspend', 'resume', 'burst'),
  agent: fc.constantFrom(...AGENTS),
  conn: fc.constantFrom(...CONNS),
  pattern: fc.constantFrom('*', 'users:*', '*:delete*', 'h?sts:*', '*a*a*', 'issues:list', 'search_*'),
  type: fc.constantFrom('allow', 'deny', 'escalate'),
  threshold: fc.integer({ min: 0, max: 100 }),
  ruleId: fc.constantFrom('00000000-0000-4000-8000-000000000001', '257a0955-4742-45f6-b568-1f4ece2d6fc7', 'ffffffff-0000-4000-8000-000000000000'),
  ops: fc.subarray(['*', 'users:*', 'issues:list', 'hosts:*', 'search_jobs', 'x']),
  perHour: fc.integer({ min: 1, max: 40 }),
});

function perturb(edits: { at: number; op: string | null; conn: string | null; types: string[] | null; env: string | null | undefined; approval: string | null }[], ins: ReturnType<typeof inserted.generate>['value'][]): AuditEntry[] {
  const l = sampleCopy();
  for (const e of edits) {
    const x = l[e.at]!;
    if (x.action_type !== 'connector.called') continue;
    const d = x.data as Dict & { target: Dict };
    if (e.op !== null) d.operation = e.op;
    if (e.conn !== null) d.connector = e.conn;
    if (e.types !== null) d.data_types = e.types;
    if (e.env !== undefined) d.target.environment = e.env;
    if (e.approval !== null) d.approval_id = e.approval;
  }
  let n = 0;
  for (const i of [...ins].sort((a, b) => b.at - a.at)) {
    const near = l[i.at]!;
    const base = { seq: 10_000 + n++, id: `ins-${n}`, ts: near.ts, org_id: near.org_id, prev: '', actor: { type: 'user' as const, id: ADMIN } };
    let e: AuditEntry | null = null;
    if (i.kind === 'rule') {
      e = { ...base, agent_id: i.agent, action_type: 'policy.created', data: { rule: { id: i.ruleId, version: 1 + (n % 3), agent_id: i.agent, name: 'r', rule_type: i.type, connector: i.conn === 'nope' ? null : i.conn, action_pattern: i.pattern, risk_threshold: i.threshold, approval_channel: null } } };
    } else if (i.kind === 'config') {
      e = { ...base, agent_id: i.agent, action_type: 'connector.configured', data: { config: { id: `cfg-${n % 2}`, agent_id: i.agent, connector: i.conn, permitted_operations: i.ops } } };
    } else if (i.kind === 'intent') {
      e = { ...base, agent_id: i.agent, action_type: 'intent.declared', data: { agent_id: i.agent, intent: { permitted_systems: [i.conn], permitted_actions: i.ops, permitted_data_types: ['message', 'ticket'], max_frequency: { per_hour: i.perHour } } } };
    } else if (i.kind === 'suspend') {
      e = { ...base, agent_id: i.agent, action_type: 'agent.suspended', data: { agent_id: i.agent, reason: 'manual', call_id: null } };
    } else if (i.kind === 'resume') {
      e = { ...base, agent_id: i.agent, action_type: 'agent.resumed', data: { agent_id: i.agent } };
    } else {
      // Compress the next few entries onto one timestamp: a burst that fills the frequency window.
      for (let k = i.at; k < Math.min(l.length, i.at + 8); k++) l[k]!.ts = near.ts;
    }
    if (e) l.splice(i.at, 0, e);
  }
  // Keep time non-decreasing, as the windows assume (integrity checks flag the rest).
  for (let k = 1; k < l.length; k++) if (l[k]!.ts < l[k - 1]!.ts) l[k]!.ts = l[k - 1]!.ts;
  return l;
}

describe('decide() against a naive §8 decider on the state snapshot', () => {
  it('agrees on every call of the untouched sample', () => {
    const ev = createEvaluator(sampleState);
    for (const e of sampleEntries) {
      if (e.action_type === 'connector.called') expect(ev.decide(e)).toMatchObject(naiveDecide(ev.state(), e));
      ev.apply(e);
    }
  });

  it('agrees on randomly perturbed logs (calls edited, rules/configs/intents/suspensions inserted, bursts)', () => {
    fc.assert(
      fc.property(fc.array(callEdit, { maxLength: 40 }), fc.array(inserted, { maxLength: 12 }), (edits, ins) => {
        const l = perturb(edits, ins);
        const ev = createEvaluator(sampleState);
        for (const e of l) {
          if (e.action_type === 'connector.called') {
            const got = ev.decide(e);
            const want = naiveDecide(ev.state(), e);
            expect({ seq: e.seq, ...got, expected_status: undefined }).toEqual({ seq: e.seq, ...want, expected_status: undefined });
          }
          ev.apply(e);
        }
      }),
      { numRuns: 60 },
    );
  });
});
