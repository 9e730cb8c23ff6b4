/**
 * A simulated agent-governance platform. It runs an organisation (people, agents, connectors,
 * policies) through time and writes the audit log such a platform keeps, taking every decision
 * from the shared evaluator so the recorded log follows spec §8 exactly. Plants of a lying
 * platform alter what is recorded before it is hashed; the evaluator then replays the log as
 * recorded, like a verifier does, so later decisions stay consistent with it.
 */
import type { ComputedCall, Evaluator } from '../../../shared/evaluate/evaluator.js';
import type {
  Actor,
  ConnectorConfig,
  DriftResponse,
  DriftSeverity,
  DriftType,
  Environment,
  Intent,
  PlatformState,
  PolicyRule,
  RecordedDecision,
  Role,
  User,
} from '../../../shared/format/export-types.js';
import type { FindingKind } from '../../../shared/report/finding-kinds.js';
import {
  ARCHETYPES,
  CONNECTORS,
  FIRST_NAMES,
  LAST_NAMES,
  ORGS,
  defaultProfile,
  operationSpec,
  type AgentArchetype,
  type OrgProfile,
} from './catalog.js';
import type { EntryDraft, LogEmitter } from './log-emitter.js';
import type { PlantKind } from './plant-kinds.js';
import { extraConfigs, extraRules, tickThresholds, type DemoMix } from './demo-mix.js';
import { Rng, derivedUuid } from './rng.js';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

interface SimUser extends User {
  /** Never role-changed or deactivated (the founder and agent owners keep the org running). */
  keep: boolean;
}

interface SimAgent {
  id: string;
  baseName: string;
  name: string;
  arch: AgentArchetype;
  ownerId: string;
  status: 'inactive' | 'active' | 'suspended';
  version: number;
  maxVersion: number;
  images: Map<number, string>;
  intent: Intent | null;
  configs: ConnectorConfig[];
  rules: PolicyRule[];
  tempConfig: ConnectorConfig | null;
}

interface SimApproval {
  id: string;
  agentId: string;
  plan: CallPlan;
  expiresAtMs: number;
  status: 'pending' | 'approved' | 'denied' | 'expired';
}

interface CallPlan {
  agentId: string;
  connector: string;
  operation: string;
  target: { resource: string; environment: Environment | null };
  dataTypes: string[];
  inputsHash: string;
  callId: string;
  outputsHash: string;
  durationMs: number;
  error: boolean;
  approvalId: string | null;
  newApprovalId: string;
  id: string;
  lie?: CallLie;
  /** The approval this call may open is driven by a plant scenario, not by the usual reviewers. */
  managed?: boolean;
}

interface DriftView {
  drift_types: DriftType[];
  severity: DriftSeverity;
  response: DriftResponse;
}

/** What the platform records for a call and which consequences it writes. */
interface CallRecord {
  rec: RecordedDecision;
  status: 'success' | 'error' | 'blocked' | 'escalated';
  outputs: boolean;
  drift: DriftView | null;
  suspend: boolean;
  approval: boolean;
  expiresAtMs: number;
  expectOnCall: FindingKind[];
}

type CallLie = (r: CallRecord, d: ComputedCall, p: CallPlan) => void;

interface Scheduled {
  due: number;
  order: number;
  run: (now: number) => void;
}

/** A min-heap of scheduled events by (due, insertion order), so equal times keep their order. */
class EventQueue {
  private items: Scheduled[] = [];
  private counter = 0;

  push(due: number, run: (now: number) => void): void {
    const it = { due, order: this.counter++, run };
    const a = this.items;
    a.push(it);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (less(a[p]!, it)) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = it;
  }

  pop(): Scheduled | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && less(a[r]!, a[l]!) ? r : l;
      if (less(last, a[c]!)) break;
      a[i] = a[c]!;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

function less(x: Scheduled, y: Scheduled): boolean {
  return x.due < y.due || (x.due === y.due && x.order < y.order);
}

export interface SimulationOptions {
  seed: string;
  emitter: LogEmitter;
  evaluator: Evaluator;
  world: World;
  /** Positions no group of entries may straddle (export boundaries); the largest is where the run stops. */
  cuts: readonly number[];
  heartbeatSeconds: number;
  plant: PlantKind | null;
  /** Position from which the plant is set up. */
  plantAt: number;
  /** The shape of the log (absent: the generator's own). */
  mix?: DemoMix;
}

/** The organisation a seed yields before anything happens. */
export interface World {
  org: OrgProfile;
  orgId: string;
  founder: SimUser;
  startMs: number;
  systemActor: Actor;
  archetypes: AgentArchetype[];
  initialState: PlatformState;
  rng: Rng;
}

/** Draws the organisation of a seed: who founded it, when the log starts, which agents it runs. */
export function createWorld(seed: string, mix?: DemoMix): World {
  const rng = new Rng(seed);
  const org = rng.pick(ORGS);
  const orgId = rng.uuid();
  const founderName = `${rng.pick(FIRST_NAMES)}.${rng.pick(LAST_NAMES)}`;
  const founder: SimUser = { id: rng.uuid(), email: `${founderName}@${org.domain}`, role: 'admin', active: true, keep: true };
  const startMs = Date.UTC(2026, 2, 2, 7, 30) + rng.int(0, 40) * 24 * HOUR + rng.int(0, 3600) * SECOND + rng.int(0, 999);
  const count = rng.int(3, 6);
  const pool = [...ARCHETYPES];
  const archetypes: AgentArchetype[] = [];
  // The SOC triage agent is always there: it carries most of the story (escalations, drift).
  archetypes.push(pool.shift()!);
  const want = mix?.agents ?? count;
  while (archetypes.length < want && pool.length > 0) archetypes.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
  // More agents than archetypes: the catalog's agents again, as further teams' copies.
  for (let i = 0; archetypes.length < want; i++) {
    const a = archetypes[i % ARCHETYPES.length]!;
    archetypes.push({ ...a, name: `${a.name}-${Math.floor(archetypes.length / ARCHETYPES.length) + 1}` });
  }
  const initialState: PlatformState = {
    as_of_seq: 0,
    profile: defaultProfile(),
    users: [{ id: founder.id, email: founder.email, role: founder.role, active: true }],
    agents: [],
    connectors: [],
    rules: [],
    approvals: [],
    recent_calls: [],
  };
  return {
    org,
    orgId,
    founder,
    startMs,
    systemActor: { type: 'system', id: `${org.slug}-governance` },
    archetypes,
    initialState,
    rng,
  };
}


/** Thrown when a plant could not be placed inside the requested export; a RangeError because more entries fix it. */
export class PlantNotPlacedError extends RangeError {}

/** Runs the platform until the last cut, writing every entry through the emitter. */
export class Simulation {
  private readonly rng: Rng;
  private readonly em: LogEmitter;
  private readonly ev: Evaluator;
  private readonly w: World;
  private readonly cuts: number[];
  private readonly end: number;
  private readonly hbMs: number;
  private readonly ttlMs: number;
  private readonly queue = new EventQueue();
  private readonly users: SimUser[] = [];
  private readonly agents: SimAgent[] = [];
  private readonly approvals = new Map<string, SimApproval>();
  private readonly apiKeys: { keyId: string; userId: string }[] = [];
  private nextHb: number;
  private lastMs: number;
  private outageUntil = 0;
  private gapPending = false;
  private pendingLine: 'non_canonical' | 'chain_broken' | 'seq_gap' | null = null;
  private readonly plant: PlantKind | null;
  private readonly plantAt: number;
  private plantStarted = false;
  private plantDone = false;
  private plantTries = 0;
  private stopped = false;
  private cutIdx = 0;
  private readonly thresholds: { admin: number; secret: number };

