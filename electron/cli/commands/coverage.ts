/** `crosscheck coverage [--engagement <id>] [--framework soc2|iso27001] [--store <dir>] [--json]`: the Controls screen as text. */
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { parseCommand } from '../cli-support.js';
import { chooseEngagement, withReadStore } from '../store-access.js';
import {
  factsCoverage,
  factsEvidence,
  factsFindings,
  scopeFacts,
} from '../../core/frameworks/scope-facts.js';
import { isFrameworkId } from '../../../shared/engagement/engagement-types.js';
import { annexId } from '../../../shared/frameworks/soa.js';

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
  const { lines, findings, evidence } = await withReadStore(values.store as string | undefined, (s) => {
    const engagement = chooseEngagement(s, values.engagement);
    if (engagement === null)
      throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet; import an export first');
    const facts = scopeFacts(s.db, engagement);
    return {
      lines: factsCoverage(s.db, facts, framework),
      findings: factsFindings(facts, framework),
      evidence: factsEvidence(facts, framework),
    };
  });
  // Annex A controls print as A.5.1 … A.8.34; SOC 2 criteria as they are.
  const shown = (id: string) => (framework === 'iso27001' ? annexId(id) : id);
  if (values.json) {
    const rows = lines.map((l) => ({
      id: shown(l.criterion),
      title: l.title,
      theme: l.group,
      status: l.status,
      rule: l.rule,
      evidence: l.evidence,
      evidenceRuns: evidence.get(l.criterion)?.runs ?? [],
      findings: findings.get(l.criterion) ?? [],
      findingCount: l.findings,
      documents: l.documents,
      tests: l.tests,
    }));
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return 0;
  }
  let group = '';
  for (const l of lines) {
    if (l.group !== group) {
      group = l.group;
      process.stdout.write(`\n${l.group} ${l.groupTitle}\n`);
    }
    const f = findings.get(l.criterion) ?? [];
    const cited =
      f.length === 0
        ? ''
        : `\n         findings: ${f.map((x) => `${x.count}× ${x.kind}${x.seqs.length > 0 ? ` (seq ${x.seqs.slice(0, 8).join(', ')}${x.seqs.length > 8 ? ', …' : ''})` : ''}`).join('; ')}`;
    process.stdout.write(
      `  ${shown(l.criterion).padEnd(7)} ${l.status.padEnd(15)} ${l.title}\n         ${l.rule}${cited}\n`,
    );
  }
  return 0;
}
