/**
 * The answer library screen under `crosscheck serve`: the team searches the built-ins, adds an
 * entry and edits a built-in, sees who changed what, and the next read of a customer's workbook
 * answers with the library as saved (down to the downloaded workbook's cells). And a CSV
 * questionnaire gives its filled CSV and its Evidence CSV as two downloads.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { sampleWorkbook } from '../../electron/core/questionnaire/sample-workbook.js';
import { openWorkbook, type XlsxWorkbook } from '../../electron/core/questionnaire/workbook.js';
import { expect, importViaUi, screenshot, test } from './support/app-fixture.js';

test('the answer library: add and edit entries in the app, the next fill answers with them', async ({
  page,
  app,
  bundles,
}, testInfo) => {
  const workbook = testInfo.outputPath('customer-caiq.xlsx');
  writeFileSync(workbook, await sampleWorkbook('caiq', 14));
  await page.goto(app.url);
  await importViaUi(page, bundles.findings);
  await page.getByTestId('nav-questionnaires').click();
  await page.getByTestId('questionnaire-upload').setInputFiles(workbook);
  await expect(page.getByTestId('screen-questionnaire-review')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('q-item-12').click();
  await expect(page.getByTestId('q-question')).toContainText('LOG-21.1');
  await expect(page.getByTestId('q-answer')).toHaveAttribute('data-answer', 'not_evidenced');
  const reviewUrl = page.url();

  await page.getByTestId('nav-questionnaires').click();
  await page.getByTestId('nav-answer-library').click();
  await expect(page.getByTestId('screen-answer-library')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid^="lib-entry-"]')).toHaveCount(21);
  await page.getByTestId('lib-search').fill('multi-factor');
  await expect(page.locator('[data-testid^="lib-entry-"]')).toHaveCount(1);
  await expect(page.getByTestId('lib-entry-NE-MFA')).toContainText('the trail cannot answer it');
  await page.getByTestId('lib-search').fill('');

  // A new entry with a fixed answer, mapped to the customer's CAIQ id.
  await page.getByTestId('lib-new').click();
  await page.getByTestId('lib-question').fill('Is capacity planned and reviewed?');
  await expect(page.getByTestId('lib-save')).toBeDisabled();
  await expect(page.getByTestId('lib-problem')).toContainText('narrative');
  await page.getByTestId('lib-answer').selectOption('partial');
  await page.getByTestId('lib-narrative').fill('Capacity is planned each quarter for the core cluster only.');
  await page.getByTestId('lib-caiq').fill('LOG-21.1');
  await page.getByTestId('lib-keywords').fill('capacity planning, capacity');
  await page.getByTestId('lib-save').click();
  await expect(page.getByTestId('lib-saved')).toContainText('Saved U-1, revision 1');
  await page.getByTestId('lib-filter-team').click();
  await expect(page.locator('[data-testid^="lib-entry-"]')).toHaveCount(1);
  await expect(page.getByTestId('lib-history')).toContainText('revision 1');

  // A built-in edited under its own key: the team's words and its SIG number.
  await page.getByTestId('lib-filter-all').click();
  await page.getByTestId('lib-entry-AC-1').click();
  await expect(page.getByTestId('lib-editor')).toHaveAttribute('data-key', 'AC-1');
  await expect(page.getByTestId('lib-mode')).toHaveValue('rule');
  await expect(page.getByTestId('lib-rule')).toHaveValue('AC-1');
  await page.getByTestId('lib-narrative').fill('Agents run under per-agent service accounts.');
  await page.getByTestId('lib-sig').fill('H.4');
  await page.getByTestId('lib-save').click();
  await expect(page.getByTestId('lib-saved')).toContainText('Saved AC-1, revision 1');
  await expect(page.getByTestId('lib-entry-AC-1')).toContainText('edited');
  await expect(page.getByTestId('lib-history')).toContainText('changed sig, narrative');
  await screenshot(page, '42-answer-library');

  // The next read answers with the library as saved.
  await page.goto(reviewUrl);
  await expect(page.getByTestId('screen-questionnaire-review')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('q-item-12').click();
  await expect(page.getByTestId('q-answer')).toHaveAttribute('data-answer', 'partial');
  await expect(page.getByTestId('q-answer')).toContainText('core cluster only');
  await expect(page.getByTestId('q-detail')).toContainText('matched U-1 by id, confidence 100%');
  await page.getByTestId('q-item-2').click();
  await expect(page.getByTestId('q-answer')).toContainText('Agents run under per-agent service accounts.');
  // Still contradicted by the planted scope violation: the team's words never turn it into a Yes.
  await expect(page.getByTestId('q-answer')).toHaveAttribute('data-answer', 'no');

  const dl = page.waitForEvent('download');
  await page.getByTestId('q-export').click();
  const file = testInfo.outputPath('filled.xlsx');
  await (await dl).saveAs(file);
  const sheet = ((await openWorkbook(file)) as XlsxWorkbook).sheets.find((s) => s.name === 'CAIQv4')!;
  const row = [...sheet.grid.values()].find((c) => c.get(0) === 'LOG-21.1')!;
  expect(row.get(2)).toBe('Partial');
  expect(row.get(4)).toContain('core cluster only');
});

test('a CSV questionnaire downloads its filled CSV and its Evidence CSV', async ({
  page,
  app,
  bundles,
}, testInfo) => {
  const csv = testInfo.outputPath('vendor.csv');
  writeFileSync(
    csv,
    'Question ID,Question,CSP CAIQ Answer,CSP Implementation Description\n' +
      'LOG-09.1,Are audit logs protected against tampering and checked for integrity?,,\n' +
      'IAM-14.1,Is multi-factor authentication required for remote access?,,\n',
  );
  await page.goto(app.url);
  await importViaUi(page, bundles.clean);
  await page.getByTestId('nav-questionnaires').click();
  await page.getByTestId('questionnaire-upload').setInputFiles(csv);
  await expect(page.getByTestId('q-progress')).toHaveText('0 of 2 reviewed', { timeout: 20_000 });
  const first = page.waitForEvent('download');
  await page.getByTestId('q-export').click();
  const filled = await first;
  expect(filled.suggestedFilename()).toBe('vendor-filled.csv');
  await filled.saveAs(testInfo.outputPath('vendor-filled.csv'));
  await expect(page.getByTestId('q-export-done')).toContainText('vendor-filled-evidence.csv');
  await screenshot(page, '43-questionnaire-csv-evidence');
  const second = page.waitForEvent('download');
  await page.getByTestId('q-export-evidence').click();
  const evidence = await second;
  expect(evidence.suggestedFilename()).toBe('vendor-filled-evidence.csv');
  await evidence.saveAs(testInfo.outputPath('evidence.csv'));
  await expect(page.getByTestId('q-export-evidence')).toHaveCount(0);
  expect(readFileSync(testInfo.outputPath('vendor-filled.csv'), 'utf8').split(/\r?\n/)[1]).toMatch(
    /^LOG-09\.1,.*,Yes,/,
  );
  const listing = readFileSync(testInfo.outputPath('evidence.csv'), 'utf8');
  expect(listing).toContain('LOG-09.1');
  expect(listing).toContain('IAM-14.1');
});
