/** The organisation's first hour: its people, then each agent created, configured, given its policies and deployed. */
import type { ConnectorConfig, PolicyRule } from '../../../shared/format/export-types.js';
import { CONNECTORS } from './catalog.js';
import { extraConfigs, extraRules } from './demo-mix.js';
import type { SimCore } from './sim-core.js';
import { MINUTE, SECOND, type SimAgent, type SimUser } from './sim-types.js';

/** Writes the set-up entries from the world's start time on. */
export function setup(sim: SimCore): void {
  let t = sim.w.startMs;
  const step = (): number => {
    t += sim.rng.int(4, 45) * SECOND + sim.rng.int(0, 999);
    sim.flushHeartbeats(t);
    return t;
  };
  sim.lastMs = t;
  const deployers: SimUser[] = [];
  sim.createUser(t, 'admin', true);
  for (let i = 0; i < 3; i++) deployers.push(sim.createUser(step(), 'deployer', true));
  sim.createUser(step(), 'auditor');
  sim.createUser(step(), 'viewer');
  sim.createUser(step(), 'viewer');
  sim.w.archetypes.forEach((arch, i) => {
    const owner = deployers[i % deployers.length]!;
    const id = sim.rng.uuid();
    const image = `registry.${sim.w.org.domain}/agents/${arch.name}:1.0.0`;
    // One agent starts without a declared intent and gets one later, as teams often do.
    const intent = i === 3 ? null : structuredClone(arch.intent);
    const agent: SimAgent = {
      id,
      baseName: arch.name,
      name: arch.name,
      arch,
      ownerId: owner.id,
      status: 'inactive',
      version: 1,
      maxVersion: 1,
      images: new Map([[1, image]]),
      intent,
      configs: [],
      rules: [],
      tempConfig: null,
    };
    sim.agents.push(agent);
    sim.userAction(step(), owner, 'agent.created', id, {
      agent: {
        id,
        name: arch.name,
        owner_id: owner.id,
        status: 'inactive',
        version: 1,
        image_uri: image,
        intent,
      },
    });
    for (const c of arch.configs) {
      const config: ConnectorConfig = {
        id: sim.rng.uuid(),
        agent_id: id,
        connector: c.connector,
        permitted_operations: [...c.ops],
      };
      agent.configs.push(config);
      sim.userAction(step(), owner, 'connector.configured', id, { config });
    }
    const connectors = arch.configs.map((c) => c.connector);
    for (const c of extraConfigs(connectors, Object.keys(CONNECTORS), sim.o.mix?.extraConfigsPerAgent ?? 0)) {
      const config: ConnectorConfig = {
        id: sim.rng.uuid(),
        agent_id: id,
        connector: c.connector,
        permitted_operations: c.ops,
      };
      sim.userAction(step(), owner, 'connector.configured', id, { config });
    }
    for (const r of [
      ...arch.rules,
      ...extraRules(arch.name, connectors, sim.o.mix?.extraRulesPerAgent ?? 0),
    ]) {
      const rule: PolicyRule = { id: sim.rng.uuid(), version: 1, agent_id: id, ...r };
      agent.rules.push(rule);
      sim.userAction(step(), sim.admin(), 'policy.created', id, { rule });
    }
    sim.userAction(step(), sim.rng.chance(0.5) ? owner : sim.admin(), 'agent.deployed', id, {
      agent_id: id,
      version: 1,
      image_uri: image,
      notes: `initial rollout of ${arch.name}`,
    });
    agent.status = 'active';
    if (intent === null && arch.intent !== null) {
      const declared = structuredClone(arch.intent);
      sim.queue.push(t + 40 * MINUTE, (now) => {
        agent.intent = declared;
        sim.userAction(now, sim.ownerOrAdmin(agent), 'intent.declared', agent.id, {
          agent_id: agent.id,
          intent: declared,
        });
      });
    }
  });
  sim.lastMs = t;
}
