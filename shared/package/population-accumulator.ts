/**
 * One streaming pass over the package's population. Every figure of the package comes from here,
 * so a 1M-entry org package needs memory proportional to distinct connectors/operations and
 * escalations, never to the entry count.
 */
import type { CallStatus, Verdict } from '../format/export-types.js';
import type {
  AccessKind,
  ActionRef,
  ConnectorRow,
  DriftRow,
  EscalationRow,
  ExecutionGraph,
  FlowOutcome,
  OperationRow,
  PopulationEntry,
  SuspensionRow,
  TimelineBucket,
} from './package-types.js';

/** Verbs (spec §8.2) that only read data from the external system. */
export const READ_VERBS: ReadonlySet<string> = new Set([
  'read',
  'list',
  'get',
  'search',
  'query',
  'describe',
  'fetch',
  'view',
  'lookup',
  'export',
  'status',
]);

/** Verb of an operation (spec §8.2): after the last `:`, else before the first `_`. */
export function operationVerb(operation: string): string {
  const colon = operation.lastIndexOf(':');
  if (colon >= 0) return operation.slice(colon + 1);
  const underscore = operation.indexOf('_');
  return underscore >= 0 ? operation.slice(0, underscore) : operation;
}

/** Whether an operation reads or writes, judged by its verb. */
export function accessOf(operation: string): AccessKind {
  return READ_VERBS.has(operationVerb(operation)) ? 'read' : 'write';
}

/** The flow outcome of a recorded verdict. */
export function outcomeOf(verdict: Verdict): FlowOutcome {
  return verdict === 'PERMIT' ? 'permitted' : verdict === 'ESCALATE' ? 'escalated' : 'denied';
}

export interface FlowCount {
  agent_id: string;
  connector: string;
  access: AccessKind;
  outcome: FlowOutcome;
  count: number;
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function num(v: unknown): number | null {
  return typeof v === 'number' ? v : null;
}

function sortedRecord(m: Map<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of [...m.keys()].sort()) out[k] = m.get(k)!;
  return out;
}

function bump(m: Map<string, number>, k: string, by = 1): void {
  m.set(k, (m.get(k) ?? 0) + by);
}

/** Accumulates every figure the package needs from entries fed in population order. */
export class PopulationAccumulator {
  entries = 0;
  calls = 0;
  readonly origins = new Set<string>();
  firstSeq: number | null = null;
  lastSeq: number | null = null;
  first: ActionRef | null = null;
  last: ActionRef | null = null;
  readonly agents = new Set<string>();
  readonly byActionType = new Map<string, number>();
  readonly verdicts: Record<Verdict, number> = { PERMIT: 0, ESCALATE: 0, DENY: 0 };
  readonly statuses: Record<CallStatus, number> = { success: 0, error: 0, blocked: 0, escalated: 0 };
  readonly connectors = new Map<string, ConnectorRow>();
  readonly operations = new Map<string, OperationRow>();
  readonly connectorDataTypes = new Map<string, Set<string>>();
  readonly dataTypes = new Map<string, number>();
  readonly flows = new Map<string, FlowCount>();
  readonly escalations = new Map<string, EscalationRow>();
  /** Escalated calls waiting for their approval.requested, by call id (dropped once matched). */
  private readonly escalatedCalls = new Map<string, { connector: string; operation: string }>();
  readonly drift: DriftRow[] = [];
  readonly suspensions: SuspensionRow[] = [];
  readonly environments = new Map<string, number>();
  readonly reasons = new Map<string, number>();
  approvedExecutions = 0;
  secretAccesses = 0;
  highRiskCalls = 0;
  maxRisk = 0;
  readonly userActions = new Map<string, number>();
  readonly timeline = new Map<string, TimelineBucket>();

