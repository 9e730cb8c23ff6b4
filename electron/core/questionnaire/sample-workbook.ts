/**
 * Synthetic questionnaires in the two layouts customers send (CAIQ v4 style: one sheet, ids like
 * `IAM-05.1`; SIG Lite style: one sheet per domain, numbers like `H.2`), written as Excel writes
 * them: shared strings, styles, a drop-down on the answer column, a formula, frozen header, column
 * widths, merged title cells, a second sheet. The wording is Crosscheck's own (no licensed text):
 * for tests, the benchmark and trying the workflow.
 */
import { zipParts } from './workbook-zip.js';
import { columnName, escapeXml } from './xml-text.js';

export type SampleLayout = 'caiq' | 'sig';

interface SampleQuestion {
  caiq: string;
  sig: string;
  text: string;
}

/** Questions in our own words: some the audit trail answers, some it cannot. */
export const SAMPLE_QUESTIONS: readonly SampleQuestion[] = [
  {
    caiq: 'LOG-09.1',
    sig: 'U.1',
    text: 'Are activity logs protected against tampering, and is their integrity checked?',
  },
  {
    caiq: 'LOG-07.1',
    sig: 'U.2',
    text: 'Is activity logged without interruption over the whole period, with no missing stretches?',
  },
  {
    caiq: 'IAM-16.1',
    sig: 'H.1',
    text: 'Is each automated agent limited to the systems inside its declared scope, with calls outside it blocked?',
  },
  {
    caiq: 'IAM-04.1',
    sig: 'H.2',
    text: 'Must a person with an approving role sign off high-risk actions before they execute?',
  },
  {
    caiq: 'IAM-06.1',
    sig: 'H.3',
    text: 'Are changes to policies, users and keys restricted to people holding the required role?',
  },
  {
    caiq: 'LOG-05.1',
    sig: 'U.3',
    text: 'Is deviation of an agent from its declared purpose detected as it happens?',
  },
  {
    caiq: 'SEF-03.1',
    sig: 'J.1',
    text: 'Is an agent that deviates badly contained automatically without waiting for a person?',
  },
  {
    caiq: 'STA-07.1',
    sig: 'B.1',
    text: 'Are all third parties that receive data identified and mapped to a legal entity?',
  },
  {
    caiq: 'IAM-14.1',
    sig: 'H.4',
    text: 'Is multi-factor authentication required for all remote and administrative access?',
  },
  {
    caiq: 'HRS-02.1',
    sig: 'E.1',
    text: 'Are background checks performed on new employees before they start?',
  },
  { caiq: 'HRS-11.1', sig: 'E.2', text: 'Do all staff complete security awareness training every year?' },
  {
    caiq: 'CEK-03.1',
    sig: 'D.1',
    text: 'Is customer data encrypted at rest with keys managed by the provider?',
  },
];

const CAIQ_DOMAINS = [
  'A&A',
  'AIS',
  'BCR',
  'CCC',
  'CEK',
  'DCS',
  'DSP',
  'GRC',
  'HRS',
  'IAM',
  'IPY',
  'IVS',
  'LOG',
  'SEF',
  'STA',
  'TVM',
  'UEM',
];
const FILLER_TOPICS = [
  'asset inventory',
  'change approval',
  'capacity planning',
  'vendor review',
  'physical entry',
  'patch cadence',
  'backup restore test',
  'policy review',
  'risk register',
  'secure coding',
];

/** `count` questions: the sample ones first, then filler in our own words spread over the 17 CAIQ domains. */
export function sampleQuestions(count: number): SampleQuestion[] {
  const out = SAMPLE_QUESTIONS.slice(0, count).map((q) => ({ ...q }));
  for (let i = out.length; i < count; i++) {
    const d = CAIQ_DOMAINS[i % CAIQ_DOMAINS.length]!;
    const n = Math.floor(i / CAIQ_DOMAINS.length) + 1;
    const topic = FILLER_TOPICS[i % FILLER_TOPICS.length]!;
    out.push({
      caiq: `${d}-${String(20 + n).padStart(2, '0')}.1`,
      sig: `Z.${i + 1}`,
      text: `Is the ${topic} procedure number ${i + 1} documented, owned and reviewed at least yearly?`,
    });
  }
  return out;
}

