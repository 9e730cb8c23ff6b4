/** Display formatting shared by the screens. */

const NUMBER = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return NUMBER.format(n);
}

/** `2026-03-18T08:05:18.110Z` → `2026-03-18 08:05:18Z`: UTC, as recorded, without milliseconds. */
export function formatTs(ts: string | null | undefined): string {
  if (!ts) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(\.\d+)?Z$/.exec(ts);
  return m ? `${m[1]} ${m[2]}Z` : ts;
}

/** Compact time for dense lists: `03-18 08:05:18`; the full value goes in a tooltip. */
export function formatListTs(ts: string | null | undefined): string {
  if (!ts) return '—';
  const m = /^\d{4}-(\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(ts);
  return m ? `${m[1]} ${m[2]}` : ts;
}

/** First 8 characters of an id or hash, the rest on hover. */
export function shortId(id: string | null | undefined, n = 8): string {
  if (!id) return '—';
  return id.length > n ? `${id.slice(0, n)}…` : id;
}

/** Human duration between two timestamps, e.g. `2 h 5 min`. */
export function formatDuration(fromTs: string, toTs: string): string {
  const ms = Date.parse(toTs) - Date.parse(fromTs);
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const min = Math.floor(s / 60);
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  if (h < 48) return `${h} h ${min % 60} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** Pretty JSON for the detail panes (stable key order as recorded). */
export function prettyJson(v: unknown): string {
  return v === undefined ? '—' : JSON.stringify(v, null, 2);
}
