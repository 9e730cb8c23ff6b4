/** `crosscheck exports [--engagement <id>] [--store <dir>] [--json]`: one engagement's exports with status and ranges. */
import { listExports } from '../../services/queries/exports-queries.js';
import { exportJson } from '../json-rows.js';
import { readScope } from '../read-scope.js';
import { parseCommand } from '../cli-support.js';
import { chooseEngagement, withReadStore } from '../store-access.js';

const USAGE = 'crosscheck exports [--engagement <id>] [--store <dir>] [--json]';

export async function exportsCommand(args: string[]): Promise<number> {
  const { values } = parseCommand(args, { store: { type: 'string' }, engagement: { type: 'string' }, json: { type: 'boolean' } }, 0, USAGE);
  const rows = await withReadStore(values.store as string | undefined, (s) => {
    const engagement = chooseEngagement(s, values.engagement);
    // The app's list of the same engagement, oldest import first as this command always printed it.
    return listExports(s, readScope(s, engagement).exports).reverse().map(exportJson);
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  if (rows.length === 0) {
    process.stdout.write('no exports imported yet\n');
    return 0;
  }
  for (const r of rows) {
    const f = r.findings;
    process.stdout.write(
      `#${r.ref} ${r.integrity.padEnd(12)} ${r.exportId ?? '(no manifest)'}  ${r.orgName ?? ''}${r.voided !== null ? `  [VOIDED: ${r.voided}]` : ''}\n` +
        `    seq ${r.firstSeq ?? '?'}–${r.lastSeq ?? '?'} (${r.lines} entries, ${r.newEntries} new)  ${r.periodFrom ?? '?'} → ${r.periodTo ?? '?'}  continuity ${r.continuity}${r.trusted ? '' : '  [quarantined]'}\n` +
        `    findings: ${f.critical} critical, ${f.high} high, ${f.medium} medium, ${f.low} low, ${f.info} info; calls ${r.calls} (${r.disagreed} disagree)  imported ${r.importedAt} from ${r.fileName}\n`,
    );
  }
  return 0;
}