  constructor(private readonly o: SimulationOptions) {
    this.rng = o.world.rng;
    this.thresholds = tickThresholds(o.mix);
    this.em = o.emitter;
    this.ev = o.evaluator;
    this.w = o.world;
    this.cuts = [...new Set(o.cuts)].filter((c) => c > 0).sort((a, b) => a - b);
    this.end = this.cuts[this.cuts.length - 1] ?? 0;
    this.hbMs = o.heartbeatSeconds * SECOND;
    this.ttlMs = o.world.initialState.profile.approval_ttl_seconds * SECOND;
    this.nextHb = o.world.startMs + this.hbMs;
    this.lastMs = o.world.startMs;
    this.users.push(o.world.founder);
    this.plant = o.plant;
    this.plantAt = o.plantAt;
    // Plants of the files or of the export pair need nothing from the platform.
    if (this.plant === null) this.plantDone = true;
  }

  /** Whether the plant (if any) was fully placed. */
  get planted(): boolean {
    return this.plantDone;
  }

  run(): void {
    if (this.end === 0) return;
    this.setup();
    this.queue.push(this.lastMs + 20 * SECOND, (t) => this.tick(t));
    while (!this.stopped && this.em.position < this.end) {
      const e = this.queue.pop();
      if (!e) break;
      let now = Math.max(e.due, this.lastMs);
      if (now < this.outageUntil) now = this.outageUntil;
      this.flushHeartbeats(now);
      if (this.stopped || this.em.position >= this.end) break;
      e.run(now);
    }
  }

  // ---- emission ----

  private emit(d: EntryDraft): void {
    if (this.em.position >= this.end) {
      this.stopped = true;
      return;
    }
    if (this.pendingLine !== null && d.tsMs >= this.lastMs) {
      if (this.pendingLine === 'seq_gap') {
        this.em.shiftSeqs();
        d.expect = [...(d.expect ?? []), 'seq_gap'];
      } else {
        d.tamper = this.pendingLine;
        d.expect = [...(d.expect ?? []), this.pendingLine === 'chain_broken' ? 'chain_broken' : 'non_canonical_entry'];
      }
      this.pendingLine = null;
      this.plantDone = true;
    }
    this.em.emit(d);
    this.lastMs = Math.max(this.lastMs, d.tsMs);
    if (this.em.position >= this.end) this.stopped = true;
  }

  /** The first cut a group of `len` entries starting here would straddle, or null. */
  private straddled(len: number): number | null {
    const pos = this.em.position;
    // Positions only grow, so the next cut ahead is found by walking forward once over the run.
    while (this.cutIdx < this.cuts.length && this.cuts[this.cutIdx]! <= pos) this.cutIdx++;
    const c = this.cuts[this.cutIdx];
    return c !== undefined && c < pos + len ? c : null;
  }

  /** Heartbeats up to the cut so the next group starts right after it. */
  private padTo(cut: number): void {
    while (!this.stopped && this.em.position < cut) {
      const pos = this.em.position;
      this.emit({
        id: derivedUuid(`${this.o.seed}/pad/${pos}`),
        tsMs: this.lastMs,
        agent_id: null,
        actor: this.w.systemActor,
        action_type: 'system.heartbeat',
        data: {},
        sorted: true,
      });
    }
  }

  private emitGroup(drafts: EntryDraft[]): boolean {
    const cut = this.straddled(drafts.length);
    if (cut !== null) this.padTo(cut);
    if (this.stopped) return false;
    for (const d of drafts) this.emit(d);
    return true;
  }

  private flushHeartbeats(now: number): void {
    while (this.nextHb <= now && !this.stopped) {
      const expect: FindingKind[] = this.gapPending ? ['time_gap'] : [];
      this.gapPending = false;
      this.emit({
        id: this.rng.uuid(),
        tsMs: this.nextHb,
        agent_id: null,
        actor: this.w.systemActor,
        action_type: 'system.heartbeat',
        data: {},
        expect,
        sorted: true,
      });
      this.nextHb += this.hbMs;
    }
  }

