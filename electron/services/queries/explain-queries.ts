/**
 * Explains one entry of an export in the store: its exact bytes and hash, the findings on it and,
 * for a connector call, the full re-evaluation trace (the bundle's counterpart is core/explain).
 */
import type { FindingRecord } from '../../../shared/api/view-types.js';
import { explainCall } from '../../../shared/evaluate/explain.js';
import type { AuditEntry } from '../../../shared/format/export-types.js';
import type { Finding } from '../../../shared/report/report-types.js';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { parseEntryLine, stateOf, type EntryExplanation } from '../../core/explain/explain-entry.js';
import type { Store } from '../../core/store/store.js';
import { DerivedCache } from './derived-cache.js';
import { allExportLines } from './export-lines.js';
import { exportDetail, exportFile, type ExportScope } from './exports-queries.js';
import { listFindings } from './findings-queries.js';

function toFinding(r: FindingRecord): Finding {
  return {
    kind: r.kind,
    severity: r.severity,
    seq: r.seq,
    entry_id: r.entryId,
    agent_id: r.agentId,
    recorded: r.recorded,
    expected: r.expected,
    controls: r.controls,
    message: r.message,
  };
}

/**
 * Explains entry `seq` of an export already in the store (by export id or store ref), looked up
 * within `scope` (one engagement's exports, voided ones included) when one is given.
 */
export function explainFromStore(
  store: Store,
  exportIdOrRef: string | number,
  seq: number,
  scope: ExportScope | null = null,
): EntryExplanation {
  const ex = exportDetail(store, exportIdOrRef, scope);
  if (!ex)
    throw new CrosscheckError(
      'NOT_FOUND',
      `no export "${exportIdOrRef}" in ${scope === null ? 'the store' : 'this engagement'} (crosscheck exports lists them)`,
    );
  const ref = Number(ex.exportRef);
  const start = store
    .prepare<[number], { json: Buffer }>("SELECT json FROM states WHERE export_ref = ? AND kind = 'start'")
    .get(ref);
  const state = stateOf(start ? Buffer.from(start.json) : exportFile(store, ref, 'state.json'));
  const entries: AuditEntry[] = [];
  let target: { line: Buffer; leaf: string; entry: AuditEntry | null } | null = null;
  for (const r of allExportLines(store, ref)) {
    const e = parseEntryLine(r.line);
    if (e) entries.push(e);
    if (target === null && e?.seq === seq) target = { line: r.line, leaf: r.leafHash, entry: e };
  }
  if (!target)
    throw new CrosscheckError(
      'NOT_FOUND',
      `export ${ex.exportId ?? ref} has no entry with seq ${seq} (range ${ex.firstSeq ?? '?'}–${ex.lastSeq ?? '?'})`,
    );
  const findings: Finding[] = [];
  const cache = new DerivedCache(store);
  for (let after: string | undefined; ;) {
    const page = listFindings(store, cache, { exportRef: ex.exportRef, afterId: after, limit: 10_000 });
    for (const f of page) if (f.seq === seq) findings.push(toFinding(f));
    if (page.length < 10_000) break;
    after = page.at(-1)!.id;
  }
  return {
    seq,
    exportId: ex.exportId,
    integrity: ex.status,
    line: target.line.toString('utf8'),
    leafHash: target.leaf,
    entry: target.entry,
    trace: target.entry?.action_type === 'connector.called' ? explainCall(state, entries, seq) : null,
    findings,
  };
}
