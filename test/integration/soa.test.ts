/**
 * The Statement of Applicability on a real store with a real planted defect: the defect shows up
 * under both frameworks with the same seq, the draft comes from the evidence, edits are kept with
 * who and when, in the custody log, across a restart; gaps and readiness follow the documented
 * formula; the CLI prints the same.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attachDocument } from '../../electron/core/engagement/documents.js';
import { engagementFrameworks } from '../../electron/core/frameworks/engagement-soa.js';
import { factsFindings, scopeFacts } from '../../electron/core/frameworks/scope-facts.js';
import { editSoa, soaHistory } from '../../electron/core/frameworks/soa-edits.js';
import { listCustody, verifyCustody } from '../../electron/core/package/custody.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { engagementCoverage } from '../../electron/core/engagement/engagement-coverage.js';
import { parseCsv } from '../../shared/format/text-table.js';
import { removeDir, tempDir } from '../support/bundle-files.js';
import { crosscheck } from '../support/cli.js';
import { plantedStore } from '../support/planted-store.js';

let dir: string;
let store: Store;
let engagement: number;
const actor = (at: string) => ({ by: 'auditor-a', at });

beforeAll(async () => {
  dir = tempDir();
  ({ store, engagement } = await plantedStore(dir, 'soa', 'scope_violation'));
}, 60_000);
afterAll(() => {
  store.close();
  removeDir(dir);
});

describe('evidence onto both frameworks', () => {
  it('a planted scope violation is an exception under SOC 2 and Annex A, citing the same seq', () => {
    const facts = scopeFacts(store.db, engagement);
    const soc2 = factsFindings(facts, 'soc2');
    const iso = factsFindings(facts, 'iso27001');
    const soc2Seqs = [...soc2.values()]
      .flat()
      .filter((f) => f.kind === 'scope_violation')
      .flatMap((f) => f.seqs);
    const isoSeqs = (iso.get('8.3') ?? []).filter((f) => f.kind === 'scope_violation').flatMap((f) => f.seqs);
    expect(isoSeqs.length).toBeGreaterThan(0);
    expect(new Set(isoSeqs)).toEqual(new Set(soc2Seqs));
    const view = engagementFrameworks(store.db, engagement);
    expect(view.coverage.iso27001.find((l) => l.criterion === '8.3')!.status).toBe('exceptions');
    expect(view.coverage.soc2.some((l) => l.status === 'exceptions')).toBe(true);
    // One pass gives what the established coverage path gives.
    for (const fw of ['soc2', 'iso27001'] as const) {
      expect(view.coverage[fw].map((l) => [l.criterion, l.status, l.evidence, l.findings])).toEqual(
        engagementCoverage(store.db, engagement, fw).map((l) => [
          l.criterion,
          l.status,
          l.evidence,
          l.findings,
        ]),
      );
    }
    const row = view.soa.find((r) => r.control === '8.3')!;
    expect(row.findings.find((f) => f.kind === 'scope_violation')!.seqs).toEqual(isoSeqs);
  });
});

describe('Statement of Applicability', () => {
  it('has all 93 controls, drafted from the evidence, with responsibility and the crosswalk', () => {
    const { soa } = engagementFrameworks(store.db, engagement);
    expect(soa).toHaveLength(93);
    const by = new Map(soa.map((r) => [r.control, r]));
    expect(by.get('8.15')).toMatchObject({
      applicable: true,
      coverage: 'tested',
      implementation: 'implemented',
      edited: null,
    });
    expect(by.get('8.3')).toMatchObject({ coverage: 'exceptions', implementation: 'partial' });
    expect(by.get('5.1')).toMatchObject({ coverage: 'needs_document', implementation: 'unknown' });
    const calls = by.get('5.15')!;
    expect(calls.evidence.count).toBeGreaterThan(0);
    expect(calls.evidence.exports.length).toBe(1);
    expect(calls.evidence.runs[0]!.fromSeq).toBeLessThanOrEqual(calls.evidence.runs[0]!.toSeq);
    // The seq span is the first and last seq of the control's action types in the accepted log.
    const types = calls.evidence.actionTypes.map((t) => t.actionType);
    const span = store.db
      .prepare(
        `SELECT min(seq) AS lo, max(seq) AS hi, count(*) AS n FROM entries WHERE action_type IN (${types.map(() => '?').join(',')})`,
      )
      .get(...types) as { lo: number; hi: number; n: number };
    expect(calls.evidence.runs).toEqual([
      { origin: calls.evidence.runs[0]!.origin, fromSeq: span.lo, toSeq: span.hi, count: span.n },
    ]);
    expect(by.get('5.18')!.responsibility.basis).toContain('CC6.2');
    expect(by.get('7.2')!.responsibility.layers).toEqual(['infrastructure']);
    expect(by.get('8.32')!.soc2.map((s) => s.id)).toContain('CC8.1');
  });

  it('an exclusion without a justification is flagged and stays in the readiness denominator; edits are custody-logged and survive a restart', () => {
    const before = engagementFrameworks(store.db, engagement);
    editSoa(store.db, engagement, 'A.7.4', { applicable: false }, actor('2026-03-01T10:00:00.000Z'));
    let view = engagementFrameworks(store.db, engagement);
    const r74 = view.soa.find((r) => r.control === '7.4')!;
    expect(r74.flags).toContain('excluded without a justification');
    expect(view.gaps.gaps.some((g) => g.control === '7.4' && g.kind === 'excluded_unjustified')).toBe(true);
    expect(view.readiness.iso27001.overall.applicable).toBe(before.readiness.iso27001.overall.applicable);
    editSoa(
      store.db,
      engagement,
      'A.7.4',
      { justification: 'No premises: a fully remote company on a cloud host' },
      actor('2026-03-01T10:05:00.000Z'),
    );
    editSoa(
      store.db,
      engagement,
      '5.1',
      { implementation: 'implemented', justification: 'Policy set v3 reviewed on site' },
      actor('2026-03-01T10:06:00.000Z'),
    );
    // Restart: a new connection reads what the old one wrote.
    store.close();
    store = openStore(path.join(dir, 'store'));
    view = engagementFrameworks(store.db, engagement);
    const after74 = view.soa.find((r) => r.control === '7.4')!;
    expect(after74).toMatchObject({
      applicable: false,
      justification: 'No premises: a fully remote company on a cloud host',
      flags: [],
      edited: { by: 'auditor-a', at: '2026-03-01T10:05:00.000Z' },
    });
    expect(view.readiness.iso27001.overall.applicable).toBe(before.readiness.iso27001.overall.applicable - 1);
    expect(view.readiness.iso27001.overall.excluded).toBe(1);
    expect(view.soa.find((r) => r.control === '5.1')).toMatchObject({
      implementation: 'implemented',
      justification: 'Policy set v3 reviewed on site',
    });
    expect(soaHistory(store.db, engagement, '7.4').map((h) => h.applicable)).toEqual([false, false]);
    const custody = listCustody(store.db).filter((c) => c.action === 'soa.edited');
    expect(custody.map((c) => c.subject)).toEqual([
      `soa:${engagement}:A.5.1`,
      `soa:${engagement}:A.7.4`,
      `soa:${engagement}:A.7.4`,
    ]);
    expect(custody[1]!.detail).toMatchObject({
      from: { applicable: false, justification: null },
      to: { applicable: false, justification: 'No premises: a fully remote company on a cloud host' },
    });
    expect(verifyCustody(store.db).ok).toBe(true);
    expect(() =>
      editSoa(store.db, engagement, 'A.9.1', { applicable: false }, actor('2026-03-01T10:07:00.000Z')),
    ).toThrow(/not one of the 93/);
  });

  it('gaps: no evidence, findings above low, needs a document until one is attached, and the auditor categories', () => {
    let { gaps } = engagementFrameworks(store.db, engagement);
    const kinds = (c: string) => gaps.gaps.filter((g) => g.control === c).map((g) => g.kind);
    expect(kinds('8.3')).toContain('findings_above_low');
    expect(kinds('6.3')).toEqual(['needs_document']);
    expect(gaps.categories.find((c) => c.id === 'awareness-training')!.open).toEqual(['6.3']);
    expect(gaps.categories.map((c) => c.title)).toEqual([
      'ISMS documentation',
      'Business continuity',
      'Awareness training',
      'Change management',
      'Third-party risk',
    ]);
    attachDocument(
      store.db,
      {
        engagementId: engagement,
        framework: 'iso27001',
        controlId: '6.3',
        fileName: 'training-2026.pdf',
        bytes: Buffer.from('%PDF training records'),
      },
      actor('2026-03-02T09:00:00.000Z'),
    );
    const view = engagementFrameworks(store.db, engagement);
    gaps = view.gaps;
    expect(kinds('6.3')).toEqual([]);
    expect(gaps.categories.find((c) => c.id === 'awareness-training')!.open).toEqual([]);
    expect(view.readiness.iso27001.groups.find((g) => g.group === 'A.6')!.controls.ready).toContain('6.3');
  });

  it('readiness per theme follows its formula and is apart from progress', () => {
    const { readiness, soa } = engagementFrameworks(store.db, engagement);
    const iso = readiness.iso27001;
    expect(iso.formula).toMatch(/^readiness = applicable controls tested without exceptions/);
    expect(iso.groups.map((g) => g.group)).toEqual(['A.5', 'A.6', 'A.7', 'A.8']);
    expect(iso.groups.reduce((s, g) => s + g.total, 0)).toBe(93);
    for (const g of [iso.overall, ...iso.groups]) {
      expect(g.readiness).toBeCloseTo(g.ready / g.applicable, 10);
      expect(g.shown).toContain(`${g.ready} ÷ ${g.applicable}`);
      expect(g.ready).toBeLessThanOrEqual(g.assessed);
    }
    const ready = soa.filter(
      (r) =>
        (r.applicable || r.justification === '') && (r.coverage === 'tested' || r.coverage === 'documented'),
    ).length;
    expect(iso.overall.ready).toBe(ready);
    // An exception is progress, not readiness.
    expect(iso.overall.controls.notReady).toContain('8.3');
    expect(readiness.soc2.overall.total).toBe(61);
  });

  it('crosscheck soa (--json, --csv) and crosscheck readiness print the same SoA', () => {
    store.close();
    const sd = path.join(dir, 'store');
    const csv = path.join(dir, 'soa.csv');
    const run = crosscheck(['soa', '--store', sd, '--json', '--csv', csv]);
    expect(run.stderr).toBe('');
    const rows = JSON.parse(run.stdout) as { id: string; applicable: boolean }[];
    expect(rows).toHaveLength(93);
    expect(rows[0]!.id).toBe('A.5.1');
    expect(rows.find((r) => r.id === 'A.7.4')!.applicable).toBe(false);
    const table = parseCsv(readFileSync(csv, 'utf8'));
    expect(table.header.slice(0, 4)).toEqual(['control', 'title', 'theme', 'applicable']);
    expect(table.rows).toHaveLength(93);
    expect(table.rows.find((r) => r.cells[0] === 'A.7.4')!.cells[3]).toBe('no');
    const edit = crosscheck([
      'soa',
      'edit',
      'A.8.34',
      '--applicable',
      'no',
      '--justification',
      'no audit tests on production',
      '--store',
      sd,
    ]);
    expect(edit.stdout).toContain('A.8.34 edited by');
    const text = crosscheck(['readiness', '--store', sd]);
    expect(text.stdout).toMatch(/ISO\/IEC 27001:2022 Annex A: \d+ ÷ \d+ = [\d.]+% ready/);
    expect(text.stdout).toContain('Awareness training: no open control');
    const json = JSON.parse(crosscheck(['readiness', '--store', sd, '--json']).stdout) as {
      readiness: { iso27001: { overall: { excluded: number } } };
    };
    expect(json.readiness.iso27001.overall.excluded).toBe(2);
    expect(crosscheck(['soa', 'edit', 'A.8.34', '--applicable', 'maybe', '--store', sd]).code).not.toBe(0);
    // crosscheck coverage cites the planted finding's seq under both frameworks, Annex A ids as A.x.y.
    type Cov = { id: string; findings: { kind: string; seqs: number[] }[] }[];
    const iso = JSON.parse(
      crosscheck(['coverage', '--framework', 'iso27001', '--store', sd, '--json']).stdout,
    ) as Cov;
    const soc2 = JSON.parse(
      crosscheck(['coverage', '--framework', 'soc2', '--store', sd, '--json']).stdout,
    ) as Cov;
    const seqsOf = (rows: Cov, id: string) =>
      rows
        .find((r) => r.id === id)!
        .findings.filter((f) => f.kind === 'scope_violation')
        .flatMap((f) => f.seqs);
    expect(iso).toHaveLength(93);
    expect(seqsOf(iso, 'A.8.3').length).toBeGreaterThan(0);
    const soc2With = soc2.find((r) => r.findings.some((f) => f.kind === 'scope_violation'))!;
    expect(seqsOf(soc2, soc2With.id)).toEqual(seqsOf(iso, 'A.8.3'));
    store = openStore(sd);
  });
});
