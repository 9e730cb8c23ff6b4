/**
 * Values derived from the whole store (agent names, log layout, finding sites) that many queries
 * need; recomputed only when an import changed the store.
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

export class DerivedCache {
  private revision = -1;
  private logsCache: LogInfo[] = [];
  private agentsCache = new Map<string, AgentInfo>();
  private exportsCache: ExportRange[] = [];
  private findingSites = new Map<string, number>();
  private memo = new Map<string, unknown>();

  /** Whether the trigram search index covers the store (set by the services). */
  searchIndexed: () => boolean = () => false;

  constructor(private readonly store: Store) {}

  /** Drops everything; called after an import commits. */
  invalidate(): void {
    this.revision = -1;
    this.memo.clear();
  }

  private ensure(): void {
    if (this.revision === 0) return;
    this.revision = 0;
    this.logsCache = this.loadLogs();
    this.agentsCache = this.loadAgents();
    this.exportsCache = this.store
      .prepare<[], { id: number; export_id: string | null; log_id: number; pos_first: number | null; pos_last: number | null; trusted: number; integrity: string }>(
        'SELECT id, export_id, log_id, pos_first, pos_last, trusted, integrity FROM exports ORDER BY id',
      )
      .all()
      .map((r) => ({ ref: r.id, exportId: r.export_id, logId: r.log_id, posFirst: r.pos_first, posLast: r.pos_last, trusted: r.trusted === 1, integrity: r.integrity }));
    this.findingSites = new Map();
    const rows = this.store
      .prepare<[], { log_id: number; seq: number; n: number }>(
        'SELECT x.log_id AS log_id, f.seq AS seq, count(*) AS n FROM findings f JOIN exports x ON x.id = f.export_ref WHERE f.seq IS NOT NULL GROUP BY x.log_id, f.seq',
      )
      .all();
    for (const r of rows) this.findingSites.set(`${r.log_id}:${r.seq}`, r.n);
  }

  /**
   * Each log's positions, from the exports placed in it: a log only ever holds the lines of the
   * exports recorded in it, so the union of their ranges is exactly its rows — no table scan.
   */
  private loadLogs(): LogInfo[] {
    const logs = this.store.prepare<[], { id: number; kind: 'origin' | 'quarantine'; origin: string | null }>('SELECT id, kind, origin FROM logs ORDER BY id').all();
    const ranges = this.store
      .prepare<[], { log_id: number; pos_first: number; pos_last: number }>(
        'SELECT log_id, pos_first, pos_last FROM exports WHERE pos_first IS NOT NULL AND pos_last IS NOT NULL ORDER BY log_id, pos_first',
      )
      .all();
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
    const states = this.store
      .prepare<[], { json: Buffer }>("SELECT s.json FROM states s JOIN exports x ON x.id = s.export_ref ORDER BY x.trusted, s.tree_size, s.id")
      .all();
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
