/** `crosscheck readiness`: readiness and progress of both frameworks per theme (formula shown), and the gap analysis. */
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { engagementFrameworks } from '../../core/frameworks/engagement-soa.js';
import { GAP_KIND_TITLES, type Readiness } from '../../../shared/frameworks/readiness.js';
import { annexId } from '../../../shared/frameworks/soa.js';
import { parseCommand } from '../cli-support.js';
import { chooseEngagement, withReadStore } from '../store-access.js';

export const READINESS_USAGE = 'crosscheck readiness [--engagement <id>] [--store <dir>] [--json]';

function printReadiness(r: Readiness): void {
  process.stdout.write(`\n${r.overall.title}: ${r.overall.shown}\n  ${r.formula}\n  ${r.progressFormula}\n`);
  for (const g of r.groups) process.stdout.write(`  ${g.group.padEnd(4)} ${g.title.padEnd(40)} ${g.shown}\n`);
}

export async function readinessCommand(args: string[]): Promise<number> {
  const { values } = parseCommand(
    args,
    { engagement: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean' } },
    0,
    READINESS_USAGE,
  );
  const view = await withReadStore(values.store as string | undefined, (s) => {
    const e = chooseEngagement(s, values.engagement);
    if (e === null)
      throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet; import an export first');
    return engagementFrameworks(s.db, e);
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ readiness: view.readiness, gaps: view.gaps }, null, 2)}\n`);
    return 0;
  }
  printReadiness(view.readiness.iso27001);
  printReadiness(view.readiness.soc2);
  process.stdout.write('\nGap analysis (ISO/IEC 27001:2022 Annex A)\n');
  for (const kind of Object.keys(GAP_KIND_TITLES) as (keyof typeof GAP_KIND_TITLES)[]) {
    const gs = view.gaps.gaps.filter((g) => g.kind === kind);
    process.stdout.write(
      `  ${GAP_KIND_TITLES[kind]}: ${gs.length === 0 ? 'none' : gs.map((g) => annexId(g.control)).join(', ')}\n`,
    );
    for (const g of gs.filter((x) => x.kind === 'findings_above_low'))
      process.stdout.write(`    ${annexId(g.control)} ${g.detail}\n`);
  }
  for (const c of view.gaps.categories)
    process.stdout.write(
      `  ${c.title}: ${c.open.length === 0 ? 'no open control' : `open ${c.open.map(annexId).join(', ')}`}\n`,
    );
  return 0;
}
