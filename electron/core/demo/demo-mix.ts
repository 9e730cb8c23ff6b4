/**
 * Knobs for the shape of a generated log (issue 24): the share of activity that is connector
 * calls, how many agents run, and how many extra rules and connector configs each agent carries.
 * Absent knobs leave the generator exactly as it was (same seed, same bytes).
 */
import type { RuleTemplate } from './catalog.js';

export interface DemoMix {
  /** Share of the platform's activity ticks that are call bursts, in (0, 1]; default 0.93 (the rest: administration 3 : secret access 4). */
  callShare?: number;
  /** Agents the organisation runs (default 3–6, drawn by the seed); past the catalog's archetypes they repeat under numbered names. */
  agents?: number;
  /** Extra deny rules per agent on operations it never calls (default 0): every evaluation of its calls still walks them. */
  extraRulesPerAgent?: number;
  /** Extra connector configs per agent, for connectors it never calls (default 0). */
  extraConfigsPerAgent?: number;
}

/** Throws a RangeError for a knob out of range (the CLI reports it as a bad argument). */
export function checkMix(mix: DemoMix): void {
  if (mix.callShare !== undefined && !(mix.callShare > 0 && mix.callShare <= 1))
    throw new RangeError('callShare must be in (0, 1]');
  for (const [k, v] of [
    ['agents', mix.agents],
    ['extraRulesPerAgent', mix.extraRulesPerAgent],
    ['extraConfigsPerAgent', mix.extraConfigsPerAgent],
  ] as const) {
    if (v !== undefined && (!Number.isSafeInteger(v) || v < (k === 'agents' ? 1 : 0) || v > 1000))
      throw new RangeError(`${k} must be an integer from ${k === 'agents' ? 1 : 0} to 1000`);
  }
}

/** The tick's thresholds: below `admin` administration, below `secret` secret access, else a call burst. */
export function tickThresholds(mix: DemoMix | undefined): { admin: number; secret: number } {
  if (mix?.callShare === undefined) return { admin: 0.03, secret: 0.07 };
  const rest = 1 - mix.callShare;
  return { admin: (rest * 3) / 7, secret: rest };
}

/** The extra rules of an agent: deny rules whose patterns none of its operations match. */
export function extraRules(agentName: string, connectors: string[], n: number): RuleTemplate[] {
  return Array.from({ length: n }, (_, k) => ({
    name: `${agentName}-guard-${k + 1}`,
    rule_type: 'deny' as const,
    connector: connectors.length ? connectors[k % connectors.length]! : null,
    action_pattern: `purge_${k + 1}:*`,
    risk_threshold: 0,
    approval_channel: null,
  }));
}

/** The extra connector configs of an agent: connectors it never calls, with one read operation each. */
export function extraConfigs(
  used: string[],
  catalog: string[],
  n: number,
): { connector: string; ops: string[] }[] {
  const free = catalog.filter((c) => !used.includes(c));
  return Array.from({ length: n }, (_, k) => ({
    connector: k < free.length ? free[k]! : `aux-${k + 1 - free.length}`,
    ops: ['records:read'],
  }));
}
