/**
 * Testing a control in the browser: draw a sample, read each item with its evidence, record a
 * pass and an exception (a note is required), conclude, and download the workpaper PDF; then the
 * audit-prep checklist, an item evidenced by a document.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { download, expect, importViaUi, screenshot, test } from './support/app-fixture.js';

test('testing: one control from its sample to its workpaper, and the checklist', async ({
  page,
  app,
  bundles,
}, testInfo) => {
  await page.goto(app.url);
  await importViaUi(page, bundles.findings);

  await page.getByTestId('nav-testing').click();
  await expect(page.getByTestId('screen-testing')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('state-empty')).toBeVisible();
  await page.getByTestId('draw-control').selectOption('iso27001:8.3');
  await page.getByTestId('draw-seed').fill('e2e-fy26');
  await page.getByTestId('draw-size').fill('2');
  await page.getByTestId('draw-reason').fill('walkthrough of the control');
  await page.getByTestId('draw-submit').click();

  await expect(page.getByTestId('screen-workpaper')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('sample-row')).toHaveCount(2);
  await expect(page.getByTestId('outstanding')).toContainText('6 result(s) outstanding');
  await expect(page.getByTestId('conclude')).toBeDisabled();

  // Item 1 with its evidence: the entry, a re-checked inclusion proof, the re-evaluation trace.
  await page.getByTestId('open-item-0').click();
  const panel = page.getByTestId('item-panel');
  await expect(panel).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('item-line')).toContainText('connector.called');
  await expect(page.getByTestId('item-proof')).toHaveAttribute('data-verified', 'true');
  await expect(page.getByTestId('item-trace')).toContainText('Call ');
  await screenshot(page, '20-testing-item');

  // An exception needs a note; with one it is recorded.
  await page.getByTestId('exception-within-scope').click();
  await expect(page.getByTestId('record-error')).toContainText('needs a note');
  await page.getByTestId('note-within-scope').fill('connector outside the intent, confirmed with the owner');
  await page.getByTestId('exception-within-scope').click();
  await expect(panel.locator('[data-attribute="within-scope"]')).toHaveAttribute('data-result', 'exception');
  await page.getByTestId('pass-remaining').click();
  await expect(page.getByTestId('sample-row').first()).toHaveAttribute('data-state', 'exception');

  await page.getByTestId('open-item-1').click();
  await expect(page.getByTestId('item-panel')).toHaveAttribute('data-item', '1');
  // A note typed for one item never travels to the next.
  await expect(page.getByTestId('note-within-scope')).toHaveValue('');
  await page.getByTestId('pass-remaining').click();
  await expect(page.getByTestId('sample-row').nth(1)).toHaveAttribute('data-state', 'pass');

  // One deviation in two items cannot support the control at 95 % / 5 %.
  await expect(page.getByTestId('conclusion')).toHaveAttribute('data-effective', 'false');
  await expect(page.getByTestId('conclusion')).toContainText('1 deviation(s) in 2 items');
  await page.getByTestId('conclude').click();
  await expect(page.getByTestId('latest-version')).toContainText('version 1');
  await screenshot(page, '21-testing-workpaper', true);

  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-pdf').click()]);
  const pdf = path.join(testInfo.outputPath('downloads'), dl.suggestedFilename());
  await dl.saveAs(pdf);
  expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  const text = execFileSync('pdftotext', [pdf, '-']).toString('utf8').replace(/\s+/g, ' ');
  expect(text).toContain('NOT OPERATING EFFECTIVELY');
  expect(text).toContain('"e2e-fy26" / crosscheck-sha256-ctr/1');
  expect(text).toContain('connector outside the intent');
  // The same workpaper as the auditor's spreadsheet: a real .xlsx (a ZIP) with the sample sheet.
  const xlsx = await download(page, 'download-xlsx', testInfo.outputPath('downloads'));
  const bytes = readFileSync(xlsx);
  expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
  expect(xlsx.endsWith('.xlsx')).toBe(true);

  // The checklist: trail items checked, a client item evidenced by a document with a note.
  await page.getByTestId('nav-checklist').click();
  await expect(page.getByTestId('screen-checklist')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-item="period-coverage"]')).toHaveAttribute('data-status', 'pass');
  const residency = page.locator('[data-item="data-residency"]');
  await expect(residency).toHaveAttribute('data-status', 'not_evidenced');
  const doc = testInfo.outputPath('residency.txt');
  writeFileSync(doc, 'hosting region eu-west-1');
  await page.getByTestId('checklist-note-data-residency').fill('EU region as contracted');
  await page.getByTestId('checklist-attach-data-residency').setInputFiles(doc);
  await expect(residency).toHaveAttribute('data-status', 'pass');
  await expect(residency).toContainText('EU region as contracted');
  await screenshot(page, '22-checklist', true);
});