  private userAction(now: number, actor: SimUser, action: string, agentId: string | null, data: Record<string, unknown>, expect?: FindingKind[]): void {
    this.emitGroup([
      { id: this.rng.uuid(), tsMs: now, agent_id: agentId, actor: { type: 'user', id: actor.id }, action_type: action, data, expect },
    ]);
  }

  private systemAction(now: number, action: string, agentId: string | null, data: Record<string, unknown>): void {
    this.emitGroup([{ id: this.rng.uuid(), tsMs: now, agent_id: agentId, actor: this.w.systemActor, action_type: action, data }]);
  }

  // ---- people ----

  private active(roles: Role[]): SimUser[] {
    return this.users.filter((u) => u.active && roles.includes(u.role));
  }

  private admin(): SimUser {
    const admins = this.active(['admin']);
    return admins.length > 0 ? this.rng.pick(admins) : this.w.founder;
  }

  private adminOrDeployer(): SimUser {
    return this.rng.pick(this.active(['admin', 'deployer']));
  }

  private newUser(role: Role): SimUser {
    let email = `${this.rng.pick(FIRST_NAMES)}.${this.rng.pick(LAST_NAMES)}`;
    while (this.users.some((u) => u.email === `${email}@${this.w.org.domain}`)) email += this.rng.int(0, 9);
    return { id: this.rng.uuid(), email: `${email}@${this.w.org.domain}`, role, active: true, keep: false };
  }

  private createUser(now: number, role: Role, keep = false): SimUser {
    const u = this.newUser(role);
    u.keep = keep;
    this.userAction(now, this.admin(), 'user.created', null, { user: { id: u.id, email: u.email, role: u.role, active: true } });
    this.users.push(u);
    return u;
  }

  // ---- set-up ----

  private setup(): void {
    let t = this.w.startMs;
    const step = (): number => {
      t += this.rng.int(4, 45) * SECOND + this.rng.int(0, 999);
      this.flushHeartbeats(t);
      return t;
    };
    this.lastMs = t;
    const deployers: SimUser[] = [];
    this.createUser(t, 'admin', true);
    for (let i = 0; i < 3; i++) deployers.push(this.createUser(step(), 'deployer', true));
    this.createUser(step(), 'auditor');
    this.createUser(step(), 'viewer');
    this.createUser(step(), 'viewer');
    this.w.archetypes.forEach((arch, i) => {
      const owner = deployers[i % deployers.length]!;
      const id = this.rng.uuid();
      const image = `registry.${this.w.org.domain}/agents/${arch.name}:1.0.0`;
      // One agent starts without a declared intent and gets one later, as teams often do.
      const intent = i === 3 ? null : structuredClone(arch.intent);
      const agent: SimAgent = {
        id, baseName: arch.name, name: arch.name, arch, ownerId: owner.id, status: 'inactive', version: 1, maxVersion: 1,
        images: new Map([[1, image]]), intent, configs: [], rules: [], tempConfig: null,
      };
      this.agents.push(agent);
      this.userAction(step(), owner, 'agent.created', id, {
        agent: { id, name: arch.name, owner_id: owner.id, status: 'inactive', version: 1, image_uri: image, intent },
      });
      for (const c of arch.configs) {
        const config: ConnectorConfig = { id: this.rng.uuid(), agent_id: id, connector: c.connector, permitted_operations: [...c.ops] };
        agent.configs.push(config);
        this.userAction(step(), owner, 'connector.configured', id, { config });
      }
      const connectors = arch.configs.map((c) => c.connector);
      for (const c of extraConfigs(connectors, Object.keys(CONNECTORS), this.o.mix?.extraConfigsPerAgent ?? 0)) {
        const config: ConnectorConfig = { id: this.rng.uuid(), agent_id: id, connector: c.connector, permitted_operations: c.ops };
        this.userAction(step(), owner, 'connector.configured', id, { config });
      }
      for (const r of [...arch.rules, ...extraRules(arch.name, connectors, this.o.mix?.extraRulesPerAgent ?? 0)]) {
        const rule: PolicyRule = { id: this.rng.uuid(), version: 1, agent_id: id, ...r };
        agent.rules.push(rule);
        this.userAction(step(), this.admin(), 'policy.created', id, { rule });
      }
      this.userAction(step(), this.rng.chance(0.5) ? owner : this.admin(), 'agent.deployed', id, {
        agent_id: id, version: 1, image_uri: image, notes: `initial rollout of ${arch.name}`,
      });
      agent.status = 'active';
      if (intent === null && arch.intent !== null) {
        const declared = structuredClone(arch.intent);
        this.queue.push(t + 40 * MINUTE, (now) => {
          agent.intent = declared;
          this.userAction(now, this.ownerOrAdmin(agent), 'intent.declared', agent.id, { agent_id: agent.id, intent: declared });
        });
      }
    });
    this.lastMs = t;
  }

  private ownerOrAdmin(a: SimAgent): SimUser {
    const owner = this.users.find((u) => u.id === a.ownerId && u.active && (u.role === 'deployer' || u.role === 'admin'));
    return owner && this.rng.chance(0.6) ? owner : this.admin();
  }

  // ---- the daily rhythm ----

  private interArrival(now: number): number {
    const d = new Date(now);
    const hour = d.getUTCHours();
    const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
    const busy = !weekend && hour >= 7 && hour < 19;
    return Math.max(200, Math.round(this.rng.exp(busy ? 40 * SECOND : 150 * SECOND)));
  }

  private tick(now: number): void {
    this.queue.push(now + this.interArrival(now), (t) => this.tick(t));
    if (!this.plantDone && !this.plantStarted && this.em.position >= this.plantAt) {
      this.plantStep(now);
      return;
    }
    const roll = this.rng.float();
    if (roll < this.thresholds.admin) this.adminActivity(now);
    else if (roll < this.thresholds.secret) this.secretAccess(now);
    else this.callBurst(now);
  }

  private activeAgents(): SimAgent[] {
    return this.agents.filter((a) => a.status === 'active');
  }

