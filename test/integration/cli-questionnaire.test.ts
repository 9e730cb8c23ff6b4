/**
 * `crosscheck questionnaire fill` as an auditor runs it, on stores holding our own generator's
 * exports: both layouts filled from the evidence (ids, then text), a planted finding flipping
 * the answers it contradicts, a mapping given once and remembered, a team entry matched by its
 * SIG number, a custody record per filled workbook, and bad workbooks refused with nothing written.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FillReport } from '../../electron/core/questionnaire/fill-questionnaire.js';
import { openWorkbook, type XlsxWorkbook } from '../../electron/core/questionnaire/workbook.js';
import { listCustody } from '../../electron/core/package/custody.js';
import { openStore } from '../../electron/core/store/store.js';
import { crosscheck } from '../support/cli.js';
import { removeDir, tempDir } from '../support/bundle-files.js';
import { demoStore } from '../support/demo-store.js';

let dir: string;
const stores: Record<'clean' | 'planted', string> = { clean: '', planted: '' };

function ok(args: string[]): string {
  const r = crosscheck(args);
  expect(r.code, r.stderr).toBe(0);
  return r.stdout;
}

beforeAll(() => {
  dir = tempDir('cc-cli-questionnaire-');
  for (const [name, plant] of [
    ['clean', null],
    ['planted', 'scope_violation'],
  ] as const) {
    stores[name] = demoStore(path.join(dir, name), 'quest', 1500, plant ? { plant } : {});
  }
  ok(['questionnaire', 'sample', '--layout', 'caiq', '--out', path.join(dir, 'caiq.xlsx')]);
  ok([
    'questionnaire',
    'sample',
    '--layout',
    'sig',
    '--questions',
    '13',
    '--out',
    path.join(dir, 'sig.xlsx'),
  ]);
}, 240_000);

afterAll(() => removeDir(dir));

/** The arguments of one fill into engagement 1. */
function fillArgs(input: string, out: string, json: string, store: string): string[] {
  return [
    'questionnaire',
    'fill',
    input,
    '--engagement',
    '1',
    '--out',
    out,
    '--json',
    json,
    '--store',
    store,
  ];
}

function fill(
  store: string,
  input: string,
  name: string,
  extra: string[] = [],
): { report: FillReport; out: string; stdout: string } {
  const out = path.join(dir, `${name}-filled${path.extname(input)}`);
  const json = path.join(dir, `${name}.json`);
  const stdout = ok([...fillArgs(input, out, json, store), ...extra]);
  return { report: JSON.parse(readFileSync(json, 'utf8')) as FillReport, out, stdout };
}

const byId = (r: FillReport, id: string) => r.items.find((i) => i.questionId === id)!;

