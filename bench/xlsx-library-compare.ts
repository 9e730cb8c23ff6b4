/**
 * The round trip that chose how questionnaires are written back (docs/questionnaires.md): a sample
 * CAIQ-style workbook (styles, a second and third sheet, a drop-down, a formula, merged cells,
 * frozen panes, column widths) is read, two cells are answered, and it is written back by each
 * candidate library and by Crosscheck's in-place cell writer; then every XML part is compared.
 *   npx esbuild bench/xlsx-library-compare.ts --bundle --platform=node --format=esm --packages=external --outfile=/tmp/cmp.mjs
 *   node /tmp/cmp.mjs <folder where exceljs, @e965/xlsx and xlsx-populate are installed>
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { sampleWorkbook } from '../electron/core/questionnaire/sample-workbook.js';
import { openWorkbook, type XlsxWorkbook } from '../electron/core/questionnaire/workbook.js';
import { writeXlsx } from '../electron/core/questionnaire/write-workbook.js';
import { readWorkbookArchive, zipParts } from '../electron/core/questionnaire/workbook-zip.js';

interface ExcelJsCell {
  value: unknown;
}
interface ExcelJsModule {
  Workbook: new () => {
    xlsx: { readFile(f: string): Promise<unknown>; writeFile(f: string): Promise<void> };
    getWorksheet(n: string): { getCell(r: string): ExcelJsCell };
  };
}
interface SheetJsModule {
  readFile(f: string, o: Record<string, unknown>): { Sheets: Record<string, Record<string, unknown>> };
  writeFile(wb: unknown, f: string, o?: Record<string, unknown>): void;
}
interface PopulateModule {
  fromFileAsync(f: string): Promise<{
    sheet(n: string): { cell(r: string): { value(v: string): void } };
    toFileAsync(f: string): Promise<void>;
  }>;
}

const dir = process.argv[2];
if (!dir) throw new Error('usage: node cmp.mjs <folder with the candidates in node_modules>');
const req = createRequire(path.join(path.resolve(dir), 'package.json'));
const tmp = mkdtempSync(path.join(os.tmpdir(), 'xlsx-compare-'));
const input = path.join(tmp, 'in.xlsx');
// Two things Excel writes that libraries often drop: a drop-down fed from another sheet (Excel
// stores it under the x14 extension list) and a custom XML part (document management metadata).
{
  const parts = (await readWorkbookArchive(await sampleWorkbook('caiq'), 'sample')).parts;
  const x14 =
    '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">' +
    '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list" allowBlank="1" showErrorMessage="1">' +
    '<x14:formula1><xm:f>Summary!$A$2:$A$3</xm:f></x14:formula1><xm:sqref>D3:D15</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>';
  const s2 = parts
    .get('xl/worksheets/sheet2.xml')!
    .toString('utf8')
    .replace('</worksheet>', `${x14}</worksheet>`);
  parts.set('xl/worksheets/sheet2.xml', Buffer.from(s2));
  parts.set(
    'customXml/item1.xml',
    Buffer.from(
      '<?xml version="1.0" encoding="UTF-8"?><dm:meta xmlns:dm="urn:example:dm"><dm:classification>Confidential</dm:classification></dm:meta>',
    ),
  );
  const rels = parts
    .get('_rels/.rels')!
    .toString('utf8')
    .replace(
      '</Relationships>',
      '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="customXml/item1.xml"/></Relationships>',
    );
  parts.set('_rels/.rels', Buffer.from(rels));
  writeFileSync(input, await zipParts(parts));
}

const candidates: Record<string, (out: string) => Promise<void>> = {
  'crosscheck in-place': async (out) => {
    const wb = (await openWorkbook(input)) as XlsxWorkbook;
    const r = await writeXlsx(
      wb,
      [
        { sheet: 'CAIQv4', row: 3, col: 2, text: 'Yes' },
        { sheet: 'CAIQv4', row: 3, col: 4, text: 'Verified by Crosscheck' },
      ],
      [['Question', 'Citation']],
    );
    writeFileSync(out, r.bytes);
  },
  'exceljs 4.4.0': async (out) => {
    const ExcelJS = req('exceljs') as ExcelJsModule;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(input);
    const ws = wb.getWorksheet('CAIQv4');
    ws.getCell('C3').value = 'Yes';
    ws.getCell('E3').value = 'Verified by Crosscheck';
    await wb.xlsx.writeFile(out);
  },
  '@e965/xlsx 0.20.3': async (out) => {
    const X = req('@e965/xlsx') as SheetJsModule;
    const wb = X.readFile(input, { cellStyles: true, cellFormula: true });
    const ws = wb.Sheets['CAIQv4']!;
    ws['C3'] = { t: 's', v: 'Yes' };
    ws['E3'] = { t: 's', v: 'Verified by Crosscheck' };
    X.writeFile(wb, out, { cellStyles: true });
  },
  'xlsx-populate 1.21.0': async (out) => {
    const XP = req('xlsx-populate') as PopulateModule;
    const wb = await XP.fromFileAsync(input);
    wb.sheet('CAIQv4').cell('C3').value('Yes');
    wb.sheet('CAIQv4').cell('E3').value('Verified by Crosscheck');
    await wb.toFileAsync(out);
  },
};

const before = (await readWorkbookArchive(readFileSync(input), 'in.xlsx')).parts;
const checks: Record<string, (p: Map<string, string>) => boolean> = {
  'drop-down kept': (p) =>
    [...p.values()].some((x) => /<dataValidation\b[^>]*type="list"[\s\S]*Yes,No,NA/.test(x)),
  'formula kept': (p) => [...p.values()].some((x) => /COUNTIF\(CAIQv4!C3:C15,(&quot;|")Yes/.test(x)),
  'answer cell style kept': (p) => [...p.values()].some((x) => /<c r="C3" s="2"/.test(x)),
  'fills kept (4)': (p) => /<fills count="4"/.test(p.get('xl/styles.xml') ?? ''),
  'merged title kept': (p) => [...p.values()].some((x) => x.includes('<mergeCell ref="A1:C1"/>')),
  'frozen pane kept': (p) => [...p.values()].some((x) => /state="frozen"/.test(x)),
  'column widths kept': (p) => [...p.values()].some((x) => /<col [^>]*width="60"/.test(x)),
  'x14 drop-down (list from another sheet) kept': (p) =>
    [...p.values()].some((x) => x.includes('Summary!$A$2:$A$3')),
  'custom XML part kept': (p) => (p.get('customXml/item1.xml') ?? '').includes('Confidential'),
  'core props kept': (p) => (p.get('docProps/core.xml') ?? '').includes('Sample questionnaire'),
};
const text = (m: Map<string, Buffer>) => new Map([...m].map(([k, v]) => [k, v.toString('utf8')]));
for (const [name, run] of Object.entries(candidates)) {
  const out = path.join(tmp, `${name.replace(/\W+/g, '-')}.xlsx`);
  try {
    await run(out);
  } catch (e) {
    process.stdout.write(`${name}: FAILED ${(e as Error).message}\n`);
    continue;
  }
  const after = (await readWorkbookArchive(readFileSync(out), name)).parts;
  const same = [...before.keys()].filter((k) => after.get(k)?.equals(before.get(k)!)).length;
  const changed = [...before.keys()].filter((k) => after.has(k) && !after.get(k)!.equals(before.get(k)!));
  const dropped = [...before.keys()].filter((k) => !after.has(k));
  const added = [...after.keys()].filter((k) => !before.has(k));
  const reread = (await openWorkbook(out, name)) as XlsxWorkbook;
  const main = reread.sheets.find((s) => s.name === 'CAIQv4');
  const answered =
    main?.grid.get(3)?.get(2) === 'Yes' && main.grid.get(3)?.get(4) === 'Verified by Crosscheck';
  const t = text(after);
  const failed = Object.entries(checks)
    .filter(([, f]) => !f(t))
    .map(([k]) => k);
  process.stdout.write(
    `${name}\n  parts byte-identical ${same}/${before.size}; changed ${changed.length} [${changed.join(', ')}]; dropped [${dropped.join(', ')}]; added [${added.join(', ')}]\n` +
      `  answers landed: ${answered}; checks failed: ${failed.length === 0 ? 'none' : failed.join('; ')}\n`,
  );
}
