/**
 * Finds the question sheet(s) of a workbook and their id / question / answer / notes columns by
 * their headers (CAIQ v4: "Question ID", "Question", "CSP CAIQ Answer", "CSP Implementation
 * Description"; SIG Lite: "Ques Num", "Question/Request", "Response", "Comments", one sheet per
 * domain), or applies a mapping the user gave. Pure: cells in, mapping and question rows out.
 */
import { createHash } from 'node:crypto';
import type { SheetCells } from './workbook.js';
import { columnIndex, columnName } from './xml-text.js';

export interface SheetMapping {
  sheet: string;
  /** 1-based row of the headers; questions are the rows below it. */
  headerRow: number;
  id: number | null;
  question: number;
  answer: number;
  notes: number | null;
}

/** A mapping the user gave: columns by letter, for one named sheet or every sheet that fits. */
export interface ExplicitMapping {
  sheet?: string;
  headerRow: number;
  id?: string;
  question: string;
  answer: string;
  notes?: string;
}

export interface QuestionRow {
  sheet: string;
  row: number;
  id: string | null;
  question: string;
  /** What the customer's answer and notes cells held before we filled them. */
  answer: string;
  notes: string;
  answerCol: number;
  notesCol: number | null;
}

export type LayoutKind = 'caiq' | 'sig' | 'generic';

export interface Detection {
  layout: LayoutKind;
  mappings: SheetMapping[];
  questions: QuestionRow[];
  /** How the columns were found. */
  source: 'detected' | 'explicit' | 'remembered';
}

/** A CAIQ v4 question id: domain (2–4 letters, & allowed), control number, question number. */
export const CAIQ_ID = /^[A-Z&]{2,4}-\d{2}\.\d{1,2}$/;