  /** Feeds one entry; entries must come in (origin, seq) order. */
  add(e: PopulationEntry): void {
    this.entries++;
    this.origins.add(e.origin);
    if (this.firstSeq === null || e.seq < this.firstSeq) this.firstSeq = e.seq;
    if (this.lastSeq === null || e.seq > this.lastSeq) this.lastSeq = e.seq;
    const ref: ActionRef = { origin: e.origin, seq: e.seq, id: e.id, ts: e.ts, action_type: e.action_type };
    if (this.first === null || e.ts < this.first.ts) this.first = ref;
    if (this.last === null || e.ts >= this.last.ts) this.last = ref;
    if (e.agent_id !== null) this.agents.add(e.agent_id);
    bump(this.byActionType, e.action_type);
    if (e.actor_type === 'user') bump(this.userActions, e.action_type);
    const d = e.data;
    switch (e.action_type) {
      case 'connector.called':
        this.addCall(e);
        break;
      case 'approval.requested': {
        const id = str(d['approval_id']);
        if (id === null) break;
        const row = this.escalation(id, e);
        row.call_id = str(d['call_id']) ?? row.call_id;
        // The call it was requested for came first (spec §8.3): its connector and operation.
        const call = this.escalatedCalls.get(row.call_id);
        row.connector = call?.connector ?? null;
        row.operation = call?.operation ?? null;
        this.escalatedCalls.delete(row.call_id);
        row.requested_seq = e.seq;
        row.requested_ts = e.ts;
        row.rule_id = str(d['rule_id']);
        row.risk_score = num(d['risk_score']);
        break;
      }
      case 'approval.reviewed': {
        const id = str(d['approval_id']);
        if (id === null) break;
        const row = this.escalation(id, e);
        row.outcome = d['decision'] === 'approved' ? 'approved' : 'denied';
        row.decided_ts = e.ts;
        row.reviewer_id = e.actor_id;
        break;
      }
      case 'approval.expired': {
        const id = str(d['approval_id']);
        if (id === null) break;
        const row = this.escalation(id, e);
        // An expiry written after a review does not undo the review.
        if (row.outcome === 'pending') {
          row.outcome = 'expired';
          row.decided_ts = e.ts;
        }
        break;
      }
      case 'drift.detected': {
        const types = Array.isArray(d['drift_types']) ? d['drift_types'].filter((t): t is string => typeof t === 'string') : [];
        this.drift.push({
          seq: e.seq,
          ts: e.ts,
          agent_id: e.agent_id,
          call_id: str(d['call_id']),
          drift_types: [...types].sort(),
          severity: str(d['severity']) ?? 'unknown',
          response: str(d['response']) ?? 'unknown',
        });
        break;
      }
      case 'agent.suspended':
      case 'agent.resumed':
        this.suspensions.push({
          seq: e.seq,
          ts: e.ts,
          agent_id: e.agent_id ?? str(d['agent_id']),
          action: e.action_type === 'agent.suspended' ? 'suspended' : 'resumed',
          reason: str(d['reason']),
          call_id: str(d['call_id']),
        });
        break;
      case 'secret.accessed':
        this.secretAccesses++;
        break;
      default:
        break;
    }
  }

  private escalation(id: string, e: PopulationEntry): EscalationRow {
    let row = this.escalations.get(id);
    if (row === undefined) {
      row = {
        approval_id: id,
        call_id: '',
        agent_id: e.agent_id,
        connector: null,
        operation: null,
        requested_seq: e.seq,
        requested_ts: e.ts,
        rule_id: null,
        risk_score: null,
        outcome: 'pending',
        decided_ts: null,
        reviewer_id: null,
        executed_seq: null,
      };
      this.escalations.set(id, row);
    }
    return row;
  }

