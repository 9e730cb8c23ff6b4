/**
 * Explanations of one entry of a bundle (the store's: electron/services/queries/explain-queries.ts): the entry's exact bytes and hashes,
 * the findings that sit on it, and — for a connector call — the full re-evaluation trace (the
 * state it saw, each risk factor, every ladder step, the consequences expected and found).
 */
import type { AuditEntry, Keyring, PlatformState } from '../../../shared/format/export-types.js';
import { explainCall, type CallTrace } from '../../../shared/evaluate/explain.js';
import type { Finding, IntegrityStatus } from '../../../shared/report/report-types.js';
import { openBundle } from '../bundle/open-bundle.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { leafHash } from '../merkle/merkle.js';
import { readLines } from '../verify/line-reader.js';
import { verifyBundle } from '../verify/verify-bundle.js';

export interface EntryExplanation {
  seq: number;
  exportId: string | null;
  integrity: IntegrityStatus;
  line: string;
  leafHash: string;
  entry: AuditEntry | null;
  /** The re-evaluation trace (connector.called only). */
  trace: CallTrace | null;
  findings: Finding[];
}

/** Parses one log line; a line that is not a JSON object is null. */
export function parseEntryLine(line: Buffer | string): AuditEntry | null {
  try {
    const v: unknown = JSON.parse(typeof line === 'string' ? line : line.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as AuditEntry) : null;
  } catch {
    return null;
  }
}

/** The start state a stored or bundled export re-evaluates from. */
export function stateOf(bytes: Buffer | null): PlatformState {
  if (!bytes) throw new CrosscheckError('BUNDLE_MALFORMED', 'the export has no readable state.json: nothing can be re-evaluated');
  try {
    return JSON.parse(bytes.toString('utf8')) as PlatformState;
  } catch {
    throw new CrosscheckError('BUNDLE_MALFORMED', 'state.json does not parse: nothing can be re-evaluated');
  }
}

/** Explains entry `seq` of a bundle, verifying it first (nothing is kept). */
export async function explainFromBundle(bundlePath: string, keyring: Keyring, seq: number): Promise<EntryExplanation> {
  const verified = await verifyBundle(bundlePath, { keyring });
  const state = stateOf(verified.stateBytes);
  const entries: AuditEntry[] = [];
  let target: { line: Buffer; entry: AuditEntry | null } | null = null;
  const bundle = await openBundle(bundlePath);
  try {
    if (!bundle.has('entries.jsonl')) throw new CrosscheckError('BUNDLE_MALFORMED', 'the bundle has no entries.jsonl');
    await readLines(await bundle.stream('entries.jsonl'), (line) => {
      const e = parseEntryLine(line);
      if (e) entries.push(e);
      if (target === null && e?.seq === seq) target = { line: Buffer.from(line), entry: e };
    });
  } finally {
    bundle.close();
  }
  const found = target as { line: Buffer; entry: AuditEntry | null } | null;
  if (!found) throw new CrosscheckError('NOT_FOUND', `the export has no entry with seq ${seq} (range ${verified.manifest?.range.first_seq ?? '?'}–${verified.manifest?.range.last_seq ?? '?'})`);
  return {
    seq,
    exportId: verified.manifest?.export_id ?? null,
    integrity: verified.report.integrity.status,
    line: found.line.toString('utf8'),
    leafHash: leafHash(found.line).toString('hex'),
    entry: found.entry,
    trace: found.entry?.action_type === 'connector.called' ? explainCall(state, entries, seq) : null,
    findings: verified.report.findings.filter((f) => f.seq === seq),
  };
}