const HEADERS: Record<'id' | 'question' | 'answer' | 'notes', RegExp> = {
  id: /^(question\s*id|control\s*id|ques(tion)?\.?\s*(num(ber)?|no\.?|#)|q\.?\s*(#|no\.?|num)|id|ref(erence)?(\s*(id|no\.?|#))?|#|item\s*(no\.?|#|id)|number|no\.?)$/,
  question:
    /^(question(\s*text)?(\s*\/\s*request)?|questions?|control\s*question|request|question\s*\/\s*request|assessment\s*question)$/,
  answer: /(answer|response)(?!sibil)/,
  notes:
    /(comment|notes?\b|explanation|additional\s*information|implementation\s*description|remarks|justification)/,
};

function norm(s: string): string {
  return s
    .toLowerCase()
    .replace(/\([^)]*\)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Header columns of one row, or null when it is not a header row (needs a question and an answer column). */
function headerColumns(cells: Map<number, string>): Omit<SheetMapping, 'sheet' | 'headerRow'> | null {
  let id: number | null = null;
  let question: number | null = null;
  let answer: number | null = null;
  let notes: number | null = null;
  for (const [col, raw] of [...cells.entries()].sort((a, b) => a[0] - b[0])) {
    const t = norm(raw);
    if (t.length > 60) continue;
    if (id === null && HEADERS.id.test(t)) id = col;
    else if (question === null && HEADERS.question.test(t)) question = col;
    else if (answer === null && HEADERS.answer.test(t) && !/ownership|responsibilit/.test(t)) answer = col;
    else if (notes === null && HEADERS.notes.test(t)) notes = col;
  }
  if (question === null || answer === null) return null;
  return { id, question, answer, notes };
}

function looksLikeQuestion(text: string, id: string | null): boolean {
  if (id !== null && id.trim() !== '') return text.trim().split(/\s+/).length >= 2;
  return text.trim().endsWith('?') && text.trim().split(/\s+/).length >= 3;
}

function rowsOf(sheet: SheetCells, m: SheetMapping): QuestionRow[] {
  const out: QuestionRow[] = [];
  for (const [row, cells] of [...sheet.grid.entries()].sort((a, b) => a[0] - b[0])) {
    if (row <= m.headerRow) continue;
    const question = (cells.get(m.question) ?? '').trim();
    const id = m.id === null ? null : (cells.get(m.id) ?? '').trim() || null;
    if (!looksLikeQuestion(question, id)) continue;
    out.push({
      sheet: sheet.name,
      row,
      id,
      question,
      answer: cells.get(m.answer) ?? '',
      notes: m.notes === null ? '' : (cells.get(m.notes) ?? ''),
      answerCol: m.answer,
      notesCol: m.notes,
    });
  }
  return out;
}

function layoutOf(questions: readonly QuestionRow[], mappings: readonly SheetMapping[]): LayoutKind {
  const ids = questions.filter((q) => q.id !== null);
  if (ids.length > 0 && ids.filter((q) => CAIQ_ID.test(q.id!)).length * 2 >= ids.length) return 'caiq';
  if (
    mappings.length > 1 ||
    ids.some((q) => /^[A-Z]{1,3}[.-]?\d+(\.\d+)*$/.test(q.id!) || /^\d+(\.\d+)+$/.test(q.id!))
  )
    return 'sig';
  return 'generic';
}

/** The question sheets and columns found from headers in the first 30 rows of each sheet. */
export function detectColumns(sheets: readonly SheetCells[]): Detection | null {
  const mappings: SheetMapping[] = [];
  const questions: QuestionRow[] = [];
  for (const sheet of sheets) {
    for (const [row, cells] of [...sheet.grid.entries()].sort((a, b) => a[0] - b[0])) {
      if (row > 30) break;
      const cols = headerColumns(cells);
      if (!cols) continue;
      const m: SheetMapping = { sheet: sheet.name, headerRow: row, ...cols };
      const qs = rowsOf(sheet, m);
      if (qs.length === 0) continue;
      mappings.push(m);
      questions.push(...qs);
      break;
    }
  }
  if (questions.length === 0) return null;
  return { layout: layoutOf(questions, mappings), mappings, questions, source: 'detected' };
}

function letter(v: string | undefined, what: string): number | null {
  if (v === undefined || v === '') return null;
  if (!/^[A-Za-z]{1,3}$/.test(v))
    throw new Error(`the ${what} column must be given as letters (A, B, … AA), not "${v}"`);
  return columnIndex(v);
}

/** Applies a mapping the user gave (or one remembered for this layout). */
export function applyMapping(
  sheets: readonly SheetCells[],
  explicit: ExplicitMapping,
  source: 'explicit' | 'remembered' = 'explicit',
): Detection | null {
  const question = letter(explicit.question, 'question')!;
  const answer = letter(explicit.answer, 'answer')!;
  const base = {
    headerRow: explicit.headerRow,
    id: letter(explicit.id, 'id'),
    question,
    answer,
    notes: letter(explicit.notes, 'notes'),
  };
  const targets = explicit.sheet !== undefined ? sheets.filter((s) => s.name === explicit.sheet) : sheets;
  const mappings: SheetMapping[] = [];
  const questions: QuestionRow[] = [];
  for (const sheet of targets) {
    const m = { sheet: sheet.name, ...base };
    const qs = rowsOf(sheet, m);
    if (qs.length === 0) continue;
    mappings.push(m);
    questions.push(...qs);
  }
  if (questions.length === 0) return null;
  return { layout: layoutOf(questions, mappings), mappings, questions, source };
}

/** Several sheet mappings (as stored with a questionnaire) applied in order. */
export function applyMappings(
  sheets: readonly SheetCells[],
  mappings: readonly ExplicitMapping[],
): Detection | null {
  const parts = mappings
    .map((m) => applyMapping(sheets, m, 'remembered'))
    .filter((d): d is Detection => d !== null);
  if (parts.length === 0) return null;
  const questions = parts.flatMap((p) => p.questions);
  const all = parts.flatMap((p) => p.mappings);
  return { layout: layoutOf(questions, all), mappings: all, questions, source: 'remembered' };
}

/** `id=A,question=B,answer=C,notes=E[,header=3][,sheet=Name]` as a mapping. */
export function parseMappingSpec(spec: string): ExplicitMapping {
  const kv = new Map<string, string>();
  for (const part of spec.split(',')) {
    const i = part.indexOf('=');
    if (i < 0)
      throw new Error(`"${part}" is not key=value (id=A,question=B,answer=C,notes=D,header=1,sheet=Name)`);
    kv.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  const question = kv.get('question');
  const answer = kv.get('answer');
  if (!question || !answer)
    throw new Error('a column mapping needs at least question=<letter> and answer=<letter>');
  const header = Number(kv.get('header') ?? '1');
  if (!Number.isInteger(header) || header < 0 || header > 1000)
    throw new Error('header= is the row number of the headers (0 for none)');
  const sheet = kv.get('sheet');
  return {
    question,
    answer,
    headerRow: header,
    ...(kv.get('id') ? { id: kv.get('id')! } : {}),
    ...(kv.get('notes') ? { notes: kv.get('notes')! } : {}),
    ...(sheet ? { sheet } : {}),
  };
}

/** A mapping as the letters a user would type. */
export function mappingSpec(m: SheetMapping): ExplicitMapping {
  return {
    sheet: m.sheet,
    headerRow: m.headerRow,
    question: columnName(m.question),
    answer: columnName(m.answer),
    ...(m.id !== null ? { id: columnName(m.id) } : {}),
    ...(m.notes !== null ? { notes: columnName(m.notes) } : {}),
  };
}

/**
 * The layout's fingerprint: sheet names and each sheet's fullest row among its first 30 (its
 * headers, in practice), so the same template sent by another customer maps the same way.
 */
export function layoutFingerprint(sheets: readonly SheetCells[]): string {
  const h = createHash('sha256');
  for (const s of sheets) {
    let best: string[] = [];
    for (const [row, cells] of s.grid) {
      if (row > 30) continue;
      if (cells.size > best.length)
        best = [...cells.entries()].sort((a, b) => a[0] - b[0]).map(([c, v]) => `${c}:${norm(v)}`);
    }
    h.update(JSON.stringify([s.name, best]));
  }
  return h.digest('hex');
}
