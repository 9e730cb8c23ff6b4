/** `crosscheck coverage [--engagement <id>] [--framework soc2|iso27001] [--store <dir>] [--json]`: the Controls screen as text. */
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { parseCommand } from '../cli-support.js';
import { chooseEngagement, withReadStore } from '../store-access.js';
import { engagementCoverage } from '../../core/engagement/engagement-coverage.js';
import { isFrameworkId } from '../../../shared/engagement/engagement-types.js';

export const COVERAGE_USAGE =
  'crosscheck coverage [--engagement <id>] [--framework soc2|iso27001] [--store <dir>] [--json]';

export async function coverageCommand(args: string[]): Promise<number> {
  const { values } = parseCommand(
    args,
    {
      engagement: { type: 'string' },
      framework: { type: 'string' },
      store: { type: 'string' },
      json: { type: 'boolean' },
    },
    0,
    COVERAGE_USAGE,
  );
  const framework = (values.framework as string | undefined) ?? 'soc2';
  if (!isFrameworkId(framework))
    throw new CrosscheckError('BAD_ARGUMENTS', `--framework "${framework}" is not one of soc2, iso27001`);
  const lines = await withReadStore(values.store as string | undefined, (s) => {
    const engagement = chooseEngagement(s, values.engagement);
    if (engagement === null)
      throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet; import an export first');
    return engagementCoverage(s.db, engagement, framework);
  });
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify(
        lines.map((l) => ({
          id: l.criterion,
          title: l.title,
          status: l.status,
          rule: l.rule,
          evidence: l.evidence,
          findings: l.findings,
          tests: l.tests,
        })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  let group = '';
  for (const l of lines) {
    if (l.group !== group) {
      group = l.group;
      process.stdout.write(`\n${l.group} ${l.groupTitle}\n`);
    }
    process.stdout.write(
      `  ${l.criterion.padEnd(6)} ${l.status.padEnd(15)} ${l.title}\n         ${l.rule}\n`,
    );
  }
  return 0;
}
