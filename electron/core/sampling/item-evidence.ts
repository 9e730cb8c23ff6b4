/**
 * Where a sampled item's evidence comes from: the line's place in the store, the accepted export
 * that holds it (for its re-evaluation trace), and the approval chain its approval id links it to.
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { ApprovalChain, ApprovalLink } from '../../../shared/sampling/item-evidence.js';
import type { SampledItem } from '../../../shared/sampling/workpaper-types.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';

type Db = BetterSqlite3.Database;

/** Approvals are requested, reviewed and used close to one another: the chain is looked for this many lines either side. */
export const APPROVAL_WINDOW = 50_000;

/** The line of a sampled item in the store, and the accepted export of the engagement that holds it. */
export function locateItem(
  db: Db,
  exportRefs: readonly number[],
  item: SampledItem,
): { logId: number; pos: number; ref: string; exportRef: number; seq: number } {
  const log = db
    .prepare<[string], { id: number }>("SELECT id FROM logs WHERE kind = 'origin' AND origin = ?")
    .get(item.origin);
  if (!log) throw new CrosscheckError('NOT_FOUND', `the store holds no log ${item.origin}`);
  const x = db
    .prepare<[number, number, number, string], { id: number }>(
      'SELECT id FROM exports WHERE log_id = ? AND trusted = 1 AND pos_first <= ? AND pos_last >= ? AND id IN (SELECT value FROM json_each(?)) ORDER BY id LIMIT 1',
    )
    .get(log.id, item.seq, item.seq, JSON.stringify(exportRefs));
  if (!x)
    throw new CrosscheckError(
      'NOT_FOUND',
      `no accepted export of this engagement holds ${item.origin} position ${item.seq} any more`,
    );
  const e = db
    .prepare<[number, number], { seq: number | null }>('SELECT seq FROM entries WHERE id = ((? << 40) + ?)')
    .get(log.id, item.seq);
  return {
    logId: log.id,
    pos: item.seq,
    ref: `${log.id}:${item.seq}`,
    exportRef: x.id,
    seq: e?.seq ?? item.seq,
  };
}

interface LinkRow {
  pos: number;
  seq: number | null;
  ts: string | null;
  action_type: string;
  actor_type: string | null;
  actor_id: string | null;
  agent_id: string | null;
  data: string | null;
}

/**
 * The role a user held just before position `pos`: the last user.created / user.role_changed for
 * them earlier in the log, else their role in the state the export starts from.
 */
export function roleAt(db: Db, logId: number, exportRef: number, userId: string, pos: number): string | null {
  const changed = db
    .prepare<[number, number, number, string, string], { role: string | null }>(
      `SELECT coalesce(json_extract(CAST(line AS TEXT), '$.data.role'), json_extract(CAST(line AS TEXT), '$.data.user.role')) AS role FROM entries
       WHERE id >= ((? << 40) + 0) AND id < ((? << 40) + ?) AND action_type IN ('user.created', 'user.role_changed')
         AND coalesce(json_extract(CAST(line AS TEXT), '$.data.user_id'), json_extract(CAST(line AS TEXT), '$.data.user.id')) = ? AND ? <> ''
       ORDER BY id DESC LIMIT 1`,
    )
    .get(logId, logId, pos, userId, userId);
  if (changed?.role) return changed.role;
  const start = db
    .prepare<[number], { json: Buffer }>("SELECT json FROM states WHERE export_ref = ? AND kind = 'start'")
    .get(exportRef);
  if (!start) return null;
  try {
    const users =
      (JSON.parse(Buffer.from(start.json).toString('utf8')) as { users?: { id?: unknown; role?: unknown }[] })
        .users ?? [];
    const u = users.find((x) => x.id === userId);
    return typeof u?.role === 'string' ? u.role : null;
  } catch {
    return null;
  }
}

/** The approval chain of the line at (logId, pos), when the line names an approval. */
export function approvalChain(
  db: Db,
  logId: number,
  pos: number,
  line: string,
  exportRef: number,
): ApprovalChain | null {
  let approvalId: unknown;
  try {
    approvalId = (JSON.parse(line) as { data?: { approval_id?: unknown } }).data?.approval_id;
  } catch {
    return null;
  }
  if (typeof approvalId !== 'string') return null;
  const rows = db
    .prepare<[number, number, number, number, string], LinkRow>(
      `SELECT pos, seq, ts, action_type, actor_type, actor_id, agent_id, json_extract(CAST(line AS TEXT), '$.data') AS data FROM entries
       WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) AND action_type IN ('approval.requested', 'approval.reviewed', 'connector.called')
         AND json_extract(CAST(line AS TEXT), '$.data.approval_id') = ? ORDER BY id`,
    )
    .all(logId, Math.max(0, pos - APPROVAL_WINDOW), logId, pos + APPROVAL_WINDOW, approvalId);
  const parsed = rows.map((r) => ({ r, d: (r.data ? JSON.parse(r.data) : {}) as Record<string, unknown> }));
  const requested = parsed.find((p) => p.r.action_type === 'approval.requested');
  const reviewed = parsed.find((p) => p.r.action_type === 'approval.reviewed');
  const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  // The call the approval was asked for names the agent that requested it.
  const callId = text(requested?.d.call_id);
  const origin = callId
    ? db
        .prepare<[number, number, number, number, string], { agent_id: string | null }>(
          `SELECT agent_id FROM entries WHERE id >= ((? << 40) + ?) AND id <= ((? << 40) + ?) AND action_type = 'connector.called'
             AND json_extract(CAST(line AS TEXT), '$.data.call_id') = ? LIMIT 1`,
        )
        .get(logId, Math.max(0, pos - APPROVAL_WINDOW), logId, pos + APPROVAL_WINDOW, callId)
    : undefined;
  const links: ApprovalLink[] = parsed.map(({ r, d }) => ({
    ref: `${logId}:${r.pos}`,
    seq: r.seq ?? r.pos,
    ts: r.ts,
    action_type: r.action_type,
    actor: `${r.actor_type ?? '?'} ${r.actor_id ?? ''}`.trim(),
    detail:
      r.action_type === 'approval.requested'
        ? `for call ${text(d.call_id) ?? '?'}, risk ${String(d.risk_score ?? '?')}, expires ${text(d.expires_at) ?? '?'}`
        : r.action_type === 'approval.reviewed'
          ? `decision ${text(d.decision) ?? '?'}`
          : `call ${text(d.call_id) ?? '?'} ${text(d.connector) ?? ''} ${text(d.operation) ?? ''}`.trim(),
  }));
  return {
    approvalId,
    requester: origin?.agent_id ?? requested?.r.agent_id ?? null,
    reviewer: reviewed?.r.actor_id ?? null,
    reviewerRole: reviewed?.r.actor_id
      ? roleAt(db, logId, exportRef, reviewed.r.actor_id, reviewed.r.pos)
      : null,
    decision: text(reviewed?.d.decision),
    expiresAt: text(requested?.d.expires_at),
    links,
  };
}
