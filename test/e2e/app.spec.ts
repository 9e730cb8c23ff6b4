/** The auditor's workflow against `crosscheck serve`, one store folder per test. */
import { expect, importViaUi, screenshot, test } from './support/app-fixture.js';

test('a clean bundle imports VALID with its report, continuity and keys', async ({ page, app, bundles }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('screen-exports')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('state-empty').first()).toBeVisible();
  await screenshot(page, '00-exports-empty');

  await importViaUi(page, bundles.clean);
  const row = page.getByTestId('export-row');
  await expect(row).toHaveCount(1);
  await expect(row.getByTestId('status-badge')).toHaveText('VALID');
  await expect(page.getByTestId('report-panel')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('check-row')).toHaveCount(14);
  await expect(page.locator('[data-testid="check-row"][data-check="root"]')).toHaveAttribute('data-status', 'pass');
  await expect(page.getByTestId('timeline-export')).toHaveCount(1);
  await expect(page.getByTestId('key-row').first()).toBeVisible();
  await screenshot(page, '01-exports-valid');
  // Trusted keys: remove one, the list shrinks and stays so.
  const keys = page.getByTestId('key-row');
  const before = await keys.count();
  expect(before).toBeGreaterThan(1);
  await keys.last().getByTestId('key-remove').click();
  await expect(keys).toHaveCount(before - 1);
  // Dark follows the OS.
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.getByTestId('status-badge').first()).toBeVisible();
  await screenshot(page, '01-exports-valid-dark');
});

test('a tampered bundle imports INVALID and its entries are quarantined', async ({ page, app, bundles }) => {
  await page.goto(app.url);
  await importViaUi(page, bundles.tampered);
  await expect(page.getByTestId('import-done').getByTestId('status-badge')).toHaveText('INVALID');
  await expect(page.getByTestId('export-row').getByTestId('status-badge')).toHaveText('INVALID');
  await expect(page.locator('[data-testid="check-row"][data-check="prev_chain"]')).toHaveAttribute('data-status', 'fail');
  await screenshot(page, '02-exports-invalid');

  await page.getByTestId('report-findings').click();
  await expect(page.getByTestId('screen-findings')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid="finding-row"][data-kind="chain_broken"]')).toHaveCount(1);
});

test('a finding opens its explanation trace and links to its entry', async ({ page, app, bundles }) => {
  await page.goto(app.url);
  await importViaUi(page, bundles.findings);
  await page.getByTestId('nav-findings').click();
  await expect(page.getByTestId('screen-findings')).toHaveAttribute('data-ready', 'true');
  await screenshot(page, '03-findings');
  const row = page.locator('[data-testid="finding-row"][data-kind="scope_violation"]').first();
  await row.getByTestId('finding-open').click();
  await expect(page.getByTestId('finding-detail')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('finding-kind')).toHaveText('scope_violation');
  await expect(page.getByTestId('trace-recorded')).not.toBeEmpty();
  await expect(page.getByTestId('trace-expected')).not.toBeEmpty();
  await expect(page.getByTestId('trace-ladder').locator('[data-decided="true"]')).toHaveCount(1);
  await screenshot(page, '04-finding-trace');

  await page.getByTestId('finding-entry-link').first().click();
  await expect(page.getByTestId('entry-detail')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('entry-line')).toContainText('"connector.called"');
  await expect(page.getByTestId('entry-detail')).toContainText('scope_violation');
  // Formatted for reading; the exact bytes one click away.
  await expect(page.getByTestId('entry-line')).toHaveAttribute('data-view', 'formatted');
  await page.getByTestId('entry-line-exact').click();
  await expect(page.getByTestId('entry-line')).toHaveAttribute('data-view', 'exact');
  expect(await page.getByTestId('entry-line').textContent()).not.toContain('\n');
  await screenshot(page, '04b-entry-deep-link');
});

