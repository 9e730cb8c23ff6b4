/**
 * Electron: window settings, blocked navigation and blocked network. Runs only where the Electron
 * binary exists (it cannot be downloaded in every sandbox); elsewhere it is skipped LOUDLY.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { METHOD_NAMES } from '../../shared/api/bridge.js';
import { ROOT } from './support/paths.js';

function electronBinary(): string | null {
  const pathFile = path.join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const exe = path.join(ROOT, 'node_modules', 'electron', 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(exe) ? exe : null;
}

const binary = (() => {
  try {
    return electronBinary();
  } catch {
    return null;
  }
})();

if (!binary) {
  const line = '!'.repeat(100);
  process.stderr.write(
    `\n${line}\n!!! SKIPPING ELECTRON TESTS: the Electron binary is not installed (node_modules/electron/dist is missing).\n` +
      `!!! Window settings, blocked navigation and blocked network are NOT verified in this run.\n` +
      `!!! Run \`node node_modules/electron/install.js\` where downloads are allowed, then \`npm run test:e2e\`.\n${line}\n\n`,
  );
}

test.describe('electron', () => {
  test.skip(!binary, 'ELECTRON BINARY MISSING — see the loud message above');

  // Playwright reads fixture dependencies from the (empty) destructuring pattern.
  // eslint-disable-next-line no-empty-pattern
  test('window has the security settings, denies navigation, new windows and network', async ({}, testInfo) => {
    const app = await electron.launch({
      executablePath: binary!,
      args: [path.join(ROOT, 'dist', 'electron', 'main.js'), '--store', testInfo.outputPath('store')],
      env: { ...process.env, CROSSCHECK_NO_DEVTOOLS: '1' },
    });
    const win = await app.firstWindow();
    await expect(win.getByTestId('screen-exports')).toHaveAttribute('data-ready', 'true');
    expect(win.url()).toMatch(/^app:\/\/crosscheck\//);

    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const w = BrowserWindow.getAllWindows()[0]!;
      // Undocumented but present: the preferences the window was really created with.
      return (w.webContents as unknown as { getLastWebPreferences(): Record<string, unknown> }).getLastWebPreferences();
    });
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });

    // No Node in the page, only the named bridge.
    expect(await win.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    expect(await win.evaluate(() => typeof (globalThis as unknown as { crosscheck?: { api?: unknown } }).crosscheck?.api)).toBe('object');
    // The sandboxed preload loaded: one function per contract method (test/unit/preload-sandbox.test.ts checks the same in a VM).
    const apiNames = await win.evaluate(() => Object.keys((globalThis as unknown as { crosscheck: { api: object } }).crosscheck.api));
    expect(apiNames.sort()).toEqual([...METHOD_NAMES].sort());

    // The real app:// handler: traversal and other hosts get nothing.
    for (const url of ['app://crosscheck/..%2F..%2Fpackage.json', 'app://crosscheck/%2e%2e/electron/main.js', 'app://evil/index.html']) {
      const status = await win.evaluate(async (u) => {
        try {
          return (await fetch(u)).status;
        } catch {
          return 'blocked';
        }
      }, url);
      expect([404, 'blocked'], url).toContain(status);
    }
    // Permission requests are denied.
    const permission = await win.evaluate(() => (globalThis as unknown as { Notification: { requestPermission(): Promise<string> } }).Notification.requestPermission());
    expect(permission).toBe('denied');

    // Navigation away is denied.
    await win.evaluate(() => {
      (globalThis as unknown as { location: { href: string } }).location.href = 'https://example.com/';
    });
    await expect.poll(() => win.url()).toMatch(/^app:\/\/crosscheck\//);
    // New windows are denied.
    await win.evaluate(() => (globalThis as unknown as { open(u: string): unknown }).open('https://example.com/'));
    expect(app.windows()).toHaveLength(1);
    // Network is blocked.
    const fetched = await win.evaluate(async () => {
      try {
        await fetch('https://example.com/');
        return 'reached';
      } catch {
        return 'blocked';
      }
    });
    expect(fetched).toBe('blocked');
    await app.close();
  });
});
