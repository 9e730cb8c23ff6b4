/** Each test gets its own `crosscheck serve` on a fresh store folder, and helpers to drive it. */
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { Page } from '@playwright/test';
import { expect, test as base } from '@playwright/test';
import type { FixtureSet } from './make-fixtures.js';
import { FIXTURES_JSON, NODE, ROOT, SCREENS_DIR, SERVE_JS } from './paths.js';

export interface ServeApp {
  url: string;
  origin: string;
  port: number;
  token: string;
  storeDir: string;
  /** Restarts the server on the same store (state must survive). */
  restart(): Promise<void>;
}

export async function startServe(storeDir: string, extra: string[] = []): Promise<{ child: ChildProcessWithoutNullStreams; url: string }> {
  const child = spawn(NODE, [SERVE_JS, '--port', '0', '--store', storeDir, '--no-open', ...extra], { cwd: ROOT });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once('line', (l) => resolve(l.trim()));
    child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL: ${stderr}`)));
  });
  return { child, url };
}

export function stop(child: ChildProcessWithoutNullStreams): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export const test = base.extend<{ app: ServeApp; bundles: FixtureSet }>({
  // Playwright reads the fixture's dependencies from this (empty) destructuring pattern.
  // eslint-disable-next-line no-empty-pattern
  bundles: async ({}, use) => {
    await use(JSON.parse(readFileSync(FIXTURES_JSON, 'utf8')) as FixtureSet);
  },
  // eslint-disable-next-line no-empty-pattern
  app: async ({}, use, testInfo) => {
    const storeDir = testInfo.outputPath('store');
    let running = await startServe(storeDir);
    const make = (url: string): Omit<ServeApp, 'restart'> => {
      const u = new URL(url);
      return { url, origin: u.origin, port: Number(u.port), token: u.searchParams.get('token') ?? '', storeDir };
    };
    const app: ServeApp = {
      ...make(running.url),
      async restart() {
        await stop(running.child);
        running = await startServe(storeDir);
        Object.assign(app, make(running.url));
      },
    };
    await use(app);
    await stop(running.child);
  },
});

export { expect };

/** Imports a bundle through the upload form and waits until the job finished. */
export async function importViaUi(page: Page, bundle: { zip: string; keyring: string }): Promise<void> {
  await page.getByTestId('nav-exports').click();
  await expect(page.getByTestId('screen-exports')).toHaveAttribute('data-ready', 'true');
  await page.getByTestId('import-bundle').setInputFiles(bundle.zip);
  await page.getByTestId('import-keyring').setInputFiles(bundle.keyring);
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-progress')).toHaveAttribute('data-state', 'done', { timeout: 45_000 });
}

/** Saves a full-window screenshot for people to look at (test-results/screens). */
export async function screenshot(page: Page, name: string, fullPage = false): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage });
}

/** Clicks a button that starts a download and saves the file into `to`; returns its path. */
export async function download(page: Page, testId: string, to: string): Promise<string> {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = path.join(to, dl.suggestedFilename());
  await dl.saveAs(file);
  return file;
}