test('the audit trail filters, searches and shows an inclusion proof', async ({ page, app, bundles }) => {
  await page.goto(app.url);
  await importViaUi(page, bundles.clean);
  await page.getByTestId('nav-trail').click();
  const list = page.getByTestId('entry-list');
  await expect(list).toHaveAttribute('data-ready', 'true');
  await expect(list).toHaveAttribute('data-total', '1200');

  await page.getByTestId('filter-action').selectOption('connector.called');
  await expect(list).toHaveAttribute('data-ready', 'true');
  const calls = Number(await list.getAttribute('data-total'));
  expect(calls).toBeGreaterThan(0);
  expect(calls).toBeLessThan(1200);

  const agentOption = page.getByTestId('filter-agent').locator('option').nth(1);
  await page.getByTestId('filter-agent').selectOption((await agentOption.getAttribute('value'))!);
  await expect(list).toHaveAttribute('data-ready', 'true');
  const agentCalls = Number(await list.getAttribute('data-total'));
  expect(agentCalls).toBeLessThanOrEqual(calls);

  await page.getByTestId('filter-clear').click();
  await expect(list).toHaveAttribute('data-total', '1200');
  await page.getByTestId('filter-text').fill('heartbeat-that-never-was');
  await page.getByTestId('filter-apply').click();
  await expect(list).toHaveAttribute('data-total', '0');
  await expect(page.getByTestId('state-empty')).toBeVisible();

  // Search by an operation seen in the first page of calls.
  await page.getByTestId('filter-clear').click();
  await page.getByTestId('filter-verdict').selectOption('DENY');
  await expect(list).toHaveAttribute('data-ready', 'true');
  const first = page.getByTestId('entry-row').first();
  await first.click();
  await expect(page.getByTestId('entry-detail')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('entry-proof')).toHaveAttribute('data-verified', 'true');
  await screenshot(page, '05-audit-trail');
  await page.emulateMedia({ colorScheme: 'dark' });
  await screenshot(page, '05b-audit-trail-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  // Keyboard: focus the grid and move down.
  await page.getByTestId('entry-scroll').focus();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('entry-detail')).toHaveAttribute('data-ready', 'true');

  // A deep link to an entry far down the whole trail scrolls the list to it and highlights it.
  await page.getByTestId('filter-clear').click();
  await expect(list).toHaveAttribute('data-total', '1200');
  await page.evaluate("location.hash = '#/trail?entry=' + encodeURIComponent('1:1100')");
  const selected = page.locator('[data-testid="entry-row"][aria-selected="true"]');
  await expect(selected).toBeVisible();
  await expect(selected).toHaveAttribute('data-seq', '1100');
  await expect(page.getByTestId('entry-detail')).toHaveAttribute('data-ready', 'true');
  await screenshot(page, '05c-entry-deep-link');
  // Under a filter that leaves it out, the list says so instead of pretending.
  await page.evaluate("location.hash = '#/trail?actionType=user.created&entry=' + encodeURIComponent('1:1100')");
  await expect(page.getByTestId('entry-link-outside')).toBeVisible();
});

test('agents, controls and an edited responsibility cell that survives a reload', async ({ page, app, bundles }) => {
  await page.goto(app.url);
  await importViaUi(page, bundles.findings);

  await page.getByTestId('nav-agents').click();
  await expect(page.getByTestId('screen-agents')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('agent-row').first()).toBeVisible();
  await screenshot(page, '06-agents');
  // The agent that drifted: its timeline shows the drift, its intent view what fell outside.
  await page.locator('[data-testid="agent-row"]:not([data-drift="0"])').first().getByTestId('agent-open').click();
  await expect(page.getByTestId('agent-detail')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid="agent-event"][data-kind="drift"]').first()).toBeVisible();
  await expect(page.getByTestId('observed-outside').first()).toBeVisible();
  await expect(page.getByTestId('diagram-execution')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('diagram-dataflow')).toHaveAttribute('data-ready', 'true');
  await expect(page.getByTestId('diagram-execution').locator('svg')).toBeVisible();
  await screenshot(page, '07-agent-detail');
  await page.getByTestId('diagram-execution').scrollIntoViewIfNeeded();
  // The graph is fitted to its box: the agent node (the first) lies inside the box, the whole drawing too.
  const execution = page.getByTestId('diagram-execution');
  await expect(execution).toHaveAttribute('data-zoom', 'fit');
  const inside = async () => {
    const box = (await execution.locator('.diagram-box').boundingBox())!;
    const agent = (await execution.locator('g.node').first().boundingBox())!;
    return agent.x >= box.x - 1 && agent.y >= box.y - 1 && agent.x + agent.width <= box.x + box.width + 1 && agent.y + agent.height <= box.y + box.height + 1;
  };
  expect(await inside()).toBe(true);
  const svgBox = (await execution.locator('svg').boundingBox())!;
  const frame = (await execution.locator('.diagram-box').boundingBox())!;
  expect(svgBox.height).toBeLessThanOrEqual(frame.height + 1);
  await screenshot(page, '07b-agent-diagrams');
  // Zoomed in, the box scrolls and starts at the agent.
  await page.getByTestId('diagram-execution-zoom-in').click();
  await page.getByTestId('diagram-execution-zoom-in').click();
  await expect(execution).not.toHaveAttribute('data-zoom', 'fit');
  expect(await inside()).toBe(true);
  await page.getByTestId('diagram-execution-fit').click();
  await expect(execution).toHaveAttribute('data-zoom', 'fit');
  // The timeline filters by kind: drift alone.
  await page.getByTestId('agent-timeline').scrollIntoViewIfNeeded();
  const all = await page.getByTestId('agent-event').count();
  await page.getByTestId('timeline-kind-drift').check();
  const drifts = await page.getByTestId('agent-event').count();
  expect(drifts).toBeGreaterThan(0);
  expect(drifts).toBeLessThan(all);
  await expect(page.locator('[data-testid="agent-event"]:not([data-kind="drift"])')).toHaveCount(0);
  await screenshot(page, '07c-agent-timeline');
  await page.getByTestId('timeline-kind-drift').uncheck();
  await expect(page.getByTestId('agent-event')).toHaveCount(all);

  await page.getByTestId('nav-controls').click();
  await expect(page.getByTestId('screen-controls')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-testid="control-row"][data-criterion="CC6.1"]')).toBeVisible();
  await expect(page.getByTestId('control-row')).toHaveCount(61);
  // Heartbeats do not evidence backups: A1.2 needs a document, and the platform's pairing is shown as not accepted.
  const a12 = page.locator('[data-testid="control-row"][data-criterion="A1.2"]');
  await expect(a12.getByTestId('coverage-status')).toHaveAttribute('data-status', 'needs_document');
  await expect(a12.getByTestId('control-disputed').filter({ hasText: 'system.heartbeat' })).toHaveCount(1);
  await expect(page.locator('[data-testid="control-row"][data-criterion="CC1.1"]')).toHaveAttribute('data-status', 'needs_document');
  await screenshot(page, '08-controls');

  await page.getByTestId('nav-responsibility').click();
  await expect(page.getByTestId('screen-responsibility')).toHaveAttribute('data-ready', 'true');
  for (const c of ['CC6.1', 'CC6.2', 'CC6.3', 'CC7.1', 'CC7.2', 'CC8.1', 'A1.2']) {
    await expect(page.locator(`[data-testid="responsibility-row"][data-criterion="${c}"]`)).toBeVisible();
  }
  const cell = page.locator('[data-testid="responsibility-row"][data-criterion="CC7.2"] [data-testid="responsibility-cell"][data-layer="tenant"]');
  await cell.getByTestId('cell-edit').click();
  await cell.getByTestId('cell-text-input').fill('SecOps on-call staffs the approval queue 24/7.');
  await cell.getByTestId('cell-notes-input').fill('Evidence: PagerDuty schedule Q1.');
  await cell.getByTestId('cell-save').click();
  await expect(cell).toHaveAttribute('data-edited', 'true');
  await screenshot(page, '09-responsibility');

  await app.restart();
  await page.goto(app.url + '#/responsibility');
  await expect(page.getByTestId('screen-responsibility')).toHaveAttribute('data-ready', 'true');
  const again = page.locator('[data-testid="responsibility-row"][data-criterion="CC7.2"] [data-testid="responsibility-cell"][data-layer="tenant"]');
  await expect(again.getByTestId('cell-text')).toHaveText('SecOps on-call staffs the approval queue 24/7.');
  await expect(again.getByTestId('cell-notes')).toContainText('PagerDuty');
  // Each cell links to the evidence behind it: the tenant's cell to the client's users' lines of the criterion.
  await page.locator('[data-testid="responsibility-row"][data-criterion="CC6.2"] [data-testid="responsibility-cell"][data-layer="tenant"]').getByTestId('cell-evidence').click();
  await expect(page.getByTestId('filter-actor')).toHaveValue('user');
  const users = page.getByTestId('entry-list');
  await expect(users).toHaveAttribute('data-ready', 'true');
  expect(Number(await users.getAttribute('data-total'))).toBeGreaterThan(0);
  await expect(page.locator('[data-testid="entry-row"]').first()).toContainText('user');
  await page.getByTestId('filter-actor').selectOption('');
  await expect(users).toHaveAttribute('data-ready', 'true');
});