  private addCall(e: PopulationEntry): void {
    const d = e.data;
    const connector = str(d['connector']) ?? '(unknown)';
    const operation = str(d['operation']) ?? '(unknown)';
    const decision = (d['decision'] ?? {}) as Record<string, unknown>;
    const verdictRaw = str(decision['verdict']);
    const verdict: Verdict = verdictRaw === 'PERMIT' || verdictRaw === 'ESCALATE' ? verdictRaw : 'DENY';
    const statusRaw = str(d['status']);
    const access = accessOf(operation);
    this.calls++;
    this.verdicts[verdict]++;
    const hour = e.ts.slice(0, 13);
    let bucket = this.timeline.get(hour);
    if (bucket === undefined) {
      bucket = { hour, permit: 0, escalate: 0, deny: 0 };
      this.timeline.set(hour, bucket);
    }
    if (verdict === 'PERMIT') bucket.permit++;
    else if (verdict === 'ESCALATE') {
      bucket.escalate++;
      const callId = str(d['call_id']);
      if (callId !== null) this.escalatedCalls.set(callId, { connector, operation });
    }
    else bucket.deny++;
    if (statusRaw === 'success' || statusRaw === 'error' || statusRaw === 'blocked' || statusRaw === 'escalated') {
      this.statuses[statusRaw]++;
    }
    const reason = str(decision['reason']);
    if (reason !== null) bump(this.reasons, reason);
    const risk = num(decision['risk_score']) ?? 0;
    if (risk > this.maxRisk) this.maxRisk = risk;
    if (risk >= 70) this.highRiskCalls++;
    const target = (d['target'] ?? {}) as Record<string, unknown>;
    bump(this.environments, str(target['environment']) ?? 'unspecified');

    let c = this.connectors.get(connector);
    if (c === undefined) {
      c = { connector, calls: 0, reads: 0, writes: 0, permit: 0, escalate: 0, deny: 0, first_ts: e.ts, last_ts: e.ts };
      this.connectors.set(connector, c);
    }
    c.calls++;
    if (access === 'read') c.reads++;
    else c.writes++;
    if (verdict === 'PERMIT') c.permit++;
    else if (verdict === 'ESCALATE') c.escalate++;
    else c.deny++;
    if (e.ts < c.first_ts) c.first_ts = e.ts;
    if (e.ts > c.last_ts) c.last_ts = e.ts;

    const opKey = `${connector}\u0000${operation}`;
    let o = this.operations.get(opKey);
    if (o === undefined) {
      o = { connector, operation, access, calls: 0, permit: 0, escalate: 0, deny: 0, success: 0, error: 0 };
      this.operations.set(opKey, o);
    }
    o.calls++;
    if (verdict === 'PERMIT') o.permit++;
    else if (verdict === 'ESCALATE') o.escalate++;
    else o.deny++;
    if (statusRaw === 'success') o.success++;
    if (statusRaw === 'error') o.error++;

    let dts = this.connectorDataTypes.get(connector);
    if (dts === undefined) {
      dts = new Set();
      this.connectorDataTypes.set(connector, dts);
    }
    if (Array.isArray(d['data_types'])) {
      for (const t of d['data_types']) {
        if (typeof t !== 'string') continue;
        dts.add(t);
        bump(this.dataTypes, t);
      }
    }

    const agent = e.agent_id ?? e.actor_id;
    const outcome = outcomeOf(verdict);
    const flowKey = `${agent}\u0000${connector}\u0000${access}\u0000${outcome}`;
    const f = this.flows.get(flowKey);
    if (f === undefined) this.flows.set(flowKey, { agent_id: agent, connector, access, outcome, count: 1 });
    else f.count++;

    const approvalId = str(d['approval_id']);
    if (approvalId !== null && verdict === 'PERMIT') {
      this.approvedExecutions++;
      const row = this.escalations.get(approvalId);
      if (row !== undefined && row.executed_seq === null) row.executed_seq = e.seq;
    }
  }

  /** The execution graph section (issue 5 §1.1). */
  executionGraph(): ExecutionGraph {
    const escalationRows = [...this.escalations.values()].sort(
      (a, b) => a.requested_seq - b.requested_seq || (a.approval_id < b.approval_id ? -1 : 1),
    );
    const count = (o: EscalationRow['outcome']): number => escalationRows.filter((r) => r.outcome === o).length;
    const byType = new Map<string, number>();
    const bySeverity = new Map<string, number>();
    for (const r of this.drift) {
      for (const t of r.drift_types) bump(byType, t);
      bump(bySeverity, r.severity);
    }
    const connectors = [...this.connectors.values()].sort((a, b) => (a.connector < b.connector ? -1 : 1));
    const operations = [...this.operations.values()].sort((a, b) =>
      a.connector === b.connector ? (a.operation < b.operation ? -1 : 1) : a.connector < b.connector ? -1 : 1,
    );
    return {
      totals: {
        entries: this.entries,
        calls: this.calls,
        agents: this.agents.size,
        connectors: connectors.length,
        operations: operations.length,
      },
      first_action: this.first,
      last_action: this.last,
      connectors_used: connectors.map((c) => c.connector),
      by_action_type: sortedRecord(this.byActionType),
      verdicts: { ...this.verdicts },
      statuses: { ...this.statuses },
      connectors,
      operations,
      escalations: {
        requested: escalationRows.length,
        approved: count('approved'),
        denied: count('denied'),
        expired: count('expired'),
        pending: count('pending'),
        rows: escalationRows,
      },
      drift: {
        events: this.drift.length,
        by_type: sortedRecord(byType),
        by_severity: sortedRecord(bySeverity),
        rows: [...this.drift],
      },
      suspensions: {
        suspended: this.suspensions.filter((s) => s.action === 'suspended').length,
        resumed: this.suspensions.filter((s) => s.action === 'resumed').length,
        rows: [...this.suspensions],
      },
      timeline: [...this.timeline.values()].sort((a, b) => (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0)),
    };
  }

  /** Flow counts sorted for a stable diagram. */
  flowCounts(): FlowCount[] {
    return [...this.flows.values()].sort((a, b) => {
      for (const k of ['agent_id', 'connector', 'access', 'outcome'] as const) {
        if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
      }
      return 0;
    });
  }
}
