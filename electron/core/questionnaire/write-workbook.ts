/**
 * The customer's workbook back with answers in their own cells: only the worksheet parts that
 * receive answers change (and only in those cells), plus an "Evidence" sheet added through the
 * workbook part, its relationships and the content types. Every other part keeps its exact bytes.
 */
import { plainCsvField } from './csv.js';
import { csvField } from '../binder/population-csv.js';
import { writeCells, type CellWrite } from './sheet-xml.js';
import { parseRels, relsPartOf, type CsvWorkbook, type XlsxWorkbook } from './workbook.js';
import { zipParts } from './workbook-zip.js';
import { attributes, columnName, escapeXml } from './xml-text.js';

export interface SheetWrite extends CellWrite {
  sheet: string;
}

export interface WriteResult {
  bytes: Buffer;
  /** Parts whose bytes differ from the customer's file (for the report and the tests). */
  changedParts: string[];
  /** Answers not written because the target cell holds a formula. */
  skipped: SheetWrite[];
  evidenceSheet: string;
}

function uniqueSheetName(existing: readonly string[]): string {
  const taken = new Set(existing.map((n) => n.toLowerCase()));
  if (!taken.has('evidence')) return 'Evidence';
  for (let i = 2; ; i++) if (!taken.has(`evidence (${i})`)) return `Evidence (${i})`;
}

function evidenceSheetXml(rows: readonly (readonly string[])[]): string {
  const body = rows
    .map(
      (cells, ri) =>
        `<row r="${ri + 1}">${cells.map((t, ci) => (t === '' ? '' : `<c r="${columnName(ci)}${ri + 1}" t="inlineStr"><is><t xml:space="preserve">${escapeXml(t)}</t></is></c>`)).join('')}</row>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"/></sheetViews>' +
    `<cols><col min="1" max="1" width="14" customWidth="1"/><col min="2" max="2" width="16" customWidth="1"/><col min="3" max="3" width="90" customWidth="1"/></cols><sheetData>${body}</sheetData></worksheet>`
  );
}

/** Adds `name` as the last sheet of the workbook (workbook part, its rels, content types). */
function addSheet(wb: XlsxWorkbook, parts: Map<string, Buffer>, name: string, xml: string): void {
  const used = new Set(parts.keys());
  let n = wb.sheets.length + 1;
  while (used.has(`xl/worksheets/sheet${n}.xml`)) n++;
  const part = `xl/worksheets/sheet${n}.xml`;
  parts.set(part, Buffer.from(xml, 'utf8'));

  const relsPart = relsPartOf(wb.workbookPart);
  const relsXml = parts.get(relsPart)!.toString('utf8');
  const ids = new Set(parseRels(relsXml).map((r) => r.id));
  let k = ids.size + 1;
  while (ids.has(`rId${k}`)) k++;
  const rid = `rId${k}`;
  // The target is relative to the workbook part's folder (xl/ in every workbook we have seen).
  const target = part.startsWith(wb.workbookPart.replace(/[^/]*$/, ''))
    ? part.slice(wb.workbookPart.replace(/[^/]*$/, '').length)
    : `/${part}`;
  const rel = `<Relationship Id="${rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="${target}"/>`;
  parts.set(
    relsPart,
    Buffer.from(
      relsXml.replace(/<\/((?:[\w.-]+:)?)Relationships>\s*$/, (m) => rel + m),
      'utf8',
    ),
  );

  const wbXml = parts.get(wb.workbookPart)!.toString('utf8');
  const rPrefix =
    /xmlns:([\w.-]+)="http:\/\/schemas\.openxmlformats\.org\/officeDocument\/2006\/relationships"/.exec(
      wbXml,
    )?.[1];
  const maxId = Math.max(
    0,
    ...[...wbXml.matchAll(/<(?:[\w.-]+:)?sheet\b([^>]*?)\/?>/g)].map((m) =>
      Number(attributes(m[1]!)['sheetId'] ?? 0),
    ),
  );
  const sheetPrefix = /<((?:[\w.-]+:)?)sheets\b/.exec(wbXml)?.[1] ?? '';
  const idAttr = rPrefix
    ? `${rPrefix}:id="${rid}"`
    : `xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="${rid}"`;
  const el = `<${sheetPrefix}sheet name="${escapeXml(name)}" sheetId="${maxId + 1}" ${idAttr}/>`;
  parts.set(
    wb.workbookPart,
    Buffer.from(
      wbXml.replace(new RegExp(`</${sheetPrefix}sheets>`), (m) => el + m),
      'utf8',
    ),
  );

  const typesXml = parts.get('[Content_Types].xml')!.toString('utf8');
  const override = `<Override PartName="/${part}" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`;
  parts.set(
    '[Content_Types].xml',
    Buffer.from(
      typesXml.replace(/<\/((?:[\w.-]+:)?)Types>\s*$/, (m) => override + m),
      'utf8',
    ),
  );
}

/** The filled `.xlsx`: answers in place, an Evidence sheet of `evidence` rows (first row: headers). */
export async function writeXlsx(
  wb: XlsxWorkbook,
  writes: readonly SheetWrite[],
  evidence: readonly (readonly string[])[],
): Promise<WriteResult> {
  const parts = new Map(wb.parts);
  const skipped: SheetWrite[] = [];
  for (const sheet of wb.sheets) {
    const mine = writes.filter((w) => w.sheet === sheet.name);
    if (mine.length === 0) continue;
    const out = writeCells(sheet.parsed, mine);
    for (const s of out.skipped) skipped.push({ ...s, sheet: sheet.name });
    parts.set(sheet.part, Buffer.from(out.xml, 'utf8'));
  }
  const evidenceSheet = uniqueSheetName(wb.sheets.map((s) => s.name));
  addSheet(wb, parts, evidenceSheet, evidenceSheetXml(evidence));
  const changedParts = [...parts.keys()].filter((k) => !wb.parts.get(k)?.equals(parts.get(k)!)).sort();
  return { bytes: await zipParts(parts), changedParts, skipped, evidenceSheet };
}

/** The filled CSV (answers in their columns, every other field as it was) and the evidence as a second CSV. */
export function writeCsv(
  wb: CsvWorkbook,
  writes: readonly SheetWrite[],
  evidence: readonly (readonly string[])[],
): { bytes: Buffer; evidence: Buffer } {
  const rows = wb.rows.map((r) => [...r]);
  const written = new Set<string>();
  for (const w of writes) {
    const r = rows[w.row - 1] ?? (rows[w.row - 1] = []);
    while (r.length <= w.col) r.push('');
    r[w.col] = w.text;
    written.add(`${w.row - 1}:${w.col}`);
  }
  // Our own texts are neutralised against spreadsheet formulas; the customer's fields go back as they were.
  const text =
    rows
      .map((r, ri) =>
        r.map((v, ci) => (written.has(`${ri}:${ci}`) ? csvField(v) : plainCsvField(v))).join(','),
      )
      .join(wb.eol) + wb.eol;
  const ev = evidence.map((r) => r.map(csvField).join(',')).join(wb.eol) + wb.eol;
  return { bytes: Buffer.from(text, 'utf8'), evidence: Buffer.from(ev, 'utf8') };
}
