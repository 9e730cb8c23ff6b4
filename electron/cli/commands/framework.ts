/** `crosscheck framework import|show|crosswalk`: a licensed catalog's full text, and the crosswalk in force. */
import path from 'node:path';
import {
  catalogImport,
  catalogTexts,
  effectiveCrosswalk,
  importCatalog,
} from '../../core/frameworks/catalog-import.js';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { osUser } from '../../core/os-user.js';
import { isFrameworkId, type FrameworkId } from '../../../shared/engagement/engagement-types.js';
import { NO_ISO_COUNTERPART, soc2ForIso } from '../../../shared/frameworks/crosswalk.js';
import { ISO27001_CATALOG } from '../../../shared/frameworks/iso27001-catalog.js';
import { SOC2_CATALOG } from '../../../shared/frameworks/soc2-catalog.js';
import { parseCommand, readFileArg } from '../cli-support.js';
import { withReadStore, withWritableStore } from '../store-access.js';

export const FRAMEWORK_USAGE = [
  'crosscheck framework import <catalog.json|catalog.csv> --framework soc2|iso27001 [--store <dir>]',
  'crosscheck framework show [--framework soc2|iso27001] [--store <dir>] [--json]',
  'crosscheck framework crosswalk [--from soc2|iso27001] [--store <dir>] [--json]',
].join('\n       ');

function frameworkFlag(v: unknown, fallback: FrameworkId | undefined, flag = '--framework'): FrameworkId {
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || !isFrameworkId(v))
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `${flag} must be soc2 or iso27001 — usage: ${FRAMEWORK_USAGE}`,
    );
  return v;
}

export async function frameworkCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') {
    const { values, positionals } = parseCommand(
      rest,
      { framework: { type: 'string' }, store: { type: 'string' } },
      1,
      FRAMEWORK_USAGE,
    );
    const framework = frameworkFlag(values.framework, undefined);
    const file = positionals[0]!;
    const bytes = readFileArg(file);
    const r = await withWritableStore(values.store as string | undefined, (s) =>
      importCatalog(
        s.db,
        { framework, fileName: path.basename(file), bytes },
        { by: osUser(), at: new Date().toISOString() },
      ),
    );
    process.stdout.write(
      `imported ${r.controls} controls of ${framework} from ${r.sourceName} (${r.format}, sha256 ${r.sourceSha256})${r.crosswalkPairs > 0 ? `, ${r.crosswalkPairs} crosswalk pair(s)` : ''}; recorded in the custody log\n`,
    );
    return 0;
  }
  if (sub === 'show') {
    const { values } = parseCommand(
      rest,
      { framework: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean' } },
      0,
      FRAMEWORK_USAGE,
    );
    const framework = frameworkFlag(values.framework, 'iso27001');
    const { texts, source } = await withReadStore(values.store as string | undefined, (s) => ({
      texts: catalogTexts(s.db, framework),
      source: catalogImport(s.db, framework),
    }));
    const catalog = framework === 'soc2' ? SOC2_CATALOG : ISO27001_CATALOG;
    const rows = catalog.map((c) => ({
      id: c.id,
      group: c.group,
      title: c.title,
      licensedTitle: texts.get(c.id)?.title ?? null,
      text: texts.get(c.id)?.text ?? null,
    }));
    if (values.json) {
      process.stdout.write(
        `${JSON.stringify({ framework, licensedCatalog: source, controls: rows }, null, 2)}\n`,
      );
      return 0;
    }
    process.stdout.write(
      source === null
        ? `${framework}: our short titles (no licensed catalog imported)\n`
        : `${framework}: full text from ${source.sourceName} (imported ${source.importedAt} by ${source.importedBy})\n`,
    );
    for (const r of rows)
      process.stdout.write(
        `${r.id.padEnd(6)} ${r.licensedTitle ?? r.title}${r.text === null ? '' : `\n       ${r.text.replace(/\n/g, '\n       ')}`}\n`,
      );
    return 0;
  }
  if (sub === 'crosswalk') {
    const { values } = parseCommand(
      rest,
      { from: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean' } },
      0,
      FRAMEWORK_USAGE,
    );
    const from = frameworkFlag(values.from, 'soc2', '--from');
    const pairs = await withReadStore(values.store as string | undefined, (s) => effectiveCrosswalk(s.db));
    const rows =
      from === 'soc2'
        ? SOC2_CATALOG.map((c) => ({
            id: c.id,
            title: c.title,
            pairs: pairs.filter((p) => p.soc2 === c.id).map((p) => ({ id: p.iso, relation: p.relation })),
          }))
        : ISO27001_CATALOG.map((c) => ({
            id: c.id,
            title: c.title,
            pairs: soc2ForIso(c.id, pairs).map((p) => ({ id: p.soc2, relation: p.relation })),
          }));
    if (values.json) {
      process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
      return 0;
    }
    for (const r of rows) {
      const none = from === 'soc2' ? NO_ISO_COUNTERPART : 'no SOC 2 counterpart in the crosswalk';
      process.stdout.write(
        `${r.id.padEnd(6)} ${r.title}\n       ${r.pairs.length === 0 ? none : r.pairs.map((p) => `${p.id} (${p.relation})`).join(', ')}\n`,
      );
    }
    return 0;
  }
  throw new CrosscheckError('BAD_ARGUMENTS', `usage: ${FRAMEWORK_USAGE}`);
}
