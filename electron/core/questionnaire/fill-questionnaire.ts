/**
 * From a customer's workbook to its filled copy within one engagement: find the questions (by
 * headers, a remembered layout or the user's mapping), match each to the answer library, compute
 * its answer from the engagement's verified evidence, apply the reviewers' decisions, and write
 * answers and notes into the customer's own cells plus an Evidence sheet.
 */
import { createHash } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { canonicalize } from '../../../shared/format/jcs.js';
import {
  BUILTIN_QUESTIONS,
  computeAnswer,
  EVIDENCE_RULES,
  notEvidencedAnswer,
  type EvidenceFacts,
} from '../../../shared/questionnaire/answer-rules.js';
import type { LibraryEntry } from '../../../shared/questionnaire/builtin-library.js';
import {
  ANSWER_LABELS,
  LOW_CONFIDENCE,
  type ComputedAnswer,
  type QuestionnaireItem,
  type ReviewState,
} from '../../../shared/questionnaire/questionnaire-types.js';
import type { QuestionId } from '../../../shared/package/questionnaire.js';
import { appendCustody } from '../package/custody.js';
import { answerLibrary } from './answer-library.js';
import {
  applyMapping,
  applyMappings,
  detectColumns,
  layoutFingerprint,
  mappingSpec,
  type Detection,
  type ExplicitMapping,
} from './detect-columns.js';
import { evidenceFacts } from './evidence-facts.js';
import { questionMatcher } from './match-questions.js';
import { openWorkbookBytes, type Workbook } from './workbook.js';
import { refuse } from './workbook-zip.js';
import { writeCsv, writeXlsx, type SheetWrite } from './write-workbook.js';

type Db = BetterSqlite3.Database;

export interface PreparedQuestionnaire {
  workbook: Workbook;
  detection: Detection;
  fingerprint: string;
}

/** The mapping remembered for a layout, if any. */
export function rememberedMapping(db: Db, fingerprint: string): ExplicitMapping | null {
  const r = db
    .prepare<[string], { mapping: string }>('SELECT mapping FROM questionnaire_layouts WHERE fingerprint = ?')
    .get(fingerprint);
  return r ? (JSON.parse(r.mapping) as ExplicitMapping) : null;
}

/** Remembers the user's mapping for this layout (the next workbook of the same template needs none). */
export function rememberMapping(
  db: Db,
  fingerprint: string,
  mapping: ExplicitMapping,
  actor: { by: string; at: string },
): void {
  db.prepare(
    'INSERT INTO questionnaire_layouts (fingerprint, mapping, saved_at, saved_by) VALUES (?, ?, ?, ?) ON CONFLICT(fingerprint) DO UPDATE SET mapping = excluded.mapping, saved_at = excluded.saved_at, saved_by = excluded.saved_by',
  ).run(fingerprint, JSON.stringify(mapping), actor.at, actor.by);
}

/**
 * The layout fingerprint of an opened workbook. A CSV's one sheet is named after the file, which
 * differs with every customer: its layout is its headers alone, so a mapping given once applies
 * to the same template under any name.
 */
export function workbookFingerprint(w: Workbook): string {
  return layoutFingerprint(w.kind === 'csv' ? w.sheets.map((s) => ({ ...s, name: '' })) : w.sheets);
}

/** Opens the workbook and finds its questions; refuses (nothing written) when none can be found. */
export async function prepareQuestionnaire(
  db: Db,
  bytes: Buffer,
  label: string,
  explicit?: ExplicitMapping,
): Promise<PreparedQuestionnaire> {
  const workbook = await openWorkbookBytes(bytes, label);
  const fingerprint = workbookFingerprint(workbook);
  let detection: Detection | null;
  if (explicit) {
    try {
      detection = applyMapping(workbook.sheets, explicit);
    } catch (e) {
      refuse(label, (e as Error).message);
    }
    if (!detection)
      refuse(
        label,
        `the column mapping finds no question below row ${explicit.headerRow}${explicit.sheet ? ` of sheet "${explicit.sheet}"` : ''}`,
      );
  } else {
    const remembered = rememberedMapping(db, fingerprint);
    detection = remembered ? applyMapping(workbook.sheets, remembered, 'remembered') : null;
    detection ??= detectColumns(workbook.sheets);
    if (!detection) {
      refuse(
        label,
        'no question sheet found (no header row with a question and an answer column in the first 30 rows); give the columns, e.g. --columns id=A,question=B,answer=C,notes=E,header=2',
      );
    }
  }
  return { workbook, detection, fingerprint };
}

