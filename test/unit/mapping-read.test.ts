/** Reading a vendor's mapping: tables in three forms, ids of both editions, labels that name the wrong thing. */
import { describe, expect, it } from 'vitest';
import { mislabelOf, readFrameworkId } from '../../shared/frameworks/mapping-check.js';
import {
  parseAnyTable,
  parseCsv,
  parseHtmlTable,
  parseMarkdownTable,
  TableParseError,
} from '../../shared/format/text-table.js';

describe('tables', () => {
  it('CSV with quotes, commas and line breaks; rows keep the line they start on', () => {
    const t = parseCsv('id,title\r\n"A.5.1","a, ""quoted""\nsecond"\r\n8.15,x\n');
    expect(t.header).toEqual(['id', 'title']);
    expect(t.rows).toEqual([
      { line: 2, cells: ['A.5.1', 'a, "quoted"\nsecond'] },
      { line: 4, cells: ['8.15', 'x'] },
    ]);
    expect(() => parseCsv('id\n"open')).toThrow(TableParseError);
  });
  it('a Markdown pipe table and an HTML table read the same', () => {
    const md = parseMarkdownTable(
      'Our mapping\n\n| Framework ID | Platform control |\n|---|---|\n| CC6.1 | RBAC \\| SSO |\n| A.9.2.3 | Privileged roles |\n',
    );
    expect(md.header).toEqual(['Framework ID', 'Platform control']);
    expect(md.rows.map((r) => r.cells)).toEqual([
      ['CC6.1', 'RBAC | SSO'],
      ['A.9.2.3', 'Privileged roles'],
    ]);
    expect(md.rows[0]!.line).toBe(5);
    const html = parseHtmlTable(
      '<p>x</p><table><thead><tr><th>Framework ID</th><th>Platform control</th></tr></thead><tbody><tr><td>CC6.1</td><td>RBAC &amp; SSO</td></tr><tr><td>A.9.2.3</td><td><b>Privileged</b> roles</td></tr></tbody></table>',
    );
    expect(html.rows.map((r) => r.cells)).toEqual([
      ['CC6.1', 'RBAC & SSO'],
      ['A.9.2.3', 'Privileged roles'],
    ]);
    expect(parseAnyTable('| a | b |\n| --- | --- |\n| 1 | 2 |').rows[0]!.cells).toEqual(['1', '2']);
    expect(parseAnyTable('<table><tr><td>a</td></tr><tr><td>1</td></tr></table>').rows[0]!.cells).toEqual([
      '1',
    ]);
    expect(parseAnyTable('a,b\n1,2').rows[0]!.cells).toEqual(['1', '2']);
  });
});

describe('framework ids', () => {
  it('reads SOC 2 criteria and groups, 2022 and 2013 Annex A ids, clauses and bare numbers under an ISO hint', () => {
    expect(readFrameworkId('CC6.1')).toMatchObject({ framework: 'soc2', id: 'CC6.1', targets: ['CC6.1'] });
    expect(readFrameworkId('CC1 — Security')).toMatchObject({
      framework: 'soc2',
      id: 'CC1',
      label: 'Security',
    });
    expect(readFrameworkId('CC1 — Security').targets).toEqual(['CC1.1', 'CC1.2', 'CC1.3', 'CC1.4', 'CC1.5']);
    expect(readFrameworkId('A1.2 backups')).toMatchObject({ framework: 'soc2', id: 'A1.2' });
    expect(readFrameworkId('ISO 27001 A.12.4.1 Event logging')).toMatchObject({
      framework: 'iso27001',
      edition: '2013',
      id: 'A.12.4.1',
      label: 'Event logging',
      targets: ['8.15'],
    });
    expect(readFrameworkId('A.9 Access control')).toMatchObject({ edition: '2013', id: 'A.9' });
    expect(readFrameworkId('A.9 Access control').targets).toContain('8.2');
    expect(readFrameworkId('A.8 Asset management')).toMatchObject({
      edition: '2013',
      id: 'A.8',
      targets: ['5.9', '5.10', '5.11', '5.12', '5.13', '7.10'],
    });
    expect(readFrameworkId('A.8.15')).toMatchObject({ edition: '2022', id: '8.15', targets: ['8.15'] });
    expect(readFrameworkId('8.15', 'ISO 27001')).toMatchObject({ edition: '2022', id: '8.15' });
    expect(readFrameworkId('8.15')).toMatchObject({ framework: null });
    expect(readFrameworkId('A.19.1.1')).toMatchObject({
      framework: 'iso27001',
      edition: '2013',
      targets: [],
    });
    expect(readFrameworkId('GDPR Art. 32')).toMatchObject({ framework: null, id: null });
  });
  it('flags labels that name another thing than the id', () => {
    expect(mislabelOf(readFrameworkId('CC1 — Security'))).toMatch(
      /CC1 is control environment, not "Security"/,
    );
    expect(mislabelOf(readFrameworkId('CC7.1 — Change management'))).toMatch(/"Change management" is CC8/);
    expect(mislabelOf(readFrameworkId('CC8.1 — Change management'))).toBeNull();
    expect(mislabelOf(readFrameworkId('A1.2 — Availability'))).toBeNull();
    expect(mislabelOf(readFrameworkId('A.8.15 — Access control'))).toMatch(
      /"Access control" is the 2013 clause A\.9; A\.8\.15 in the 2022 edition is activities logged/,
    );
    expect(mislabelOf(readFrameworkId('A.8.2 — Access control'))).toBeNull();
    expect(mislabelOf(readFrameworkId('A.5.15 — Physical controls'))).toMatch(/not in theme A\.7/);
    expect(mislabelOf(readFrameworkId('A.9.2.3'))).toBeNull();
  });
});
