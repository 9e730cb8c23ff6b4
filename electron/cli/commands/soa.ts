/** `crosscheck soa [edit]`: the Statement of Applicability of an engagement, and the auditor's edits of it. */
import { writeFileSync } from 'node:fs';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { engagementFrameworks } from '../../core/frameworks/engagement-soa.js';
import { soaCsv } from '../../core/frameworks/soa-csv.js';
import { editSoa, type SoaPatch } from '../../core/frameworks/soa-edits.js';
import { osUser } from '../../core/os-user.js';
import {
  annexId,
  IMPLEMENTATION_LABELS,
  IMPLEMENTATION_STATUSES,
  type ImplementationStatus,
} from '../../../shared/frameworks/soa.js';
import { parseCommand } from '../cli-support.js';
import { chooseEngagement, withReadStore, withWritableStore } from '../store-access.js';

export const SOA_USAGE = [
  'crosscheck soa [--engagement <id>] [--store <dir>] [--json] [--csv <file>]',
  'crosscheck soa edit <A.x.y> [--applicable yes|no] [--justification "…"] [--implementation implemented|partial|not_implemented|unknown] [--reset] [--engagement <id>] [--store <dir>]',
].join('\n       ');

function needEngagement(e: number | null): number {
  if (e === null)
    throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet; import an export first');
  return e;
}

export async function soaCommand(args: string[]): Promise<number> {
  if (args[0] === 'edit') {
    const { values, positionals } = parseCommand(
      args.slice(1),
      {
        applicable: { type: 'string' },
        justification: { type: 'string' },
        implementation: { type: 'string' },
        reset: { type: 'boolean' },
        engagement: { type: 'string' },
        store: { type: 'string' },
      },
      1,
      SOA_USAGE,
    );
    const patch: SoaPatch = {};
    if (values.reset) Object.assign(patch, { applicable: null, justification: null, implementation: null });
    if (values.applicable !== undefined) {
      if (values.applicable !== 'yes' && values.applicable !== 'no')
        throw new CrosscheckError(
          'BAD_ARGUMENTS',
          `--applicable takes yes or no, not "${String(values.applicable)}"`,
        );
      patch.applicable = values.applicable === 'yes';
    }
    if (values.justification !== undefined) patch.justification = values.justification as string;
    if (values.implementation !== undefined) {
      if (!(IMPLEMENTATION_STATUSES as readonly string[]).includes(values.implementation as string)) {
        throw new CrosscheckError(
          'BAD_ARGUMENTS',
          `--implementation takes one of ${IMPLEMENTATION_STATUSES.join(', ')}`,
        );
      }
      patch.implementation = values.implementation as ImplementationStatus;
    }
    if (Object.keys(patch).length === 0)
      throw new CrosscheckError('BAD_ARGUMENTS', `nothing to change — usage: ${SOA_USAGE}`);
    await withReadStore(values.store as string | undefined, () => undefined);
    const edit = await withWritableStore(values.store as string | undefined, (s) =>
      editSoa(s.db, needEngagement(chooseEngagement(s, values.engagement)), positionals[0]!, patch, {
        by: osUser(),
        at: new Date().toISOString(),
      }),
    );
    process.stdout.write(
      edit === null
        ? `${positionals[0]} is back to the computed draft; recorded in the custody log\n`
        : `${positionals[0]} edited by ${edit.by} at ${edit.at}; recorded in the custody log\n`,
    );
    return 0;
  }
  const { values } = parseCommand(
    args,
    {
      engagement: { type: 'string' },
      store: { type: 'string' },
      json: { type: 'boolean' },
      csv: { type: 'string' },
    },
    0,
    SOA_USAGE,
  );
  const view = await withReadStore(values.store as string | undefined, (s) =>
    engagementFrameworks(s.db, needEngagement(chooseEngagement(s, values.engagement))),
  );
  if (typeof values.csv === 'string') writeFileSync(values.csv, soaCsv(view.soa));
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify(
        view.soa.map((r) => ({ ...r, id: annexId(r.control) })),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  let theme = '';
  for (const r of view.soa) {
    if (r.theme !== theme) {
      theme = r.theme;
      process.stdout.write(`\n${r.theme} ${r.themeTitle}\n`);
    }
    const ev =
      r.evidence.count > 0
        ? `${r.evidence.count} entries, ${r.evidence.runs.map((x) => `seq ${x.fromSeq}–${x.toSeq}`).join(', ')}`
        : 'no trail evidence';
    const fi =
      r.findings.length > 0 ? `; findings ${r.findings.map((f) => `${f.count}× ${f.kind}`).join(', ')}` : '';
    process.stdout.write(
      `  ${annexId(r.control).padEnd(7)} ${(r.applicable ? 'applies' : 'excluded').padEnd(9)} ${IMPLEMENTATION_LABELS[r.implementation].padEnd(22)} ${r.title}\n` +
        `          ${ev}${fi}; ${r.responsibility.layers.join('/')}${r.edited ? `; edited by ${r.edited.by} ${r.edited.at}` : ''}${r.flags.length > 0 ? `; FLAG: ${r.flags.join('; ')}` : ''}\n`,
    );
  }
  if (typeof values.csv === 'string') process.stdout.write(`\nwrote ${values.csv}\n`);
  return 0;
}
