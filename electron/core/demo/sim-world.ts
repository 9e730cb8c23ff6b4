/** The organisation a seed yields before anything happens, and the options a simulation runs with. */
import type { Evaluator } from '../../../shared/evaluate/evaluator.js';
import type { Actor, PlatformState } from '../../../shared/format/export-types.js';
import {
  ARCHETYPES,
  FIRST_NAMES,
  LAST_NAMES,
  ORGS,
  defaultProfile,
  type AgentArchetype,
  type OrgProfile,
} from './catalog.js';
import type { DemoMix } from './demo-mix.js';
import type { LogEmitter } from './log-emitter.js';
import type { PlantKind } from './plant-kinds.js';
import { Rng } from './rng.js';
import { HOUR, SECOND, type SimUser } from './sim-types.js';

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
  const founder: SimUser = {
    id: rng.uuid(),
    email: `${founderName}@${org.domain}`,
    role: 'admin',
    active: true,
    keep: true,
  };
  const startMs =
    Date.UTC(2026, 2, 2, 7, 30) + rng.int(0, 40) * 24 * HOUR + rng.int(0, 3600) * SECOND + rng.int(0, 999);
  const count = rng.int(3, 6);
  const pool = [...ARCHETYPES];
  const archetypes: AgentArchetype[] = [];
  // The SOC triage agent is always there: it carries most of the story (escalations, drift).
  archetypes.push(pool.shift()!);
  const want = mix?.agents ?? count;
  while (archetypes.length < want && pool.length > 0)
    archetypes.push(pool.splice(rng.int(0, pool.length - 1), 1)[0]!);
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
