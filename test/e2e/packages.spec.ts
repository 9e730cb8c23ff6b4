/**
 * Packages as an auditor makes them in the browser: generate for an agent, open it, export the PDF
 * and a signed binder (real downloads, checked by the real CLI), generate a second version after a
 * later export arrives, compare the two, an organisation package, and the custody log.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { download, expect, importViaUi, screenshot, test } from './support/app-fixture.js';
import { NODE, ROOT } from './support/paths.js';

async function generateFor(page: Page, agentId: string | null): Promise<void> {
  await page.getByTestId('nav-packages').click();
  await expect(page.getByTestId('screen-packages')).toHaveAttribute('data-ready', 'true');
  if (agentId === null) {
    await page.getByTestId('scope-org').check();
  } else {
    await page.getByTestId('scope-agent').check();
    await page.getByTestId('package-agent').selectOption(agentId);
  }
  await page.getByTestId('package-generate').click();
  await expect(page.getByTestId('package-job')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
}

test('packages: generate, open, export PDF and a binder that verifies, a second version and its diff, custody', async ({
  page,
  app,
  bundles,
}, testInfo) => {
  // Three packages, two PDFs, a binder checked by the CLI: about a minute on an idle 2-core
  // machine, so the default 60 s left no room for a loaded one.
  test.setTimeout(150_000);
  const out = testInfo.outputPath('downloads');
  await page.goto(app.url);
  await importViaUi(page, { zip: bundles.gap.previousZip, keyring: bundles.gap.keyring });

  await page.getByTestId('nav-packages').click();
  await expect(page.getByTestId('screen-packages')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('state-empty')).toBeVisible();
  await expect(page.getByTestId('package-generate')).toBeDisabled();
  // The agent with the most calls (the options say how many each made).
  const options = page.getByTestId('package-agent').locator('option[value]:not([value=""])');
  const texts = await options.allTextContents();
  const calls = texts.map((t) => Number(/\(([\d,]+) calls\)/.exec(t)?.[1]?.replace(/,/g, '') ?? 0));
  const busiest = await options.nth(calls.indexOf(Math.max(...calls))).getAttribute('value');
  expect(busiest).toBeTruthy();

  await generateFor(page, busiest);
  await expect(page.getByTestId('package-job-done')).toContainText('version 1 recorded');
  await expect(page.getByTestId('package-row')).toHaveCount(1);
  await screenshot(page, '12-packages');

  // Open it: every section is there with the figures of this agent.
  await page.getByTestId('package-job-open').click();
  await expect(page.getByTestId('package-detail')).toHaveAttribute('data-ready', 'true');
  for (const s of [
    'pkg-execution',
    'pkg-dataflow',
    'pkg-questionnaire',
    'pkg-subprocessors',
    'pkg-soc2',
    'pkg-findings',
    'pkg-exports',
    'pkg-responsibility',
    'pkg-complementary',
    'pkg-custody',
  ]) {
    await expect(page.getByTestId(s)).toBeVisible();
  }
  await expect(page.getByTestId('pkg-cuec-row')).toHaveCount(8);
  await expect(page.getByTestId('pkg-csoc-row').first()).toContainText('Amazon Web Services');
  await expect(page.getByTestId('pkg-calls')).toHaveText(
    calls[calls.indexOf(Math.max(...calls))]!.toLocaleString('en-US'),
  );
  await expect(page.getByTestId('pkg-question')).not.toHaveCount(0);
  await expect(page.getByTestId('pkg-dataflow-diagram')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('pkg-dataflow-diagram').locator('svg')).toBeVisible();
  await screenshot(page, '13-package-detail');
  await page.getByTestId('pkg-dataflow').scrollIntoViewIfNeeded();
  await screenshot(page, '13b-package-dataflow');

  // PDF: a real download of a real PDF.
  const pdf = await download(page, 'export-pdf', out);
  expect(readFileSync(pdf).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  await expect(page.getByTestId('package-job-done')).toContainText('Downloaded');
  await page.getByTestId('package-job-done').getByRole('button', { name: 'Dismiss' }).click();

  // Binder and the public key, checked offline by the CLI as the recipient would.
  const binder = await download(page, 'export-binder', out);
  await expect(page.getByTestId('package-job-done')).toContainText('Downloaded');
  await page.getByTestId('nav-packages').click();
  await expect(page.getByTestId('auditor-key')).toContainText('key id');
  const key = await download(page, 'auditor-key-export', out);
  const ok = spawnSync(NODE, ['bin/crosscheck.js', 'verify-binder', binder, '--key', key], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(ok.stdout).toContain('binder OK');
  expect(ok.status).toBe(0);

  // Custody: the generation and the hand-over, and the chain checks.
  await expect(page.getByTestId('custody-row')).toHaveCount(2);
  await expect(page.locator('[data-testid="custody-row"]').first()).toHaveAttribute(
    'data-action',
    'binder.exported',
  );
  await page.getByTestId('custody-verify').click();
  await expect(page.getByTestId('custody-result')).toHaveAttribute('data-ok', 'true');
  await expect(page.getByTestId('custody-result')).toContainText('2 records');
  await page.getByTestId('custody-panel').scrollIntoViewIfNeeded();
  await screenshot(page, '14-custody');

  // A later export of the same log arrives: the same agent's package becomes version 2.
  await page.getByTestId('import-done').getByRole('button', { name: 'Dismiss' }).click();
  await importViaUi(page, { zip: bundles.gap.zip, keyring: bundles.gap.keyring });
  await generateFor(page, busiest);
  await expect(page.getByTestId('package-job-done')).toContainText('version 2 recorded');
  await page.getByTestId('packages-filter').selectOption(busiest!);
  await expect(page.getByTestId('package-row')).toHaveCount(2);
  await expect(page.getByTestId('package-row').first()).toHaveAttribute('data-version', '2');
  await expect(page.getByTestId('packages-compare')).toBeDisabled();
  await page.getByTestId('package-pick').nth(0).check();
  await page.getByTestId('package-pick').nth(1).check();
  await page.getByTestId('packages-compare').click();
  await expect(page.getByTestId('package-diff')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByRole('heading', { name: 'Version 1 → 2' })).toBeVisible();
  // Told by section in words first; the raw JSON paths sit behind a disclosure per section.
  const execution = page.locator('[data-testid="diff-section"][data-section="execution"]');
  await expect(execution).toContainText(/totals calls: \d+ → \d+ \(\+\d+\)/);
  await expect(execution.getByTestId('diff-table')).toBeHidden();
  await execution.getByTestId('diff-raw').locator('summary').click();
  await expect(execution.locator('[data-testid="diff-row"][data-change="changed"]').first()).toBeVisible();
  await expect(execution.getByTestId('diff-table')).toContainText('execution.totals.calls');
  await screenshot(page, '15-package-diff');

  // The organisation's package: a scope of its own, over every entry the audit trail holds.
  await page.getByTestId('nav-trail').click();
  await expect(page.getByTestId('entry-list')).toHaveAttribute('data-ready', 'true');
  const total = Number(await page.getByTestId('entry-list').getAttribute('data-total'));
  expect(total).toBeGreaterThan(0);
  await generateFor(page, null);
  await page.getByTestId('packages-filter').selectOption('org');
  await expect(page.getByTestId('package-row')).toHaveCount(1);
  await page.getByTestId('package-open').click();
  await expect(page.getByTestId('package-detail')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('pkg-entries')).toHaveText(total.toLocaleString('en-US'));
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, '16-org-package-dark');
});
