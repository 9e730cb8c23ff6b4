/**
 * The customer's workbook round trip on workbooks the suite builds itself (CAIQ-style and
 * SIG-style, no licensed text): questions and columns are found, answers land in the right
 * cells, and every other part and cell (styles, drop-downs, formulas, other sheets) is unchanged;
 * bad workbooks (password-protected, macro-enabled, corrupt, empty, unsafe ZIPs) are refused.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  detectColumns,
  applyMapping,
  parseMappingSpec,
  layoutFingerprint,
} from '../../electron/core/questionnaire/detect-columns.js';
import { sampleWorkbook, SAMPLE_QUESTIONS } from '../../electron/core/questionnaire/sample-workbook.js';
import { parseSheet } from '../../electron/core/questionnaire/sheet-xml.js';
import { openWorkbook, type XlsxWorkbook } from '../../electron/core/questionnaire/workbook.js';
import { readWorkbookArchive, zipParts } from '../../electron/core/questionnaire/workbook-zip.js';
import { writeCsv, writeXlsx } from '../../electron/core/questionnaire/write-workbook.js';
import { writeRawZip } from '../support/raw-zip.js';
import { removeDir, tempDir } from '../support/bundle-files.js';

const dir = tempDir('crosscheck-questionnaire-');
afterAll(() => removeDir(dir));
let n = 0;
function file(bytes: Buffer | string, name = `wb-${n++}.xlsx`): string {
  const f = path.join(dir, name);
  writeFileSync(f, bytes);
  return f;
}

/** Each cell's exact XML, by reference, outside the written ones. */
function cellXml(xml: string): Map<string, string> {
  const s = parseSheet(xml);
  const out = new Map<string, string>();
  for (const r of s.rows) for (const c of r.cells) out.set(`${r.row}:${c.col}`, xml.slice(c.start, c.end));
  return out;
}

