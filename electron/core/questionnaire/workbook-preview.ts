/**
 * The first rows of a workbook's sheets, read under the same refusals as a fill, so the user can
 * map the columns in the app when the headers are not recognised (the mapping is remembered per
 * layout once the workbook is added with it).
 */
import type BetterSqlite3 from 'better-sqlite3';
import type { WorkbookPreview } from '../../../shared/questionnaire/questionnaire-types.js';
import { detectColumns } from './detect-columns.js';
import { rememberedMapping, workbookFingerprint } from './fill-questionnaire.js';
import { openWorkbookBytes } from './workbook.js';
import { columnName } from './xml-text.js';

const PREVIEW_ROWS = 30;
const PREVIEW_COLUMNS = 30;
const PREVIEW_TEXT = 120;

/** The preview of a workbook's bytes; refuses what a fill refuses (nothing is stored). */
export async function workbookPreview(
  db: BetterSqlite3.Database,
  bytes: Buffer,
  fileName: string,
): Promise<WorkbookPreview> {
  const workbook = await openWorkbookBytes(bytes, fileName);
  const detected =
    rememberedMapping(db, workbookFingerprint(workbook)) !== null || detectColumns(workbook.sheets) !== null;
  const sheets = workbook.sheets
    .filter((s) => !('hidden' in s && s.hidden))
    .map((s) => {
      let width = 0;
      let headerGuess = 1;
      let fullest = 0;
      const rows: string[][] = [];
      for (let r = 1; r <= PREVIEW_ROWS; r++) {
        const cells = s.grid.get(r);
        const row: string[] = [];
        for (const [c, text] of cells ?? [])
          if (c < PREVIEW_COLUMNS)
            row[c] = text.length > PREVIEW_TEXT ? `${text.slice(0, PREVIEW_TEXT)}…` : text;
        const filled = row.filter((x) => x !== undefined && x !== '').length;
        if (filled > fullest) {
          fullest = filled;
          headerGuess = r;
        }
        width = Math.max(width, row.length);
        rows.push(Array.from(row, (x) => x ?? ''));
      }
      while (rows.length > 0 && rows[rows.length - 1]!.every((x) => x === '')) rows.pop();
      return {
        name: s.name,
        headerGuess,
        columns: Array.from({ length: width }, (_, i) => columnName(i)),
        rows: rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]),
      };
    })
    .filter((s) => s.rows.length > 0);
  return { fileName, detected, sheets };
}