describe('questionnaire fill', () => {
  it('answers a CAIQ-style workbook by id, from the verified evidence, into the customer’s cells', async () => {
    const { report, out, stdout } = fill(stores.clean, path.join(dir, 'caiq.xlsx'), 'caiq-clean');
    expect(stdout).toMatch(/12 questions \(caiq layout, columns detected\); matched 12 by id/);
    expect(report.matchedById).toBe(12);
    expect(byId(report, 'IAM-16.1')).toMatchObject({
      match: { entryKey: 'AC-1', by: 'id' },
      final: { answer: 'yes' },
    });
    expect(
      byId(report, 'LOG-09.1').computed.citations.some(
        (c) => c.kind === 'export' && /VALID, tree size [\d,]+, root [0-9a-f]{64}/.test(c.detail),
      ),
    ).toBe(true);
    expect(byId(report, 'LOG-09.1').computed.citations.some((c) => c.kind === 'seq_range')).toBe(true);
    // The trail cannot answer these: it says so rather than guess.
    for (const id of ['IAM-14.1', 'HRS-02.1', 'HRS-11.1'])
      expect(byId(report, id).final.answer).toBe('not_evidenced');
    const wb = (await openWorkbook(out)) as XlsxWorkbook;
    const sheet = wb.sheets.find((s) => s.name === 'CAIQv4')!;
    const row = byId(report, 'IAM-16.1').row;
    expect(sheet.grid.get(row)!.get(2)).toBe('Yes');
    expect(sheet.grid.get(row)!.get(4)).toMatch(/^Re-performed by Crosscheck/);
    expect(sheet.grid.get(byId(report, 'IAM-14.1').row)!.get(2)).toBe('Not evidenced by the audit trail');
    expect(wb.sheets.map((s) => s.name)).toEqual(['Introduction', 'CAIQv4', 'Summary', 'Evidence']);
    expect(report.output.changedParts).toEqual([
      '[Content_Types].xml',
      'xl/_rels/workbook.xml.rels',
      'xl/workbook.xml',
      'xl/worksheets/sheet2.xml',
      'xl/worksheets/sheet4.xml',
    ]);
    const s = openStore(stores.clean, { readonly: true });
    try {
      const rec = listCustody(s.db, {}).find((c) => c.action === 'questionnaire.filled');
      expect(rec).toMatchObject({
        subject: `questionnaire:${report.output.sha256}`,
        detail: { questions: 12, file_name: 'caiq.xlsx' },
      });
    } finally {
      s.close();
    }
  });

  it('a planted scope violation flips the answers it contradicts, never leaving a Yes', () => {
    const clean = fill(stores.clean, path.join(dir, 'caiq.xlsx'), 'caiq-c2').report;
    const planted = fill(stores.planted, path.join(dir, 'caiq.xlsx'), 'caiq-planted').report;
    const flipped = planted.items
      .filter((i, k) => i.final.answer !== clean.items[k]!.final.answer)
      .map((i) => i.questionId);
    // The question it contradicts says No; the others resting on the same criteria (CC6.1, CC6.3) drop to Partial.
    expect(flipped).toEqual(['IAM-16.1', 'IAM-04.1', 'IAM-06.1']);
    expect(['IAM-04.1', 'IAM-06.1'].map((id) => byId(planted, id).final.answer)).toEqual([
      'partial',
      'partial',
    ]);
    expect(byId(planted, 'IAM-16.1')).toMatchObject({
      final: { answer: 'no' },
      flags: { contradicted: true },
      computed: { contradictions: [{ kind: 'scope_violation', count: 1 }] },
    });
    expect(
      byId(planted, 'IAM-16.1').computed.citations.some(
        (c) => c.kind === 'finding' && c.ref === 'scope_violation',
      ),
    ).toBe(true);
    expect(planted.items.filter((i) => i.flags.contradicted).every((i) => i.final.answer !== 'yes')).toBe(
      true,
    );
  });

  it('a team entry that fixes "Yes" is still overturned by a contradicting finding', () => {
    ok([
      'questionnaire',
      'library',
      'add',
      '--key',
      'AC-1',
      '--question',
      'Is each agent held to its declared scope?',
      '--keywords',
      'automated agent,limited,systems,declared scope,calls outside,blocked',
      '--caiq',
      'IAM-16.1',
      '--answer',
      'yes',
      '--narrative',
      'Scopes are enforced by the platform.',
      '--store',
      stores.planted,
    ]);
    const r = fill(stores.planted, path.join(dir, 'caiq.xlsx'), 'caiq-fixed-yes').report;
    expect(byId(r, 'IAM-16.1')).toMatchObject({
      match: { entryKey: 'AC-1', entrySource: 'user' },
      final: { answer: 'no' },
      flags: { contradicted: true },
    });
    expect(byId(r, 'IAM-16.1').final.narrative).toMatch(/fixed "Yes" is contradicted by 1 scope_violation/);
  });

  it('answers a SIG-style workbook over many sheets by text, and a team entry by its SIG number', () => {
    ok([
      'questionnaire',
      'library',
      'add',
      '--question',
      'Is the asset inventory procedure documented?',
      '--sig',
      'Z.13',
      '--answer',
      'na',
      '--narrative',
      'Out of scope of this engagement.',
      '--store',
      stores.clean,
    ]);
    const { report } = fill(stores.clean, path.join(dir, 'sig.xlsx'), 'sig');
    expect(report.layout).toBe('sig');
    expect(report.questions).toBe(13);
    expect(byId(report, 'U.2')).toMatchObject({
      match: { entryKey: 'DS-2', by: 'text' },
      final: { answer: 'yes' },
    });
    expect(byId(report, 'H.4')).toMatchObject({
      match: { entryKey: 'NE-MFA', by: 'text' },
      final: { answer: 'not_evidenced' },
    });
    expect(byId(report, 'Z.13')).toMatchObject({
      match: { entryKey: 'U-1', entrySource: 'user', by: 'id', confidence: 1 },
      final: { answer: 'na', narrative: 'Out of scope of this engagement.' },
    });
    const lib = JSON.parse(ok(['questionnaire', 'library', '--json', '--store', stores.clean])) as {
      key: string;
      updatedBy: string | null;
      revision: number;
    }[];
    expect(lib.find((e) => e.key === 'U-1')).toMatchObject({ revision: 1 });
    expect(lib.find((e) => e.key === 'U-1')!.updatedBy).toBeTruthy();
    expect(ok(['questionnaire', 'library', 'history', 'U-1', '--store', stores.clean])).toMatch(
      /^U-1 revision 1 {2}\S+ {2}\S+ {2}changed question, keywords, caiq, sig, rule, answer, narrative\n$/,
    );
    expect(ok(['questionnaire', 'library', 'history', 'NE-MFA', '--store', stores.clean])).toBe(
      'NE-MFA: as shipped, never edited\n',
    );
    const unknown = crosscheck(['questionnaire', 'library', 'history', 'NOPE', '--store', stores.clean]);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toMatch(/no answer library entry NOPE/);
  });

  it('a layout it cannot read is refused with nothing written; the mapping given once is remembered', () => {
    const csv = path.join(dir, 'odd.csv');
    writeFileSync(
      csv,
      'Ref,Text,Reply,Why\nQ1,Are activity logs protected against tampering?,,\nQ2,Is multi-factor authentication required for remote access?,,\n',
    );
    const out = path.join(dir, 'odd-filled.csv');
    const refused = crosscheck([
      'questionnaire',
      'fill',
      csv,
      '--engagement',
      '1',
      '--out',
      out,
      '--store',
      stores.clean,
    ]);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/no question sheet found.*--columns/);
    expect(existsSync(out)).toBe(false);
    const first = fill(stores.clean, csv, 'odd', ['--columns', 'id=A,question=B,answer=C,notes=D,header=1']);
    expect(first.report.columns).toBe('explicit');
    expect(first.report.items.map((i) => i.final.answer)).toEqual(['yes', 'not_evidenced']);
    expect(readFileSync(first.out, 'utf8').split('\n')[1]).toMatch(
      /^Q1,Are activity logs protected against tampering\?,Yes,/,
    );
    expect(existsSync(first.out.replace(/\.csv$/, '-evidence.csv'))).toBe(true);
    const again = fill(stores.clean, csv, 'odd2');
    expect(again.report.columns).toBe('remembered');
    expect(again.report.questions).toBe(2);
  });

  it('bad workbooks are refused with one clear error and nothing written', () => {
    const cases: [string, Buffer, RegExp][] = [
      ['empty.xlsx', Buffer.alloc(0), /empty/],
      [
        'locked.xlsx',
        Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]),
        /password-protected/,
      ],
      ['broken.xlsx', readFileSync(path.join(dir, 'caiq.xlsx')).subarray(0, 900), /corrupt/],
    ];
    for (const [name, bytes, why] of cases) {
      const input = path.join(dir, name);
      writeFileSync(input, bytes);
      const out = path.join(dir, `${name}.out.xlsx`);
      const json = path.join(dir, `${name}.json`);
      const r = crosscheck(fillArgs(input, out, json, stores.clean));
      expect(r.code, name).toBe(3);
      expect(r.stderr).toMatch(why);
      expect(r.stderr).toMatch(/nothing was written/);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(existsSync(out) || existsSync(json)).toBe(false);
    }
    expect(
      crosscheck([
        'questionnaire',
        'fill',
        path.join(dir, 'caiq.xlsx'),
        '--out',
        path.join(dir, 'caiq.xlsx'),
        '--store',
        stores.clean,
      ]).stderr,
    ).toMatch(/must not be the customer/);
  });

  it('prints its usage with --help', () => {
    const r = crosscheck(['questionnaire', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /questionnaire fill <workbook.xlsx\|.csv> --engagement <id> --out <file> \[--json report.json\]/,
    );
  });
});