describe('CAIQ-style workbook', () => {
  it('finds the question sheet and its columns by their headers', async () => {
    const wb = await openWorkbook(file(await sampleWorkbook('caiq')));
    const d = detectColumns(wb.sheets)!;
    expect(d.layout).toBe('caiq');
    expect(d.mappings).toEqual([{ sheet: 'CAIQv4', headerRow: 2, id: 0, question: 1, answer: 2, notes: 4 }]);
    expect(d.questions.map((q) => q.id)).toEqual(SAMPLE_QUESTIONS.map((q) => q.caiq));
    expect(d.questions[0]).toMatchObject({ row: 3, question: SAMPLE_QUESTIONS[0]!.text, answer: '' });
  });

  it('writes answers into the right cells and changes nothing else', async () => {
    const input = file(await sampleWorkbook('caiq'));
    const wb = (await openWorkbook(input)) as XlsxWorkbook;
    const out = await writeXlsx(
      wb,
      [
        { sheet: 'CAIQv4', row: 4, col: 2, text: 'No' },
        { sheet: 'CAIQv4', row: 4, col: 4, text: 'Gap found <seq 7> & "quoted"' },
      ],
      [
        ['Question', 'Cited'],
        ['LOG-07.1', 'export x'],
      ],
    );
    expect(out.changedParts).toEqual([
      '[Content_Types].xml',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet4.xml',
    ]);
    const before = wb.parts;
    const after = (await readWorkbookArchive(out.bytes, 'out')).parts;
    // Styles, shared strings, other sheets (the formula sheet too), document properties: same bytes.
    for (const p of [
      'xl/styles.xml',
      'xl/sharedStrings.xml',
      'xl/worksheets/sheet1.xml',
      'xl/worksheets/sheet3.xml',
      'docProps/core.xml',
      '_rels/.rels',
    ])
      expect(after.get(p)!.equals(before.get(p)!)).toBe(true);
    const was = before.get('xl/worksheets/sheet2.xml')!.toString('utf8');
    const now = after.get('xl/worksheets/sheet2.xml')!.toString('utf8');
    const a = cellXml(was);
    const b = cellXml(now);
    for (const [ref, xml] of a) if (ref !== '4:2' && ref !== '4:4') expect(b.get(ref), ref).toBe(xml);
    expect(b.get('4:2')).toBe('<c r="C4" s="2" t="inlineStr"><is><t xml:space="preserve">No</t></is></c>');
    // Everything outside sheetData (widths, frozen pane, the drop-down) is byte-identical.
    const outside = (x: string) => x.replace(/<sheetData>[\s\S]*<\/sheetData>/, '');
    expect(outside(now)).toBe(outside(was));
    expect(now).toContain(
      '<dataValidation type="list" allowBlank="1" showErrorMessage="1" sqref="C3:C15"><formula1>"Yes,No,NA"</formula1>',
    );
    const again = (await openWorkbook(file(out.bytes))) as XlsxWorkbook;
    const main = again.sheets.find((s) => s.name === 'CAIQv4')!;
    expect(main.grid.get(4)!.get(2)).toBe('No');
    expect(main.grid.get(4)!.get(4)).toBe('Gap found <seq 7> & "quoted"');
    expect(again.sheets.map((s) => s.name)).toEqual(['Introduction', 'CAIQv4', 'Summary', 'Evidence']);
    expect(again.sheets[3]!.grid.get(2)!.get(1)).toBe('export x');
    expect(again.sheets.find((s) => s.name === 'Summary')!.parsed.xml).toContain(
      '<f>COUNTIF(CAIQv4!C3:C15,&quot;Yes&quot;)</f>',
    );
  });

  it('inserts a cell missing from its row in column order and a missing row in row order', async () => {
    const wb = (await openWorkbook(file(await sampleWorkbook('caiq')))) as XlsxWorkbook;
    // Row 2 of Summary has A and B; column D is new; row 9 does not exist at all.
    const out = await writeXlsx(
      wb,
      [
        { sheet: 'Summary', row: 2, col: 3, text: 'new' },
        { sheet: 'Summary', row: 9, col: 0, text: 'row nine' },
      ],
      [['x']],
    );
    expect(out.skipped).toEqual([]);
    const again = (await openWorkbook(file(out.bytes))) as XlsxWorkbook;
    const s = again.sheets.find((x) => x.name === 'Summary')!;
    expect(s.grid.get(2)!.get(3)).toBe('new');
    expect(s.grid.get(9)!.get(0)).toBe('row nine');
    expect(s.parsed.rows.map((r) => r.row)).toEqual([1, 2, 3, 9]);
    expect(s.parsed.xml).toContain('<dimension ref="A1:D9"/>');
  });

  it('never overwrites a cell holding a formula', async () => {
    const wb = (await openWorkbook(file(await sampleWorkbook('caiq')))) as XlsxWorkbook;
    const out = await writeXlsx(wb, [{ sheet: 'Summary', row: 2, col: 1, text: 'Yes' }], [['x']]);
    expect(out.skipped).toEqual([{ sheet: 'Summary', row: 2, col: 1, text: 'Yes' }]);
    expect(out.changedParts).not.toContain('xl/worksheets/sheet3.xml');
  });
});

