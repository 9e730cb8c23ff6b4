/** A readable diff between two package versions: figures that changed, rows added or removed. */
import { canonicalize } from '../format/jcs.js';

export interface DiffChange {
  path: string;
  change: 'added' | 'removed' | 'changed';
  before: unknown;
  after: unknown;
}

/** Fields that name a row in the package's arrays, tried in order. */
const KEY_FIELDS: ReadonlyArray<readonly string[]> = [
  ['export_id'],
  ['approval_id'],
  ['criterion'],
  ['from', 'to', 'access', 'outcome'],
  ['role', 'connector'],
  ['connector', 'operation'],
  ['kind', 'seq', 'entry_id', 'message'],
  ['kind', 'count'],
  ['action_type', 'count'],
  ['id'],
  ['connector'],
  ['seq'],
];

function rowKey(v: unknown): string | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const o = v as Record<string, unknown>;
  for (const fields of KEY_FIELDS) {
    if (fields.every((f) => f in o)) {
      return fields.map((f) => `${f}=${o[f] === null ? 'null' : String(o[f])}`).join(',');
    }
  }
  return null;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function walk(path: string, a: unknown, b: unknown, out: DiffChange[]): void {
  if (canonicalize(a) === canonicalize(b)) return;
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const p = path === '' ? k : `${path}.${k}`;
      if (!(k in a)) out.push({ path: p, change: 'added', before: undefined, after: b[k] });
      else if (!(k in b)) out.push({ path: p, change: 'removed', before: a[k], after: undefined });
      else walk(p, a[k], b[k], out);
    }
    return;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const keysA = a.map(rowKey);
    const keysB = b.map(rowKey);
    const keyed = keysA.every((k) => k !== null) && keysB.every((k) => k !== null);
    if (keyed && new Set(keysA).size === a.length && new Set(keysB).size === b.length) {
      const mapA = new Map(a.map((v, i) => [keysA[i]!, v]));
      const mapB = new Map(b.map((v, i) => [keysB[i]!, v]));
      for (const [k, v] of mapA) {
        if (!mapB.has(k)) out.push({ path: `${path}[${k}]`, change: 'removed', before: v, after: undefined });
        else walk(`${path}[${k}]`, v, mapB.get(k), out);
      }
      for (const [k, v] of mapB) if (!mapA.has(k)) out.push({ path: `${path}[${k}]`, change: 'added', before: undefined, after: v });
      return;
    }
    if (a.every((v) => typeof v !== 'object') && b.every((v) => typeof v !== 'object')) {
      const setA = new Set(a.map((v) => canonicalize(v)));
      const setB = new Set(b.map((v) => canonicalize(v)));
      for (const v of setA) if (!setB.has(v)) out.push({ path, change: 'removed', before: JSON.parse(v), after: undefined });
      for (const v of setB) if (!setA.has(v)) out.push({ path, change: 'added', before: undefined, after: JSON.parse(v) });
      return;
    }
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) {
      const p = `${path}[${i}]`;
      if (i >= a.length) out.push({ path: p, change: 'added', before: undefined, after: b[i] });
      else if (i >= b.length) out.push({ path: p, change: 'removed', before: a[i], after: undefined });
      else walk(p, a[i], b[i], out);
    }
    return;
  }
  out.push({ path, change: 'changed', before: a, after: b });
}

/** Every difference between two JSON documents, with rows of arrays matched by their natural key. */
export function diffDocuments(a: unknown, b: unknown): DiffChange[] {
  const out: DiffChange[] = [];
  walk('', a, b, out);
  return out;
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : canonicalize(v);
  return s.length > 120 ? `${s.slice(0, 117)}...` : s;
}

/** One line per change, e.g. `~ execution.totals.calls: 120 → 135`. */
export function formatDiff(changes: DiffChange[]): string {
  if (changes.length === 0) return 'No differences.\n';
  return (
    changes
      .map((c) =>
        c.change === 'changed'
          ? `~ ${c.path}: ${short(c.before)} \u2192 ${short(c.after)}`
          : c.change === 'added'
            ? `+ ${c.path}: ${short(c.after)}`
            : `- ${c.path}: ${short(c.before)}`,
      )
      .join('\n') + '\n'
  );
}
