/**
 * Matches a customer's questions to answer library entries: by id first (a CAIQ id or SIG number
 * the entry names), then by text with MiniSearch's BM25 ranking over the entries' questions and
 * keywords. Confidence is 1 for a unique id, 0.9 for an id several entries share (text picks
 * among them), and for text the share of the question's meaningful terms the best entry matched.
 */
import MiniSearch from 'minisearch';
import type { LibraryEntry } from '../../../shared/questionnaire/builtin-library.js';
import type { AnswerMatch } from '../../../shared/questionnaire/questionnaire-types.js';

const STOP = new Set(
  'a an and are as at be by do does for from has have how in is it its of on or that the their there these this to was were what when where which who will with without your you our we all any each every such than then them they been being can must should would may not no'.split(
    ' ',
  ),
);

/** Below this share of matched terms a text match is no match at all. */
const MIN_TEXT_CONFIDENCE = 0.3;

function normId(id: string): string {
  return id.toUpperCase().replace(/\s+/g, '');
}

function tokenize(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9&]+/)
    .filter((t) => t.length > 1 && !STOP.has(t));
}

export interface QuestionMatcher {
  match(questionId: string | null, question: string): AnswerMatch & { entry: LibraryEntry | null };
}

/** A matcher over `entries` (built once per fill). */
export function questionMatcher(entries: readonly LibraryEntry[]): QuestionMatcher {
  const byId = new Map<string, LibraryEntry[]>();
  for (const e of entries)
    for (const id of [...e.caiq, ...e.sig]) byId.set(normId(id), [...(byId.get(normId(id)) ?? []), e]);
  const byKey = new Map(entries.map((e) => [e.key, e]));
  const search = new MiniSearch<{ id: string; question: string; keywords: string }>({
    fields: ['question', 'keywords'],
    tokenize,
    processTerm: (t) => (STOP.has(t) ? null : t),
    searchOptions: { boost: { keywords: 1.5 }, fuzzy: 0.15, prefix: true, combineWith: 'OR' },
  });
  search.addAll(entries.map((e) => ({ id: e.key, question: e.question, keywords: e.keywords.join(' ') })));

  function byText(question: string, among?: ReadonlySet<string>) {
    const terms = [...new Set(tokenize(question))];
    if (terms.length === 0) return null;
    const results = search.search(terms.join(' '), among ? { filter: (r) => among.has(r.id as string) } : {});
    const top = results[0];
    if (!top) return null;
    const confidence = Math.min(1, top.queryTerms.length / terms.length);
    return { entry: byKey.get(top.id as string)!, confidence };
  }

  return {
    match(questionId, question) {
      const hits = questionId ? (byId.get(normId(questionId)) ?? []) : [];
      if (hits.length === 1)
        return {
          entry: hits[0]!,
          entryKey: hits[0]!.key,
          entrySource: hits[0]!.source,
          by: 'id',
          confidence: 1,
        };
      if (hits.length > 1) {
        const pick = byText(question, new Set(hits.map((h) => h.key)))?.entry ?? hits[0]!;
        return { entry: pick, entryKey: pick.key, entrySource: pick.source, by: 'id', confidence: 0.9 };
      }
      const t = byText(question);
      if (!t || t.confidence < MIN_TEXT_CONFIDENCE)
        return { entry: null, entryKey: null, entrySource: null, by: 'none', confidence: t?.confidence ?? 0 };
      return {
        entry: t.entry,
        entryKey: t.entry.key,
        entrySource: t.entry.source,
        by: 'text',
        confidence: Math.round(t.confidence * 100) / 100,
      };
    },
  };
}
