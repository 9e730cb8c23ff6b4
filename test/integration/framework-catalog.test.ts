/**
 * A licensed catalog import on a real store: OSCAL and CSV bring full text; an unknown, duplicate
 * or missing control, or a crosswalk naming a control that does not exist, is refused naming the
 * row, and the store (texts, crosswalk, custody log) is exactly as it was.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  catalogImport,
  catalogTexts,
  effectiveCrosswalk,
  importCatalog,
} from '../../electron/core/frameworks/catalog-import.js';
import { listCustody, verifyCustody } from '../../electron/core/package/custody.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { CROSSWALK } from '../../shared/frameworks/crosswalk.js';
import { ISO27001_CATALOG, ISO27001_THEMES } from '../../shared/frameworks/iso27001-catalog.js';
import { SOC2_CATALOG } from '../../shared/frameworks/soc2-catalog.js';
import { removeDir, tempDir } from '../support/bundle-files.js';
import { crosscheck } from '../support/cli.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

const actor = { by: 'tester', at: '2026-01-02T03:04:05.000Z' };
let dir: string;
let store: Store;

function csvOf(rows: string[][]): Buffer {
  const q = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return Buffer.from(rows.map((r) => r.map(q).join(',')).join('\n'));
}
// Multi-line texts make a record span two lines: errors name the line a record starts on.
const isoRows = (multiline = false): string[][] => [
  ['id', 'title', 'text', 'soc2'],
  ...ISO27001_CATALOG.map((c) => [
    `A.${c.id}`,
    `Licensed ${c.id}`,
    `Full licensed text of ${c.id}, with "quotes", commas${multiline ? '\nand a second line.' : '.'}`,
    '',
  ]),
];

function oscal(
  controls: { id: string; title: string; prose: string; props?: { name: string; value: string }[] }[],
): Buffer {
  const groups = ISO27001_THEMES.map((t) => ({
    id: t.id.toLowerCase(),
    title: t.title,
    controls: controls
      .filter((c) => `A.${c.id.split('.')[1]}` === t.id)
      .map((c) => ({
        id: c.id,
        title: c.title,
        props: c.props,
        parts: [
          { id: `${c.id}_smt`, name: 'statement', prose: c.prose },
          { name: 'guidance', prose: 'not the statement' },
        ],
      })),
  }));
  return Buffer.from(
    JSON.stringify({
      catalog: {
        uuid: '00000000-0000-4000-8000-000000000000',
        metadata: { title: 'licensed', 'oscal-version': '1.0.6' },
        groups,
      },
    }),
  );
}
type OscalIn = { id: string; title: string; prose: string; props?: { name: string; value: string }[] };
const oscalControls = (): OscalIn[] =>
  ISO27001_CATALOG.map((c) => ({
    id: `a.${c.id}`,
    title: `Licensed ${c.id}`,
    prose: `Statement of ${c.id}.`,
  }));

function snapshot() {
  return {
    texts: store.db.prepare('SELECT * FROM framework_texts ORDER BY framework, control_id').all(),
    crosswalk: store.db.prepare('SELECT * FROM framework_crosswalk ORDER BY soc2, iso').all(),
    imports: store.db.prepare('SELECT * FROM framework_imports').all(),
    custody: listCustody(store.db).length,
  };
}

beforeEach(() => {
  dir = tempDir();
  store = openStore(dir);
});
afterEach(() => {
  store.close();
  removeDir(dir);
});

describe('licensed catalog import', () => {
  it('a CSV of id,title,text brings every Annex A control’s full text, custody-logged', () => {
    const r = importCatalog(
      store.db,
      { framework: 'iso27001', fileName: 'annex-a.csv', bytes: csvOf(isoRows(true)) },
      actor,
    );
    expect(r).toMatchObject({ controls: 93, format: 'csv', crosswalkPairs: 0 });
    const texts = catalogTexts(store.db, 'iso27001');
    expect(texts.size).toBe(93);
    expect(texts.get('8.15')!.text).toBe(
      'Full licensed text of 8.15, with "quotes", commas\nand a second line.',
    );
    expect(catalogImport(store.db, 'iso27001')!.sourceName).toBe('annex-a.csv');
    const c = listCustody(store.db)[0]!;
    expect(c).toMatchObject({ action: 'catalog.imported', subject: 'catalog:iso27001', actor: 'tester' });
    expect(c.detail).toMatchObject({ sha256: r.sourceSha256, controls: 93 });
    expect(verifyCustody(store.db).ok).toBe(true);
  });

  it('an OSCAL catalog brings the statement prose; its crosswalk props replace the built-in pairs of the controls they name', () => {
    const cs = oscalControls();
    cs.find((c) => c.id === 'a.8.32')!.props = [{ name: 'crosswalk-soc2', value: 'CC8.1:equal CC7.1' }];
    const r = importCatalog(
      store.db,
      { framework: 'iso27001', fileName: 'annex-a.json', bytes: oscal(cs) },
      actor,
    );
    expect(r).toMatchObject({ controls: 93, format: 'oscal', crosswalkPairs: 2 });
    expect(catalogTexts(store.db, 'iso27001').get('5.1')!.text).toBe('Statement of 5.1.');
    const pairs = effectiveCrosswalk(store.db).filter((p) => p.iso === '8.32');
    expect(pairs.map((p) => `${p.soc2}:${p.relation}`).sort()).toEqual(['CC7.1:intersect', 'CC8.1:equal']);
    // Controls the import gave no pairs for keep the built-in ones.
    expect(effectiveCrosswalk(store.db).filter((p) => p.iso === '8.16')).toEqual(
      CROSSWALK.filter((p) => p.iso === '8.16'),
    );
  });

  it('a SOC 2 catalog may be imported too', () => {
    const rows = [
      ['id', 'title', 'text'],
      ...SOC2_CATALOG.map((c) => [c.id.toLowerCase(), `TSC ${c.id}`, `Criterion text ${c.id}`]),
    ];
    expect(
      importCatalog(store.db, { framework: 'soc2', fileName: 'tsc.csv', bytes: csvOf(rows) }, actor).controls,
    ).toBe(61);
    expect(catalogTexts(store.db, 'soc2').get('CC6.1')!.text).toBe('Criterion text CC6.1');
  });

  const bad: [string, () => Buffer, RegExp][] = [
    [
      'an unknown id',
      () => csvOf(isoRows().map((r, i) => (i === 5 ? ['A.9.1', ...r.slice(1)] : r))),
      /line 6: "A\.9\.1" is not a control of ISO\/IEC 27001:2022 Annex A/,
    ],
    [
      'a duplicate id',
      () => csvOf([...isoRows(), ['5.1', 'again', 'again', '']]),
      /line 95: "5\.1" is a duplicate of line 2/,
    ],
    [
      'a missing control',
      () => csvOf(isoRows().filter((r) => r[0] !== 'A.7.4')),
      /lacks 1 control\(s\): 7\.4/,
    ],
    [
      'a crosswalk naming a criterion that does not exist',
      () => csvOf(isoRows().map((r, i) => (i === 3 ? [...r.slice(0, 3), 'CC6.1; CC6.9'] : r))),
      /line 4: the crosswalk names "CC6\.9", which is not a control of SOC 2/,
    ],
    [
      'a crosswalk with an unknown relation',
      () => csvOf(isoRows().map((r, i) => (i === 3 ? [...r.slice(0, 3), 'CC6.1:roughly'] : r))),
      /line 4: crosswalk relation "roughly"/,
    ],
    [
      'a row without text',
      () => csvOf(isoRows().map((r, i) => (i === 10 ? [r[0]!, r[1]!, '', ''] : r))),
      /line 11: no text/,
    ],
    [
      'a header without the columns',
      () => Buffer.from('control,name\n5.1,x\n'),
      /line 1: the header must name the columns id,title,text/,
    ],
    ['JSON that is not OSCAL', () => Buffer.from('{"controls": []}'), /not an OSCAL catalog/],
    [
      'an OSCAL catalog with an unknown control',
      () => oscal([...oscalControls(), { id: 'a.5.38', title: 'x', prose: 'y' }]),
      /control "a\.5\.38": "a\.5\.38" is not a control/,
    ],
  ];
  for (const [what, bytes, message] of bad) {
    it(`refuses ${what}, naming the row, and changes nothing`, () => {
      importCatalog(
        store.db,
        { framework: 'iso27001', fileName: 'first.csv', bytes: csvOf(isoRows()) },
        actor,
      );
      const before = snapshot();
      expect(() =>
        importCatalog(store.db, { framework: 'iso27001', fileName: 'bad', bytes: bytes() }, actor),
      ).toThrow(message);
      expect(snapshot()).toEqual(before);
    });
  }

  it('crosscheck framework import: --help, a good file, a bad one refused with the row and exit 2', () => {
    store.close();
    const help = crosscheck(['framework', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('framework import <catalog.json|catalog.csv> --framework soc2|iso27001');
    const good = path.join(dir, 'annex.csv');
    writeFileSync(good, csvOf(isoRows()));
    const ok = crosscheck(['framework', 'import', good, '--framework', 'iso27001', '--store', dir]);
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('imported 93 controls of iso27001 from annex.csv');
    const badFile = path.join(dir, 'bad.csv');
    writeFileSync(badFile, csvOf(isoRows().filter((r) => r[0] !== 'A.8.34')));
    const no = crosscheck(['framework', 'import', badFile, '--framework', 'iso27001', '--store', dir]);
    expect(no.code).not.toBe(0);
    expect(no.stderr).toContain('lacks 1 control(s): 8.34');
    const shown = crosscheck(['framework', 'show', '--framework', 'iso27001', '--store', dir, '--json']);
    const doc = JSON.parse(shown.stdout) as {
      licensedCatalog: { sourceName: string };
      controls: { id: string; text: string }[];
    };
    expect(doc.licensedCatalog.sourceName).toBe('annex.csv');
    expect(doc.controls.find((c) => c.id === '8.34')!.text).toContain('Full licensed text of 8.34');
    const cw = JSON.parse(
      crosscheck(['framework', 'crosswalk', '--from', 'iso27001', '--store', dir, '--json']).stdout,
    ) as { id: string; pairs: { id: string }[] }[];
    expect(
      cw
        .find((r) => r.id === '8.32')!
        .pairs.map((p) => p.id)
        .sort(),
    ).toEqual(['CC3.4', 'CC8.1']);
    store = openStore(dir);
  });
});
