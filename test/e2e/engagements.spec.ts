/**
 * Three clients in one store, through the real UI: each import lands in its client's engagement,
 * the switcher changes every screen, one client's findings never show under another, a duplicate
 * import says so, and a voided import leaves the counts.
 */
import { execFileSync } from 'node:child_process';
import { download, expect, importViaUi, screenshot, test } from './support/app-fixture.js';

test('three clients stay apart: switcher, scoped screens, duplicate and void', async ({
  page,
  app,
  bundles,
}) => {
  await page.goto(app.url);
  await expect(page.getByTestId('engagement-none')).toBeVisible();
  await importViaUi(page, bundles.clean);
  await importViaUi(page, bundles.clientB);
  await importViaUi(page, bundles.clientC);
  const select = page.getByTestId('engagement-select');
  await expect(select.locator('option')).toHaveCount(3);
  // The last import's engagement is the one shown, with just its export.
  await expect(page.getByTestId('export-row')).toHaveCount(1);
  const names = await select.locator('option').allTextContents();
  expect(new Set(names).size).toBe(3);
  await screenshot(page, '20-engagements-three-clients');

  // Client C holds a scope violation; client B holds none: B's findings and controls stay clean.
  const optionValues = await Promise.all(
    (await select.locator('option').all()).map(async (o) => (await o.getAttribute('value')) ?? ''),
  );
  const [a, b, c] = optionValues as [string, string, string];
  await select.selectOption(c);
  await page.getByTestId('nav-findings').click();
  await expect(
    page.locator('[data-testid="finding-row"][data-kind="scope_violation"]').first(),
  ).toBeVisible();
  await select.selectOption(b);
  await expect(page.getByTestId('state-empty').first()).toBeVisible();
  await expect(page.locator('[data-testid="finding-row"]')).toHaveCount(0);
  await page.getByTestId('nav-controls').click();
  await expect(page.getByTestId('screen-controls')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('summary-exceptions')).toHaveAttribute('data-count', '0');
  await select.selectOption(c);
  await expect(page.getByTestId('screen-controls')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('summary-exceptions')).not.toHaveAttribute('data-count', '0');
  // The same engagement on ISO/IEC 27001:2022 Annex A: 93 controls, C's finding an exception on 8.3.
  await page.getByTestId('framework-iso27001').click();
  await expect(page.getByTestId('screen-controls')).toHaveAttribute('data-framework', 'iso27001');
  await expect(page.getByTestId('screen-controls')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('control-row')).toHaveCount(93);
  await expect(page.locator('[data-testid="control-row"][data-criterion="8.3"]')).toHaveAttribute(
    'data-status',
    'exceptions',
  );
  await expect(page.locator('[data-testid="control-row"][data-criterion="5.1"]')).toHaveAttribute(
    'data-status',
    'needs_document',
  );
  await screenshot(page, '23-controls-iso27001');
  await page.getByTestId('framework-soc2').click();
  await expect(page.getByTestId('screen-controls')).toHaveAttribute('data-framework', 'soc2');

  // The audit trail of one client holds only its lines.
  await select.selectOption(b);
  await page.getByTestId('nav-trail').click();
  await expect(page.getByTestId('entry-list')).toHaveAttribute('data-total', '700');
  await select.selectOption(a);
  await expect(page.getByTestId('entry-list')).toHaveAttribute('data-total', '1200');

  // A second import of the same export says so and adds nothing.
  await page.getByTestId('nav-exports').click();
  await page.getByTestId('import-bundle').setInputFiles(bundles.clientB.zip);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-duplicate')).toBeVisible({ timeout: 45_000 });
  await expect(select).toHaveValue(b);
  await expect(page.getByTestId('export-row')).toHaveCount(1);
  // The stored source is the auditor's file name, not the upload's temporary one.
  await expect(page.getByTestId('export-row')).toContainText('bundle.zip');

  // Void B's import: it stays listed as voided, and the trail of B is empty.
  await page.getByTestId('export-open').first().click();
  await page.getByTestId('void-open').click();
  await page.getByTestId('void-reason').fill('exported for the wrong client');
  await page.getByTestId('void-confirm').click();
  await expect(page.getByTestId('export-voided')).toContainText('exported for the wrong client');
  await expect(page.locator('[data-testid="export-row"][data-voided="true"]')).toHaveCount(1);
  await screenshot(page, '21-engagement-voided-export');
  await page.getByTestId('nav-trail').click();
  await expect(page.getByTestId('entry-list')).toHaveAttribute('data-total', '0');

  // On a machine that has not chosen yet, a store of several clients opens on the chooser.
  await page.evaluate('window.localStorage.clear()');
  await page.reload();
  await expect(page.getByTestId('engagement-chooser')).toBeVisible();
  await expect(page.getByTestId('engagement-choose')).toHaveCount(3);
  await screenshot(page, '24-engagement-chooser');
  await page.locator(`[data-testid="engagement-choose"][data-engagement="${a}"]`).click();
  await expect(select).toHaveValue(a);

  // A new engagement, edited through the dialog, shows in the switcher with its period.
  await page.getByTestId('engagement-new').click();
  await page.getByTestId('engagement-name').fill('Fabrikam FY2026');
  await page.getByTestId('engagement-from').fill('2026-01-01');
  await page.getByTestId('engagement-to').fill('2026-12-31');
  await page.getByTestId('engagement-fw-iso27001').check();
  await page.getByTestId('engagement-save').click();
  await expect(select.locator('option')).toHaveCount(4);
  await expect(page.getByTestId('engagement-facts')).toContainText('2026-01-01 – 2026-12-31');
  await expect(page.getByTestId('engagement-facts')).toContainText('ISO 27001');
  await screenshot(page, '22-engagement-new');
});

