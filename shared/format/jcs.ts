/** RFC 8785 JSON canonicalization (JCS) for the integer-only JSON of this format. */

function compareUtf16(a: string, b: string): number {
  // Default JS string comparison is by UTF-16 code units, which is what RFC 8785 §3.2.3 asks for.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Canonical JSON text of a value: sorted keys, no whitespace, ECMAScript number form. */
export function canonicalize(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('JCS: non-finite number');
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) return `[${value.map(canonicalize).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort(compareUtf16);
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalize(obj[k])}`).join(',')}}`;
    }
    default:
      throw new TypeError(`JCS: cannot encode ${typeof value}`);
  }
}

/** True when every object in the tree has its own keys in code-unit order already. */
function keysSorted(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    for (const v of value) if (!keysSorted(v)) return false;
    return true;
  }
  let prev: string | null = null;
  for (const k in value) {
    if (prev !== null && !(prev < k)) return false;
    prev = k;
    if (!keysSorted((value as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/**
 * Whether `text` is byte-identical to the JCS form of `value` (its own parse). JSON.stringify
 * writes strings and numbers exactly as RFC 8785 does, so when every object's keys are already
 * sorted it *is* the canonical form; objects whose key order JS rearranged (integer-like keys)
 * take the full canonicalize() path.
 */
export function isCanonicalText(text: string, value: unknown): boolean {
  try {
    if (keysSorted(value)) return JSON.stringify(value) === text;
    return canonicalize(value) === text;
  } catch {
    return false;
  }
}

/** Parses JSON text and says whether the text is byte-identical to its own canonical form. */
export function parseCanonical(text: string): { value: unknown; canonical: boolean } {
  const value: unknown = JSON.parse(text);
  return { value, canonical: isCanonicalText(text, value) };
}
