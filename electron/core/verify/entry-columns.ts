/**
 * The parsed columns the store keeps beside each entry's exact bytes, computed where the line is
 * parsed (the verification worker) so the writer never parses JSON. Defensive: an invalid export
 * may hold anything.
 */
import type { AuditEntry } from '../../../shared/format/export-types.js';

/** seq, ts, agent_id, actor_type, actor_id, action_type, verdict, status, search text. */
export type EntryColumns = [
  number | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string | null,
  string,
];

export const COLUMN_COUNT = 9;

function str(v: unknown): string | null {
  return typeof v === 'string' ? v : null;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reused for every entry: the parts of one search text (this runs once per entry, in one thread). */
const parts: string[] = [];

function part(p: unknown): void {
  if (typeof p === 'string' && p.length > 0) parts.push(p);
}

/**
 * The narrow, lower-cased search text of an entry: ids, action type, connector, operation,
 * resource, data types. Joined once into a flat string (appending part by part built a chain of
 * intermediate strings that then had to be flattened, several hundred bytes of garbage per entry).
 */
function searchText(e: AuditEntry, data: Record<string, unknown>): string {
  parts.length = 0;
  part(e.id);
  part(data.call_id);
  part(data.approval_id);
  part(e.action_type);
  part(data.connector);
  part(data.operation);
  part(isObject(data.target) ? data.target.resource : undefined);
  if (Array.isArray(data.data_types)) for (const d of data.data_types) part(d);
  part(data.agent_id);
  part(data.rule_id);
  return parts.join(' ').toLowerCase();
}

/** The store's columns for one parsed entry (all null for a line that is not a JSON object). */
export function entryColumns(e: AuditEntry | null): EntryColumns {
  const out: unknown[] = [];
  pushEntryColumns(e, out);
  return out as EntryColumns;
}

/** Appends the COLUMN_COUNT columns of entryColumns(e) to `out` (a batch of rows, without an array per row). */
export function pushEntryColumns(e: AuditEntry | null, out: unknown[]): void {
  if (!isObject(e)) {
    out.push(null, null, null, null, null, null, null, null, '');
    return;
  }
  const actor: Record<string, unknown> = isObject(e.actor) ? e.actor : {};
  const data: Record<string, unknown> = isObject(e.data) ? e.data : {};
  const call = e.action_type === 'connector.called';
  const decision: Record<string, unknown> = call && isObject(data.decision) ? data.decision : {};
  out.push(
    Number.isSafeInteger(e.seq) ? e.seq : null,
    str(e.ts),
    str(e.agent_id),
    str(actor.type),
    str(actor.id),
    str(e.action_type),
    call ? str(decision.verdict) : null,
    call ? str(data.status) : null,
    searchText(e, data),
  );
}