test('two exports with entries missing between them show a gap on the continuity timeline', async ({ page, app, bundles }) => {
  await page.goto(app.url);
  await importViaUi(page, { zip: bundles.gap.previousZip, keyring: bundles.gap.keyring });
  await page.getByTestId('import-done').getByRole('button', { name: 'Dismiss' }).click();
  await importViaUi(page, { zip: bundles.gap.zip, keyring: bundles.gap.keyring });
  await expect(page.getByTestId('export-row')).toHaveCount(2);
  await expect(page.getByTestId('timeline-export')).toHaveCount(2);
  await expect(page.getByTestId('timeline-gap')).toHaveCount(1);
  await expect(page.getByTestId('report-continuity')).toHaveText('gap');
  await page.getByTestId('continuity-panel').scrollIntoViewIfNeeded();
  await screenshot(page, '10-continuity-gap');
});

test('a running import shows its progress and can be cancelled, leaving the store unchanged', async ({ page, app, bundles }) => {
  await page.goto(app.url);
  await expect(page.getByTestId('screen-exports')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('import-bundle').setInputFiles(bundles.large.zip);
  await page.getByTestId('import-keyring').setInputFiles(bundles.large.keyring);
  await page.getByTestId('import-submit').click();
  const bar = page.getByTestId('import-progress');
  await expect(bar).toHaveAttribute('data-state', 'running', { timeout: 30_000 });
  await expect(bar.locator('progress')).toBeVisible();
  // Real progress from the worker: verification has read part of the bundle.
  await expect(bar).toHaveAttribute('data-phase', 'verifying', { timeout: 30_000 });
  await screenshot(page, '11-import-progress');
  await page.getByTestId('import-progress-cancel').click();
  await expect(bar).toHaveAttribute('data-state', 'cancelled', { timeout: 30_000 });
  await expect(page.getByTestId('import-progress-cancelled')).toContainText('unchanged');
  await expect(page.getByTestId('export-row')).toHaveCount(0);
  await expect(page.getByTestId('state-empty').first()).toBeVisible();
});
