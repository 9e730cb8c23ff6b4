/**
 * A customer's CAIQ-style workbook through the review screen: uploaded into the engagement,
 * answered from the evidence (a planted scope violation contradicts one answer), filtered,
 * walked with j/k, accepted with a, one answer overridden with a reason, and the filled workbook
 * downloaded with the reviewed answers in the customer's own cells.
 */
import { writeFileSync } from 'node:fs';
import { sampleWorkbook } from '../../electron/core/questionnaire/sample-workbook.js';
import { openWorkbook, type XlsxWorkbook } from '../../electron/core/questionnaire/workbook.js';
import { expect, importViaUi, screenshot, test } from './support/app-fixture.js';

test('review a questionnaire: filters, keys, accept, override with reason, download', async ({
  page,
  app,
  bundles,
}, testInfo) => {
  const workbook = testInfo.outputPath('customer-caiq.xlsx');
  writeFileSync(workbook, await sampleWorkbook('caiq'));
  await page.goto(app.url);
  await importViaUi(page, bundles.findings);

  await page.getByTestId('nav-questionnaires').click();
  await expect(page.getByTestId('screen-questionnaires')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('questionnaire-upload').setInputFiles(workbook);
  await expect(page.getByTestId('screen-questionnaire-review')).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('q-progress')).toHaveText('0 of 12 reviewed');

  // The planted scope violation contradicts the scope question: it says No, with the finding cited.
  await page.getByTestId('q-filter-contradicted').click();
  await expect(page.locator('[data-testid^="q-item-"]')).toHaveCount(1);
  await page.locator('[data-testid^="q-item-"]').first().click();
  await expect(page.getByTestId('q-question')).toContainText('IAM-16.1');
  await expect(page.getByTestId('q-answer')).toHaveAttribute('data-answer', 'no');
  await expect(page.getByTestId('q-contradictions')).toContainText('scope_violation');
  await screenshot(page, '40-questionnaire-contradicted');

  // j / k walk the list; a accepts the selected answer.
  await page.getByTestId('q-filter-all').click();
  await page.getByTestId('q-item-0').click();
  await page.keyboard.press('j');
  await expect(page.getByTestId('q-item-1')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('j');
  await page.keyboard.press('k');
  await expect(page.getByTestId('q-item-1')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('a');
  await expect(page.getByTestId('q-progress')).toHaveText('1 of 12 reviewed');
  // a accepts and goes on to the next question; k comes back to the accepted one.
  await expect(page.getByTestId('q-item-2')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('k');
  await expect(page.getByTestId('q-history')).toContainText('accept');
  // Under "Not reviewed" the accepted question leaves the list; j goes on from where it was.
  await page.getByTestId('q-filter-unreviewed').click();
  await expect(page.getByTestId('q-item-1')).toHaveCount(0);
  await expect(page.getByTestId('q-item-0')).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('q-item-2').click();
  await page.keyboard.press('a');
  await expect(page.getByTestId('q-item-3')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('q-item-2')).toHaveCount(0);
  await page.keyboard.press('k');
  await expect(page.getByTestId('q-item-0')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('q-progress')).toHaveText('2 of 12 reviewed');
  await page.getByTestId('q-filter-all').click();

  // Questions the trail cannot answer say so.
  await page.getByTestId('q-item-8').click();
  await expect(page.getByTestId('q-question')).toContainText('IAM-14.1');
  await expect(page.getByTestId('q-answer')).toHaveAttribute('data-answer', 'not_evidenced');

  // A contradicted answer becomes Yes only with a visible reason.
  await page.getByTestId('q-filter-contradicted').click();
  await page.locator('[data-testid^="q-item-"]').first().click();
  await page.getByTestId('q-edit').locator('summary').click();
  await page.getByTestId('q-edit-answer').selectOption('yes');
  await expect(page.getByTestId('q-edit-save')).toBeDisabled();
  await page
    .getByTestId('q-edit-reason')
    .fill('Client showed the violation was a sanctioned break-glass test');
  await page.getByTestId('q-edit-save').click();
  await expect(page.getByTestId('q-answer')).toHaveAttribute('data-answer', 'yes');
  await expect(page.getByTestId('q-override-note')).toContainText('break-glass');
  await expect(page.getByTestId('q-progress')).toHaveText('2 of 12 reviewed');
  await screenshot(page, '41-questionnaire-override');
  // The questionnaire's whole log, newest first, each line leading to its question.
  await page.getByTestId('q-all-history').locator('summary').click();
  await expect(page.getByTestId('q-all-history')).toContainText('(3)');
  await expect(page.getByTestId('q-all-history').locator('li').first()).toContainText(
    'override IAM-16.1 → Yes',
  );
  await page.getByTestId('q-all-history').getByRole('button', { name: 'LOG-07.1' }).click();
  await expect(page.getByTestId('q-question')).toContainText('LOG-07.1');
  await page.getByTestId('q-filter-low_confidence').click();
  await expect(page.getByTestId('q-list-empty')).toContainText('No question under “Low confidence”');

  const download = page.waitForEvent('download');
  await page.getByTestId('q-export').click();
  const file = testInfo.outputPath('filled.xlsx');
  await (await download).saveAs(file);
  await expect(page.getByTestId('q-export-done')).toContainText('custody log');
  const filled = (await openWorkbook(file)) as XlsxWorkbook;
  const sheet = filled.sheets.find((s) => s.name === 'CAIQv4')!;
  const row = [...sheet.grid.entries()].find(([, cells]) => cells.get(0) === 'IAM-16.1')![0];
  expect(sheet.grid.get(row)!.get(2)).toBe('Yes');
  expect(sheet.grid.get(row)!.get(4)).toContain('break-glass');
  expect(filled.sheets.map((s) => s.name)).toContain('Evidence');
});
