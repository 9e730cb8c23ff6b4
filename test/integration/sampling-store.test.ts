/**
 * Sampling on a real store from our own generator: the same seed gives the same, committed
 * sample (random, systematic, stratified), the workpaper re-verifies, and a changed population
 * or a different seed is caught.
 */
import { workpaperXlsx } from '../../electron/core/sampling/workpaper-xlsx.js';
import { openWorkbookBytes } from '../../electron/core/questionnaire/workbook.js';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { drawSample, verifyWorkpaper, type Workpaper } from '../../electron/core/sampling/workpaper.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { canonicalize } from '../../shared/format/jcs.js';
import { renderWorkpaperPdf } from '../../electron/core/pdf/workpaper-pdf.js';
import { renderPackagePdf } from '../../electron/core/pdf/package-pdf.js';
import { buildPackage } from '../../electron/core/package/build-package.js';
import { packageBytes } from '../../electron/core/package/records.js';
import { listCustody, verifyCustody } from '../../electron/core/package/custody.js';
import {
  concludedWorkpapers,
  concludeWorkpaper,
  listWorkpapers,
  PREFILL_TESTER,
  recordResult,
  saveWorkpaper,
  testingSheet,
  workpaperVersion,
} from '../../electron/core/sampling/testing.js';

let tmp: string;
let store: Store;
const AT = '2026-04-01T10:00:00.000Z';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-sampling-'));
  const demo = await generateDemo({
    outDir: path.join(tmp, 'demo'),
    entries: 3000,
    seed: 'sampling-pin',
    plant: 'scope_violation',
    zip: false,
  });
  store = openStore(path.join(tmp, 'store'));
  const r = await importBundle(store, demo.bundleDir, {
    keyring: parseKeyring(readFileSync(demo.keyringPath, 'utf8')),
    now: () => new Date(AT),
  });
  expect(r.trusted).toBe(true);
}, 120_000);

