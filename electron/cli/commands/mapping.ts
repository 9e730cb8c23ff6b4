/** `crosscheck mapping check`: the platform's own SOC 2 / ISO 27001 mapping, claim by claim, against the trail. */
import path from 'node:path';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { checkMappingText } from '../../core/frameworks/mapping-check-store.js';
import { CLAIM_VERDICT_TITLES } from '../../../shared/frameworks/mapping-check.js';
import { parseCommand, readFileArg } from '../cli-support.js';
import { chooseEngagement, withReadStore } from '../store-access.js';

export const MAPPING_USAGE =
  'crosscheck mapping check <mapping.csv|.md|.html> [--engagement <id>] [--store <dir>] [--json]';

export async function mappingCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'check') throw new CrosscheckError('BAD_ARGUMENTS', `usage: ${MAPPING_USAGE}`);
  const { values, positionals } = parseCommand(
    rest,
    { engagement: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean' } },
    1,
    MAPPING_USAGE,
  );
  const file = positionals[0]!;
  const text = readFileArg(file).toString('utf8');
  const claims = await withReadStore(values.store as string | undefined, (s) => {
    const e = chooseEngagement(s, values.engagement);
    if (e === null)
      throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet; import an export first');
    return checkMappingText(s.db, e, text, path.basename(file));
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(claims, null, 2)}\n`);
    return 0;
  }
  for (const c of claims) {
    const flags = [c.obsolete ? 'OBSOLETE 2013 id' : '', c.mislabel ? 'MISLABEL' : '']
      .filter((f) => f !== '')
      .join(', ');
    process.stdout.write(
      `line ${c.line}: ${c.given}${c.platformControl ? ` — ${c.platformControl}` : ''}\n  ${CLAIM_VERDICT_TITLES[c.verdict]}${flags ? ` [${flags}]` : ''}: ${c.reason}\n${c.mislabel ? `  mislabel: ${c.mislabel}\n` : ''}`,
    );
  }
  const count = (v: string) => claims.filter((c) => c.verdict === v).length;
  process.stdout.write(
    `\n${claims.length} claim(s): ${count('supported')} supported, ${count('cannot_show')} cannot be shown, ${count('contradicted')} contradicted, ${count('unknown')} unknown; ${claims.filter((c) => c.obsolete).length} in 2013 numbering, ${claims.filter((c) => c.mislabel).length} mislabelled\n`,
  );
  return 0;
}
