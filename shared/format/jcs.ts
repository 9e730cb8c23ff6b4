/** RFC 8785 JSON canonicalization (JCS) for the integer-only JSON of this format. */

function compareUtf16(a: string, b: string): number {
  // Default JS string comparison is by UTF-16 code units, which is what RFC 8785 §3.2.3 asks for.
  return a < b ? -1 : a > b ? 1 : 0;
}

/** An object's members in JCS order: the defined ones, sorted by UTF-16 code units. */
export function canonicalKeys(obj: Record<string, unknown>): string[] {
  return Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort(compareUtf16);
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
      const keys = canonicalKeys(obj);
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
 * Text that is nothing but tokens already in canonical form, with no whitespace between them:
 * punctuation, strings with no escape and nothing that would need one (no quote, backslash,
 * control character or surrogate), integers of at most 15 digits (exact as doubles, printed back
 * digit for digit; the look-ahead stops a longer number from passing as two), true, false, null.
 */
// eslint-disable-next-line no-control-regex -- the class must leave out the control characters JCS escapes
const PLAIN_TOKENS = /^(?:[{}[\],:]|"[^"\\\x00-\x1f\ud800-\udfff]*"|(?:0|-?[1-9][0-9]{0,14})(?![0-9])|true|false|null)*$/;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

/**
 * The length of JSON.stringify(value) for a parse of PLAIN_TOKENS text, computed without writing
 * it, or -1 when the shortcut cannot vouch for the result: keys not in strictly increasing
 * code-unit order, a key JS may enumerate out of text order (one starting with a digit), a number
 * outside what PLAIN_TOKENS lets through.
 */
function plainLength(value: unknown): number {
  switch (typeof value) {
    case 'string':
      return value.length + 2;
    case 'number': {
      const a = Math.abs(value);
      if (!Number.isInteger(value) || a >= 1e15 || Object.is(value, -0)) return -1;
      let d = 1;
      while (d < 15 && a >= POW10[d]!) d++;
      return d + (value < 0 ? 1 : 0);
    }
    case 'boolean':
      return value ? 4 : 5;
    case 'object': {
      if (value === null) return 4;
      if (Array.isArray(value)) {
        let n = value.length > 0 ? value.length + 1 : 2;
        for (const v of value) {
          const l = plainLength(v);
          if (l < 0) return -1;
          n += l;
        }
        return n;
      }
      let n = 1;
      let prev: string | null = null;
      for (const k in value) {
        const c = k.charCodeAt(0);
        if (c >= 48 && c <= 57) return -1;
        if (prev !== null && !(prev < k)) return -1;
        prev = k;
        const l = plainLength((value as Record<string, unknown>)[k]);
        if (l < 0) return -1;
        n += k.length + 4 + l; // "k": value, plus a comma or the closing brace
      }
      return prev === null ? 2 : n;
    }
    default:
      return -1;
  }
}

/**
 * Whether `text` is byte-identical to the JCS form of `value` (its own parse).
 *
 * Shortcut, exact, and most lines take it: when the text is only canonical tokens (PLAIN_TOKENS,
 * which lets no backslash through), its parse re-serializes token for token, so the text is
 * canonical exactly when the keys are in order (checked on the parse, whose key order is the
 * text's when no key starts with a digit) and nothing was collapsed by the parse: a duplicate
 * key leaves the text longer than the serialization of the parse, so equal lengths settle it.
 * Otherwise: JSON.stringify writes strings and numbers exactly as RFC 8785 does, so when every
 * object's keys are already sorted it *is* the canonical form; objects whose key order JS
 * rearranged (integer-like keys) take the full canonicalize() path.
 */
export function isCanonicalText(text: string, value: unknown): boolean {
  try {
    if (PLAIN_TOKENS.test(text)) {
      const n = plainLength(value);
      if (n >= 0) return n === text.length;
    }
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
