/**
 * Packages with --framework on real parts: the SoA, gaps and readiness in the package JSON and as
 * PDF sections (text extracted), Annex A targets in an OSCAL document still valid against the NIST
 * 1.0.6 schema, the SoA CSV in a binder that verifies; without --framework the package is as before.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateAuditorKey } from '../../electron/core/binder/auditor-key.js';
import { verifyBinder } from '../../electron/core/binder/verify-binder.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { listEngagements } from '../../electron/core/engagement/engagements.js';
import { editSoa } from '../../electron/core/frameworks/soa-edits.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { packageAction } from '../../electron/core/package/package-actions.js';
import { diffPackages } from '../../electron/core/package/records.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { parseCsv } from '../../shared/format/text-table.js';
import { OSCAL_DIR } from '../support/paths.js';
import { readZip } from '../support/zip-read.js';
import { crosscheck } from '../support/cli.js';

let tmp: string;
let store: Store;
let engagement: string;
const AT = '2026-04-01T10:00:00.000Z';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-pkgfw-'));
  const demo = await generateDemo({
    outDir: path.join(tmp, 'demo'),
    entries: 800,
    seed: 'pkg-frameworks',
    plant: 'scope_violation',
    zip: false,
  });
  store = openStore(path.join(tmp, 'store'));
  await importBundle(store, demo.bundleDir, {
    keyring: parseKeyring(readFileSync(demo.keyringPath, 'utf8')),
    now: () => new Date(AT),
  });
  engagement = listEngagements(store.db)[0]!.id;
}, 60_000);
afterAll(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function pdfText(file: string): string {
  return execFileSync('pdftotext', [file, '-']).toString('utf8').replace(/\s+/g, ' ');
}

describe('packages with --framework', () => {
  it('without --framework: no frameworks block, no new sections, no SoA file', async () => {
    const pdf = path.join(tmp, 'plain.pdf');
    const res = await packageAction(store.db, {
      org: true,
      engagement,
      pdfPath: pdf,
      dataDir: path.join(tmp, 'appdata'),
      generatedBy: 'auditor',
      generatedAt: AT,
    });
    expect(res.exitCode).toBe(0);
    expect(res.value!.doc.frameworks).toBeUndefined();
    const text = pdfText(pdf);
    expect(text).toContain('7. Responsibility matrix');
    expect(text).not.toContain('Statement of Applicability');
  });

  it('--framework all: the SoA, gaps and readiness in the JSON and the PDF, ISO targets in OSCAL, the SoA CSV in a verified binder', async () => {
    editSoa(
      store.db,
      engagement,
      'A.7.4',
      { applicable: false, justification: 'No premises of our own' },
      { by: 'auditor', at: AT },
    );
    const pdf = path.join(tmp, 'fw.pdf');
    const binder = path.join(tmp, 'fw.zip');
    const res = await packageAction(store.db, {
      org: true,
      engagement,
      pdfPath: pdf,
      binderPath: binder,
      dataDir: path.join(tmp, 'appdata'),
      generatedBy: 'auditor',
      generatedAt: AT,
      frameworks: 'all',
    });
    expect(res.exitCode).toBe(0);
    expect(res.text).toMatch(/ISO\/IEC 27001 readiness: \d+ ÷ 92 = /);
    const fw = res.value!.doc.frameworks!;
    expect(fw.selected).toBe('all');
    expect(fw.soa).toHaveLength(93);
    expect(fw.readiness.soc2!.overall.total).toBe(61);
    expect(fw.soa!.find((r) => r.control === '7.4')).toMatchObject({
      applicable: false,
      justification: 'No premises of our own',
    });

    const text = pdfText(pdf);
    for (const t of [
      '8. Statement of Applicability (ISO/IEC 27001:2022)',
      '9. Gap analysis (ISO/IEC 27001:2022)',
      '10. Readiness',
      'A.8.34',
      'readiness = applicable controls tested without exceptions',
      'Awareness training',
      'No premises of our own',
      'EXCEPTIONS',
    ]) {
      expect(text, t).toContain(t);
    }
    expect(text).toMatch(/A\.8\.3 .*scope_violation/);

    const files = await readZip(binder);
    const soaName = [...files.keys()].find((n) => n.includes('soa'))!;
    expect(soaName).toBe('statement-of-applicability-soa.csv');
    const soa = parseCsv(files.get(soaName)!.toString('utf8'));
    expect(soa.rows).toHaveLength(93);
    expect(soa.rows.find((r) => r.cells[0] === 'A.7.4')!.cells[3]).toBe('no');
    expect(files.get('SHA256SUMS')!.toString('utf8')).toContain(soaName);
    const key = loadOrCreateAuditorKey(path.join(tmp, 'appdata'), 'auditor');
    expect((await verifyBinder(binder, Buffer.from(key.publicKeyB64, 'base64'))).ok).toBe(true);

    type Oscal = {
      'assessment-results': {
        results: {
          findings: { target: { 'target-id': string; status: { state: string } } }[];
          'reviewed-controls': { 'control-selections': { 'include-controls': { 'control-id': string }[] }[] };
        }[];
      };
    };
    const oscal = JSON.parse(files.get('assessment-results.json')!.toString('utf8')) as Oscal;
    const schema = JSON.parse(
      readFileSync(path.join(OSCAL_DIR, 'oscal_assessment-results_schema-1.0.6.json'), 'utf8'),
    ) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    validate(oscal);
    expect(validate.errors ?? []).toEqual([]);
    const result = oscal['assessment-results'].results[0]!;
    const state = (id: string) =>
      result.findings.filter((f) => f.target['target-id'] === id).map((f) => f.target.status.state);
    expect(state('a.8.3')).toContain('not-satisfied');
    expect(state('a.8.15')).toEqual(['satisfied']);
    expect(result.findings.some((f) => f.target['target-id'].startsWith('cc'))).toBe(true);
    const reviewed = result['reviewed-controls']['control-selections'][0]!['include-controls'].map(
      (c) => c['control-id'],
    );
    expect(reviewed).toContain('a.5.1');
    expect(reviewed).not.toContain('a.7.4');
  });

  it('readiness moves between two packages of the same scope, and the package diff shows it', async () => {
    const first = await packageAction(store.db, {
      org: true,
      engagement,
      dataDir: path.join(tmp, 'appdata'),
      generatedBy: 'auditor',
      generatedAt: AT,
      frameworks: 'iso27001',
    });
    writeFileSync(path.join(tmp, 'training.pdf'), 'x');
    const { attachDocument } = await import('../../electron/core/engagement/documents.js');
    attachDocument(
      store.db,
      {
        engagementId: engagement,
        framework: 'iso27001',
        controlId: '6.3',
        fileName: 'training.pdf',
        bytes: Buffer.from('%PDF training'),
      },
      { by: 'auditor', at: AT },
    );
    const second = await packageAction(store.db, {
      org: true,
      engagement,
      dataDir: path.join(tmp, 'appdata'),
      generatedBy: 'auditor',
      generatedAt: '2026-04-02T10:00:00.000Z',
      frameworks: 'iso27001',
    });
    const a = first.value!.doc.frameworks!.readiness.iso27001!;
    const b = second.value!.doc.frameworks!.readiness.iso27001!;
    expect(b.overall.ready).toBe(a.overall.ready + 1);
    expect(first.value!.doc.frameworks!.readiness.soc2).toBeUndefined();
    const diff = diffPackages(store.db, first.value!.packageId, second.value!.packageId);
    expect(diff.changes.some((c) => c.path.startsWith('frameworks.readiness.iso27001.overall'))).toBe(true);
  });

  it('--mapping puts the platform mapping, checked, into the package and its PDF', async () => {
    const pdf = path.join(tmp, 'mapping.pdf');
    const text = 'Framework ID,Platform control\nA.9.4.1,Policy engine\nCC1 — Security,Security programme\n';
    const res = await packageAction(store.db, {
      org: true,
      engagement,
      pdfPath: pdf,
      dataDir: path.join(tmp, 'appdata'),
      generatedBy: 'auditor',
      generatedAt: AT,
      frameworks: 'soc2',
      mapping: { fileName: 'vendor.csv', text },
    });
    const m = res.value!.doc.frameworks!.mapping!;
    expect(m.file).toBe('vendor.csv');
    expect(m.claims.map((c) => [c.given, c.verdict, c.obsolete])).toEqual([
      ['A.9.4.1', 'contradicted', true],
      ['CC1 — Security', 'cannot_show', false],
    ]);
    const shown = pdfText(pdf);
    // --framework soc2 has readiness but no SoA sections: the sections present are numbered in turn.
    expect(shown).toContain('8. Readiness');
    expect(shown).toContain('9. The platform’s mapping, checked');
    expect(shown).toContain('A.9.4.1 (2013) is A.8.3');
    expect(shown).not.toContain('Statement of Applicability (ISO');
  });

  it('crosscheck package --framework refuses an unknown framework', () => {
    store.close();
    const r = crosscheck(['package', '--org', '--framework', 'nist', '--store', path.join(tmp, 'store')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('--framework takes soc2, iso27001 or all');
    const m = crosscheck(['package', '--org', '--mapping', 'x.csv', '--store', path.join(tmp, 'store')]);
    expect(m.code).not.toBe(0);
    expect(m.stderr).toContain(
      '--mapping checks the platform’s mapping into a package made with --framework',
    );
    store = openStore(path.join(tmp, 'store'));
  });
});
