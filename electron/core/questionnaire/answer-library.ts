/**
 * The answer library: the built-in entries overlaid by the team's own (added, or built-ins edited
 * under the same key), each write a new revision with who and when, every revision kept.
 */
import type BetterSqlite3 from 'better-sqlite3';
import { builtinLibrary, type LibraryEntry } from '../../../shared/questionnaire/builtin-library.js';
import { BUILTIN_QUESTIONS, EVIDENCE_RULES } from '../../../shared/questionnaire/answer-rules.js';
import {
  LIBRARY_FIELDS,
  type LibraryFields,
  type LibraryListing,
  type LibraryRevision,
} from '../../../shared/questionnaire/library-types.js';
import type { QuestionId } from '../../../shared/package/questionnaire.js';
import { ANSWER_VALUES, type AnswerValue } from '../../../shared/questionnaire/questionnaire-types.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';

type Db = BetterSqlite3.Database;

interface Row {
  key: string;
  question: string;
  keywords: string;
  caiq: string;
  sig: string;
  rule: string | null;
  answer: AnswerValue | null;
  narrative: string;
  revision: number;
  updated_at: string;
  updated_by: string;
}

function fromRow(r: Row, builtin: LibraryEntry | undefined): LibraryEntry {
  return {
    key: r.key,
    source: 'user',
    question: r.question,
    keywords: JSON.parse(r.keywords) as string[],
    caiq: JSON.parse(r.caiq) as string[],
    sig: JSON.parse(r.sig) as string[],
    rule: r.rule,
    answer: r.answer,
    narrative: r.narrative,
    documentCriteria: builtin?.documentCriteria ?? [],
    revision: r.revision,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

/** Every entry: built-ins first (or the team's edit of one), then the team's own, by key. */
export function answerLibrary(db: Db): LibraryEntry[] {
  const rows = db.prepare<[], Row>('SELECT * FROM answer_library ORDER BY key').all();
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const builtins = builtinLibrary();
  const out = builtins.map((b) => (byKey.has(b.key) ? fromRow(byKey.get(b.key)!, b) : b));
  const builtinKeys = new Set(builtins.map((b) => b.key));
  for (const r of rows) if (!builtinKeys.has(r.key)) out.push(fromRow(r, undefined));
  return out;
}

export interface EntryInput {
  key?: string;
  question: string;
  keywords?: string[];
  caiq?: string[];
  sig?: string[];
  /** An evidence rule id (DS-1 …), or absent for a fixed answer. */
  rule?: string | null;
  answer?: AnswerValue | null;
  narrative?: string;
  /** The revision the editor started from (0 for a built-in never edited): a different one is refused. */
  expectRevision?: number;
}

/** Adds or edits an entry (a new revision); returns it. */
export function saveLibraryEntry(db: Db, input: EntryInput, actor: { by: string; at: string }): LibraryEntry {
  const rule = input.rule ?? null;
  if (rule !== null && !(rule in EVIDENCE_RULES) && !rule.startsWith('not:')) {
    throw new CrosscheckError(
      'BAD_ARGUMENTS',
      `unknown evidence rule "${rule}" (one of ${Object.keys(EVIDENCE_RULES).join(', ')})`,
    );
  }
  const answer = input.answer ?? null;
  if (answer !== null && !ANSWER_VALUES.includes(answer))
    throw new CrosscheckError('BAD_ARGUMENTS', `an answer is one of ${ANSWER_VALUES.join(', ')}`);
  if (rule === null && answer === null)
    throw new CrosscheckError('BAD_ARGUMENTS', 'an entry needs an evidence rule or a fixed answer');
  if (rule !== null && rule.startsWith('not:') && rule.slice(4).trim().length < 3)
    throw new CrosscheckError('BAD_ARGUMENTS', 'say why the trail cannot answer it');
  if (input.question.trim().length < 3)
    throw new CrosscheckError('BAD_ARGUMENTS', 'an entry needs its question');
  return db.transaction(() => {
    let key = input.key;
    if (key === undefined) {
      const n = (
        db.prepare("SELECT count(*) AS n FROM answer_library WHERE key LIKE 'U-%'").get() as { n: number }
      ).n;
      key = `U-${n + 1}`;
      while (db.prepare('SELECT 1 FROM answer_library WHERE key = ?').get(key))
        key = `U-${Number(key.slice(2)) + 1}`;
    }
    const prev = db
      .prepare<[string], { revision: number }>('SELECT revision FROM answer_library WHERE key = ?')
      .get(key);
    // Two reviewers editing the same entry: the second save would silently undo the first.
    if (input.expectRevision !== undefined && (prev?.revision ?? 0) !== input.expectRevision)
      throw new CrosscheckError(
        'LIBRARY_EDIT_CONFLICT',
        `entry ${key} was changed meanwhile (now revision ${prev?.revision ?? 0}); reload it and edit again`,
      );
    const revision = (prev?.revision ?? 0) + 1;
    const row = {
      key,
      question: input.question.trim(),
      keywords: JSON.stringify(input.keywords ?? []),
      caiq: JSON.stringify(input.caiq ?? []),
      sig: JSON.stringify(input.sig ?? []),
      rule,
      answer,
      narrative: input.narrative ?? '',
      revision,
      updated_at: actor.at,
      updated_by: actor.by,
    };
    db.prepare(
      `INSERT INTO answer_library (key, question, keywords, caiq, sig, rule, answer, narrative, revision, updated_at, updated_by)
       VALUES (@key, @question, @keywords, @caiq, @sig, @rule, @answer, @narrative, @revision, @updated_at, @updated_by)
       ON CONFLICT(key) DO UPDATE SET question = @question, keywords = @keywords, caiq = @caiq, sig = @sig, rule = @rule, answer = @answer,
         narrative = @narrative, revision = @revision, updated_at = @updated_at, updated_by = @updated_by`,
    ).run(row);
    db.prepare(
      'INSERT INTO answer_library_history (key, revision, at, by, entry) VALUES (?, ?, ?, ?, ?)',
    ).run(key, revision, actor.at, actor.by, JSON.stringify(row));
    return answerLibrary(db).find((e) => e.key === key)!;
  })();
}

function fieldsOf(e: Pick<LibraryEntry, keyof LibraryFields>): LibraryFields {
  return {
    question: e.question,
    keywords: e.keywords,
    caiq: e.caiq,
    sig: e.sig,
    rule: e.rule,
    answer: e.answer,
    narrative: e.narrative,
  };
}

/** The library with each entry's origin, and the evidence rules an entry may rest on. */
export function libraryListing(db: Db): LibraryListing {
  const builtinKeys = new Set(builtinLibrary().map((b) => b.key));
  return {
    entries: answerLibrary(db).map((e) => ({
      ...e,
      origin: !builtinKeys.has(e.key) ? 'team' : e.source === 'user' ? 'edited' : 'builtin',
    })),
    rules: (Object.keys(EVIDENCE_RULES) as QuestionId[]).map((id) => ({
      id,
      question: BUILTIN_QUESTIONS[id].question,
    })),
  };
}

/** Every revision of one entry, oldest first, each with the fields it changed. */
export function libraryHistory(db: Db, key: string): LibraryRevision[] {
  const rows = db
    .prepare<[string], { revision: number; at: string; by: string; entry: string }>(
      'SELECT revision, at, by, entry FROM answer_library_history WHERE key = ? ORDER BY id',
    )
    .all(key);
  const builtin = builtinLibrary().find((b) => b.key === key);
  let before: LibraryFields | null = builtin ? fieldsOf(builtin) : null;
  return rows.map((r) => {
    const row = JSON.parse(r.entry) as Row;
    const fields = fieldsOf({
      ...row,
      keywords: JSON.parse(row.keywords) as string[],
      caiq: JSON.parse(row.caiq) as string[],
      sig: JSON.parse(row.sig) as string[],
    });
    const prior = before;
    const changed =
      prior === null
        ? [...LIBRARY_FIELDS]
        : LIBRARY_FIELDS.filter((f) => JSON.stringify(prior[f]) !== JSON.stringify(fields[f]));
    before = fields;
    return { revision: r.revision, at: r.at, by: r.by, fields, changed };
  });
}
