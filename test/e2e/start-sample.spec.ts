/** `npm start`'s fallback: serve with the bundled sample imported at start-up, as the desktop app does. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, screenshot, startServe, stop, test } from './support/app-fixture.js';
import { ROOT } from './support/paths.js';

const SAMPLE = path.join(ROOT, 'resources', 'sample');

test('the bundled sample is imported at start-up and shown VALID', async ({ page }, testInfo) => {
  test.skip(!existsSync(path.join(SAMPLE, 'bundle.zip')), 'resources/sample/bundle.zip is not there');
  const { child, url } = await startServe(testInfo.outputPath('store'), ['--import', path.join(SAMPLE, 'bundle.zip'), '--keyring', path.join(SAMPLE, 'keyring.json')]);
  try {
    await page.goto(url);
    await expect(page.getByTestId('screen-exports')).toHaveAttribute('data-ready', 'true');
    // Either still importing (the bar adopts the job) or done: the export appears without a reload.
    await expect(page.getByTestId('export-row').getByTestId('status-badge')).toHaveText('VALID', { timeout: 30_000 });
    await expect(page.getByTestId('key-row').first()).toBeVisible();
    await screenshot(page, '12-sample-at-start');
  } finally {
    await stop(child);
  }
});