type Cell = string | { f: string; v?: string } | null;

interface SampleSheet {
  name: string;
  rows: Cell[][];
  /** Style index per column (0-based) for the data rows; header rows use style 1. */
  headerRows: number;
  colStyles?: Record<number, number>;
  widths: number[];
  validation?: { sqref: string; list: string };
  merge?: string;
}

function sheetXml(s: SampleSheet, shared: (t: string) => number): string {
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

/** The sheets of a sample questionnaire in `layout` with `count` questions. */
function sampleSheets(layout: SampleLayout, count: number): SampleSheet[] {
  const qs = sampleQuestions(count);
  const intro: SampleSheet = {
    name: 'Introduction',
    headerRows: 0,
    widths: [100],
    rows: [
      [
        'Sample questionnaire written by Crosscheck for testing (its own wording; not a licensed questionnaire).',
      ],
      ['Answer every question in the yellow column and explain in the notes column.'],
    ],
    merge: 'A1:C1',
  };
  if (layout === 'caiq') {
    const header: Cell[] = [
      'Question ID',
      'Question',
      'CSP CAIQ Answer',
      'SSRM Control Ownership',
      'CSP Implementation Description (Optional/Recommended)',
      'CSC Responsibilities',
    ];
    const first = 3;
    const lastRow = first + qs.length;
    const main: SampleSheet = {
      name: 'CAIQv4',
      headerRows: 2,
      widths: [12, 60, 14, 18, 50, 30],
      colStyles: { 1: 3, 2: 2, 4: 2 },
      rows: [
        ['Consensus-style assessment (sample)', null, null, null, null, null],
        header,
        ...qs.map((q): Cell[] => [q.caiq, q.text, null, null, null, null]),
      ],
      validation: { sqref: `C${first}:C${lastRow}`, list: 'Yes,No,NA' },
    };
    const summary: SampleSheet = {
      name: 'Summary',
      headerRows: 1,
      widths: [20, 12],
      rows: [
        ['Answer', 'Count'],
        ['Yes', { f: `COUNTIF(CAIQv4!C${first}:C${lastRow},"Yes")` }],
        ['No', { f: `COUNTIF(CAIQv4!C${first}:C${lastRow},"No")` }],
      ],
    };
    return [intro, main, summary];
  }
  const byLetter = new Map<string, SampleQuestion[]>();
  for (const q of qs) {
    const l = q.sig.split('.')[0]!;
    byLetter.set(l, [...(byLetter.get(l) ?? []), q]);
  }
  const titles: Record<string, string> = {
    B: 'Third Parties',
    D: 'Data Protection',
    E: 'Human Resources',
    H: 'Access Control',
    J: 'Incident Handling',
    U: 'Logging',
    Z: 'Other Controls',
  };
  const sheets: SampleSheet[] = [intro];
  for (const [l, group] of [...byLetter.entries()].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    sheets.push({
      name: `${l}. ${titles[l] ?? 'Domain'}`,
      headerRows: 1,
      widths: [10, 60, 14, 50],
      colStyles: { 1: 3, 2: 2, 3: 2 },
      rows: [
        ['Ques Num', 'Question/Request', 'Response', 'Additional Information'],
        ...group.map((q): Cell[] => [q.sig, q.text, null, null]),
      ],
      validation: { sqref: `C2:C${group.length + 1}`, list: 'Yes,No,N/A' },
    });
  }
  return sheets;
}

/** The bytes of a sample `.xlsx` questionnaire. */
export async function sampleWorkbook(layout: SampleLayout, count = SAMPLE_QUESTIONS.length): Promise<Buffer> {
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
  const sheets = sampleSheets(layout, count);
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
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<cp:coreProperties xmlns:cp="${NS}/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Sample questionnaire</dc:title><dc:creator>Crosscheck test suite</dc:creator></cp:coreProperties>`,
  );
  put(
    'xl/workbook.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${NS}/spreadsheetml/2006/main" xmlns:r="${NS}/officeDocument/2006/relationships"><bookViews><workbookView activeTab="1"/></bookViews><sheets>` +
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
