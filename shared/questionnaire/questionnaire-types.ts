/** What a filled questionnaire is made of, shared by the services, the CLI report and the review screen. */
import type { ExportedFile } from '../api/view-types.js';

export const ANSWER_VALUES = ['yes', 'no', 'partial', 'na', 'not_evidenced'] as const;
export type AnswerValue = (typeof ANSWER_VALUES)[number];

/** How each answer is written into the customer's answer column. */
export const ANSWER_LABELS: Readonly<Record<AnswerValue, string>> = {
  yes: 'Yes',
  no: 'No',
  partial: 'Partial',
  na: 'NA',
  not_evidenced: 'Not evidenced by the audit trail',
};

export type CitationKind = 'export' | 'seq_range' | 'count' | 'finding' | 'document' | 'coverage' | 'library';

export interface Citation {
  kind: CitationKind;
  /** What is cited: an export id, `origin seq a–b`, an action type, a finding kind, a file name. */
  ref: string;
  detail: string;
}

export interface AnswerMatch {
  /** The answer library entry, or null when none matches. */
  entryKey: string | null;
  entrySource: 'builtin' | 'user' | null;
  by: 'id' | 'text' | 'none';
  /** 0–1: 1 for an id the entry names; for text, the share of the question's terms it matched. */
  confidence: number;
}

export interface ComputedAnswer {
  answer: AnswerValue;
  narrative: string;
  citations: Citation[];
  /** Finding kinds in scope that contradict this answer's "yes" (never "yes" while any). */
  contradictions: { kind: string; count: number }[];
}

export interface ReviewState {
  action: 'accept' | 'override';
  answer: AnswerValue | null;
  narrative: string | null;
  reason: string | null;
  /** Hash of the computed answer the reviewer saw. */
  basis: string;
  at: string;
  by: string;
}

export interface QuestionnaireItem {
  item: number;
  sheet: string;
  row: number;
  questionId: string | null;
  question: string;
  /** What the customer's cells held before the fill. */
  previousAnswer: string;
  match: AnswerMatch;
  computed: ComputedAnswer;
  /** Hash of `computed`, compared with the review's basis. */
  basis: string;
  review: ReviewState | null;
  /** The answer that goes into the workbook: the override if any, else the computed one. */
  final: { answer: AnswerValue; narrative: string; overridden: boolean };
  flags: {
    unanswered: boolean;
    lowConfidence: boolean;
    contradicted: boolean;
    changedSinceReview: boolean;
    reviewed: boolean;
  };
}

export interface QuestionnaireSummary {
  id: string;
  engagementId: string;
  fileName: string;
  sha256: string;
  layout: 'caiq' | 'sig' | 'generic';
  questions: number;
  reviewed: number;
  addedAt: string;
  addedBy: string;
}

export interface QuestionnaireView extends QuestionnaireSummary {
  items: QuestionnaireItem[];
  history: (Omit<ReviewState, 'action'> & { item: number; action: 'accept' | 'override' | 'clear' })[];
}

/** Confidence under which a text match is flagged for review. */
export const LOW_CONFIDENCE = 0.6;

/** A filled workbook as written for the user; a CSV's Evidence listing is a second file (a CSV has no sheets). */
export interface FilledQuestionnaireFile extends ExportedFile {
  evidence: ExportedFile | null;
}

/** The Evidence CSV's name beside a filled CSV (`x-filled.csv` → `x-filled-evidence.csv`), one name in the CLI, the app and the binder. */
export function evidenceCsvName(filled: string): string {
  return filled.replace(/(\.csv)?$/i, '-evidence.csv');
}

/** The first rows of each sheet of a workbook, for mapping its columns by hand where detection fails. */
export interface WorkbookPreview {
  fileName: string;
  /** True when the questions are found without help (by their headers, or a mapping remembered for the layout). */
  detected: boolean;
  sheets: {
    name: string;
    /** The fullest of the first rows: the headers, most likely (1-based). */
    headerGuess: number;
    /** Column letters A, B, … up to the widest previewed row. */
    columns: string[];
    /** rows[i] is sheet row i + 1; texts cut to a preview's length. */
    rows: string[][];
  }[];
}