afterAll(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function draw(o: Partial<Parameters<typeof drawSample>[1]> = {}): Workpaper {
  return drawSample(store.db, {
    engagementId: 1,
    framework: 'soc2',
    control: 'CC6.1',
    seed: 'fy2026',
    generatedAt: AT,
    generatedBy: 'tester',
    ...o,
  });
}

describe('a sample of a generated store', () => {
  it('is fixed by the seed: the committed sample of approvals (random, 59 of the population)', () => {
    const w = draw();
    expect(w.population.id).toBe('approvals-reviewed');
    expect({ size: w.population.size, digest: w.population.digest }).toMatchInlineSnapshot(`
      {
        "digest": "d8696dc8a13d488196d1badfd9b02aeb7066e93eb5021949995d58717d047531",
        "size": 99,
      }
    `);
    expect(w.items.map((i) => i.seq).join(' ')).toMatchInlineSnapshot(
      `"2667 2785 265 1134 1941 611 1161 1444 689 1543 2676 836 2922 225 2903 2060 1388 2292 2006 399 365 2087 2256 2360 602 604 748 764 104 1683 1896 1921 2514 2840 919 1493 997 724 1215 1460 228 2724 572 2301 600 2963 506 550 1724 2673 250 306 449 2012 653 2670 2850 2250 729"`,
    );
    expect(draw().items).toEqual(w.items);
    expect(verifyWorkpaper(store.db, w)).toEqual({ ok: true, problems: [] });
  });

  it('stratified by agent: proportional allocation with at least one per agent, fixed by the seed', () => {
    const w = draw({ method: 'stratified', stratify: 'agent' });
    const strata = w.selection.strata!;
    expect(strata.every((s) => s.n >= 1 && s.n <= s.size)).toBe(true);
    expect(strata.reduce((a, s) => a + s.size, 0)).toBe(w.population.size);
    expect(w.items).toHaveLength(strata.reduce((a, s) => a + s.n, 0));
    for (const s of strata) expect(w.items.filter((i) => i.stratum === s.key)).toHaveLength(s.n);
    expect(strata.map((s) => `${s.key.slice(0, 8)} ${s.n}/${s.size}`).join(', ')).toMatchInlineSnapshot(
      `"2e1f6762 26/44, 4b47aef0 4/7, 927ec40a 29/48"`,
    );
    expect(w.items.map((i) => i.seq).join(' ')).toMatchInlineSnapshot(
      `"265 1134 1941 2009 611 1515 114 689 1543 2676 373 862 2903 2529 990 1388 2292 399 2902 365 2087 2256 2002 602 968 764 104 1488 1683 2840 243 919 362 1493 2775 997 1925 1215 1460 2724 572 2301 600 2055 506 550 2219 2673 289 250 1677 1788 2901 2005 2012 376 2022 2850 984"`,
    );
    expect(verifyWorkpaper(store.db, w).ok).toBe(true);
  });

  it('stratified by month and by environment (connector calls) re-verify; stratified needs its key', () => {
    const m = draw({ method: 'stratified', stratify: 'month' });
    expect(m.selection.strata!.every((s) => /^\d{4}-\d{2}$/.test(s.key))).toBe(true);
    expect(verifyWorkpaper(store.db, m).ok).toBe(true);
    const e = draw({ framework: 'iso27001', control: '8.3', method: 'stratified', stratify: 'environment' });
    expect(e.population.id).toBe('connector-calls');
    expect(e.selection.strata!.map((s) => s.key)).toEqual(expect.arrayContaining(['prod']));
    expect(e.items.every((i) => !('environment' in i))).toBe(true);
    expect(verifyWorkpaper(store.db, e).ok).toBe(true);
    expect(() => draw({ method: 'stratified' })).toThrow(/stratified by/);
  });

  it('verify catches a changed population, a changed seed and a changed method', () => {
    const w = draw({ method: 'stratified', stratify: 'agent' });
    expect(
      verifyWorkpaper(store.db, { ...w, selection: { ...w.selection, seed: 'other' } }).problems.join('\n'),
    ).toMatch(/differs from the workpaper's items/);
    expect(verifyWorkpaper(store.db, { ...w, selection: { ...w.selection, stratify: 'month' } }).ok).toBe(
      false,
    );
    const dropped = {
      ...w,
      population: { ...w.population, size: w.population.size + 1, digest: '00'.repeat(32) },
    };
    const p = verifyWorkpaper(store.db, dropped).problems.join('\n');
    expect(p).toMatch(/population size: the store has \d+, the workpaper says \d+/);
    expect(p).toMatch(/population digest/);
  });

  it('items carrying a finding are marked on the sampled item and listed as risk-based additions', () => {
    const w = draw({ framework: 'iso27001', control: '8.3' });
    expect(w.risk_items.length).toBeGreaterThan(0);
    expect(w.risk_items.every((r) => r.findings.length > 0)).toBe(true);
    for (const it of w.items)
      expect(it.findings).toEqual(w.risk_items.find((r) => r.index === it.index)?.findings ?? []);
  });
});

describe('testing a sample in the store', () => {
  it('prefills an exception on items with findings, records results, and concludes into an immutable, custody-logged version', () => {
    const w = draw({
      framework: 'iso27001',
      control: '8.3',
      size: 6,
      reason: 'walkthrough of the test',
      method: 'random',
      seed: 'testing',
    });
    // The risk-based addition (the planted scope violation) is tested with the random items.
    expect(w.items.some((i) => i.findings.length > 0)).toBe(false);
    const work = { ...w, items: [...w.items, w.risk_items[0]!] };
    const saved = saveWorkpaper(store.db, work, { by: 'tester-a', at: AT });
    let sheet = testingSheet(store.db, 1, saved.id);
    const withFinding = work.items.findIndex((i) => i.findings.length > 0);
    expect(sheet.results).toEqual([
      expect.objectContaining({
        item: withFinding,
        attribute: 'no-finding',
        result: 'exception',
        source: 'finding',
        tested_by: PREFILL_TESTER,
      }),
    ]);
    expect(sheet.conclusion).toBeNull();
    expect(sheet.outstanding).toBe(work.items.length * work.attributes.length - 1);
    expect(() => concludeWorkpaper(store.db, 1, saved.id, { by: 'tester-a', at: AT })).toThrow(
      /still outstanding/,
    );
    // Bad input is refused and changes nothing.
    expect(() =>
      recordResult(
        store.db,
        1,
        saved.id,
        { item: 99, attribute: 'no-finding', result: 'pass' },
        { by: 'a', at: AT },
      ),
    ).toThrow(/no item 99/);
    expect(() =>
      recordResult(
        store.db,
        1,
        saved.id,
        { item: 0, attribute: 'nope', result: 'pass' },
        { by: 'a', at: AT },
      ),
    ).toThrow(/not an attribute/);
    expect(() =>
      recordResult(
        store.db,
        1,
        saved.id,
        { item: 0, attribute: 'no-finding', result: 'exception' },
        { by: 'a', at: AT },
      ),
    ).toThrow(/needs a note/);
    expect(() =>
      recordResult(
        store.db,
        1,
        saved.id,
        { item: withFinding, attribute: 'no-finding', result: 'pass' },
        { by: 'a', at: AT },
      ),
    ).toThrow(/carries a finding/);
    expect(() => testingSheet(store.db, 2, saved.id)).toThrow();
    for (let i = 0; i < work.items.length; i++) {
      for (const a of work.attributes) {
        if (i === withFinding && a.id === 'no-finding') continue;
        sheet = recordResult(
          store.db,
          1,
          saved.id,
          { item: i, attribute: a.id, result: 'pass', note: '' },
          { by: 'tester-b', at: '2026-04-02T09:00:00.000Z' },
        );
      }
    }
    expect(sheet.outstanding).toBe(0);
    expect(sheet.conclusion).toMatchObject({ deviations: 1, n: work.items.length, effective: false });
    const v1 = concludeWorkpaper(store.db, 1, saved.id, { by: 'tester-b', at: '2026-04-02T10:00:00.000Z' });
    expect(v1.version).toBe(1);
    expect(v1.body.exceptions).toHaveLength(1);
    expect(v1.body.testers).toEqual([PREFILL_TESTER, 'tester-b']);
    expect(v1.body.conclusion.arithmetic).toMatch(/1 deviation\(s\) in \d+ items/);
    // The tester clears the finding with a reason: a second version; the first stays as it was.
    recordResult(
      store.db,
      1,
      saved.id,
      {
        item: withFinding,
        attribute: 'no-finding',
        result: 'pass',
        note: 'the finding is a known test agent, confirmed with the client',
      },
      { by: 'tester-b', at: '2026-04-02T11:00:00.000Z' },
    );
    const v2 = concludeWorkpaper(store.db, 1, saved.id, { by: 'tester-b', at: '2026-04-02T12:00:00.000Z' });
    expect(v2.version).toBe(2);
    expect(v2.body.conclusion.deviations).toBe(0);
    expect(workpaperVersion(store.db, 1, saved.id, 1)!.conclusion.deviations).toBe(1);
    expect(listWorkpapers(store.db, 1)[0]!.versions.map((v) => v.version)).toEqual([1, 2]);
    expect(() =>
      store.db.prepare('UPDATE workpaper_versions SET body = ? WHERE version = 1').run('{}'),
    ).toThrow(/immutable/);
    expect(() => store.db.prepare('DELETE FROM workpaper_results').run()).toThrow(/append-only/);
    const custody = listCustody(store.db);
    const concluded = custody.filter((c) => c.action === 'workpaper.concluded').sort((a, b) => a.seq - b.seq);
    expect(concluded.map((c) => c.subject)).toEqual([`workpaper:${v1.sha256}`, `workpaper:${v2.sha256}`]);
    expect(createHash('sha256').update(canonicalize(v2.body)).digest('hex')).toBe(v2.sha256);
    expect(
      custody.some((c) => c.action === 'workpaper.sampled' && c.subject === `workpaper:${saved.sha256}`),
    ).toBe(true);
    expect(verifyCustody(store.db).ok).toBe(true);
    expect(concludedWorkpapers(store.db, 1).map((t) => t.version)).toEqual([2]);
  });
});

describe('the workpaper as a PDF, alone and in the package', () => {
  it('prints engagement, population, size rationale, seed, method, the sample, exceptions and the conclusion', async () => {
    const [latest] = concludedWorkpapers(store.db, 1);
    const pdf = await renderWorkpaperPdf({
      workpaper: latest!.drawn.workpaper,
      sha256: latest!.drawn.sha256,
      tested: latest!,
    });
    expect(
      Buffer.compare(
        pdf,
        await renderWorkpaperPdf({
          workpaper: latest!.drawn.workpaper,
          sha256: latest!.drawn.sha256,
          tested: latest!,
        }),
      ),
    ).toBe(0);
    const text = pdfText(pdf, 'workpaper.pdf');
    for (const t of [
      'Test of controls — workpaper',
      'ISO/IEC 27001 8.3',
      'Population digest',
      latest!.drawn.workpaper.population.digest.slice(0, 24),
      'set by the auditor: 6; reason: walkthrough of the test',
      '"testing" / crosscheck-sha256-ctr/1',
      'Exceptions',
      'OPERATING EFFECTIVELY',
      '0 deviation(s) in 7 items',
    ]) {
      expect(text).toContain(t);
    }
    const drawn = pdfText(
      await renderWorkpaperPdf({ workpaper: draw(), sha256: 'ab'.repeat(32), tested: null }),
      'drawn.pdf',
    );
    expect(drawn).toContain('Not concluded: the sample has not been tested yet.');
    expect(drawn).toContain('not tested');
  });

  it("as the auditor's spreadsheet: summary, sample with each attribute's result, exceptions, read back by our own reader", async () => {
    const [latest] = concludedWorkpapers(store.db, 1);
    const p = { workpaper: latest!.drawn.workpaper, sha256: latest!.drawn.sha256, tested: latest! };
    const bytes = await workpaperXlsx(p);
    expect(Buffer.compare(bytes, await workpaperXlsx(p))).toBe(0);
    const wb = await openWorkbookBytes(bytes, 'workpaper.xlsx');
    expect(wb.kind).toBe('xlsx');
    expect(wb.sheets.map((s) => s.name)).toEqual(['Summary', 'Sample', 'Exceptions', 'Risk items']);
    const cell = (sheet: string, r: number, c: number) => wb.sheets.find((s) => s.name === sheet)!.grid.get(r)?.get(c);
    const summary = new Map([...wb.sheets[0]!.grid.values()].map((row) => [row.get(0), row.get(1)]));
    expect(summary.get('Population digest (SHA-256 over sorted leaf hashes)')).toBe(p.workpaper.population.digest);
    expect(summary.get('Population size')).toBe(String(p.workpaper.population.size));
    expect(summary.get('Conclusion')).toBe(latest!.conclusion.effective ? 'operating effectively' : 'NOT operating effectively');
    expect(summary.get('Arithmetic')).toBe(latest!.conclusion.arithmetic);
    expect(summary.get('Workpaper SHA-256 (custody)')).toBe(p.sha256);
    // One row per sampled item in order, its seq a number, each attribute's result in its own column.
    const items = p.workpaper.items;
    expect(cell('Sample', 1, 1)).toBe('Seq');
    items.forEach((it, i) => expect(cell('Sample', i + 2, 1)).toBe(String(it.seq)));
    const firstAttr = p.workpaper.attributes[0]!;
    expect(cell('Sample', 1, 8)).toBe(firstAttr.title);
    expect(cell('Sample', 2, 8)).toMatch(/^(pass|EXCEPTION: .*)$/);
  });

  it('a package made in the engagement carries the concluded workpapers into its JSON and its PDF section', async () => {
    const doc = buildPackage(store.db, {
      scope: { kind: 'org' },
      engagementId: 1,
      generatedAt: AT,
      generatedBy: 'tester',
    });
    expect(doc.workpapers!.map((t) => [t.drawn.workpaper.control, t.version])).toEqual([['8.3', 2]]);
    const text = pdfText(await renderPackagePdf(doc, packageBytes(doc).id), 'package.pdf');
    expect(text).toContain('8. Tests of controls');
    expect(text).toContain('Connector calls decided by policy');
    expect(doc.checklist!.find((i) => i.id === 'period-coverage')!.status).toBe('pass');
    expect(text).toContain('9. Audit-prep checklist');
    expect(text).toMatch(/Export audit logs for the review period .*PASS/);
    // Outside an engagement, the package is as before: no workpapers field at all.
    expect(
      'workpapers' in
        buildPackage(store.db, { scope: { kind: 'org' }, generatedAt: AT, generatedBy: 'tester' }),
    ).toBe(false);
  }, 60_000);
});

function pdfText(pdf: Buffer, name: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [file, '-']).toString('utf8').replace(/\s+/g, ' ');
}
