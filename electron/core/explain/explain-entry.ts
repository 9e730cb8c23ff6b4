/**
 * Explanations of one entry, from a bundle or from the store: the entry's exact bytes and hashes,
 * the findings that sit on it, and — for a connector call — the full re-evaluation trace (the
 * state it saw, each risk factor, every ladder step, the consequences expected and found).
 */
import type { AuditEntry, Keyring, PlatformState } from '../../../shared/format/export-types.js';
import { explainCall, type CallTrace } from '../../../shared/evaluate/explain.js';
import type { Finding, IntegrityStatus } from '../../../shared/report/report-types.js';
import { openBundle } from '../bundle/open-bundle.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { leafHash } from '../merkle/merkle.js';
import { getExport, getExportFile, listEntries, listFindings, type FindingRow } from '../store/queries.js';
import type { Store } from '../store/store.js';
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

function parse(line: Buffer | string): AuditEntry | null {
  try {
    const v: unknown = JSON.parse(typeof line === 'string' ? line : line.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as AuditEntry) : null;
  } catch {
    return null;
  }
}

function stateOf(bytes: Buffer | null): PlatformState {
  if (!bytes) throw new CrosscheckError('BUNDLE_MALFORMED', 'the export has no readable state.json: nothing can be re-evaluated');
  try {
    return JSON.parse(bytes.toString('utf8')) as PlatformState;
  } catch {
    throw new CrosscheckError('BUNDLE_MALFORMED', 'state.json does not parse: nothing can be re-evaluated');
  }
}

function rowToFinding(r: FindingRow): Finding {
  return { kind: r.kind as Finding['kind'], severity: r.severity, seq: r.seq, entry_id: r.entryId, agent_id: r.agentId, recorded: r.recorded, expected: r.expected, controls: r.controls, message: r.message };
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
      const e = parse(line);
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

/** All entries of a stored export in log order. */
function* storedEntries(store: Store, exportRef: number): Generator<{ pos: number; line: Buffer; leaf: string }> {
  let after: number | undefined;
  for (;;) {
    const page = listEntries(store, { exportRef, afterPos: after, limit: 5000 });
    for (const r of page.rows) yield { pos: r.pos, line: r.line, leaf: r.leafHash };
    if (page.nextAfterPos === null) return;
    after = page.nextAfterPos;
  }
}

/** Explains entry `seq` of an export already in the store (by export id or store ref). */
export function explainFromStore(store: Store, exportIdOrRef: string | number, seq: number): EntryExplanation {
  const ex = getExport(store, exportIdOrRef);
  if (!ex) throw new CrosscheckError('NOT_FOUND', `no export "${exportIdOrRef}" in the store (crosscheck exports lists them)`);
  const start = store
    .prepare<[number], { json: Buffer }>("SELECT json FROM states WHERE export_ref = ? AND kind = 'start'")
    .get(ex.ref);
  const state = stateOf(start ? Buffer.from(start.json) : getExportFile(store, ex.ref, 'state.json'));
  const entries: AuditEntry[] = [];
  let target: { line: Buffer; leaf: string; entry: AuditEntry | null } | null = null;
  for (const r of storedEntries(store, ex.ref)) {
    const e = parse(r.line);
    if (e) entries.push(e);
    if (target === null && e?.seq === seq) target = { line: r.line, leaf: r.leaf, entry: e };
  }
  if (!target) throw new CrosscheckError('NOT_FOUND', `export ${ex.exportId ?? ex.ref} has no entry with seq ${seq} (range ${ex.firstSeq ?? '?'}–${ex.lastSeq ?? '?'})`);
  const findings: Finding[] = [];
  for (let after: number | undefined; ; ) {
    const page = listFindings(store, { exportRef: ex.ref, afterId: after, limit: 10_000 });
    for (const f of page) if (f.seq === seq) findings.push(rowToFinding(f));
    if (page.length < 10_000) break;
    after = page.at(-1)!.id;
  }
  return {
    seq,
    exportId: ex.exportId,
    integrity: ex.integrity,
    line: target.line.toString('utf8'),
    leafHash: target.leaf,
    entry: target.entry,
    trace: target.entry?.action_type === 'connector.called' ? explainCall(state, entries, seq) : null,
    findings,
  };
}
