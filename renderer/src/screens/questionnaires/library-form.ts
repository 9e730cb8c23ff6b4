/** The answer library screen's search and its editor's form (pure, tested in test/unit/renderer-answer-library.test.ts). */
import type { ArgsOf } from '../../../../shared/api/contract.js';
import type { AnswerValue } from '../../../../shared/questionnaire/questionnaire-types.js';
import type { LibraryListEntry, LibraryOrigin } from '../../../../shared/questionnaire/library-types.js';

export const ORIGIN_FILTERS = ['all', 'builtin', 'edited', 'team'] as const;
export type OriginFilter = (typeof ORIGIN_FILTERS)[number];

export const ORIGIN_TITLES: Record<OriginFilter, string> = {
  all: 'All',
  builtin: 'Built-in',
  edited: 'Built-in, edited by the team',
  team: 'Added by the team',
};

export const ORIGIN_BADGES: Record<LibraryOrigin, string> = {
  builtin: 'built-in',
  edited: 'edited',
  team: 'team',
};

/** True when `e` is of `origin` and every word of `query` is in its key, question, ids or keywords. */
export function matchesLibrary(e: LibraryListEntry, origin: OriginFilter, query: string): boolean {
  if (origin !== 'all' && e.origin !== origin) return false;
  const hay = [e.key, e.question, e.narrative, ...e.caiq, ...e.sig, ...e.keywords].join(' ').toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}

export type AnswerMode = 'rule' | 'not' | 'fixed';

export interface LibraryForm {
  /** null: a new entry. */
  key: string | null;
  expectRevision: number;
  question: string;
  mode: AnswerMode;
  rule: string;
  why: string;
  answer: AnswerValue;
  narrative: string;
  caiq: string;
  sig: string;
  keywords: string;
}

/** The form for editing `e`, or for a new entry (a fixed answer until the team picks a rule). */
export function formOf(e: LibraryListEntry | null, firstRule: string): LibraryForm {
  if (e === null)
    return {
      key: null,
      expectRevision: 0,
      question: '',
      mode: 'fixed',
      rule: firstRule,
      why: '',
      answer: 'yes',
      narrative: '',
      caiq: '',
      sig: '',
      keywords: '',
    };
  const not = e.rule?.startsWith('not:') ?? false;
  return {
    key: e.key,
    expectRevision: e.revision,
    question: e.question,
    mode: e.rule === null ? 'fixed' : not ? 'not' : 'rule',
    rule: e.rule !== null && !not ? e.rule : firstRule,
    why: not ? e.rule!.slice(4) : '',
    answer: e.answer ?? 'yes',
    narrative: e.narrative,
    caiq: e.caiq.join(', '),
    sig: e.sig.join(', '),
    keywords: e.keywords.join(', '),
  };
}

/** A comma- or newline-separated list as its trimmed, distinct items. */
export function splitTerms(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[,\n]/)
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

/** What keeps the form from being saved, in words; null when it can be. */
export function formProblem(f: LibraryForm): string | null {
  if (f.question.trim().length < 3) return 'Write the question this entry answers.';
  if (f.mode === 'not' && f.why.trim().length < 3) return 'Say why the audit trail cannot answer it.';
  if (f.mode === 'fixed' && f.narrative.trim().length < 3)
    return 'A fixed answer needs its narrative (it goes into the notes cell).';
  return null;
}

/** The contract arguments that save the form. */
export function saveArgs(f: LibraryForm): ArgsOf<'answerLibrary.save'> {
  return {
    ...(f.key !== null ? { key: f.key } : {}),
    expectRevision: f.expectRevision,
    question: f.question.trim(),
    rule: f.mode === 'rule' ? f.rule : f.mode === 'not' ? `not:${f.why.trim()}` : null,
    answer: f.mode === 'fixed' ? f.answer : null,
    narrative: f.narrative.trim(),
    caiq: splitTerms(f.caiq),
    sig: splitTerms(f.sig),
    keywords: splitTerms(f.keywords),
  };
}
