/**
 * A package made in an engagement that holds a customer questionnaire records every answer as it
 * stood, and its PDF prints them in a section of their own; without one, no such section.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { generatePackage } from '../../electron/core/package/generate.js';
import { addQuestionnaire, reviewAnswer } from '../../electron/core/questionnaire/questionnaire-store.js';
import { exportBinder } from '../../electron/core/package/generate.js';
import { loadOrCreateAuditorKey } from '../../electron/core/binder/auditor-key.js';
import { verifyBinder } from '../../electron/core/binder/verify-binder.js';
import { readZip } from '../support/zip-read.js';
import { createHash } from 'node:crypto';
import { sampleWorkbook } from '../../electron/core/questionnaire/sample-workbook.js';
import { listEngagements } from '../../electron/core/engagement/engagements.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { readFileSync } from 'node:fs';
import { removeDir, tempDir } from '../support/bundle-files.js';

let dir: string;
let store: Store;
let engagementId: number;

beforeAll(async () => {
  dir = tempDir('cc-pkg-q-');
  const d = await generateDemo({
    outDir: path.join(dir, 'demo'),
    entries: 1_500,
    seed: 'pkg-q',
    zip: false,
    plant: 'scope_violation',
  });
  store = openStore(path.join(dir, 'store'));
  await importBundle(store, d.bundleDir, {
    keyring: parseKeyring(readFileSync(d.keyringPath, 'utf8')),
    keyringName: 'keyring.json',
  });
  engagementId = Number(listEngagements(store.db)[0]!.id);
}, 120_000);

afterAll(() => {
  store?.close();
  removeDir(dir);
});

describe('customer questionnaires in the package', () => {
  it('are absent, section and all, while the engagement holds none', async () => {
    const pdfPath = path.join(dir, 'none.pdf');
    const res = await generatePackage(store.db, {
      scope: { kind: 'org' },
      engagementId,
      generatedAt: '2026-04-01T10:00:00.000Z',
      generatedBy: 'auditor',
      pdfPath,
    });
    expect(res.doc.questionnaires).toBeUndefined();
    expect(execFileSync('pdftotext', [pdfPath, '-']).toString('utf8')).not.toContain(
      'Customer questionnaires',
    );
  });

  it('record every answer as it stood and print them, a contradicted access question never Yes', async () => {
    await addQuestionnaire(
      store.db,
      engagementId,
      await sampleWorkbook('caiq'),
      'customer-caiq.xlsx',
      undefined,
      { by: 'auditor', at: '2026-04-01T09:00:00.000Z' },
    );
    const pdfPath = path.join(dir, 'with.pdf');
    const res = await generatePackage(store.db, {
      scope: { kind: 'org' },
      engagementId,
      generatedAt: '2026-04-01T10:00:00.000Z',
      generatedBy: 'auditor',
      pdfPath,
    });
    const [q] = res.doc.questionnaires!;
    expect(q).toMatchObject({ file_name: 'customer-caiq.xlsx', reviewed: 0 });
    expect(q!.items.length).toBe(q!.questions);
    expect(Object.values(q!.answers).reduce((a, b) => a + b, 0)).toBe(q!.questions);
    // The planted scope violation: the agent-scope question (IAM-16.1) is contradicted, and not Yes.
    const scope = q!.items.find((i) => i.id === 'IAM-16.1')!;
    expect(scope.contradicted).toBe(true);
    expect(scope.answer).not.toBe('yes');
    const text = execFileSync('pdftotext', [pdfPath, '-']).toString('utf8').replace(/\s+/g, ' ');
    expect(text).toContain('4. Customer questionnaires');
    expect(text).toContain('customer-caiq.xlsx');
    expect(text).toContain(`${q!.questions} questions, 0 reviewed`);
    expect(text).toContain('5. Sub-processors');

    // The binder carries the customer's filled workbook, by the hash the package recorded, signed with the rest.
    const key = loadOrCreateAuditorKey(path.join(dir, 'keys'), 'auditor');
    const zip = path.join(dir, 'binder.zip');
    await exportBinder(store.db, res.packageId, zip, key);
    const files = await readZip(zip);
    const name = [...files.keys()].find((f) => f.startsWith('questionnaire-'))!;
    expect(name).toMatch(/customer-caiq-filled\.xlsx$/);
    expect(createHash('sha256').update(files.get(name)!).digest('hex')).toBe(q!.filled.sha256);
    expect(files.get('SHA256SUMS')!.toString('utf8')).toContain(`${q!.filled.sha256}  ${name}`);
    const v = await verifyBinder(zip, Buffer.from(key.publicKeyB64, 'base64'));
    expect(v.problems).toEqual([]);

    // A reviewer overrides an answer afterwards: the package no longer says what the workbook would, so no binder.
    await reviewAnswer(
      store.db,
      q!.ref,
      engagementId,
      { item: 0, action: 'override', answer: 'no', reason: 'control not operating in Q2' },
      { by: 'reviewer', at: '2026-04-02T09:00:00.000Z' },
    );
    await expect(exportBinder(store.db, res.packageId, path.join(dir, 'stale.zip'), key)).rejects.toThrow(
      /answers of customer-caiq\.xlsx changed since the package was generated/,
    );
  });
});