  private callBurst(now: number): void {
    const suspended = this.agents.filter((a) => a.status === 'suspended');
    let agent: SimAgent;
    if (suspended.length > 0 && this.rng.chance(0.02)) agent = this.rng.pick(suspended);
    else {
      const act = this.activeAgents();
      if (act.length === 0) return;
      agent = this.rng.weighted(act, (a) => a.arch.activity);
    }
    const r = this.rng.float();
    const size = r < 0.7 ? 1 : r < 0.92 ? this.rng.int(2, 5) : this.rng.int(6, 16);
    let t = now;
    const routine = this.rng.weighted(agent.arch.routine, (x) => x.weight);
    for (let i = 0; i < size; i++) {
      // Bursts mostly repeat one kind of work (a triage sweep, a search loop) with a stray call now and then.
      const pickStray = this.rng.chance(0.007);
      const pick = pickStray
        ? this.rng.pick(agent.arch.stray)
        : i === 0 || this.rng.chance(0.6)
          ? routine
          : this.rng.weighted(agent.arch.routine, (x) => x.weight);
      const plan = this.planCall(agent, pick.connector, pick.op, 'extraDataType' in pick ? pick.extraDataType : undefined);
      this.queue.push(t, (at) => this.emitCall(plan, at));
      t += this.rng.int(200, 4000);
    }
  }

  private planCall(agent: SimAgent, connector: string, op: string, extraDataType?: string, approvalId: string | null = null): CallPlan {
    const spec = operationSpec(connector, op);
    const env: Environment | null =
      spec.envs.length === 0 ? null : this.rng.weighted(spec.envs, (e) => (e === 'prod' ? 5 : e === 'staging' ? 3 : 2));
    const prefix = this.rng.pick(['ws', 'srv', 'db', 'usr', 'k8s', 'grp', 'vpc', 'app']);
    const dataTypes = extraDataType ? [...new Set([...spec.dataTypes, extraDataType])].sort() : [...spec.dataTypes];
    return {
      agentId: agent.id,
      connector,
      operation: op,
      target: { resource: `${connector}/${spec.resource}/${prefix}-${this.rng.int(100, 9999)}`, environment: env },
      dataTypes,
      inputsHash: this.rng.hex(32),
      callId: this.rng.uuid(),
      outputsHash: this.rng.hex(32),
      durationMs: this.rng.int(40, 4800),
      error: this.rng.chance(0.03),
      approvalId,
      newApprovalId: this.rng.uuid(),
      id: this.rng.uuid(),
    };
  }

  private retryPlan(a: SimApproval, approvalId: string | null): CallPlan {
    const agent = this.agentById(a.agentId);
    const p = this.planCall(agent, a.plan.connector, a.plan.operation, undefined, approvalId);
    return { ...p, target: { ...a.plan.target }, dataTypes: [...a.plan.dataTypes], inputsHash: a.plan.inputsHash };
  }

  private agentById(id: string): SimAgent {
    const a = this.agents.find((x) => x.id === id);
    if (!a) throw new Error(`unknown agent ${id}`);
    return a;
  }

  /** `data` of a connector.called, keys in JCS order so the emitter can take JSON.stringify as canonical. */
  private callEntryData(p: CallPlan, rec: RecordedDecision, status: string, outputs: boolean): Record<string, unknown> {
    const f = rec.factors;
    return {
      approval_id: p.approvalId,
      call_id: p.callId,
      connector: p.connector,
      data_types: p.dataTypes,
      decision: {
        factors: { connector: f.connector, frequency: f.frequency, operation: f.operation, target: f.target },
        reason: rec.reason,
        risk_score: rec.risk_score,
        rule_id: rec.rule_id,
        rule_version: rec.rule_version,
        verdict: rec.verdict,
      },
      duration_ms: status === 'blocked' || status === 'escalated' ? Math.max(2, p.durationMs % 40) : p.durationMs,
      inputs_hash: p.inputsHash,
      operation: p.operation,
      outputs_hash: outputs ? p.outputsHash : null,
      status,
      target: { environment: p.target.environment, resource: p.target.resource },
    };
  }

  private decide(p: CallPlan, tsMs: number): ComputedCall {
    const placeholder: RecordedDecision = {
      verdict: 'DENY', reason: 'default', risk_score: 0, factors: { operation: 0, connector: 0, frequency: 0, target: 0 }, rule_id: null, rule_version: null,
    };
    return this.ev.decide({
      seq: this.em.position,
      id: p.id,
      ts: new Date(tsMs).toISOString(),
      org_id: this.w.orgId,
      agent_id: p.agentId,
      actor: { type: 'agent', id: p.agentId },
      action_type: 'connector.called',
      data: this.callEntryData(p, placeholder, 'blocked', false),
      prev: '',
    });
  }

  /** What an honest platform records for a computed decision. */
  private honest(d: ComputedCall, p: CallPlan, tsMs: number): CallRecord {
    const status = d.verdict === 'PERMIT' ? (p.error ? 'error' : 'success') : d.verdict === 'DENY' ? 'blocked' : 'escalated';
    return {
      rec: {
        verdict: d.verdict, reason: d.reason, risk_score: d.risk_score, factors: { ...d.factors }, rule_id: d.rule_id, rule_version: d.rule_version,
      },
      status,
      outputs: status === 'success' || status === 'error',
      drift: d.drift ? { drift_types: [...d.drift.drift_types], severity: d.drift.severity, response: d.drift.response } : null,
      suspend: d.drift?.response === 'suspend' && d.reason !== 'suspended',
      approval: d.verdict === 'ESCALATE',
      expiresAtMs: tsMs + this.ttlMs,
      expectOnCall: [],
    };
  }

