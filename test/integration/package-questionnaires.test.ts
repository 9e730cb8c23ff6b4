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
import { addQuestionnaire } from '../../electron/core/questionnaire/questionnaire-store.js';
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
  });
});
