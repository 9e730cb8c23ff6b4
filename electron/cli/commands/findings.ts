/** `crosscheck findings [--engagement <id>] [--store <dir>] [--export <id>] [--kind K] [--agent A] [--severity S] [--json]`. */
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import type { FindingRecord } from '../../../shared/api/view-types.js';
import { exportDetail } from '../../services/queries/exports-queries.js';
import { listFindings, type FindingQuery } from '../../services/queries/findings-queries.js';
import { findingJson } from '../json-rows.js';
import { readScope } from '../read-scope.js';
import { isFindingKind, SEVERITY_ORDER, type FindingKind, type Severity } from '../../../shared/report/finding-kinds.js';
import { parseCommand } from '../cli-support.js';
import { chooseEngagement, withReadStore } from '../store-access.js';

const USAGE = 'crosscheck findings [--engagement <id>] [--store <dir>] [--export <id>] [--kind K] [--agent A] [--severity S] [--json]';

export async function findingsCommand(args: string[]): Promise<number> {
  const { values } = parseCommand(
    args,
    { store: { type: 'string' }, engagement: { type: 'string' }, export: { type: 'string' }, kind: { type: 'string' }, agent: { type: 'string' }, severity: { type: 'string' }, json: { type: 'boolean' } },
    0,
    USAGE,
  );
  const kind = values.kind as string | undefined;
  if (kind !== undefined && !isFindingKind(kind)) throw new CrosscheckError('BAD_ARGUMENTS', `--kind "${kind}" is not a finding kind of spec §9`);
  const severity = values.severity as string | undefined;
  if (severity !== undefined && !SEVERITY_ORDER.includes(severity as Severity)) {
    throw new CrosscheckError('BAD_ARGUMENTS', `--severity takes one of ${SEVERITY_ORDER.join(', ')}`);
  }
  const rows = await withReadStore(values.store as string | undefined, (s) => {
    // One engagement's non-voided exports only (the app's findings.list scope): another client's never show here.
    const scope = readScope(s, chooseEngagement(s, values.engagement));
    const query: FindingQuery = { kind: kind as FindingKind | undefined, agentId: values.agent as string | undefined, severity: severity as Severity | undefined, limit: 10_000 };
    if (values.export !== undefined) {
      const raw = values.export as string;
      const ex = exportDetail(s, /^\d+$/.test(raw) ? Number(raw) : raw, { live: scope.exports.live, voided: [] });
      if (!ex) throw new CrosscheckError('NOT_FOUND', `no export "${String(values.export)}" in this engagement (crosscheck exports lists them)`);
      query.exportRef = ex.exportRef;
    }
    const all: FindingRecord[] = [];
    for (;;) {
      const page = listFindings(s, scope.cache, { ...query, afterId: all.at(-1)?.id });
      all.push(...page);
      if (page.length < 10_000) break;
    }
    return all.map(findingJson);
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) process.stdout.write('no findings match\n');
  for (const f of rows) {
    process.stdout.write(`${f.severity.toUpperCase().padEnd(8)} ${f.kind.padEnd(30)} export #${f.exportRef} ${f.seq === null ? 'export-level' : `seq ${f.seq}`}  [${f.controls.join(', ')}]\n         ${f.message}\n`);
  }
  return 0;
}
