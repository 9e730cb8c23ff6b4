/**
 * The simulated platform's state and its primitives: writing entries (never straddling an export
 * boundary, heartbeats as time passes, line plants on the next entry) and picking people. The
 * activities (calls, approvals, administration, plants) are functions over it in their modules.
 * Fields are public to those modules only; nothing outside electron/core/demo uses this class.
 */
import type { Evaluator } from '../../../shared/evaluate/evaluator.js';
import type { Role } from '../../../shared/format/export-types.js';
import type { FindingKind } from '../../../shared/report/finding-kinds.js';
import { FIRST_NAMES, LAST_NAMES } from './catalog.js';
import { tickThresholds } from './demo-mix.js';
import { EventQueue } from './event-queue.js';
import type { EntryDraft, LogEmitter } from './log-emitter.js';
import type { PlantKind } from './plant-kinds.js';
import { derivedUuid, type Rng } from './rng.js';
import { SECOND, type SimAgent, type SimApproval, type SimUser } from './sim-types.js';
import type { SimulationOptions, World } from './sim-world.js';

/** The platform's state while it runs. */
export class SimCore {
  readonly rng: Rng;
  readonly em: LogEmitter;
  readonly ev: Evaluator;
  readonly w: World;
  readonly cuts: number[];
  readonly end: number;
  readonly hbMs: number;
  readonly ttlMs: number;
  readonly queue = new EventQueue();
  readonly users: SimUser[] = [];
  readonly agents: SimAgent[] = [];
  readonly approvals = new Map<string, SimApproval>();
  readonly apiKeys: { keyId: string; userId: string }[] = [];
  nextHb: number;
  lastMs: number;
  outageUntil = 0;
  gapPending = false;
  pendingLine: 'non_canonical' | 'chain_broken' | 'seq_gap' | null = null;
  readonly plant: PlantKind | null;
  readonly plantAt: number;
  plantStarted = false;
  plantDone = false;
  plantTries = 0;
  stopped = false;
  cutIdx = 0;
  readonly thresholds: { admin: number; secret: number };

  constructor(readonly o: SimulationOptions) {
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

  emit(d: EntryDraft): void {
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
        d.expect = [
          ...(d.expect ?? []),
          this.pendingLine === 'chain_broken' ? 'chain_broken' : 'non_canonical_entry',
        ];
      }
      this.pendingLine = null;
      this.plantDone = true;
    }
    this.em.emit(d);
    this.lastMs = Math.max(this.lastMs, d.tsMs);
    if (this.em.position >= this.end) this.stopped = true;
  }

  /** The first cut a group of `len` entries starting here would straddle, or null. */
  straddled(len: number): number | null {
    const pos = this.em.position;
    // Positions only grow, so the next cut ahead is found by walking forward once over the run.
    while (this.cutIdx < this.cuts.length && this.cuts[this.cutIdx]! <= pos) this.cutIdx++;
    const c = this.cuts[this.cutIdx];
    return c !== undefined && c < pos + len ? c : null;
  }

  /** Heartbeats up to the cut so the next group starts right after it. */
  padTo(cut: number): void {
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

  emitGroup(drafts: EntryDraft[]): boolean {
    const cut = this.straddled(drafts.length);
    if (cut !== null) this.padTo(cut);
    if (this.stopped) return false;
    for (const d of drafts) this.emit(d);
    return true;
  }

  flushHeartbeats(now: number): void {
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

  userAction(
    now: number,
    actor: SimUser,
    action: string,
    agentId: string | null,
    data: Record<string, unknown>,
    expect?: FindingKind[],
  ): void {
    this.emitGroup([
      {
        id: this.rng.uuid(),
        tsMs: now,
        agent_id: agentId,
        actor: { type: 'user', id: actor.id },
        action_type: action,
        data,
        expect,
      },
    ]);
  }

  systemAction(now: number, action: string, agentId: string | null, data: Record<string, unknown>): void {
    this.emitGroup([
      {
        id: this.rng.uuid(),
        tsMs: now,
        agent_id: agentId,
        actor: this.w.systemActor,
        action_type: action,
        data,
      },
    ]);
  }

  active(roles: Role[]): SimUser[] {
    return this.users.filter((u) => u.active && roles.includes(u.role));
  }

  admin(): SimUser {
    const admins = this.active(['admin']);
    return admins.length > 0 ? this.rng.pick(admins) : this.w.founder;
  }

  adminOrDeployer(): SimUser {
    return this.rng.pick(this.active(['admin', 'deployer']));
  }

  newUser(role: Role): SimUser {
    let email = `${this.rng.pick(FIRST_NAMES)}.${this.rng.pick(LAST_NAMES)}`;
    while (this.users.some((u) => u.email === `${email}@${this.w.org.domain}`)) email += this.rng.int(0, 9);
    return { id: this.rng.uuid(), email: `${email}@${this.w.org.domain}`, role, active: true, keep: false };
  }

  createUser(now: number, role: Role, keep = false): SimUser {
    const u = this.newUser(role);
    u.keep = keep;
    this.userAction(now, this.admin(), 'user.created', null, {
      user: { id: u.id, email: u.email, role: u.role, active: true },
    });
    this.users.push(u);
    return u;
  }

  ownerOrAdmin(a: SimAgent): SimUser {
    const owner = this.users.find(
      (u) => u.id === a.ownerId && u.active && (u.role === 'deployer' || u.role === 'admin'),
    );
    return owner && this.rng.chance(0.6) ? owner : this.admin();
  }

  activeAgents(): SimAgent[] {
    return this.agents.filter((a) => a.status === 'active');
  }

  agentById(id: string): SimAgent {
    const a = this.agents.find((x) => x.id === id);
    if (!a) throw new Error(`unknown agent ${id}`);
    return a;
  }
}