test("each client's package PDF holds only that client's figures and findings", async ({
  page,
  app,
  bundles,
}, testInfo) => {
  await page.goto(app.url);
  await importViaUi(page, bundles.clean);
  await importViaUi(page, bundles.clientC);
  const select = page.getByTestId('engagement-select');
  await expect(select.locator('option')).toHaveCount(2);
  const options = await select.locator('option').all();
  const clients = await Promise.all(
    options.map(async (o) => ({
      id: (await o.getAttribute('value')) ?? '',
      name: ((await o.textContent()) ?? '').trim(),
    })),
  );
  const out = testInfo.outputPath('pdfs');
  const texts = new Map<string, string>();
  for (const c of clients) {
    await select.selectOption(c.id);
    await page.getByTestId('nav-packages').click();
    await expect(page.getByTestId('screen-packages')).toHaveAttribute('data-ready', 'true');
    await page.getByTestId('scope-org').check();
    await page.getByTestId('package-generate').click();
    await expect(page.getByTestId('package-job')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
    await page.getByTestId('package-job-open').click();
    await expect(page.getByTestId('package-detail')).toHaveAttribute('data-ready', 'true');
    await expect(page.getByRole('heading', { level: 1 })).toContainText('v1');
    const pdf = await download(page, 'export-pdf', out);
    texts.set(c.id, execFileSync('pdftotext', ['-layout', pdf, '-']).toString('utf8'));
  }
  // Client C planted a scope violation; the clean client has none. Each is version 1 of its own
  // engagement, and neither PDF names the other client.
  const withFinding = clients.find((c) => /Findings\s+1: 1 critical/.test(texts.get(c.id)!));
  expect(withFinding).toBeDefined();
  const clean = clients.find((c) => c !== withFinding)!;
  expect(texts.get(clean.id)).toMatch(/Findings\s+none/);
  expect(texts.get(clean.id)).toContain('0 findings from verification and re-evaluation');
  expect(texts.get(withFinding!.id)).toContain('re-evaluation (scope_violation (1))');
  for (const c of clients) {
    const other = clients.find((o) => o !== c)!;
    const orgName = other.name.split(' · ')[0]!;
    expect(texts.get(c.id), `${c.name}'s PDF`).not.toContain(orgName);
  }
});