describe('workbooks other writers produce', () => {
  it('prefixed SpreadsheetML (x:), rows and cells without r, rich-text shared strings', async () => {
    const parts = (await readWorkbookArchive(await sampleWorkbook('caiq'), 'x')).parts;
    const main = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
    const prefixed = parts
      .get('xl/worksheets/sheet2.xml')!
      .toString('utf8')
      .replace(/<(\/?)([A-Za-z]\w*)([\s/>])/g, '<$1x:$2$3')
      .replace(`xmlns="${main}"`, `xmlns:x="${main}"`)
      // Row 4 and its cells lose their r attributes (readers infer them in order).
      .replace(
        /<x:row r="4"([^>]*)>([\s\S]*?)<\/x:row>/,
        (_m, a: string, cells: string) => `<x:row${a}>${cells.replace(/ r="[A-Z]+4"/g, '')}</x:row>`,
      );
    parts.set('xl/worksheets/sheet2.xml', Buffer.from(prefixed));
    const sst = parts.get('xl/sharedStrings.xml')!.toString('utf8');
    const q = SAMPLE_QUESTIONS[0]!.text;
    const [head, tail] = [q.slice(0, 10), q.slice(10)];
    const rich = sst.replace(
      `<si><t xml:space="preserve">${q}</t></si>`,
      `<si><r><rPr><b/></rPr><t>${head}</t></r><r><t xml:space="preserve">${tail}</t></r><rPh sb="0" eb="1"><t>ignored</t></rPh></si>`,
    );
    expect(rich).not.toBe(sst);
    parts.set('xl/sharedStrings.xml', Buffer.from(rich));
    const wb = (await openWorkbook(file(await zipParts(parts)))) as XlsxWorkbook;
    const d = detectColumns(wb.sheets)!;
    expect(d.questions.map((x) => x.id)).toEqual(SAMPLE_QUESTIONS.map((x) => x.caiq));
    expect(d.questions[0]!.question).toBe(q);
    expect(d.questions[1]!.row).toBe(4);
    const out = await writeXlsx(
      wb,
      [
        { sheet: 'CAIQv4', row: 4, col: 2, text: 'Yes' },
        { sheet: 'CAIQv4', row: 3, col: 2, text: 'No' },
      ],
      [['x']],
    );
    const xml = (await readWorkbookArchive(out.bytes, 'out')).parts
      .get('xl/worksheets/sheet2.xml')!
      .toString('utf8');
    expect(xml).toContain(
      '<x:c r="C3" s="2" t="inlineStr"><x:is><x:t xml:space="preserve">No</x:t></x:is></x:c>',
    );
    const again = (await openWorkbook(file(out.bytes))) as XlsxWorkbook;
    const sheet = again.sheets.find((x) => x.name === 'CAIQv4')!;
    expect([sheet.grid.get(3)!.get(2), sheet.grid.get(4)!.get(2), sheet.grid.get(4)!.get(0)]).toEqual([
      'No',
      'Yes',
      SAMPLE_QUESTIONS[1]!.caiq,
    ]);
  });
});

describe('SIG-style workbook', () => {
  it('finds questions over every domain sheet', async () => {
    const wb = await openWorkbook(file(await sampleWorkbook('sig')));
    const d = detectColumns(wb.sheets)!;
    expect(d.layout).toBe('sig');
    expect(d.mappings.length).toBeGreaterThan(4);
    expect(
      d.mappings.every(
        (m) => m.headerRow === 1 && m.id === 0 && m.question === 1 && m.answer === 2 && m.notes === 3,
      ),
    ).toBe(true);
    expect(d.questions.map((q) => q.id).sort()).toEqual(SAMPLE_QUESTIONS.map((q) => q.sig).sort());
  });

  it('an explicit mapping finds the same questions, and the layout fingerprint is the template’s', async () => {
    const a = await openWorkbook(file(await sampleWorkbook('sig')));
    const m = applyMapping(a.sheets, parseMappingSpec('id=A,question=B,answer=C,notes=D,header=1'))!;
    expect(m.questions).toHaveLength(SAMPLE_QUESTIONS.length);
    expect(m.source).toBe('explicit');
    const b = await openWorkbook(file(await sampleWorkbook('sig')));
    expect(layoutFingerprint(b.sheets)).toBe(layoutFingerprint(a.sheets));
    const c = await openWorkbook(file(await sampleWorkbook('caiq')));
    expect(layoutFingerprint(c.sheets)).not.toBe(layoutFingerprint(a.sheets));
    expect(() => parseMappingSpec('question=B')).toThrow(/answer/);
    expect(() => applyMapping(a.sheets, parseMappingSpec('question=2,answer=C'))).toThrow(/letters/);
  });
});

