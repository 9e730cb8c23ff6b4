/**
 * Values derived from the store (agent names, log layout, finding sites) that many queries need,
 * within one scope: an engagement's exports, or the whole store. Recomputed only when an import or
 * an engagement change invalidated them.
 */
import type { Store } from '../../core/store/store.js';

export interface LogInfo {
  logId: number;
  kind: 'origin' | 'quarantine';
  origin: string | null;
  minPos: number;
  maxPos: number;
  count: number;
  /** The runs of positions present, ascending and disjoint, [from, to] inclusive. */
  runs: [number, number][];
}

export interface AgentInfo {
  agentId: string;
  name: string;
  status: string;
  version: number | null;
  intent: { permitted_systems: string[]; permitted_actions: string[]; permitted_data_types: string[] } | null;
}

export interface ExportRange {
  ref: number;
  exportId: string | null;
  logId: number;
  posFirst: number | null;
  posLast: number | null;
  trusted: boolean;
  integrity: string;
}

/** The exports a cache is computed within; `null` = the whole store. */
export type ScopeSource = () => { exportRefs: number[] } | null;

/** A clause restricting `<alias>.id` (an entries rowid) to the scope's runs, with its parameters. */
export interface SpanSql {
  sql: string;
  params: number[];
}

export class DerivedCache {
  private revision = -1;
  private scopeRefs: number[] | null = null;
  private whole = true;
  private logsCache: LogInfo[] = [];
  private agentsCache = new Map<string, AgentInfo>();
  private exportsCache: ExportRange[] = [];
  private findingSites = new Map<string, number>();
  private memo = new Map<string, unknown>();

  /** Whether the trigram search index covers the store (set by the services). */
  private indexed: () => boolean = () => false;

  constructor(
    private readonly store: Store,
    private readonly scope: ScopeSource = () => null,
  ) {}

  /** Tells the cache how to learn whether the derived search index covers the store. */
  setIndexProbe(f: () => boolean): void {
    this.indexed = f;
  }

  /** Whether the derived index covers the store (its per-export and per-log structures are usable). */
  indexReady(): boolean {
    return this.indexed();
  }

  /**
   * Whether queries may read the derived index's tallies and text index: it covers the store AND
   * this scope holds every line of every log (the tallies are per log or per agent, not per export).
   */
  searchIndexed(): boolean {
    this.ensure();
    return this.whole && this.indexed();
  }

  /** The export refs in scope (`null` = every export in the store). */
  exportRefs(): number[] | null {
    this.ensure();
    return this.scopeRefs;
  }

  /** A SQL filter `<col> IN (scope)` for tables keyed by export ref; '1' for the whole store. */
  exportFilter(col: string): { sql: string; params: string[] } {
    const refs = this.exportRefs();
    if (refs === null) return { sql: '1', params: [] };
    return { sql: `${col} IN (SELECT value FROM json_each(?))`, params: [JSON.stringify(refs)] };
  }

  /** A SQL filter on an entries rowid column: the scope's runs ('1' when the scope is whole). */
  spanFilter(col: string): SpanSql {
    this.ensure();
    if (this.whole) return { sql: '1', params: [] };
    const runs = this.logsCache.flatMap((l) => l.runs.map(([a, b]) => [l.logId, a, b] as const));
    if (runs.length === 0) return { sql: '0', params: [] };
    return {
      sql: `(${runs.map(() => `(${col} >= ((? << 40) + ?) AND ${col} <= ((? << 40) + ?))`).join(' OR ')})`,
      params: runs.flatMap(([l, a, b]) => [l, a, l, b]),
    };
  }

  /** Drops everything; called after an import commits. */
  invalidate(): void {
    this.revision = -1;
    this.memo.clear();
  }

  private ensure(): void {
    if (this.revision === 0) return;
    this.revision = 0;
    const scope = this.scope();
    this.scopeRefs = scope === null ? null : [...scope.exportRefs].sort((a, b) => a - b);
    const inScope = scope === null ? () => true : ((set) => (ref: number) => set.has(ref))(new Set(scope.exportRefs));
    const all = this.store
      .prepare<[], { id: number; export_id: string | null; log_id: number; pos_first: number | null; pos_last: number | null; trusted: number; integrity: string }>(
        'SELECT id, export_id, log_id, pos_first, pos_last, trusted, integrity FROM exports ORDER BY id',
      )
      .all()
      .map((r) => ({ ref: r.id, exportId: r.export_id, logId: r.log_id, posFirst: r.pos_first, posLast: r.pos_last, trusted: r.trusted === 1, integrity: r.integrity }));
    this.exportsCache = all.filter((x) => inScope(x.ref));
    this.logsCache = this.loadLogs(this.exportsCache);
    if (scope === null) this.whole = true;
    else {
      // Whole when this scope's runs are every log's runs: then per-log tallies are this scope's.
      const full = this.loadLogs(all);
      this.whole = full.length === this.logsCache.length && full.every((l, i) => JSON.stringify(l.runs) === JSON.stringify(this.logsCache[i]!.runs));
    }
    this.agentsCache = this.loadAgents();
    this.findingSites = new Map();
    const f = this.exportFilter('f.export_ref');
    const rows = this.store
      .prepare<string[], { log_id: number; seq: number; n: number }>(
        `SELECT x.log_id AS log_id, f.seq AS seq, count(*) AS n FROM findings f JOIN exports x ON x.id = f.export_ref WHERE f.seq IS NOT NULL AND ${f.sql} GROUP BY x.log_id, f.seq`,
      )
      .all(...f.params);
    for (const r of rows) this.findingSites.set(`${r.log_id}:${r.seq}`, r.n);
  }