/** A stored questionnaire opened again with the mappings it was added with (its items keep their numbers). */
export async function reopenQuestionnaire(
  bytes: Buffer,
  label: string,
  mappings: readonly ExplicitMapping[],
): Promise<PreparedQuestionnaire> {
  const workbook = await openWorkbookBytes(bytes, label);
  const detection = applyMappings(workbook.sheets, mappings);
  if (!detection) refuse(label, 'the stored mapping no longer finds its questions');
  return { workbook, detection, fingerprint: workbookFingerprint(workbook) };
}

/** Hash of a computed answer: a review whose basis differs was made on other evidence. */
export function answerBasis(c: ComputedAnswer): string {
  return createHash('sha256')
    .update(canonicalize({ answer: c.answer, narrative: c.narrative, contradictions: c.contradictions }))
    .digest('hex')
    .slice(0, 16);
}

// The team's own wording of an entry leads a "Yes"; what the evidence says is never replaced, and
// when the evidence says anything else it comes first, so a notes cell never opens with a claim
// the answer beside it denies.
function withTeamWords(entry: LibraryEntry, c: ComputedAnswer): string {
  const own = entry.narrative.trim();
  if (own === '') return c.narrative;
  return c.answer === 'yes' ? `${own} ${c.narrative}` : `${c.narrative} (The team's entry says: ${own})`;
}

function answerFor(
  entry: LibraryEntry | null,
  facts: EvidenceFacts,
  questionId: string | null = null,
): ComputedAnswer {
  if (!entry)
    return {
      ...notEvidencedAnswer(
        'no entry of the answer library matches this question; answer it by hand or add an entry.',
        facts,
      ),
      citations: [],
    };
  if (entry.rule && entry.rule in EVIDENCE_RULES) {
    const c = computeAnswer(EVIDENCE_RULES[entry.rule as QuestionId], facts);
    return {
      ...c,
      narrative: withTeamWords(entry, c),
      citations: [
        {
          kind: 'library',
          ref: entry.key,
          detail: `answer library entry (${entry.source}${entry.revision > 0 ? `, revision ${entry.revision} by ${entry.updatedBy} at ${entry.updatedAt}` : ''})`,
        },
        ...c.citations,
      ],
    };
  }
  if (entry.rule?.startsWith('not:')) {
    const c = notEvidencedAnswer(entry.rule.slice(4), facts, entry.documentCriteria);
    return { ...c, narrative: withTeamWords(entry, c) };
  }
  const fixed: ComputedAnswer = {
    answer: entry.answer ?? 'not_evidenced',
    narrative: entry.narrative || `Answer from the library entry ${entry.key}.`,
    citations: [
      {
        kind: 'library',
        ref: entry.key,
        detail: `fixed answer by ${entry.updatedBy ?? 'Crosscheck'} at ${entry.updatedAt ?? '-'} (revision ${entry.revision}); not computed from the trail`,
      },
    ],
    contradictions: [],
  };
  return contradictFixed(entry, fixed, facts, questionId);
}

/**
 * A fixed "yes" is still held to the evidence. The built-in rules it answers for (its own key, its
 * CAIQ ids, or the CAIQ id the customer's question carries) say what overturns it: an export that
 * failed verification where the rule needs integrity, or a finding of a kind the rule names. A
 * "yes" tied to no rule cannot be told which findings bear on it, so it is held to all of them:
 * any export that failed verification or any finding a built-in rule names turns it into
 * "partial" for the reviewer to settle, with a visible override and reason if it is to be "Yes".
 * With no verified export at all, a "yes" tied to a rule is not evidenced.
 */
