/** The platform's background activity besides calls: secret access and the administration of people, keys, agents and policies. */
import type { ConnectorConfig, PolicyRule, Role } from '../../../shared/format/export-types.js';
import { resume } from './call-flow.js';
import type { SimCore } from './sim-core.js';
import { HOUR, MINUTE } from './sim-types.js';

/** An agent reads a connector's secret. */
export function secretAccess(sim: SimCore, now: number): void {
  const act = sim.activeAgents();
  if (act.length === 0) return;
  const agent = sim.rng.pick(act);
  const c = sim.rng.pick(agent.configs);
  sim.emitGroup([
    {
      id: sim.rng.uuid(),
      tsMs: now,
      agent_id: agent.id,
      actor: { type: 'agent', id: agent.id },
      action_type: 'secret.accessed',
      data: { connector: c.connector, secret_ref: `vault://${agent.arch.team}/${c.connector}/api-token` },
    },
  ]);
}

/** One administrative act, drawn by weight. */
export function adminActivity(sim: SimCore, now: number): void {
  const kinds: [string, number][] = [
    ['policy', 4],
    ['user', 2],
    ['role', 2],
    ['deactivate', 0.6],
    ['apikey', 3],
    ['rotate', 2],
    ['rename', 1],
    ['deploy', 1.5],
    ['rollback', 0.5],
    ['intent', 0.7],
    ['config', 1],
    ['compliance', 1],
    ['tempdeny', 0.6],
    ['pause', 0.4],
  ];
  const kind = sim.rng.weighted(kinds, (k) => k[1])[0];
  const agent = sim.rng.pick(sim.agents);
  switch (kind) {
    case 'policy': {
      const allows = agent.rules.filter((r) => r.rule_type === 'allow');
      if (allows.length === 0) return;
      const r = sim.rng.pick(allows);
      const next: PolicyRule = {
        ...r,
        version: r.version + 1,
        risk_threshold: Math.min(90, Math.max(30, r.risk_threshold + sim.rng.pick([-5, 5, 10]))),
      };
      agent.rules[agent.rules.indexOf(r)] = next;
      sim.userAction(now, sim.admin(), 'policy.updated', agent.id, { rule: next });
      return;
    }
    case 'user':
      if (sim.users.length < 40)
        sim.createUser(
          now,
          sim.rng.weighted<Role>(['viewer', 'auditor', 'deployer'], (r) => (r === 'viewer' ? 3 : 2)),
        );
      return;
    case 'role': {
      const churn = sim.users.filter((u) => !u.keep && u.active);
      if (churn.length === 0) return;
      const u = sim.rng.pick(churn);
      const role = sim.rng.pick((['viewer', 'auditor', 'deployer'] as Role[]).filter((r) => r !== u.role));
      sim.userAction(now, sim.admin(), 'user.role_changed', null, { user_id: u.id, role });
      u.role = role;
      return;
    }
    case 'deactivate': {
      const churn = sim.users.filter((u) => !u.keep && u.active);
      if (churn.length < 3) return;
      const u = sim.rng.pick(churn);
      sim.userAction(now, sim.admin(), 'user.deactivated', null, { user_id: u.id });
      u.active = false;
      return;
    }
    case 'apikey': {
      if (sim.apiKeys.length > 0 && sim.rng.chance(0.4)) {
        const k = sim.apiKeys.splice(sim.rng.int(0, sim.apiKeys.length - 1), 1)[0]!;
        sim.userAction(now, sim.adminOrDeployer(), 'api_key.revoked', null, {
          key_id: k.keyId,
          user_id: k.userId,
        });
      } else {
        const k = { keyId: sim.rng.uuid(), userId: sim.rng.pick(sim.users.filter((u) => u.active)).id };
        sim.apiKeys.push(k);
        sim.userAction(now, sim.adminOrDeployer(), 'api_key.created', null, {
          key_id: k.keyId,
          user_id: k.userId,
        });
      }
      return;
    }
    case 'rotate': {
      const c = sim.rng.pick(agent.configs);
      sim.systemAction(now, 'secret.rotated', null, {
        secret_ref: `vault://${agent.arch.team}/${c.connector}/api-token`,
      });
      return;
    }
    case 'rename': {
      const name =
        agent.name === agent.baseName
          ? `${agent.baseName}-${sim.rng.pick(['v2', 'east', 'blue', 'prod'])}`
          : agent.baseName;
      agent.name = name;
      sim.userAction(now, sim.ownerOrAdmin(agent), 'agent.updated', agent.id, { agent_id: agent.id, name });
      return;
    }
    case 'deploy': {
      if (agent.status !== 'active') return;
      const version = agent.maxVersion + 1;
      const image = `registry.${sim.w.org.domain}/agents/${agent.baseName}:1.${version - 1}.${sim.rng.int(0, 4)}`;
      agent.maxVersion = version;
      agent.version = version;
      agent.images.set(version, image);
      sim.userAction(now, sim.ownerOrAdmin(agent), 'agent.deployed', agent.id, {
        agent_id: agent.id,
        version,
        image_uri: image,
        notes: sim.rng.pick([
          'routine release',
          'dependency updates',
          'prompt tuning',
          'connector client upgrade',
          'hotfix',
        ]),
      });
      return;
    }
    case 'rollback': {
      if (agent.status !== 'active' || agent.version <= 1) return;
      const to = agent.version - 1;
      agent.version = to;
      sim.userAction(now, sim.ownerOrAdmin(agent), 'agent.rolled_back', agent.id, {
        agent_id: agent.id,
        to_version: to,
        image_uri: agent.images.get(to)!,
      });
      return;
    }
    case 'intent': {
      if (agent.intent === null) return;
      sim.userAction(now, sim.ownerOrAdmin(agent), 'intent.declared', agent.id, {
        agent_id: agent.id,
        intent: agent.intent,
      });
      return;
    }
    case 'config': {
      if (agent.tempConfig) {
        const id = agent.tempConfig.id;
        agent.tempConfig = null;
        sim.userAction(now, sim.ownerOrAdmin(agent), 'connector.removed', agent.id, { config_id: id });
      } else {
        const config: ConnectorConfig = {
          id: sim.rng.uuid(),
          agent_id: agent.id,
          connector: 'pagerduty',
          permitted_operations: ['oncall:list'],
        };
        agent.tempConfig = config;
        sim.userAction(now, sim.ownerOrAdmin(agent), 'connector.configured', agent.id, { config });
      }
      return;
    }
    case 'compliance': {
      const auditors = sim.active(['auditor']);
      const who = auditors.length > 0 && sim.rng.chance(0.8) ? sim.rng.pick(auditors) : sim.admin();
      sim.userAction(now, who, 'compliance.generated', agent.id, {
        package_id: sim.rng.uuid(),
        agent_id: agent.id,
      });
      return;
    }
    case 'pause': {
      // An operator pauses an agent during an incident and lets it run again later.
      if (agent.status !== 'active') return;
      sim.userAction(now, sim.ownerOrAdmin(agent), 'agent.suspended', agent.id, {
        agent_id: agent.id,
        call_id: null,
        reason: 'manual',
      });
      agent.status = 'suspended';
      sim.queue.push(now + sim.rng.int(30, 180) * MINUTE, (t) => resume(sim, t, agent));
      return;
    }
    case 'tempdeny': {
      const rule: PolicyRule = {
        id: sim.rng.uuid(),
        version: 1,
        agent_id: agent.id,
        name: `${agent.baseName}-freeze-deletes`,
        rule_type: 'deny',
        connector: null,
        action_pattern: '*:delete',
        risk_threshold: 0,
        approval_channel: null,
      };
      agent.rules.push(rule);
      sim.userAction(now, sim.admin(), 'policy.created', agent.id, { rule });
      sim.queue.push(now + sim.rng.int(2, 8) * HOUR, (t) => {
        agent.rules = agent.rules.filter((r) => r.id !== rule.id);
        sim.userAction(t, sim.admin(), 'policy.deleted', agent.id, { rule_id: rule.id });
      });
      return;
    }
    default:
      return;
  }
}