describe('CSV', () => {
  it('reads questions and writes answers into their columns, other fields as they were', async () => {
    const text =
      'Question ID,Question,Answer,Notes,Owner\r\nIAM-14.1,"Is MFA, for admins, required?",,,"Sec ""team"""\r\nLOG-09.1,Are logs protected against tampering?,,,=SUM(1)\r\n';
    const wb = await openWorkbook(file(text, 'q.csv'));
    if (wb.kind !== 'csv') throw new Error('not csv');
    const d = detectColumns(wb.sheets)!;
    expect(d.questions.map((q) => [q.id, q.row])).toEqual([
      ['IAM-14.1', 2],
      ['LOG-09.1', 3],
    ]);
    const out = writeCsv(
      wb,
      [
        { sheet: 'q', row: 2, col: 2, text: '=HYPERLINK("x")' },
        { sheet: 'q', row: 3, col: 2, text: 'Yes' },
      ],
      [['a', 'b']],
    );
    expect(out.bytes.toString('utf8')).toBe(
      'Question ID,Question,Answer,Notes,Owner\r\nIAM-14.1,"Is MFA, for admins, required?","\'=HYPERLINK(""x"")",,"Sec ""team"""\r\nLOG-09.1,Are logs protected against tampering?,Yes,,=SUM(1)\r\n',
    );
  });
});

describe('refused workbooks', () => {
  const refused = async (f: string, why: RegExp) => {
    await expect(openWorkbook(f)).rejects.toMatchObject({
      code: 'WORKBOOK_REFUSED',
      message: expect.stringMatching(why),
    });
  };

  it('empty, password-protected, not a ZIP, no sheet values', async () => {
    await refused(file(Buffer.alloc(0)), /is empty/);
    await refused(
      file(Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(504)])),
      /password-protected/,
    );
    await refused(file('just text, not a workbook'), /corrupt \(it is not a ZIP/);
    await refused(file(',,\r\n,,\r\n', 'blank.csv'), /empty/);
  });

  it('corrupt: a truncated archive, a workbook with no workbook part', async () => {
    const good = await sampleWorkbook('caiq');
    await refused(file(good.subarray(0, Math.floor(good.length / 2))), /corrupt/);
    const parts = (await readWorkbookArchive(good, 'x')).parts;
    parts.delete('xl/workbook.xml');
    await refused(file(await zipParts(parts)), /not a workbook/);
  });

  it('macro-enabled: a VBA project, or a main part declared macro-enabled', async () => {
    const parts = (await readWorkbookArchive(await sampleWorkbook('caiq'), 'x')).parts;
    const withVba = new Map(parts).set('xl/vbaProject.bin', Buffer.from('VBA'));
    await refused(file(await zipParts(withVba)), /macro-enabled/);
    const types = parts
      .get('[Content_Types].xml')!
      .toString('utf8')
      .replace('sheet.main+xml', 'sheet.macroEnabled.main+xml');
    await refused(
      file(await zipParts(new Map(parts).set('[Content_Types].xml', Buffer.from(types)))),
      /macro-enabled/,
    );
  });

  it('unsafe ZIPs (spec §2): traversal, absolute and duplicate names, a zip bomb, too many members', async () => {
    const ok = { name: '[Content_Types].xml', data: Buffer.from('<Types/>') };
    for (const [name, why] of [
      ['../evil.xml', /"\.\."/],
      ['/etc/x.xml', /absolute/],
      ['xl\\a.xml', /backslash/],
    ] as const) {
      const f = path.join(dir, `bad-${n++}.xlsx`);
      writeRawZip(f, [ok, { name, data: Buffer.from('x') }]);
      await refused(f, why);
    }
    const dup = path.join(dir, `dup-${n++}.xlsx`);
    writeRawZip(dup, [ok, ok]);
    await refused(dup, /twice/);
    const zeros = Buffer.alloc(64 * 1024 * 1024);
    const bomb = path.join(dir, `bomb-${n++}.xlsx`);
    const { crc32 } = await import('node:zlib');
    writeRawZip(bomb, [
      ok,
      {
        name: 'xl/worksheets/sheet1.xml',
        data: Buffer.alloc(0),
        deflated: { data: deflateRawSync(zeros, { level: 9 }), crc: crc32(zeros) },
        size: zeros.length,
      },
    ]);
    await refused(bomb, /zip bomb/);
    const many = path.join(dir, `many-${n++}.xlsx`);
    writeRawZip(
      many,
      Array.from({ length: 2001 }, (_v, i) => ({ name: `p${i}.xml`, data: Buffer.from('x') })),
    );
    await refused(many, /2001 members/);
  });
});
