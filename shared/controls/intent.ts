/** Whether an observed system, action or data type is inside an agent's declared intent (spec §8.2, §8.3 step 2). */
import { operationListMatches } from '../evaluate/operation-match.js';

export type IntentDimension = 'systems' | 'actions' | 'data_types';

/** `null` declared (no intent) puts everything outside; `*` admits everything, as drift does. */
export function insideIntent(dimension: IntentDimension, declared: readonly string[] | null, value: string): boolean {
  if (declared === null) return false;
  if (dimension === 'actions') return operationListMatches(declared, value);
  return declared.includes('*') || declared.includes(value);
}
