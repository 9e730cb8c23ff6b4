/** Risk score of spec §8.3 step 1. */
import type { Environment, FrequencyStep, RiskFactors } from '../format/export-types.js';
import type { CompiledProfile } from './profile.js';
import { operationVerb } from './operation-match.js';

/** Points of the highest step whose `min_calls` ≤ n (steps sorted ascending), 0 below the first. */
export function frequencyPoints(steps: readonly FrequencyStep[], n: number): number {
  let points = 0;
  for (const step of steps) {
    if (step.min_calls <= n) points = step.points;
    else break;
  }
  return points;
}

/** The four factors of one call; `windowCount` = earlier calls of the agent in (t − window, t]. */
export function riskFactors(
  profile: CompiledProfile,
  connector: string,
  operation: string,
  environment: Environment | null,
  windowCount: number,
): RiskFactors {
  return {
    operation: profile.verbWeights.get(operationVerb(operation)) ?? profile.defaultVerbWeight,
    connector: profile.connectorWeights.get(connector) ?? profile.defaultConnectorWeight,
    frequency: frequencyPoints(profile.steps, windowCount),
    // A null environment scores 0 by the spec; an environment missing from the table does too.
    target: environment === null ? 0 : (profile.targetWeights.get(environment) ?? 0),
  };
}

/** min(100, sum of the factors). */
export function riskScore(f: RiskFactors): number {
  return Math.min(100, f.operation + f.connector + f.frequency + f.target);
}
