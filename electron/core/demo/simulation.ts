/**
 * A simulated agent-governance platform. It runs an organisation (people, agents, connectors,
 * policies) through time and writes the audit log such a platform keeps, taking every decision
 * from the shared evaluator so the recorded log follows spec §8 exactly. Plants of a lying
 * platform alter what is recorded before it is hashed; the evaluator then replays the log as
 * recorded, like a verifier does, so later decisions stay consistent with it.
 *
 * The parts: sim-world.ts (the organisation a seed yields), sim-core.ts (state, writing entries,
 * people), sim-setup.ts, call-flow.ts and sim-calls.ts (calls, approvals, suspensions),
 * sim-admin.ts (administration), sim-plants.ts and approval-plants.ts (plants), event-queue.ts.
 * This module runs the clock: each tick draws the next activity.
 */
import { callBurst } from './call-flow.js';
import { SimCore } from './sim-core.js';
import { adminActivity, secretAccess } from './sim-admin.js';
import { plantStep } from './sim-plants.js';
import { setup } from './sim-setup.js';
import { SECOND } from './sim-types.js';

export { createWorld, type SimulationOptions, type World } from './sim-world.js';
export { PlantNotPlacedError } from './sim-plants.js';

/** Runs the platform until the last cut, writing every entry through the emitter. */
export class Simulation extends SimCore {
  /** Whether the plant (if any) was fully placed. */
  get planted(): boolean {
    return this.plantDone;
  }

  run(): void {
    if (this.end === 0) return;
    setup(this);
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
      plantStep(this, now);
      return;
    }
    const roll = this.rng.float();
    if (roll < this.thresholds.admin) adminActivity(this, now);
    else if (roll < this.thresholds.secret) secretAccess(this, now);
    else callBurst(this, now);
  }
}
