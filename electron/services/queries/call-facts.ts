/** The fields of a connector.called line the app tallies per agent, read fast. */
import { parseLine } from './entry-rows.js';

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** A JSON string value after `"key":"` in a JCS line (keys are unique where we look), or null. */
function stringAfter(text: string, marker: string): string | null {
  const at = text.indexOf(marker);
  if (at < 0) return null;
  const start = at + marker.length;
  const end = text.indexOf('"', start);
  if (end < 0) return null;
  const raw = text.slice(start, end);
  // An escaped character: leave it to the full parser.
  return raw.includes('\\') ? null : raw;
}

interface CallFacts {
  connector: string;
  operation: string;
  verdict: string;
  dataTypes: string[];
}

/**
 * The fields the Agents screen tallies, read from the canonical line without a full parse: in JCS
 * (sorted keys) the first `"connector":"`, `"operation":"` (the factor of that name is a number)
 * and `"data_types":[` of a connector.called line are the data's. Anything unusual falls back to
 * JSON.parse, so a quarantined, non-canonical line is still read correctly.
 */
export function callFacts(line: Buffer, verdictColumn: string | null): CallFacts {
  const text = line.toString('utf8');
  const connector = stringAfter(text, '"connector":"');
  const operation = stringAfter(text, '"operation":"');
  const dtAt = text.indexOf('"data_types":[');
  const dtEnd = dtAt < 0 ? -1 : text.indexOf(']', dtAt);
  if (connector !== null && operation !== null && dtEnd > 0) {
    const inner = text.slice(dtAt + '"data_types":['.length, dtEnd);
    if (!inner.includes('\\')) {
      const dataTypes = inner.length === 0 ? [] : inner.slice(1, -1).split('","');
      return { connector, operation, verdict: verdictColumn ?? '?', dataTypes };
    }
  }
  const e = parseLine(line);
  const d = obj(e?.data);
  return {
    connector: typeof d.connector === 'string' ? d.connector : '?',
    operation: typeof d.operation === 'string' ? d.operation : '?',
    verdict: typeof obj(d.decision).verdict === 'string' ? (obj(d.decision).verdict as string) : (verdictColumn ?? '?'),
    dataTypes: Array.isArray(d.data_types) ? d.data_types.filter((x): x is string => typeof x === 'string') : [],
  };
}