  private materialize(p: CallPlan, tsMs: number): { drafts: EntryDraft[]; r: CallRecord } {
    const d = this.decide(p, tsMs);
    const r = this.honest(d, p, tsMs);
    if (p.lie) {
      p.lie(r, d, p);
      // Consequences follow the recorded verdict (§8.3 step 4).
      if (r.rec.verdict !== 'ESCALATE') r.approval = false;
    }
    const agentActor: Actor = { type: 'agent', id: p.agentId };
    const drafts: EntryDraft[] = [
      {
        id: p.id, tsMs, agent_id: p.agentId, actor: agentActor, action_type: 'connector.called',
        data: this.callEntryData(p, r.rec, r.status, r.outputs), expect: r.expectOnCall, sorted: true,
      },
    ];
    const sys = this.w.systemActor;
    if (r.drift) {
      drafts.push({
        id: this.rng.uuid(), tsMs, agent_id: p.agentId, actor: sys, action_type: 'drift.detected',
        data: {
          call_id: p.callId,
          detail: `${p.connector} ${p.operation} [${p.dataTypes.join(', ')}]: ${r.drift.drift_types.join(', ')}`,
          drift_types: r.drift.drift_types,
          response: r.drift.response,
          severity: r.drift.severity,
        },
        sorted: true,
      });
    }
    if (r.suspend) {
      drafts.push({
        id: this.rng.uuid(), tsMs, agent_id: p.agentId, actor: sys, action_type: 'agent.suspended',
        data: { agent_id: p.agentId, call_id: p.callId, reason: 'drift' },
        sorted: true,
      });
    }
    if (r.approval) {
      drafts.push({
        id: this.rng.uuid(), tsMs, agent_id: p.agentId, actor: sys, action_type: 'approval.requested',
        data: {
          approval_id: p.newApprovalId,
          call_id: p.callId,
          expires_at: new Date(r.expiresAtMs).toISOString(),
          risk_score: r.rec.risk_score,
          rule_id: r.rec.rule_id,
        },
        sorted: true,
      });
    }
    return { drafts, r };
  }

  /** Writes a call and its consequences as one group; returns what was recorded, or null when the run stopped. */
  private emitCall(p: CallPlan, now: number): CallRecord | null {
    let m = this.materialize(p, now);
    const cut = this.straddled(m.drafts.length);
    if (cut !== null) {
      this.padTo(cut);
      if (this.stopped) return null;
      m = this.materialize(p, now);
    }
    if (!this.emitGroup(m.drafts)) return null;
    const agent = this.agentById(p.agentId);
    if (m.r.suspend) {
      agent.status = 'suspended';
      this.queue.push(now + this.rng.int(20, 120) * MINUTE, (t) => this.resume(t, agent));
    }
    if (m.r.approval) {
      const a: SimApproval = { id: p.newApprovalId, agentId: p.agentId, plan: p, expiresAtMs: m.r.expiresAtMs, status: 'pending' };
      this.approvals.set(a.id, a);
      this.queue.push(a.expiresAtMs, (t) => this.expire(t, a));
      if (!p.managed && this.rng.chance(0.8)) {
        const delay = Math.min(this.ttlMs - 5 * MINUTE, MINUTE + Math.round(this.rng.exp(12 * MINUTE)));
        this.queue.push(now + delay, (t) => this.review(t, a));
      }
    }
    return m.r;
  }

  private resume(now: number, agent: SimAgent): void {
    if (agent.status !== 'suspended') return;
    this.userAction(now, this.adminOrDeployer(), 'agent.resumed', agent.id, { agent_id: agent.id });
    agent.status = 'active';
  }

  private expire(now: number, a: SimApproval): void {
    // Past its expiry an approval is of no further use to the simulation.
    this.approvals.delete(a.id);
    if (a.status !== 'pending') return;
    this.systemAction(now, 'approval.expired', a.agentId, { approval_id: a.id });
    a.status = 'expired';
  }

  private reviewers(a: SimApproval): SimUser[] {
    const owner = this.agentById(a.agentId).ownerId;
    return this.active(['admin', 'deployer']).filter((u) => u.id !== owner);
  }

  private writeReview(now: number, a: SimApproval, reviewer: SimUser, decision: 'approved' | 'denied', expect?: FindingKind[]): void {
    this.userAction(now, reviewer, 'approval.reviewed', a.agentId, { approval_id: a.id, decision, notes_sha256: this.rng.hex(32) }, expect);
    a.status = decision;
  }

  private review(now: number, a: SimApproval): void {
    if (a.status !== 'pending' || now >= a.expiresAtMs - SECOND) return;
    const who = this.reviewers(a);
    if (who.length === 0) return;
    const decision = this.rng.chance(0.78) ? 'approved' : 'denied';
    this.writeReview(now, a, this.rng.pick(who), decision);
    if (decision === 'approved' && this.rng.chance(0.9)) {
      const at = now + this.rng.int(30, 360) * SECOND;
      if (at < a.expiresAtMs - 5 * SECOND) this.queue.push(at, (t) => this.retry(t, a));
    }
  }

  private retry(now: number, a: SimApproval): void {
    if (now >= a.expiresAtMs - SECOND) return;
    this.emitCall(this.retryPlan(a, a.id), now);
  }

  private secretAccess(now: number): void {
    const act = this.activeAgents();
    if (act.length === 0) return;
    const agent = this.rng.pick(act);
    const c = this.rng.pick(agent.configs);
    this.emitGroup([
      {
        id: this.rng.uuid(), tsMs: now, agent_id: agent.id, actor: { type: 'agent', id: agent.id }, action_type: 'secret.accessed',
        data: { connector: c.connector, secret_ref: `vault://${agent.arch.team}/${c.connector}/api-token` },
      },
    ]);
  }

  // ---- administration ----

