/** `crosscheck questionnaire fill|sample|library`: a customer's questionnaire answered from an engagement's verified evidence. */
import { createHash } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { osUser } from '../../core/os-user.js';
import { answerLibrary, libraryHistory, saveLibraryEntry } from '../../core/questionnaire/answer-library.js';
import { parseMappingSpec, type ExplicitMapping } from '../../core/questionnaire/detect-columns.js';
import {
  answerItems,
  fillReport,
  prepareQuestionnaire,
  recordFilled,
  rememberMapping,
  writeFilled,
} from '../../core/questionnaire/fill-questionnaire.js';
import { evidenceFacts } from '../../core/questionnaire/evidence-facts.js';
import { sampleWorkbook } from '../../core/questionnaire/sample-workbook.js';
import { readWorkbookFile } from '../../core/questionnaire/workbook-zip.js';
import {
  ANSWER_LABELS,
  ANSWER_VALUES,
  evidenceCsvName,
  type AnswerValue,
} from '../../../shared/questionnaire/questionnaire-types.js';
import { intFlag, parseCommand, requireString } from '../cli-support.js';
import { chooseEngagement, withReadStore, withWritableStore } from '../store-access.js';

export const QUESTIONNAIRE_USAGE = [
  'crosscheck questionnaire fill <workbook.xlsx|.csv> --engagement <id> --out <file> [--json report.json] [--columns id=A,question=B,answer=C,notes=E,header=2[,sheet=Name]] [--store <dir>]',
  'crosscheck questionnaire sample --layout caiq|sig [--questions N] --out <file.xlsx>',
  'crosscheck questionnaire library [--json] [--store <dir>]',
  'crosscheck questionnaire library history <key> [--json] [--store <dir>]',
  'crosscheck questionnaire library add --question "…" (--rule <id> | --answer yes|no|partial|na|not_evidenced --narrative "…") [--key K] [--caiq ID,…] [--sig N,…] [--keywords w,…] [--store <dir>]',
].join('\n       ');

/** Writes a file whole or not at all (a temp file beside it, renamed). */
function writeWhole(file: string, bytes: Buffer | string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new CrosscheckError('FILE_UNREADABLE', `cannot write ${file}: ${(e as Error).message}`);
  }
}

async function fill(rest: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    rest,
    {
      engagement: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'string' },
      columns: { type: 'string' },
      store: { type: 'string' },
    },
    1,
    QUESTIONNAIRE_USAGE,
  );
  const input = positionals[0]!;
  const out = requireString(values.out, '--out', QUESTIONNAIRE_USAGE);
  if (path.resolve(out) === path.resolve(input))
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      '--out must not be the customer\u2019s own file: the filled copy is written beside it',
    );
  let explicit: ExplicitMapping | undefined;
  if (values.columns !== undefined) {
    try {
      explicit = parseMappingSpec(values.columns as string);
    } catch (e) {
      throw new CrosscheckError('BAD_ARGUMENTS', `--columns: ${(e as Error).message}`);
    }
  }
  const label = path.basename(input);
  await withReadStore(values.store as string | undefined, () => undefined);
  const by = osUser();
  const report = await withWritableStore(values.store as string | undefined, async (s) => {
    const engagement = chooseEngagement(s, values.engagement);
    if (engagement === null)
      throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet; import an export first');
    const sourceBytes = readWorkbookFile(input, label);
    const prepared = await prepareQuestionnaire(s.db, sourceBytes, label, explicit);
    const facts = evidenceFacts(s.db, engagement);
    const items = answerItems(s.db, engagement, prepared.detection, new Map(), facts);
    const filled = await writeFilled(prepared, items);
    const r = fillReport(label, prepared, items, filled);
    const at = new Date().toISOString();
    // The output lands first; the custody record says it exists (a failed write records nothing).
    writeWhole(out, filled.bytes);
    if (filled.evidenceCsv) writeWhole(evidenceCsvName(out), filled.evidenceCsv);
    s.db.transaction(() => {
      if (explicit) rememberMapping(s.db, prepared.fingerprint, explicit, { by, at });
      recordFilled(
        s.db,
        engagement,
        r,
        createHash('sha256').update(sourceBytes).digest('hex'),
        facts.exports.filter((e) => e.trusted).map((e) => e.exportId),
        { by, at },
      );
    })();
    return r;
  });
  if (values.json !== undefined) writeWhole(values.json as string, `${JSON.stringify(report, null, 2)}\n`);
  const counts = ANSWER_VALUES.filter((a) => report.answers[a])
    .map((a) => `${report.answers[a]} ${ANSWER_LABELS[a]}`)
    .join(', ');
  process.stdout.write(
    `${report.file}: ${report.questions} questions (${report.layout} layout, columns ${report.columns}); matched ${report.matchedById} by id, ${report.matchedByText} by text, ${report.unmatched} unmatched\n` +
      `answers: ${counts}${report.contradicted > 0 ? `; ${report.contradicted} contradicted by findings` : ''}\n` +
      `wrote ${out} (${report.output.bytes} bytes, sha256 ${report.output.sha256}${report.output.evidenceSheet ? `, sheet "${report.output.evidenceSheet}" added` : ''})` +
      `${report.output.evidenceCsvSha256 ? ` and its Evidence listing ${evidenceCsvName(out)} (sha256 ${report.output.evidenceCsvSha256})` : ''}; recorded in the custody log\n`,
  );
  if (report.output.skippedFormulaCells.length > 0)
    process.stdout.write(
      `left unchanged (cells holding formulas): ${report.output.skippedFormulaCells.join(', ')}\n`,
    );
  return 0;
}