function contradictFixed(
  entry: LibraryEntry,
  fixed: ComputedAnswer,
  facts: EvidenceFacts,
  questionId: string | null,
): ComputedAnswer {
  if (fixed.answer !== 'yes') return fixed;
  const ids = questionId === null ? entry.caiq : [...entry.caiq, questionId];
  const all = Object.keys(EVIDENCE_RULES) as QuestionId[];
  const related = all.filter(
    (id) => id === entry.key || BUILTIN_QUESTIONS[id].caiq.some((c) => ids.includes(c)),
  );
  const rules = (related.length > 0 ? related : all).map((id) => EVIDENCE_RULES[id]);
  const failed = facts.exports.filter((e) => e.integrity === 'INVALID');
  const kinds = new Set(rules.flatMap((r) => r.contradictions));
  const contradictions = facts.findings
    .filter((f) => f.count > 0 && kinds.has(f.kind))
    .map((f) => ({ kind: f.kind, count: f.count }));
  const integrityFails =
    failed.length > 0 && (related.length === 0 || rules.some((r) => r.integrity === true));
  if (related.length > 0 && !facts.exports.some((e) => e.trusted))
    return {
      answer: 'not_evidenced',
      narrative: `The library's fixed "Yes" answers for ${related.join(', ')}, and no verified export in this engagement shows it: not evidenced by the audit trail.`,
      citations: fixed.citations,
      contradictions: [],
    };
  if (contradictions.length === 0 && !integrityFails) return fixed;
  const reasons = [
    ...(integrityFails ? [`${failed.length} export(s) that failed verification (INVALID)`] : []),
    ...(contradictions.length > 0
      ? [`${contradictions.map((c) => `${c.count} ${c.kind}`).join(', ')} finding(s)`]
      : []),
  ].join(' and ');
  return {
    answer:
      related.length === 0
        ? 'partial'
        : integrityFails || rules.some((r) => r.onContradiction === 'no')
          ? 'no'
          : 'partial',
    narrative:
      related.length === 0
        ? `The library's fixed "Yes" is tied to no built-in rule (no CAIQ id it shares), so it is held to every finding: ${reasons} in the verified exports. Settle it in review.`
        : `The library's fixed "Yes" is contradicted by ${reasons} in the verified exports.`,
    citations: [
      ...fixed.citations,
      ...(integrityFails
        ? failed.map((e) => ({ kind: 'export' as const, ref: e.exportId, detail: 'INVALID' }))
        : []),
      ...contradictions.map((c) => ({
        kind: 'finding' as const,
        ref: c.kind,
        detail: `${c.count} finding(s)`,
      })),
    ],
    contradictions,
  };
}

/**
 * Every question's answer: matched, computed, and the latest review applied. An override of a
 * contradicted answer to "yes" stands only with a reason (the contract and CLI refuse one without).
 */
export function answerItems(
  db: Db,
  engagementId: number,
  detection: Detection,
  reviews: ReadonlyMap<number, ReviewState> = new Map(),
  facts = evidenceFacts(db, engagementId),
): QuestionnaireItem[] {
  const matcher = questionMatcher(answerLibrary(db));
  return detection.questions.map((q, item): QuestionnaireItem => {
    const m = matcher.match(q.id, q.question);
    const computed = answerFor(m.entry, facts, q.id);
    const basis = answerBasis(computed);
    const review = reviews.get(item) ?? null;
    const overridden = review?.action === 'override' && review.answer !== null;
    const final = overridden
      ? { answer: review.answer!, narrative: review.narrative ?? computed.narrative, overridden: true }
      : { answer: computed.answer, narrative: computed.narrative, overridden: false };
    const { entry: _entry, ...match } = m;
    void _entry;
    return {
      item,
      sheet: q.sheet,
      row: q.row,
      questionId: q.id,
      question: q.question,
      previousAnswer: q.answer,
      match,
      computed,
      basis,
      review,
      final,
      flags: {
        unanswered: m.by === 'none',
        lowConfidence: m.by !== 'none' && m.confidence < LOW_CONFIDENCE,
        contradicted: computed.contradictions.length > 0,
        changedSinceReview: review !== null && review.basis !== basis,
        reviewed: review !== null && review.basis === basis,
      },
    };
  });
}

/** The Evidence sheet: one row per citation of every question. */
export function evidenceRows(items: readonly QuestionnaireItem[]): string[][] {
  const rows: string[][] = [['Question', 'Sheet!Row', 'Answer', 'Match', 'Citation', 'Cited', 'Detail']];
  for (const it of items) {
    const match =
      it.match.by === 'none'
        ? 'no match'
        : `${it.match.entryKey} by ${it.match.by} (${Math.round(it.match.confidence * 100)}%)`;
    const answer = `${ANSWER_LABELS[it.final.answer]}${it.final.overridden ? ` (override by ${it.review?.by}: ${it.review?.reason ?? ''})` : ''}`;
    const cites =
      it.computed.citations.length > 0
        ? it.computed.citations
        : [{ kind: '-', ref: '-', detail: it.final.narrative }];
    for (const c of cites)
      rows.push([it.questionId ?? '', `${it.sheet}!${it.row}`, answer, match, c.kind, c.ref, c.detail]);
  }
  return rows;
}