  /**
   * Each log's positions, from the exports placed in it: a log only ever holds the lines of the
   * exports recorded in it, so the union of their ranges is exactly its rows — no table scan.
   */
  private loadLogs(exports: ExportRange[]): LogInfo[] {
    const logs = this.store.prepare<[], { id: number; kind: 'origin' | 'quarantine'; origin: string | null }>('SELECT id, kind, origin FROM logs ORDER BY id').all();
    const ranges = exports
      .filter((x): x is ExportRange & { posFirst: number; posLast: number } => x.posFirst !== null && x.posLast !== null)
      .map((x) => ({ log_id: x.logId, pos_first: x.posFirst, pos_last: x.posLast }))
      .sort((a, b) => a.log_id - b.log_id || a.pos_first - b.pos_first);
    const out: LogInfo[] = [];
    for (const l of logs) {
      const mine = ranges.filter((r) => r.log_id === l.id);
      if (mine.length === 0) continue;
      const runs: [number, number][] = [];
      for (const r of mine) {
        const last = runs[runs.length - 1];
        if (last && r.pos_first <= last[1] + 1) last[1] = Math.max(last[1], r.pos_last);
        else runs.push([r.pos_first, r.pos_last]);
      }
      const count = runs.reduce((s, [a, b]) => s + b - a + 1, 0);
      out.push({ logId: l.id, kind: l.kind, origin: l.origin, minPos: runs[0]![0], maxPos: runs[runs.length - 1]![1], count, runs });
    }
    return out;
  }

  private loadAgents(): Map<string, AgentInfo> {
    const map = new Map<string, AgentInfo>();
    // Oldest first, so later states (and accepted exports' end states) win.
    const f = this.exportFilter('s.export_ref');
    const states = this.store
      .prepare<string[], { json: Buffer }>(`SELECT s.json FROM states s JOIN exports x ON x.id = s.export_ref WHERE ${f.sql} ORDER BY x.trusted, s.tree_size, s.id`)
      .all(...f.params);
    for (const s of states) {
      let doc: unknown;
      try {
        doc = JSON.parse(s.json.toString('utf8'));
      } catch {
        continue;
      }
      const agents = (doc as { agents?: unknown }).agents;
      if (!Array.isArray(agents)) continue;
      for (const a of agents as Record<string, unknown>[]) {
        if (typeof a?.id !== 'string') continue;
        const intent = a.intent as AgentInfo['intent'] | undefined;
        map.set(a.id, {
          agentId: a.id,
          name: typeof a.name === 'string' ? a.name : a.id,
          status: typeof a.status === 'string' ? a.status : 'unknown',
          version: typeof a.version === 'number' ? a.version : null,
          intent: intent && typeof intent === 'object' ? intent : null,
        });
      }
    }
    return map;
  }

  logs(): LogInfo[] {
    this.ensure();
    return this.logsCache;
  }

  log(logId: number): LogInfo | undefined {
    return this.logs().find((l) => l.logId === logId);
  }

  agents(): Map<string, AgentInfo> {
    this.ensure();
    return this.agentsCache;
  }

  agentName(agentId: string | null): string | null {
    if (!agentId) return null;
    return this.agents().get(agentId)?.name ?? null;
  }

  exports(): ExportRange[] {
    this.ensure();
    return this.exportsCache;
  }

  /** The export a line belongs to: the first accepted export whose range holds it, else any. */
  exportOf(logId: number, pos: number): ExportRange | undefined {
    const holds = this.exports().filter((x) => x.logId === logId && x.posFirst !== null && x.posLast !== null && x.posFirst <= pos && pos <= x.posLast);
    return holds.find((x) => x.trusted) ?? holds[0];
  }

  findingCount(logId: number, seq: number | null): number {
    this.ensure();
    return seq === null ? 0 : (this.findingSites.get(`${logId}:${seq}`) ?? 0);
  }

  /** Forgets memoized values whose key starts with one of `prefixes`. */
  forget(prefixes: string[]): void {
    for (const k of [...this.memo.keys()]) if (prefixes.some((p) => k.startsWith(p))) this.memo.delete(k);
  }

  /** Memoizes an expensive derived value until the next import. */
  remember<T>(key: string, compute: () => T): T {
    this.ensure();
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = compute();
    this.memo.set(key, v);
    return v;
  }
}
