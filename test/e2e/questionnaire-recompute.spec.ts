/**
 * Answers follow the evidence in the app: a questionnaire reviewed in full on a clean export is
 * read again after an export with a scope violation joins the engagement; the contradicted answer
 * is no longer Yes, its review shows as changed and no longer counts, and the long list keeps the
 * selected question in sight while j walks it.
 */
import { writeFileSync } from 'node:fs';
import { sampleWorkbook } from '../../electron/core/questionnaire/sample-workbook.js';
import { expect, importViaUi, screenshot, test } from './support/app-fixture.js';

test('a new export recomputes the answers; reviews made on the old evidence show as changed', async ({
  page,
  app,
  bundles,
}, testInfo) => {
  test.setTimeout(120_000);
  const workbook = testInfo.outputPath('customer-caiq.xlsx');
  writeFileSync(workbook, await sampleWorkbook('caiq', 40));
  await page.goto(app.url);
  await importViaUi(page, bundles.clean);
  await page.getByTestId('nav-questionnaires').click();
  await page.getByTestId('questionnaire-upload').setInputFiles(workbook);
  await expect(page.getByTestId('q-progress')).toHaveText('0 of 40 reviewed', { timeout: 20_000 });
  const reviewUrl = page.url();
  await page.getByTestId('q-item-2').click();
  await expect(page.getByTestId('q-question')).toContainText('IAM-16.1');
  await expect(page.getByTestId('q-answer')).toHaveAttribute('data-answer', 'yes');

  // Walk the whole list with a: each accepts and goes on; the last stays selected.
  await page.getByTestId('q-item-0').click();
  for (let i = 1; i <= 40; i++) {
    await page.keyboard.press('a');
    await expect(page.getByTestId('q-progress')).toHaveText(`${i} of 40 reviewed`);
  }
  await expect(page.getByTestId('q-item-39')).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByTestId('q-item-39')).toBeInViewport();
  await expect(page.getByTestId('q-item-0')).not.toBeInViewport();

  await importViaUi(page, bundles.findings);
  await page.goto(reviewUrl);
  await expect(page.getByTestId('screen-questionnaire-review')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('q-filter-changed').click();
  await page.getByTestId('q-item-2').click();
  await expect(page.getByTestId('q-detail')).toHaveAttribute('data-item', '2');
  await expect(page.getByTestId('q-answer')).toHaveAttribute('data-answer', 'no');
  await expect(page.getByTestId('q-contradictions')).toContainText('scope_violation');
  await expect(page.getByTestId('q-detail')).toContainText(
    'The evidence changed since this answer was reviewed',
  );
  const changed = await page.locator('[data-testid^="q-item-"]').count();
  await expect(page.getByTestId('q-progress')).toHaveText(`${40 - changed} of 40 reviewed`);
  await screenshot(page, '46-questionnaire-changed');
  // Accepting again on the new evidence counts it once more (and leaves the changed list).
  await page.keyboard.press('a');
  await expect(page.getByTestId('q-item-2')).toHaveCount(0);
  await expect(page.getByTestId('q-progress')).toHaveText(`${41 - changed} of 40 reviewed`);
});
