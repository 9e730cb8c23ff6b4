/** Turning stored entry rows into the EntryRow view (parsing only the fields the list shows). */
import type { EntryRow } from '../../../shared/api/view-types.js';
import type { DerivedCache } from './derived-cache.js';

export interface StoredEntry {
  log_id: number;
  pos: number;
  seq: number | null;
  ts: string | null;
  agent_id: string | null;
  actor_type: string | null;
  actor_id: string | null;
  action_type: string | null;
  verdict: string | null;
  status: string | null;
  line: Buffer;
}

export const ENTRY_SELECT = 'SELECT log_id, pos, seq, ts, agent_id, actor_type, actor_id, action_type, verdict, status, line FROM entries';

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

/** Parses a stored line; an unparsable line (kept for the record) parses to null. */
export function parseLine(line: Buffer): Record<string, unknown> | null {
  try {
    const v: unknown = JSON.parse(line.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function toEntryRow(r: StoredEntry, cache: DerivedCache): EntryRow {
  const parsed = parseLine(r.line);
  const data = obj(parsed?.data);
  const target = obj(data.target);
  const log = cache.log(r.log_id);
  const exp = cache.exportOf(r.log_id, r.pos);
  return {
    ref: `${r.log_id}:${r.pos}`,
    quarantined: log?.kind === 'quarantine',
    origin: log?.origin ?? '(unknown origin)',
    seq: r.seq ?? r.pos,
    id: str(parsed?.id) ?? '',
    ts: r.ts ?? '',
    exportRef: exp ? String(exp.ref) : null,
    agentId: r.agent_id,
    agentName: cache.agentName(r.agent_id),
    actorType: r.actor_type ?? '',
    actorId: r.actor_id ?? '',
    actionType: r.action_type ?? '(unparsable)',
    connector: str(data.connector),
    operation: str(data.operation),
    resource: str(target.resource),
    verdict: r.verdict,
    status: r.status,
    findingCount: cache.findingCount(r.log_id, r.seq),
  };
}

/** Splits `<log>:<pos>`. */
export function parseRef(ref: string): { logId: number; pos: number } {
  const [a, b] = ref.split(':');
  return { logId: Number(a), pos: Number(b) };
}