  private adminActivity(now: number): void {
    const kinds: [string, number][] = [
      ['policy', 4], ['user', 2], ['role', 2], ['deactivate', 0.6], ['apikey', 3], ['rotate', 2], ['rename', 1],
      ['deploy', 1.5], ['rollback', 0.5], ['intent', 0.7], ['config', 1], ['compliance', 1], ['tempdeny', 0.6], ['pause', 0.4],
    ];
    const kind = this.rng.weighted(kinds, (k) => k[1])[0];
    const agent = this.rng.pick(this.agents);
    switch (kind) {
      case 'policy': {
        const allows = agent.rules.filter((r) => r.rule_type === 'allow');
        if (allows.length === 0) return;
        const r = this.rng.pick(allows);
        const next: PolicyRule = { ...r, version: r.version + 1, risk_threshold: Math.min(90, Math.max(30, r.risk_threshold + this.rng.pick([-5, 5, 10]))) };
        agent.rules[agent.rules.indexOf(r)] = next;
        this.userAction(now, this.admin(), 'policy.updated', agent.id, { rule: next });
        return;
      }
      case 'user':
        if (this.users.length < 40) this.createUser(now, this.rng.weighted<Role>(['viewer', 'auditor', 'deployer'], (r) => (r === 'viewer' ? 3 : 2)));
        return;
      case 'role': {
        const churn = this.users.filter((u) => !u.keep && u.active);
        if (churn.length === 0) return;
        const u = this.rng.pick(churn);
        const role = this.rng.pick((['viewer', 'auditor', 'deployer'] as Role[]).filter((r) => r !== u.role));
        this.userAction(now, this.admin(), 'user.role_changed', null, { user_id: u.id, role });
        u.role = role;
        return;
      }
      case 'deactivate': {
        const churn = this.users.filter((u) => !u.keep && u.active);
        if (churn.length < 3) return;
        const u = this.rng.pick(churn);
        this.userAction(now, this.admin(), 'user.deactivated', null, { user_id: u.id });
        u.active = false;
        return;
      }
      case 'apikey': {
        if (this.apiKeys.length > 0 && this.rng.chance(0.4)) {
          const k = this.apiKeys.splice(this.rng.int(0, this.apiKeys.length - 1), 1)[0]!;
          this.userAction(now, this.adminOrDeployer(), 'api_key.revoked', null, { key_id: k.keyId, user_id: k.userId });
        } else {
          const k = { keyId: this.rng.uuid(), userId: this.rng.pick(this.users.filter((u) => u.active)).id };
          this.apiKeys.push(k);
          this.userAction(now, this.adminOrDeployer(), 'api_key.created', null, { key_id: k.keyId, user_id: k.userId });
        }
        return;
      }
      case 'rotate': {
        const c = this.rng.pick(agent.configs);
        this.systemAction(now, 'secret.rotated', null, { secret_ref: `vault://${agent.arch.team}/${c.connector}/api-token` });
        return;
      }
      case 'rename': {
        const name = agent.name === agent.baseName ? `${agent.baseName}-${this.rng.pick(['v2', 'east', 'blue', 'prod'])}` : agent.baseName;
        agent.name = name;
        this.userAction(now, this.ownerOrAdmin(agent), 'agent.updated', agent.id, { agent_id: agent.id, name });
        return;
      }
      case 'deploy': {
        if (agent.status !== 'active') return;
        const version = agent.maxVersion + 1;
        const image = `registry.${this.w.org.domain}/agents/${agent.baseName}:1.${version - 1}.${this.rng.int(0, 4)}`;
        agent.maxVersion = version;
        agent.version = version;
        agent.images.set(version, image);
        this.userAction(now, this.ownerOrAdmin(agent), 'agent.deployed', agent.id, {
          agent_id: agent.id, version, image_uri: image, notes: this.rng.pick(['routine release', 'dependency updates', 'prompt tuning', 'connector client upgrade', 'hotfix']),
        });
        return;
      }
      case 'rollback': {
        if (agent.status !== 'active' || agent.version <= 1) return;
        const to = agent.version - 1;
        agent.version = to;
        this.userAction(now, this.ownerOrAdmin(agent), 'agent.rolled_back', agent.id, { agent_id: agent.id, to_version: to, image_uri: agent.images.get(to)! });
        return;
      }
      case 'intent': {
        if (agent.intent === null) return;
        this.userAction(now, this.ownerOrAdmin(agent), 'intent.declared', agent.id, { agent_id: agent.id, intent: agent.intent });
        return;
      }
      case 'config': {
        if (agent.tempConfig) {
          const id = agent.tempConfig.id;
          agent.tempConfig = null;
          this.userAction(now, this.ownerOrAdmin(agent), 'connector.removed', agent.id, { config_id: id });
        } else {
          const config: ConnectorConfig = { id: this.rng.uuid(), agent_id: agent.id, connector: 'pagerduty', permitted_operations: ['oncall:list'] };
          agent.tempConfig = config;
          this.userAction(now, this.ownerOrAdmin(agent), 'connector.configured', agent.id, { config });
        }
        return;
      }
      case 'compliance': {
        const auditors = this.active(['auditor']);
        const who = auditors.length > 0 && this.rng.chance(0.8) ? this.rng.pick(auditors) : this.admin();
        this.userAction(now, who, 'compliance.generated', agent.id, { package_id: this.rng.uuid(), agent_id: agent.id });
        return;
      }
      case 'pause': {
        // An operator pauses an agent during an incident and lets it run again later.
        if (agent.status !== 'active') return;
        this.userAction(now, this.ownerOrAdmin(agent), 'agent.suspended', agent.id, { agent_id: agent.id, call_id: null, reason: 'manual' });
        agent.status = 'suspended';
        this.queue.push(now + this.rng.int(30, 180) * MINUTE, (t) => this.resume(t, agent));
        return;
      }
      case 'tempdeny': {
        const rule: PolicyRule = {
          id: this.rng.uuid(), version: 1, agent_id: agent.id, name: `${agent.baseName}-freeze-deletes`, rule_type: 'deny',
          connector: null, action_pattern: '*:delete', risk_threshold: 0, approval_channel: null,
        };
        agent.rules.push(rule);
        this.userAction(now, this.admin(), 'policy.created', agent.id, { rule });
        this.queue.push(now + this.rng.int(2, 8) * HOUR, (t) => {
          agent.rules = agent.rules.filter((r) => r.id !== rule.id);
          this.userAction(t, this.admin(), 'policy.deleted', agent.id, { rule_id: rule.id });
        });
        return;
      }
      default:
        return;
    }
  }

