/** The population behind a package as CSV: one row per entry, RFC 4180 quoting. */
import type { PopulationEntry } from '../../../shared/package/package-types.js';
import { accessOf } from '../../../shared/package/population-accumulator.js';

export const CSV_COLUMNS = [
  'origin',
  'seq',
  'entry_id',
  'ts',
  'agent_id',
  'actor_type',
  'actor_id',
  'action_type',
  'connector',
  'operation',
  'access',
  'verdict',
  'reason',
  'status',
  'risk_score',
  'approval_id',
  'leaf_hash',
] as const;

/** Quotes a field when it holds a comma, quote or line break; a leading =+-@ is neutralised for spreadsheets. */
export function csvField(v: string): string {
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

function str(v: unknown): string {
  return v === null || v === undefined ? '' : typeof v === 'string' ? v : typeof v === 'number' ? String(v) : JSON.stringify(v);
}

/** One CSV line (with CRLF, as RFC 4180 asks) for an entry. */
export function csvRow(e: PopulationEntry): string {
  const d = e.data;
  const call = e.action_type === 'connector.called';
  const decision = (call ? (d['decision'] ?? {}) : {}) as Record<string, unknown>;
  const op = call ? str(d['operation']) : '';
  const fields = [
    e.origin,
    String(e.seq),
    e.id,
    e.ts,
    e.agent_id ?? '',
    e.actor_type,
    e.actor_id,
    e.action_type,
    call || e.action_type === 'secret.accessed' ? str(d['connector']) : '',
    op,
    call ? accessOf(op) : '',
    str(decision['verdict']),
    str(decision['reason']),
    call ? str(d['status']) : '',
    str(decision['risk_score']),
    str(d['approval_id']),
    e.leaf_hash,
  ];
  return `${fields.map(csvField).join(',')}\r\n`;
}

export const CSV_HEADER = `${CSV_COLUMNS.join(',')}\r\n`;
