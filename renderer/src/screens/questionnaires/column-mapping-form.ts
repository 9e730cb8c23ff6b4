/** The column-mapping dialog's choices as the mapping the services read (pure, tested in test/unit/renderer-answer-library.test.ts). */
import type { WorkbookPreview } from '../../../../shared/questionnaire/questionnaire-types.js';

export interface ColumnChoice {
  sheet: string;
  headerRow: number;
  id: string;
  question: string;
  answer: string;
  notes: string;
}

/** The first choice for a preview: its first sheet, its likeliest header row, no columns yet. */
export function initialChoice(p: WorkbookPreview): ColumnChoice {
  const s = p.sheets[0];
  return {
    sheet: s?.name ?? '',
    headerRow: s?.headerGuess ?? 1,
    id: '',
    question: '',
    answer: '',
    notes: '',
  };
}

/** What keeps the choice from being used; null when it can be. */
export function choiceProblem(c: ColumnChoice): string | null {
  if (!c.question || !c.answer) return 'Choose at least the question column and the answer column.';
  const used = [c.id, c.question, c.answer, c.notes].filter(Boolean);
  if (new Set(used).size !== used.length) return 'Each role needs a column of its own.';
  return null;
}

/**
 * The mapping as `id=A,question=B,answer=C,notes=D,header=N[,sheet=Name]`. A workbook of one sheet
 * names none; a sheet name the list syntax cannot carry (a comma or `=`) is left out, so the
 * mapping applies to every sheet it fits.
 */
export function mappingSpecOf(c: ColumnChoice, p: WorkbookPreview): string {
  const parts = [
    ...(c.id ? [`id=${c.id}`] : []),
    `question=${c.question}`,
    `answer=${c.answer}`,
    ...(c.notes ? [`notes=${c.notes}`] : []),
    `header=${c.headerRow}`,
  ];
  if (p.sheets.length > 1 && !/[,=]/.test(c.sheet)) parts.push(`sheet=${c.sheet}`);
  return parts.join(',');
}
