/** Operation lists and verbs of spec §8.2. */

/** The verb of an operation: after its last `:`; else before its first `_`; else the whole string. */
export function operationVerb(operation: string): string {
  const colon = operation.lastIndexOf(':');
  if (colon !== -1) return operation.slice(colon + 1);
  const underscore = operation.indexOf('_');
  return underscore === -1 ? operation : operation.slice(0, underscore);
}

/**
 * The `<prefix>:*` entry that would cover an operation, or null when the operation has no `:`.
 * An operation without `:` has no "text before its first `:`", so only `*` or an exact entry can
 * admit it (the stricter reading; see docs/evaluation.md).
 */
export function prefixWildcard(operation: string): string | null {
  const colon = operation.indexOf(':');
  return colon === -1 ? null : `${operation.slice(0, colon)}:*`;
}

/** Whether an operation list (intent `permitted_actions`, connector `permitted_operations`) admits an operation. */
export function operationListMatches(list: readonly string[], operation: string): boolean {
  const wildcard = prefixWildcard(operation);
  for (const item of list) {
    if (item === '*' || item === operation || (wildcard !== null && item === wildcard)) return true;
  }
  return false;
}

/** Which list entry admitted the operation (for explanations), or null. */
export function matchingListEntry(list: readonly string[], operation: string): string | null {
  const wildcard = prefixWildcard(operation);
  for (const item of list) if (item === operation) return item;
  if (wildcard !== null) for (const item of list) if (item === wildcard) return item;
  for (const item of list) if (item === '*') return item;
  return null;
}