  // ---- plants ----

  /** Tries candidate calls (without recording them) until one's computed decision fits. */
  private findCall(now: number, agents: SimAgent[], fits: (d: ComputedCall, a: SimAgent) => boolean, extraDataType?: string): CallPlan | null {
    for (const agent of agents) {
      const options = [
        ...agent.arch.routine.map((r) => ({ connector: r.connector, op: r.op })),
        ...agent.arch.stray.map((r) => ({ connector: r.connector, op: r.op })),
        ...Object.entries(CONNECTORS).flatMap(([connector, ops]) => ops.map((o) => ({ connector, op: o.op }))),
      ];
      for (const o of options) {
        const plan = this.planCall(agent, o.connector, o.op, extraDataType);
        if (fits(this.decide(plan, now), agent)) return plan;
      }
    }
    return null;
  }

  private plantStep(now: number): void {
    const kind = this.plant!;
    this.plantTries++;
    if (this.plantTries > 400) throw new PlantNotPlacedError(`could not set up plant ${kind}: no suitable moment in the log`);
    const act = this.activeAgents();
    const permitRule = (d: ComputedCall): boolean => d.verdict === 'PERMIT' && d.reason === 'rule' && d.drift === null;
    const lieCall = (fits: (d: ComputedCall, a: SimAgent) => boolean, lie: CallLie, agents = act, extra?: string): boolean => {
      const plan = this.findCall(now, agents, fits, extra);
      if (!plan) return false;
      plan.lie = lie;
      plan.managed = true;
      const r = this.emitCall(plan, now);
      if (r !== null) this.plantDone = true;
      return true;
    };
    const expect = (r: CallRecord, k: FindingKind): void => {
      r.expectOnCall.push(k);
    };
    switch (kind) {
      case 'verdict_mismatch':
        lieCall(permitRule, (r) => {
          r.rec.verdict = 'DENY';
          r.status = 'blocked';
          r.outputs = false;
          expect(r, 'verdict_mismatch');
        });
        return;
      case 'reason_mismatch':
        lieCall(permitRule, (r) => {
          r.rec.reason = 'threshold';
          expect(r, 'reason_mismatch');
        });
        return;
      case 'rule_mismatch':
        lieCall(
          (d, a) => permitRule(d) && a.rules.some((x) => x.id !== d.rule_id),
          (r, d, p) => {
            const other = this.agentById(p.agentId).rules.find((x) => x.id !== d.rule_id)!;
            r.rec.rule_id = other.id;
            r.rec.rule_version = other.version;
            expect(r, 'rule_mismatch');
          },
        );
        return;
      case 'risk_score_mismatch':
        lieCall(permitRule, (r) => {
          r.rec.factors.connector += 5;
          r.rec.risk_score = Math.min(100, r.rec.risk_score + 5);
          expect(r, 'risk_score_mismatch');
        });
        return;
      case 'status_mismatch':
        lieCall(permitRule, (r) => {
          r.status = 'blocked';
          r.outputs = false;
          expect(r, 'status_mismatch');
        });
        return;
      case 'scope_violation':
        lieCall(
          (d) => d.reason === 'scope' && d.drift === null,
          (r) => {
            r.rec = { ...r.rec, verdict: 'PERMIT', reason: 'default', rule_id: null, rule_version: null };
            r.status = 'success';
            r.outputs = true;
            expect(r, 'scope_violation');
          },
        );
        return;
      case 'suspended_agent_permitted': {
        const suspended = this.agents.filter((a) => a.status === 'suspended');
        if (suspended.length === 0) {
          // Make one: an honest drift call that gets its agent suspended.
          const plan = this.findCall(now, act, (d) => d.reason === 'drift' && d.drift?.response === 'suspend');
          if (plan) this.emitCall(plan, now);
          return;
        }
        lieCall(
          (d) => d.reason === 'suspended' && d.drift === null,
          (r) => {
            r.rec = { ...r.rec, verdict: 'PERMIT', reason: 'default', rule_id: null, rule_version: null };
            r.status = 'success';
            r.outputs = true;
            expect(r, 'suspended_agent_permitted');
          },
          suspended,
        );
        return;
      }
      case 'drift_missed':
        lieCall(
          (d) => d.drift !== null && d.drift.response !== 'suspend' && d.reason !== 'suspended',
          (r) => {
            r.drift = null;
            expect(r, 'drift_missed');
          },
          act,
          'credentials',
        );
        return;
      case 'drift_unexpected':
        lieCall(
          (d, a) => d.drift === null && a.intent !== null && d.verdict === 'PERMIT',
          (r) => {
            r.drift = { drift_types: ['frequency_exceeded'], severity: 'medium', response: 'throttle' };
            expect(r, 'drift_unexpected');
          },
        );
        return;
      case 'drift_severity_mismatch':
        lieCall(
          (d) => d.drift !== null && d.drift.response === 'throttle' && d.drift.severity === 'medium' && d.reason !== 'suspended',
          (r) => {
            r.drift!.severity = 'low';
            expect(r, 'drift_severity_mismatch');
          },
          act,
          'credentials',
        );
        return;
      case 'drift_response_mismatch':
        lieCall(
          (d) => d.drift !== null && d.drift.response === 'throttle' && d.reason !== 'suspended',
          (r) => {
            r.drift!.response = 'alert';
            expect(r, 'drift_response_mismatch');
          },
          act,
          'credentials',
        );
        return;
      case 'suspension_missing':
        lieCall(
          (d) => d.reason === 'drift' && d.drift?.response === 'suspend',
          (r) => {
            r.suspend = false;
            expect(r, 'suspension_missing');
          },
        );
        return;
      case 'approval_missing':
        lieCall(
          (d) => d.verdict === 'ESCALATE' && d.drift === null,
          (r) => {
            r.approval = false;
            expect(r, 'approval_missing');
          },
        );
        return;
      case 'approval_expiry_mismatch':
        lieCall(
          (d) => d.verdict === 'ESCALATE' && d.drift === null,
          (r) => {
            r.expiresAtMs += 15 * MINUTE;
            expect(r, 'approval_expiry_mismatch');
          },
        );
        return;
      case 'executed_without_approval':
      case 'approval_by_unauthorized_role':
      case 'approval_after_expiry':
      case 'approval_reused':
      case 'approval_target_mismatch':
      case 'self_approval':
        this.approvalScenario(now, kind);
        return;
      case 'unauthorized_actor': {
        const viewers = this.active(['viewer']);
        const who = viewers.length > 0 ? this.rng.pick(viewers) : this.createUser(now, 'viewer');
        const agent = this.rng.pick(this.agents);
        this.userAction(now, who, 'compliance.generated', agent.id, { package_id: this.rng.uuid(), agent_id: agent.id }, ['unauthorized_actor']);
        this.plantDone = true;
        return;
      }
      case 'unknown_action_type':
        this.emitGroup([
          {
            id: this.rng.uuid(), tsMs: now, agent_id: null, actor: this.w.systemActor, action_type: 'billing.usage_reported',
            data: { period: new Date(now).toISOString().slice(0, 10), units: this.rng.int(100, 9000) }, expect: ['unknown_action_type'],
          },
        ]);
        this.plantDone = true;
        return;
      case 'non_canonical_entry':
        this.pendingLine = 'non_canonical';
        this.plantStarted = true;
        return;
      case 'chain_broken':
        this.pendingLine = 'chain_broken';
        this.plantStarted = true;
        return;
      case 'seq_gap':
        this.pendingLine = 'seq_gap';
        this.plantStarted = true;
        return;
      case 'timestamp_regression':
        // A heartbeat stamped before the entry ahead of it: nothing evaluates it, so only the order is wrong.
        this.emitGroup([
          { id: this.rng.uuid(), tsMs: this.lastMs - 1500, agent_id: null, actor: this.w.systemActor, action_type: 'system.heartbeat', data: {}, expect: ['timestamp_regression'] },
        ]);
        this.plantDone = true;
        return;
      case 'time_gap':
        // The platform goes dark for longer than two heartbeat intervals; what fell due meanwhile is written when it comes back.
        this.outageUntil = now + 2 * this.hbMs + 7 * MINUTE;
        this.nextHb = this.outageUntil;
        this.gapPending = true;
        this.plantStarted = true;
        this.queue.push(this.outageUntil, () => {
          if (!this.gapPending) this.plantDone = true;
        });
        return;
      default:
        // File, signature and two-export plants are made by the bundle writer.
        this.plantDone = true;
        return;
    }
  }

