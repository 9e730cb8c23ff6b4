/**
 * The platform state of spec §7 as a working structure: replayed entry by entry exactly as
 * recorded (authorized or not), with sliding windows instead of history, and rendered back into
 * the canonical §7 form on demand.
 */
import type {
  Agent,
  Approval,
  AuditEntry,
  ConnectorConfig,
  PlatformState,
  PolicyRule,
  RecentCall,
  User,
} from '../format/export-types.js';
import { Deque } from './deque.js';
import { compileGlob } from './glob.js';
import type { CompiledRule } from './ladder.js';
import { compileProfile, type CompiledProfile } from './profile.js';
import {
  isInt,
  isRecord,
  isStr,
  readAgent,
  readApproval,
  readConnectorConfig,
  readIntent,
  readRecentCall,
  readRule,
  readUser,
} from './schema.js';
import { HOUR_MS, parseTs } from './time.js';

/** An approval plus what §8.4 needs and §7 does not carry. */
export interface WorkingApproval extends Approval {
  /** Decision of the latest review; carried-over approvals derive it from `status`. */
  reviewDecision: 'approved' | 'denied' | null;
  /** Whether the reviewer was an active user at review time; null when carried over (§9.1: judged by the recorded role only). */
  reviewerActive: boolean | null;
}

/** A connector.called kept while it is inside the last hour (for `recent_calls` and call-id lookups). */
export interface CallRecord {
  seq: number;
  agent_id: string;
  ts: string;
  tsMs: number;
  /** Null for calls carried over in state.json, which do not name their call. */
  call_id: string | null;
  entry_id: string | null;
  connector: string;
  operation: string;
  inputs_hash: string;
  /** Ordinal of the evaluated call, null when it was not evaluated (carried over or malformed). */
  ordinal: number | null;
  driftComputed: boolean;
  /** A drift.detected naming this call has been consumed. */
  driftSettled: boolean;
  /** A drift finding already sits on this call (one per call, §9.1). */
  driftFlagged: boolean;
}

/** The working state: §7 content plus sliding windows and caches. */
export interface ReplayState {
  /** The profile exactly as state.json gave it; it never changes within an export. */
  rawProfile: unknown;
  profile: CompiledProfile;
  users: Map<string, User>;
  agents: Map<string, Agent>;
  connectors: Map<string, ConnectorConfig>;
  rules: Map<string, PolicyRule>;
  approvals: Map<string, WorkingApproval>;
  /** connector.called entries of the retained window, oldest first. */
  recent: Deque<CallRecord>;
  callsById: Map<string, CallRecord>;
  /** Per agent, the timestamps (ms) of its calls in the retained window, oldest first. */
  agentCalls: Map<string, Deque<number>>;
  /** How far back windows reach: an hour (recent_calls, clock hour) or the frequency window if longer. */
  retainMs: number;
  asOfSeq: number;
  /** Timestamp of the last entry replayed, NaN before the first. */
  lastTsMs: number;
  /**
   * Windows drop calls older than this. It trails the latest two entry timestamps (their
   * minimum) so that one entry stamped far in the future cannot wipe the windows.
   */
  pruneBeforeMs: number;
  scopeCache: Map<string, Map<string, string[]>>;
  rulesCache: Map<string, CompiledRule[]>;
  compiledRules: WeakMap<PolicyRule, CompiledRule>;
}

