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

  private loadLogs(): LogInfo[] {
    const logs = this.store.prepare<[], { id: number; kind: 'origin' | 'quarantine'; origin: string | null }>('SELECT id, kind, origin FROM logs ORDER BY id').all();
    const out: LogInfo[] = [];
    for (const l of logs) {
      // The rowid range of one log: min/max/count are index-only walks over the rowid.
      const r = this.store
        .prepare<[number, number], { lo: number | null; hi: number | null; n: number }>(
          'SELECT min(id & 1099511627775) AS lo, max(id & 1099511627775) AS hi, count(*) AS n FROM entries WHERE id >= (? << 40) AND id < ((? + 1) << 40)',
        )
        .get(l.id, l.id)!;
      if (r.n === 0 || r.lo === null || r.hi === null) continue;
      out.push({ logId: l.id, kind: l.kind, origin: l.origin, minPos: r.lo, maxPos: r.hi, count: r.n });
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

  /** Memoizes an expensive derived value until the next import. */
  remember<T>(key: string, compute: () => T): T {
    this.ensure();
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = compute();
    this.memo.set(key, v);
    return v;
  }
}