  private approvalScenario(now: number, kind: PlantKind): void {
    const plan = this.findCall(now, this.activeAgents(), (d) => d.verdict === 'ESCALATE' && d.drift === null && d.reason !== 'suspended');
    if (!plan) return;
    plan.managed = true;
    const r = this.emitCall(plan, now);
    if (r === null || !r.approval) return;
    this.plantStarted = true;
    const a = this.approvals.get(plan.newApprovalId)!;
    const agent = this.agentById(a.agentId);
    const approvedLie: CallLie = (rr) => {
      rr.rec = { ...rr.rec, verdict: 'PERMIT', reason: 'approved', rule_id: null, rule_version: null };
      rr.status = 'success';
      rr.outputs = true;
      rr.approval = false;
      rr.expectOnCall.push(kind as FindingKind);
    };
    const lyingRetry = (at: number, change?: (p: CallPlan) => void): void => {
      this.queue.push(at, (t) => {
        const p = this.retryPlan(a, a.id);
        if (change) change(p);
        p.lie = approvedLie;
        p.managed = true;
        if (this.emitCall(p, t) !== null) this.plantDone = true;
      });
    };
    const properReview = (at: number): void => {
      this.queue.push(at, (t) => this.writeReview(t, a, this.rng.pick(this.reviewers(a)), 'approved'));
    };
    switch (kind) {
      case 'executed_without_approval':
        lyingRetry(now + 90 * SECOND);
        return;
      case 'approval_by_unauthorized_role':
        this.queue.push(now + 3 * MINUTE, (t) => {
          const lesser = this.active(['viewer', 'auditor']);
          const who = lesser.length > 0 ? this.rng.pick(lesser) : this.createUser(t, 'viewer');
          this.writeReview(t, a, who, 'approved', ['unauthorized_actor']);
        });
        lyingRetry(now + 5 * MINUTE);
        return;
      case 'approval_after_expiry':
        properReview(now + 4 * MINUTE);
        lyingRetry(a.expiresAtMs + 30 * SECOND);
        return;
      case 'approval_reused':
        properReview(now + 4 * MINUTE);
        this.queue.push(now + 6 * MINUTE, (t) => this.emitCall(this.retryPlan(a, a.id), t));
        lyingRetry(now + 9 * MINUTE);
        return;
      case 'approval_target_mismatch':
        properReview(now + 4 * MINUTE);
        lyingRetry(now + 6 * MINUTE, (p) => {
          p.inputsHash = this.rng.hex(32);
        });
        return;
      case 'self_approval':
        this.queue.push(now + 4 * MINUTE, (t) => {
          const owner = this.users.find((u) => u.id === agent.ownerId)!;
          this.writeReview(t, a, owner, 'approved', ['self_approval']);
          this.plantDone = true;
        });
        this.queue.push(now + 6 * MINUTE, (t) => {
          if (t < a.expiresAtMs - SECOND) this.emitCall(this.retryPlan(a, a.id), t);
        });
        return;
      default:
        return;
    }
  }
}
