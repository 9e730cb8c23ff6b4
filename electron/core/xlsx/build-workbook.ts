/**
 * A new `.xlsx` written as Excel writes one: shared strings, styles (header, answer, wrapped
 * text), column widths, a frozen header, an optional drop-down and merged title. Used for the
 * sample questionnaires and for workpapers; a customer's own workbook is never rebuilt here (it is
 * edited in place, questionnaire/write-workbook.ts).
 */
import { zipParts } from '../questionnaire/workbook-zip.js';
import { columnName, escapeXml } from '../questionnaire/xml-text.js';

/** A cell: text, a number, a formula with its cached value, or nothing. */
export type XlsxCell = string | number | { f: string; v?: string } | null;

/** Cell styles of the built-in sheet: 0 plain, 1 header, 2 answer (yellow, unlocked), 3 wrapped text. */
export const XLSX_STYLE = { plain: 0, header: 1, answer: 2, wrapped: 3 } as const;

export interface XlsxSheet {
  name: string;
  rows: XlsxCell[][];
  /** The first rows are headers (style 1) and stay frozen. */
  headerRows: number;
  /** Style index per column (0-based) for the data rows. */
  colStyles?: Record<number, number>;
  widths: number[];
  validation?: { sqref: string; list: string };
  merge?: string;
}

export interface XlsxMeta {
  title: string;
  creator: string;
  /** The sheet shown when the workbook opens (0-based). */
  activeTab?: number;
}

function sheetXml(s: XlsxSheet, shared: (t: string) => number): string {
  const rows = s.rows
    .map((cells, ri) => {
      const r = ri + 1;
      const cs = cells
        .map((c, ci) => {
          const ref = `${columnName(ci)}${r}`;
          const style = r <= s.headerRows ? 1 : (s.colStyles?.[ci] ?? 0);
          const sa = style !== 0 ? ` s="${style}"` : '';
          if (c === null) return style !== 0 ? `<c r="${ref}"${sa}/>` : '';
          if (typeof c === 'string') return `<c r="${ref}"${sa} t="s"><v>${shared(c)}</v></c>`;
          if (typeof c === 'number') return `<c r="${ref}"${sa}><v>${c}</v></c>`;
          return `<c r="${ref}"${sa}><f>${escapeXml(c.f)}</f><v>${c.v ?? '0'}</v></c>`;
        })
        .join('');
      return `<row r="${r}" spans="1:${cells.length}">${cs}</row>`;
    })
    .join('');
  const last = `${columnName(Math.max(...s.rows.map((r) => r.length)) - 1)}${s.rows.length}`;
  const cols = s.widths
    .map(
      (w, i) =>
        `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"${s.colStyles?.[i] ? ` style="${s.colStyles[i]}"` : ''}/>`,
    )
    .join('');
  const dv = s.validation
    ? `<dataValidations count="1"><dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="${s.validation.sqref}"><formula1>"${escapeXml(s.validation.list)}"</formula1></dataValidation></dataValidations>`
    : '';
  const merge = s.merge ? `<mergeCells count="1"><mergeCell ref="${s.merge}"/></mergeCells>` : '';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<dimension ref="A1:${last}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${s.headerRows}" topLeftCell="A${s.headerRows + 1}" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15"/>' +
    `<cols>${cols}</cols><sheetData>${rows}</sheetData>${merge}${dv}` +
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>'
  );
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><color rgb="FFFFFFFF"/><name val="Calibri"/></font></fonts>' +
  '<fills count="4"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FF1F4E78"/><bgColor indexed="64"/></patternFill></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFFFF2CC"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border><border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="2" borderId="1" xfId="0" applyFont="1" applyFill="1" applyBorder="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="3" borderId="1" xfId="0" applyFill="1" applyBorder="1" applyProtection="1"><protection locked="0"/></xf>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="1" xfId="0" applyBorder="1" applyAlignment="1"><alignment wrapText="1" vertical="top"/></xf></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';


/** The bytes of a new `.xlsx` holding `sheets`. */
export async function buildWorkbook(sheets: readonly XlsxSheet[], meta: XlsxMeta): Promise<Buffer> {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const shared = (t: string): number => {
    let i = index.get(t);
    if (i === undefined) {
      i = strings.length;
      strings.push(t);
      index.set(t, i);
    }
    return i;
  };
  const sheetParts = sheets.map((s) => sheetXml(s, shared));
  const NS = 'http://schemas.openxmlformats.org';
  const parts = new Map<string, Buffer>();
  const put = (name: string, xml: string) => parts.set(name, Buffer.from(xml, 'utf8'));
  put(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="${NS}/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      sheets
        .map(
          (_s, i) =>
            `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
        )
        .join('') +
      `<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
      `<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>`,
  );
  put(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS}/package/2006/relationships"><Relationship Id="rId1" Type="${NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="${NS}/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>`,
  );
  put(
    'docProps/core.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="${NS}/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>${escapeXml(meta.title)}</dc:title><dc:creator>${escapeXml(meta.creator)}</dc:creator></cp:coreProperties>`,
  );
  put(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><bookViews><workbookView activeTab="${meta.activeTab ?? 0}"/></bookViews><sheets>` +
      sheets
        .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('') +
      `</sheets><calcPr calcId="191029"/></workbook>`,
  );
  put(
    'xl/_rels/workbook.xml.rels',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS}/package/2006/relationships">` +
      sheets
        .map(
          (_s, i) =>
            `<Relationship Id="rId${i + 1}" Type="${NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="${NS}/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId${sheets.length + 2}" Type="${NS}/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  sheetParts.forEach((xml, i) => put(`xl/worksheets/sheet${i + 1}.xml`, xml));
  put('xl/styles.xml', STYLES);
  put(
    'xl/sharedStrings.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${NS}/spreadsheetml/2006/main" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((t) => `<si><t xml:space="preserve">${escapeXml(t)}</t></si>`).join('')}</sst>`,
  );
  return zipParts(parts);
}