function notesText(it: QuestionnaireItem): string {
  const n = it.computed.citations.filter((c) => c.kind !== 'library').length;
  return `${it.final.narrative}${it.final.overridden ? ` [Answer set by ${it.review?.by} at ${it.review?.at}: ${it.review?.reason ?? ''}]` : ''}${n > 0 ? ` (Crosscheck: ${n} citation(s) on the Evidence sheet.)` : ''}`;
}

export interface FilledWorkbook {
  bytes: Buffer;
  /** For a CSV: the Evidence rows as a second file. */
  evidenceCsv: Buffer | null;
  changedParts: string[];
  skipped: SheetWrite[];
  evidenceSheet: string | null;
}

/** Writes the answers into the customer's own answer and notes cells. */
export async function writeFilled(
  p: PreparedQuestionnaire,
  items: readonly QuestionnaireItem[],
): Promise<FilledWorkbook> {
  const writes: SheetWrite[] = [];
  for (const it of items) {
    const q = p.detection.questions[it.item]!;
    writes.push({ sheet: q.sheet, row: q.row, col: q.answerCol, text: ANSWER_LABELS[it.final.answer] });
    if (q.notesCol !== null)
      writes.push({ sheet: q.sheet, row: q.row, col: q.notesCol, text: notesText(it) });
  }
  const evidence = evidenceRows(items);
  if (p.workbook.kind === 'csv') {
    const out = writeCsv(p.workbook, writes, evidence);
    return {
      bytes: out.bytes,
      evidenceCsv: out.evidence,
      changedParts: [],
      skipped: [],
      evidenceSheet: null,
    };
  }
  const out = await writeXlsx(p.workbook, writes, evidence);
  return {
    bytes: out.bytes,
    evidenceCsv: null,
    changedParts: out.changedParts,
    skipped: out.skipped,
    evidenceSheet: out.evidenceSheet,
  };
}

export interface FillReport {
  file: string;
  layout: Detection['layout'];
  columns: Detection['source'];
  mappings: ExplicitMapping[];
  fingerprint: string;
  questions: number;
  answers: Record<string, number>;
  matchedById: number;
  matchedByText: number;
  unmatched: number;
  contradicted: number;
  output: {
    sha256: string;
    bytes: number;
    changedParts: string[];
    evidenceSheet: string | null;
    /** A CSV's Evidence listing, the second file. */
    evidenceCsvSha256: string | null;
    skippedFormulaCells: string[];
  };
  items: QuestionnaireItem[];
}

/** The report of one fill (the CLI's --json, the app's summary). */
export function fillReport(
  label: string,
  p: PreparedQuestionnaire,
  items: QuestionnaireItem[],
  filled: FilledWorkbook,
): FillReport {
  const answers: Record<string, number> = {};
  for (const it of items) answers[it.final.answer] = (answers[it.final.answer] ?? 0) + 1;
  return {
    file: label,
    layout: p.detection.layout,
    columns: p.detection.source,
    mappings: p.detection.mappings.map(mappingSpec),
    fingerprint: p.fingerprint,
    questions: items.length,
    answers,
    matchedById: items.filter((i) => i.match.by === 'id').length,
    matchedByText: items.filter((i) => i.match.by === 'text').length,
    unmatched: items.filter((i) => i.match.by === 'none').length,
    contradicted: items.filter((i) => i.flags.contradicted).length,
    output: {
      sha256: createHash('sha256').update(filled.bytes).digest('hex'),
      bytes: filled.bytes.length,
      changedParts: filled.changedParts,
      evidenceSheet: filled.evidenceSheet,
      evidenceCsvSha256: filled.evidenceCsv
        ? createHash('sha256').update(filled.evidenceCsv).digest('hex')
        : null,
      skippedFormulaCells: filled.skipped.map((s) => `${s.sheet}!${s.row}:${s.col}`),
    },
    items,
  };
}

/** Records a filled workbook in the custody log (call inside the caller's transaction). */
export function recordFilled(
  db: Db,
  engagementId: number,
  report: FillReport,
  sourceSha256: string,
  exportIds: string[],
  actor: { by: string; at: string },
): void {
  appendCustody(db, {
    ts: actor.at,
    actor: actor.by,
    action: 'questionnaire.filled',
    subject: `questionnaire:${report.output.sha256}`,
    exports: exportIds,
    detail: {
      engagement_id: engagementId,
      file_name: report.file,
      source_sha256: sourceSha256,
      layout: report.layout,
      questions: report.questions,
      answers: report.answers,
      contradicted: report.contradicted,
      bytes: report.output.bytes,
      ...(report.output.evidenceCsvSha256 ? { evidence_csv_sha256: report.output.evidenceCsvSha256 } : {}),
    },
  });
}