function byKey<T>(items: Iterable<T>, key: (v: T) => string): T[] {
  return [...items].sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** A deep copy of JSON data; anything that is not JSON-cloneable becomes null rather than throwing. */
function cloneJson(v: unknown): unknown {
  try {
    return structuredClone(v);
  } catch {
    return null;
  }
}

function reviewDecisionOf(a: Approval): WorkingApproval['reviewDecision'] {
  if (a.status === 'approved') return 'approved';
  if (a.status === 'denied') return 'denied';
  return null;
}

/** Builds the working state from a state.json value; malformed items are dropped, a missing profile falls back to §8.1 defaults. */
export function loadState(initial: unknown): ReplayState {
  const s = isRecord(initial) ? initial : {};
  const profile = compileProfile(s.profile);
  const st: ReplayState = {
    rawProfile: cloneJson(s.profile ?? null),
    profile,
    users: new Map(),
    agents: new Map(),
    connectors: new Map(),
    rules: new Map(),
    approvals: new Map(),
    recent: new Deque(),
    callsById: new Map(),
    agentCalls: new Map(),
    retainMs: Math.max(HOUR_MS, profile.windowMs),
    asOfSeq: isInt(s.as_of_seq) ? s.as_of_seq : 0,
    lastTsMs: NaN,
    pruneBeforeMs: -Infinity,
    scopeCache: new Map(),
    rulesCache: new Map(),
    compiledRules: new WeakMap(),
  };
  const each = (v: unknown, f: (x: unknown) => void): void => {
    if (Array.isArray(v)) for (const x of v) f(x);
  };
  each(s.users, (x) => {
    const u = readUser(x);
    if (u) st.users.set(u.id, u);
  });
  each(s.agents, (x) => {
    const a = readAgent(x);
    if (a) st.agents.set(a.id, a);
  });
  each(s.connectors, (x) => {
    const c = readConnectorConfig(x);
    if (c) st.connectors.set(c.id, c);
  });
  each(s.rules, (x) => {
    const r = readRule(x);
    if (r) st.rules.set(r.id, r);
  });
  each(s.approvals, (x) => {
    const a = readApproval(x);
    if (a) st.approvals.set(a.approval_id, { ...a, reviewDecision: reviewDecisionOf(a), reviewerActive: null });
  });
  const recent: RecentCall[] = [];
  each(s.recent_calls, (x) => {
    const r = readRecentCall(x);
    if (r && Number.isFinite(parseTs(r.ts))) recent.push(r);
  });
  recent.sort((a, b) => a.seq - b.seq);
  for (const r of recent) {
    addCall(st, {
      seq: r.seq, agent_id: r.agent_id, ts: r.ts, tsMs: parseTs(r.ts), call_id: null, entry_id: null,
      connector: '', operation: '', inputs_hash: '', ordinal: null, driftComputed: false, driftSettled: true, driftFlagged: false,
    });
  }
  return st;
}

/** Adds a connector.called to the windows (frequency, clock hour, recent_calls, call-id lookup). */
export function addCall(st: ReplayState, rec: CallRecord): void {
  st.recent.push(rec);
  if (rec.call_id !== null) st.callsById.set(rec.call_id, rec);
  addAgentCall(st, rec.agent_id, rec.tsMs);
}

const identity = (t: number): number => t;

/** Counts a call toward its agent's frequency and clock-hour windows only. */
export function addAgentCall(st: ReplayState, agentId: string, tsMs: number): void {
  let d = st.agentCalls.get(agentId);
  if (!d) {
    d = new Deque<number>();
    st.agentCalls.set(agentId, d);
  }
  d.insertSorted(tsMs, identity);
}

/** Advances time to an entry's timestamp (finite) and drops calls that fell out of every window. */
export function advanceTime(st: ReplayState, nowMs: number): void {
  const prev = st.lastTsMs;
  st.lastTsMs = nowMs;
  st.pruneBeforeMs = Math.max(st.pruneBeforeMs, (Number.isNaN(prev) ? nowMs : Math.min(prev, nowMs)) - st.retainMs);
  const floor = st.pruneBeforeMs;
  // recent is in file order; a call stamped back in time may sit behind newer ones until the
  // front moves on, which only delays its removal (snapshots filter by time anyway).
  for (let r = st.recent.peek(); r !== undefined && r.tsMs < floor; r = st.recent.peek()) {
    st.recent.shift();
    if (r.call_id !== null && st.callsById.get(r.call_id) === r) st.callsById.delete(r.call_id);
  }
}

/** Per-agent timestamps (sorted), pruned to the retained window. */
export function agentWindow(st: ReplayState, agentId: string): Deque<number> | undefined {
  const d = st.agentCalls.get(agentId);
  if (!d) return undefined;
  const floor = st.pruneBeforeMs;
  for (let t = d.peek(); t !== undefined && t < floor; t = d.peek()) d.shift();
  return d;
}

/** The united permitted_operations of an agent's configs for one connector, or undefined without a config. */
export function scopeOf(st: ReplayState, agentId: string, connector: string): string[] | undefined {
  let byConnector = st.scopeCache.get(agentId);
  if (!byConnector) {
    byConnector = new Map();
    for (const c of st.connectors.values()) {
      if (c.agent_id !== agentId) continue;
      const ops = byConnector.get(c.connector);
      if (ops) ops.push(...c.permitted_operations);
      else byConnector.set(c.connector, [...c.permitted_operations]);
    }
    st.scopeCache.set(agentId, byConnector);
  }
  return byConnector.get(connector);
}

/** An agent's rules, each glob compiled once per rule version. */
export function rulesOf(st: ReplayState, agentId: string): CompiledRule[] {
  let rules = st.rulesCache.get(agentId);
  if (!rules) {
    rules = [];
    for (const r of st.rules.values()) {
      if (r.agent_id !== agentId) continue;
      let c = st.compiledRules.get(r);
      if (!c) {
        c = { rule: r, matcher: compileGlob(r.action_pattern) };
        st.compiledRules.set(r, c);
      }
      rules.push(c);
    }
    st.rulesCache.set(agentId, rules);
  }
  return rules;
}

function setConnector(st: ReplayState, c: ConnectorConfig): void {
  const old = st.connectors.get(c.id);
  if (old) st.scopeCache.delete(old.agent_id);
  st.connectors.set(c.id, c);
  st.scopeCache.delete(c.agent_id);
}

function setRule(st: ReplayState, r: PolicyRule): void {
  const old = st.rules.get(r.id);
  if (old) st.rulesCache.delete(old.agent_id);
  st.rules.set(r.id, r);
  st.rulesCache.delete(r.agent_id);
}

function patchAgent(st: ReplayState, id: unknown, patch: (a: Agent) => Agent): boolean {
  if (!isStr(id)) return false;
  const a = st.agents.get(id);
  if (!a) return false;
  st.agents.set(id, patch(a));
  return true;
}

/** What an approval takes from the call it was requested for. */
export interface CallTarget {
  agent_id: string;
  connector: string;
  operation: string;
  inputs_hash: string;
}

/**
 * Applies one non-call entry to the state as recorded. Returns false when its data does not fit
 * the schema (or names something the state does not hold) and nothing changed.
 */
export function replayEntry(st: ReplayState, entry: AuditEntry, findCall?: (callId: string) => CallTarget | undefined): boolean {
  const d = isRecord(entry.data) ? entry.data : {};
  switch (entry.action_type) {
    case 'approval.requested': {
      if (!isStr(d.approval_id) || !isStr(d.call_id) || !isStr(d.expires_at)) return false;
      const call: CallTarget | undefined = st.callsById.get(d.call_id) ?? findCall?.(d.call_id);
      // The approval names the call it was requested for; its target comes from that call. A
      // call the evaluator no longer holds (outside the hour, nothing pending) leaves the target
      // empty, so a later call under it fails the target check rather than passing it.
      const agentId = call?.agent_id ?? (isStr(entry.agent_id) ? entry.agent_id : '');
      st.approvals.set(d.approval_id, {
        approval_id: d.approval_id,
        call_id: d.call_id,
        agent_id: agentId,
        connector: call?.connector ?? '',
        operation: call?.operation ?? '',
        inputs_hash: call?.inputs_hash ?? '',
        expires_at: d.expires_at,
        status: 'pending',
        reviewer_id: null,
        reviewer_role: null,
        reviewed_at: null,
        used: false,
        reviewDecision: null,
        reviewerActive: null,
      });
      return true;
    }
    case 'approval.reviewed': {
      if (!isStr(d.approval_id) || (d.decision !== 'approved' && d.decision !== 'denied')) return false;
      const a = st.approvals.get(d.approval_id);
      if (!a || !isRecord(entry.actor) || !isStr(entry.actor.id) || !isStr(entry.ts)) return false;
      const user = entry.actor.type === 'user' ? st.users.get(entry.actor.id) : undefined;
      st.approvals.set(a.approval_id, {
        ...a,
        status: d.decision,
        reviewer_id: entry.actor.id,
        reviewer_role: user?.role ?? null,
        reviewed_at: entry.ts,
        reviewDecision: d.decision,
        reviewerActive: user?.active ?? false,
      });
      return true;
    }
    case 'approval.expired': {
      if (!isStr(d.approval_id)) return false;
      const a = st.approvals.get(d.approval_id);
      if (!a) return false;
      st.approvals.set(a.approval_id, { ...a, status: 'expired' });
      return true;
    }
    case 'agent.created': {
      const a = readAgent(d.agent);
      if (!a) return false;
      st.agents.set(a.id, a);
      return true;
    }
    case 'agent.updated':
      return patchAgent(st, d.agent_id, (a) => ({
        ...a,
        name: isStr(d.name) ? d.name : a.name,
        owner_id: isStr(d.owner_id) ? d.owner_id : a.owner_id,
      }));
    case 'agent.deployed':
      if (!isInt(d.version) || !isStr(d.image_uri)) return false;
      return patchAgent(st, d.agent_id, (a) => ({ ...a, version: d.version as number, image_uri: d.image_uri as string, status: 'active' }));
    case 'agent.suspended':
      return patchAgent(st, d.agent_id, (a) => ({ ...a, status: 'suspended' }));
    case 'agent.resumed':
      return patchAgent(st, d.agent_id, (a) => ({ ...a, status: 'active' }));
    case 'agent.rolled_back':
      if (!isInt(d.to_version) || !isStr(d.image_uri)) return false;
      return patchAgent(st, d.agent_id, (a) => ({ ...a, version: d.to_version as number, image_uri: d.image_uri as string }));
    case 'intent.declared': {
      const intent = d.intent === null ? null : readIntent(d.intent);
      if (d.intent !== null && intent === null) return false;
      return patchAgent(st, d.agent_id, (a) => ({ ...a, intent }));
    }
    case 'connector.configured': {
      const c = readConnectorConfig(d.config);
      if (!c) return false;
      setConnector(st, c);
      return true;
    }
    case 'connector.removed': {
      if (!isStr(d.config_id)) return false;
      const old = st.connectors.get(d.config_id);
      if (!old) return false;
      st.connectors.delete(d.config_id);
      st.scopeCache.delete(old.agent_id);
      return true;
    }
    case 'policy.created':
    case 'policy.updated': {
      const r = readRule(d.rule);
      if (!r) return false;
      setRule(st, r);
      return true;
    }
    case 'policy.deleted': {
      if (!isStr(d.rule_id)) return false;
      const old = st.rules.get(d.rule_id);
      if (!old) return false;
      st.rules.delete(d.rule_id);
      st.rulesCache.delete(old.agent_id);
      return true;
    }
    case 'user.created': {
      const u = readUser(d.user);
      if (!u) return false;
      st.users.set(u.id, u);
      return true;
    }
    case 'user.role_changed': {
      if (!isStr(d.user_id)) return false;
      const u = st.users.get(d.user_id);
      const role = readUser({ ...u, role: d.role })?.role;
      if (!u || !role) return false;
      st.users.set(u.id, { ...u, role });
      return true;
    }
    case 'user.deactivated': {
      if (!isStr(d.user_id)) return false;
      const u = st.users.get(d.user_id);
      if (!u) return false;
      st.users.set(u.id, { ...u, active: false });
      return true;
    }
    default:
      // drift.detected, api_key.*, secret.*, compliance.generated, heartbeats and unknown
      // actions leave the state as it is.
      return true;
  }
}

/** An approval in its §7 form (the working fields dropped). */
export function publicApproval(a: WorkingApproval): Approval {
  return {
    approval_id: a.approval_id,
    call_id: a.call_id,
    agent_id: a.agent_id,
    connector: a.connector,
    operation: a.operation,
    inputs_hash: a.inputs_hash,
    expires_at: a.expires_at,
    status: a.status,
    reviewer_id: a.reviewer_id,
    reviewer_role: a.reviewer_role,
    reviewed_at: a.reviewed_at,
    used: a.used,
  };
}

/** The state in the canonical §7 form: arrays sorted by id, recent_calls within an hour of the last entry. */
export function snapshotState(st: ReplayState): PlatformState {
  const recent: RecentCall[] = [];
  const floor = st.lastTsMs - HOUR_MS;
  for (const r of st.recent) {
    // Before any entry was replayed, the carried-over recent_calls stand as given.
    if (Number.isNaN(st.lastTsMs) || r.tsMs >= floor) recent.push({ seq: r.seq, agent_id: r.agent_id, ts: r.ts });
  }
  recent.sort((a, b) => a.seq - b.seq);
  return {
    as_of_seq: st.asOfSeq,
    profile: cloneJson(st.rawProfile) as PlatformState['profile'],
    users: byKey(st.users.values(), (u) => u.id).map((u) => ({ ...u })),
    agents: byKey(st.agents.values(), (a) => a.id).map((a) => structuredClone(a)),
    connectors: byKey(st.connectors.values(), (c) => c.id).map((c) => structuredClone(c)),
    rules: byKey(st.rules.values(), (r) => r.id).map((r) => ({ ...r })),
    approvals: byKey(st.approvals.values(), (a) => a.approval_id).map(publicApproval),
    recent_calls: recent,
  };
}