function list(v: unknown): string[] {
  return typeof v === 'string' && v.trim() !== ''
    ? v
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean)
    : [];
}

async function history(rest: string[]): Promise<number> {
  const { values, positionals } = parseCommand(
    rest,
    { json: { type: 'boolean' }, store: { type: 'string' } },
    1,
    QUESTIONNAIRE_USAGE,
  );
  const key = positionals[0]!;
  const revisions = await withReadStore(values.store as string | undefined, (s) => {
    if (!answerLibrary(s.db).some((e) => e.key === key))
      throw new CrosscheckError('NOT_FOUND', `no answer library entry ${key}`);
    return libraryHistory(s.db, key);
  });
  if (values.json) process.stdout.write(`${JSON.stringify(revisions, null, 2)}\n`);
  else if (revisions.length === 0) process.stdout.write(`${key}: as shipped, never edited\n`);
  else
    for (const r of revisions)
      process.stdout.write(
        `${key} revision ${r.revision}  ${r.at}  ${r.by}  changed ${r.changed.join(', ') || 'nothing'}\n`,
      );
  return 0;
}

async function library(rest: string[]): Promise<number> {
  if (rest[0] === 'history') return history(rest.slice(1));
  if (rest[0] === 'add') {
    const { values } = parseCommand(
      rest.slice(1),
      {
        key: { type: 'string' },
        question: { type: 'string' },
        rule: { type: 'string' },
        answer: { type: 'string' },
        narrative: { type: 'string' },
        caiq: { type: 'string' },
        sig: { type: 'string' },
        keywords: { type: 'string' },
        store: { type: 'string' },
      },
      0,
      QUESTIONNAIRE_USAGE,
    );
    const answer = values.answer as string | undefined;
    if (answer !== undefined && !(ANSWER_VALUES as readonly string[]).includes(answer))
      throw new CrosscheckError('BAD_ARGUMENTS', `--answer is one of ${ANSWER_VALUES.join(', ')}`);
    const by = osUser();
    const e = await withWritableStore(values.store as string | undefined, (s) =>
      saveLibraryEntry(
        s.db,
        {
          ...(values.key !== undefined ? { key: values.key as string } : {}),
          question: requireString(values.question, '--question', QUESTIONNAIRE_USAGE),
          rule: (values.rule as string | undefined) ?? null,
          answer: (answer as AnswerValue | undefined) ?? null,
          narrative: (values.narrative as string | undefined) ?? '',
          caiq: list(values.caiq),
          sig: list(values.sig),
          keywords: list(values.keywords),
        },
        { by, at: new Date().toISOString() },
      ),
    );
    process.stdout.write(`saved ${e.key} (revision ${e.revision}, by ${e.updatedBy})\n`);
    return 0;
  }
  const { values } = parseCommand(
    rest,
    { json: { type: 'boolean' }, store: { type: 'string' } },
    0,
    QUESTIONNAIRE_USAGE,
  );
  const entries = await withReadStore(values.store as string | undefined, (s) => answerLibrary(s.db));
  if (values.json) process.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
  else
    for (const e of entries)
      process.stdout.write(
        `${e.key.padEnd(15)} ${e.source.padEnd(8)} ${[...e.caiq, ...e.sig].join(' ').padEnd(22)} ${e.question}\n`,
      );
  return 0;
}

export async function questionnaireCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'fill') return fill(rest);
  if (sub === 'library') return library(rest);
  if (sub === 'sample') {
    const { values } = parseCommand(
      rest,
      { layout: { type: 'string' }, questions: { type: 'string' }, out: { type: 'string' } },
      0,
      QUESTIONNAIRE_USAGE,
    );
    const layout = values.layout ?? 'caiq';
    if (layout !== 'caiq' && layout !== 'sig')
      throw new CrosscheckError('BAD_ARGUMENTS', '--layout is caiq or sig');
    const n = intFlag(values.questions, '--questions', 12);
    if (n < 1 || n > 5000) throw new CrosscheckError('BAD_ARGUMENTS', '--questions is between 1 and 5000');
    const out = requireString(values.out, '--out', QUESTIONNAIRE_USAGE);
    writeWhole(out, await sampleWorkbook(layout, n));
    process.stdout.write(
      `wrote ${out}: a ${layout}-style sample questionnaire of ${n} questions (Crosscheck's own wording)\n`,
    );
    return 0;
  }
  throw new CrosscheckError('BAD_ARGUMENTS', `usage: ${QUESTIONNAIRE_USAGE}`);
}
