/**
 * The Frameworks screen through the real UI: readiness with its formula, numbers that drill down
 * to entries, the crosswalk both ways, the SoA edited from the keyboard and still there after a
 * restart, an unjustified exclusion flagged, and the platform's mapping checked.
 */
import { writeFileSync } from 'node:fs';
import { ISO27001_CATALOG } from '../../shared/frameworks/iso27001-catalog.js';
import { expect, importViaUi, screenshot, test } from './support/app-fixture.js';

test('frameworks: readiness, crosswalk, SoA edits that survive a restart, mapping check, licensed catalog', async ({
  page,
  app,
  bundles,
}, testInfo) => {
  await page.goto(app.url);
  await importViaUi(page, bundles.findings);
  await page.getByTestId('nav-frameworks').click();
  const screen = page.getByTestId('screen-frameworks');
  await expect(screen).toHaveAttribute('data-ready', 'true');
  await expect(screen).toHaveAttribute('data-framework', 'iso27001');
  await expect(page.getByTestId('readiness-formula')).toContainText(
    'readiness = applicable controls tested without exceptions',
  );
  await expect(page.getByTestId('soa-table')).toHaveAttribute('data-rows', '93');
  await expect(
    page.locator(
      '[data-testid="readiness-A.5"], [data-testid="readiness-A.6"], [data-testid="readiness-A.7"], [data-testid="readiness-A.8"]',
    ),
  ).toHaveCount(4);
  await screenshot(page, '40-frameworks-iso', true);

  // A readiness number drills down to exactly the controls it counts.
  const overall = page.getByTestId('readiness-all');
  const ready = await overall.getAttribute('data-ready');
  await overall.getByTestId('readiness-ready-link').click();
  await expect(page.getByTestId('soa-table')).toHaveAttribute('data-rows', ready!);
  await page.getByTestId('soa-filter-clear-only').click();
  await expect(page.getByTestId('soa-table')).toHaveAttribute('data-rows', '93');

  // The planted scope violation is an exception on A.8.3; its finding count drills into the trail.
  const r83 = page.getByTestId('soa-row-8.3');
  await expect(r83.getByTestId('coverage-status')).toHaveAttribute('data-status', 'exceptions');
  // The evidence of A.8.16 drills down to as many entries as it counts.
  const ev = page.getByTestId('soa-row-8.16').getByTestId('soa-evidence-link');
  const count = (await ev.textContent())!.trim();
  await ev.click();
  await expect(page.getByTestId('entry-list')).toHaveAttribute('data-total', count);
  await page.goBack();
  await expect(screen).toHaveAttribute('data-ready', 'true');

  // Keyboard: focus A.7.4, Enter edits, Space unticks "applicable", a justification, Ctrl+Enter saves.
  await page.getByTestId('soa-row-7.4').focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('soa-row-7.5')).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('soa-editor')).toBeVisible();
  await expect(page.getByTestId('soa-applicable')).toBeFocused();
  await page.keyboard.press('Space');
  await page.getByTestId('soa-justification').fill('No premises: a fully remote company on a cloud host');
  await page.keyboard.press('Control+Enter');
  await expect(page.getByTestId('soa-editor')).toHaveCount(0);
  await expect(page.getByTestId('soa-row-7.4')).toHaveAttribute('data-applicable', 'no');
  await expect(page.getByTestId('soa-row-7.4').getByTestId('soa-edited')).toContainText('edited by');
  // An exclusion without a justification is flagged and listed as a gap.
  await page.getByTestId('soa-edit-7.5').click();
  await page.getByTestId('soa-applicable').uncheck();
  await page.getByTestId('soa-save').click();
  await expect(page.getByTestId('soa-row-7.5')).toHaveAttribute('data-flagged', 'true');
  await expect(page.getByTestId('gap-excluded_unjustified')).toHaveAttribute('data-count', '1');
  await page.getByTestId('soa-filter-flagged').check();
  await expect(page.getByTestId('soa-table')).toHaveAttribute('data-rows', '1');
  await screenshot(page, '41-frameworks-soa-flagged', true);
  await page.getByTestId('soa-filter-flagged').uncheck();
  // Sorting by findings, most first, puts an exception on top.
  await page.getByTestId('soa-sort-findings').click();
  await page.getByTestId('soa-sort-findings').click();
  await expect(
    page.locator('[data-testid="soa-table"] tbody tr[data-control]').first().getByTestId('coverage-status'),
  ).toHaveAttribute('data-status', 'exceptions');

  // The edits are rows in the store: a restarted server shows them.
  await app.restart();
  await page.goto(`${app.url}#/frameworks`);
  await expect(page.getByTestId('screen-frameworks')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('soa-row-7.4')).toHaveAttribute('data-applicable', 'no');
  await expect(page.getByTestId('soa-row-7.4')).toContainText(
    'No premises: a fully remote company on a cloud host',
  );
  await expect(page.getByTestId('soa-row-7.5')).toHaveAttribute('data-flagged', 'true');

  // The crosswalk both ways: CC8.1 → A.8.32 → back to CC8.1; CC5.1 has no ISO counterpart.
  await page.getByTestId('fw-tab-soc2').click();
  await expect(page.getByTestId('soc2-table')).toHaveAttribute('data-rows', '61');
  // SOC 2's readiness numbers drill down too.
  const soc2Ready = await page.getByTestId('readiness-all').getAttribute('data-ready');
  await page.getByTestId('readiness-all').getByTestId('readiness-ready-link').click();
  await expect(page.getByTestId('soc2-table')).toHaveAttribute('data-rows', soc2Ready!);
  await page.getByTestId('fw-tab-soc2').click();
  await expect(page.getByTestId('soc2-table')).toHaveAttribute('data-rows', '61');
  await page.getByTestId('soc2-open-CC8.1').click();
  await expect(page.getByTestId('crosswalk')).toHaveAttribute('data-control', 'CC8.1');
  await page.getByTestId('counterpart-8.32').click();
  await expect(page.getByTestId('screen-frameworks')).toHaveAttribute('data-framework', 'iso27001');
  await expect(page.getByTestId('crosswalk')).toHaveAttribute('data-control', '8.32');
  await expect(page.getByTestId('counterpart-CC8.1')).toBeVisible();
  await expect(page.getByTestId('counterpart-CC3.4')).toBeVisible();
  await page.getByTestId('crosswalk').scrollIntoViewIfNeeded();
  await screenshot(page, '42-frameworks-crosswalk');
  await page.getByTestId('counterpart-CC8.1').click();
  await expect(page.getByTestId('crosswalk')).toHaveAttribute('data-control', 'CC8.1');
  await page.goto(`${app.url}#/frameworks?framework=soc2&control=CC5.1`);
  await expect(page.getByTestId('no-counterpart')).toContainText('No ISO counterpart');

  // The vendor's mapping in 2013 numbering, checked claim by claim.
  await page
    .getByTestId('mapping-text')
    .fill(
      [
        '| Framework ID | Platform control | Evidence claimed |',
        '|---|---|---|',
        '| A.12.4.1 | Audit log | signed log |',
        '| A.9.4.1 | Policy engine | decisions |',
        '| CC1 — Security | Security programme | policies |',
        '| A.19.1.1 | AI governance | model cards |',
      ].join('\n'),
    );
  await page.getByTestId('mapping-check').click();
  await expect(page.getByTestId('mapping-results')).toHaveAttribute('data-claims', '4');
  const claims = page.getByTestId('mapping-claim');
  await expect(claims.nth(0)).toHaveAttribute('data-verdict', 'supported');
  await expect(claims.nth(0)).toHaveAttribute('data-obsolete', 'true');
  await expect(claims.nth(1)).toHaveAttribute('data-verdict', 'contradicted');
  await expect(claims.nth(2)).toHaveAttribute('data-mislabel', 'true');
  await expect(claims.nth(3)).toHaveAttribute('data-verdict', 'unknown');
  await page.getByTestId('mapping-results').scrollIntoViewIfNeeded();
  await screenshot(page, '43-frameworks-mapping-check');

  // A licensed catalog: one lacking a control is refused naming it; a complete one brings the text.
  const rows = ISO27001_CATALOG.map(
    (c) => `A.${c.id},Licensed title ${c.id},"Licensed text of ${c.id}, in full."`,
  );
  const bad = testInfo.outputPath('bad-catalog.csv');
  const good = testInfo.outputPath('annex-a.csv');
  writeFileSync(bad, ['id,title,text', ...rows.filter((r) => !r.startsWith('A.8.34,'))].join('\n'));
  writeFileSync(good, ['id,title,text', ...rows].join('\n'));
  await page.goto(`${app.url}#/frameworks?framework=iso27001&control=8.32`);
  await expect(page.getByTestId('screen-frameworks')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('catalog-file-iso27001').setInputFiles(bad);
  await expect(page.getByTestId('catalog-error')).toContainText('lacks 1 control(s): 8.34');
  await expect(page.getByTestId('catalog-licensed')).toHaveCount(0);
  await page.getByTestId('catalog-file-iso27001').setInputFiles(good);
  await expect(page.getByTestId('catalog-licensed')).toContainText('annex-a.csv');
  await expect(page.getByTestId('licensed-text')).toHaveText('Licensed text of 8.32, in full.');
  await expect(page.getByTestId('soa-row-8.32')).toContainText('Licensed title 8.32');
  await page.getByTestId('crosswalk').scrollIntoViewIfNeeded();
  await screenshot(page, '44-frameworks-licensed-text');

  // A package made from the Packages screen with ISO/IEC 27001 carries readiness and the SoA.
  await page.getByTestId('nav-packages').click();
  await expect(page.getByTestId('screen-packages')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('scope-org').check();
  await page.getByTestId('package-framework').selectOption('iso27001');
  await page.getByTestId('package-generate').click();
  await expect(page.getByTestId('package-job')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
  await page.getByTestId('package-job-open').click();
  await expect(page.getByTestId('package-detail')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid="pkg-readiness"][data-framework="iso27001"]')).toContainText('÷');
  await expect(page.getByTestId('pkg-soa-count')).toContainText('93 Annex A controls');
  await page.getByTestId('pkg-frameworks').scrollIntoViewIfNeeded();
  await screenshot(page, '45-package-frameworks');
});
