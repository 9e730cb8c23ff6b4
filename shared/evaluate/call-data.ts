/** The parts of a connector.called entry the evaluator computes from (spec §3.2). */
import type { AuditEntry, Environment } from '../format/export-types.js';
import { ENVIRONMENTS, isNullableStr, isRecord, isStr, isStrArray } from './schema.js';
import { parseTs } from './time.js';

/** Everything the computation reads; the recorded decision is compared loosely, never required. */
export interface CallInputs {
  seq: number | null;
  entry_id: string | null;
  ts: string;
  tsMs: number;
  agent_id: string;
  call_id: string;
  connector: string;
  operation: string;
  environment: Environment | null;
  data_types: string[];
  inputs_hash: string;
  approval_id: string | null;
}

/** Reads the computation inputs of a connector.called entry, or says why it cannot be evaluated. */
export function readCallInputs(entry: AuditEntry): CallInputs | string {
  const d: unknown = entry.data;
  if (!isRecord(d)) return 'data is not an object';
  const tsMs = parseTs(entry.ts);
  if (!Number.isFinite(tsMs)) return 'ts is not a timestamp';
  if (!isStr(entry.agent_id)) return 'agent_id is not a string';
  if (!isStr(d.call_id)) return 'data.call_id is not a string';
  if (!isStr(d.connector)) return 'data.connector is not a string';
  if (!isStr(d.operation)) return 'data.operation is not a string';
  if (!isRecord(d.target)) return 'data.target is not an object';
  const env = d.target.environment;
  if (env !== null && !ENVIRONMENTS.includes(env as Environment)) return 'data.target.environment is not prod, staging, dev or null';
  if (!isStrArray(d.data_types)) return 'data.data_types is not a list of strings';
  if (!isStr(d.inputs_hash)) return 'data.inputs_hash is not a string';
  if (!isNullableStr(d.approval_id)) return 'data.approval_id is not a string or null';
  return {
    seq: typeof entry.seq === 'number' && Number.isSafeInteger(entry.seq) ? entry.seq : null,
    entry_id: isStr(entry.id) ? entry.id : null,
    ts: entry.ts,
    tsMs,
    agent_id: entry.agent_id,
    call_id: d.call_id,
    connector: d.connector,
    operation: d.operation,
    environment: env as Environment | null,
    data_types: d.data_types,
    inputs_hash: d.inputs_hash,
    approval_id: d.approval_id,
  };
}

/** The recorded decision as found, each field `unknown` so that garbage compares as different. */
export interface RecordedView {
  verdict: unknown;
  reason: unknown;
  risk_score: unknown;
  factors: Record<string, unknown> | null;
  rule_id: unknown;
  rule_version: unknown;
  status: unknown;
  outputs_hash: unknown;
}

/** The recorded side of a connector.called entry. */
export function readRecorded(entry: AuditEntry): RecordedView {
  const d = isRecord(entry.data) ? entry.data : {};
  const dec = isRecord(d.decision) ? d.decision : {};
  return {
    verdict: dec.verdict,
    reason: dec.reason,
    risk_score: dec.risk_score,
    factors: isRecord(dec.factors) ? dec.factors : null,
    rule_id: dec.rule_id,
    rule_version: dec.rule_version,
    status: d.status,
    outputs_hash: d.outputs_hash,
  };
}
