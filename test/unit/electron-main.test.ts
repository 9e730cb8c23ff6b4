/**
 * The built Electron main (dist/electron/main.js) run under a recording `electron` stub, since
 * the binary cannot run here: the window's security options, navigation and new windows denied,
 * permissions denied, every network request blocked, the app:// handler against hostile URLs,
 * the IPC sender check, and a failure page plus a log line instead of a blank window. The real
 * services answer behind IPC (a real store in a temp folder). test/e2e/electron.spec.ts checks
 * the same through the real window where the binary exists.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNELS } from '../../shared/api/bridge.js';
import { builtFile } from '../support/built.js';
import type { FakeBrowserWindow } from '../support/electron-main-stub.js';
import { emitApp, FakeSession, FakeWebContents, state } from '../support/electron-main-stub.js';
import { REPO_ROOT } from '../support/paths.js';

vi.mock('electron', async () => (await import('../support/electron-main-stub.js')).electronStub);

const APP = 'app://crosscheck';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-main-'));
let win: FakeBrowserWindow;
const argv = process.argv;

function prevented(emit: (e: { preventDefault(): void }) => void): boolean {
  let p = false;
  emit({ preventDefault: () => (p = true) });
  return p;
}

function trustedEvent(over: Record<string, unknown> = {}): Record<string, unknown> {
  return { sender: win.webContents, senderFrame: { parent: null, url: `${APP}/index.html` }, ...over };
}

/** Calls the app:// handler; a plain request object, since undici refuses URLs with user-info that Chromium may hand over. */
async function serve(url: string, method = 'GET'): Promise<Response> {
  return await state.protocolHandlers.get('app')!({ url, method } as Request);
}

beforeAll(async () => {
  const mainFile = builtFile('electron/main.js');
  state.userData = path.join(tmp, 'user-data');
  // main reads its arguments at load, as Electron hands them over.
  process.argv = [argv[0]!, mainFile, '--store', path.join(tmp, 'store')];
  await import(/* @vite-ignore */ mainFile);
  process.argv = argv;
  await vi.waitFor(() => expect(state.windows).toHaveLength(1), { timeout: 30_000 });
  win = state.windows[0]!;
});

afterAll(async () => {
  await Promise.all(emitApp('window-all-closed'));
  await new Promise((r) => setTimeout(r, 200));
  rmSync(tmp, { recursive: true, force: true });
});

describe('window', () => {
  it('is created sandboxed, isolated, without Node and with web security, and loads app://', () => {
    expect(state.sandboxEnabled).toBe(true);
    const prefs = win.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      allowRunningInsecureContent: false,
    });
    expect(prefs.preload).toBe(builtFile('electron/preload.cjs'));
    expect(win.webContents.loaded).toEqual([`${APP}/index.html`]);
    expect(state.schemes).toEqual([
      expect.objectContaining({
        scheme: 'app',
        privileges: expect.objectContaining({ standard: true, secure: true }),
      }),
    ]);
    expect(state.switches).toContain('disable-background-networking');
  });

  const away = [
    'https://example.com/',
    'http://127.0.0.1:8080/',
    'file:///etc/passwd',
    'app://evil/index.html',
    'app://user@crosscheck/index.html',
    'app://crosscheck:8080/index.html',
    'javascript:alert(1)',
    'devtools://devtools/bundled/x.html',
  ];
  it('denies navigation, redirects and frame navigation away from the app', () => {
    for (const contents of [win.webContents, new FakeWebContents()]) {
      if (contents !== win.webContents) emitApp('web-contents-created', {}, contents);
      for (const url of away) {
        expect(
          prevented((e) => contents.emit('will-navigate', e, url)),
          url,
        ).toBe(true);
        expect(
          prevented((e) => contents.emit('will-redirect', e, url)),
          url,
        ).toBe(true);
        expect(
          prevented((e) => contents.emit('will-frame-navigate', { ...e, url })),
          url,
        ).toBe(true);
      }
      expect(prevented((e) => contents.emit('will-navigate', e, `${APP}/findings`))).toBe(false);
      expect(prevented((e) => contents.emit('will-attach-webview', e))).toBe(true);
    }
  });

  it('denies every new window', () => {
    for (const url of [...away, `${APP}/index.html`])
      expect(win.webContents.windowOpenHandler!({ url })).toEqual({ action: 'deny' });
  });
});

describe('sessions', () => {
  const sessions = async (): Promise<FakeSession[]> => {
    const { electronStub } = await import('../support/electron-main-stub.js');
    const created = new FakeSession();
    emitApp('session-created', created);
    return [electronStub.session.defaultSession, created];
  };

  it('deny every permission request and check', async () => {
    for (const s of await sessions()) {
      for (const permission of [
        'media',
        'geolocation',
        'notifications',
        'clipboard-read',
        'openExternal',
        'fileSystem',
      ]) {
        const answers: boolean[] = [];
        s.permissionRequestHandler!({}, permission, (ok: boolean) => answers.push(ok), {});
        expect(answers, permission).toEqual([false]);
        expect(s.permissionCheckHandler!({}, permission, `${APP}`, {})).toBe(false);
      }
      expect(s.devicePermissionHandler!({ deviceType: 'usb' })).toBe(false);
      expect(prevented((e) => s.emit('will-download', e, {}, {}))).toBe(true);
    }
  });

  it('block every network request and let app:// through', async () => {
    const blocked = [
      'https://example.com/',
      'http://127.0.0.1:9/',
      'http://localhost/',
      'ws://example.com/',
      'wss://example.com/',
      'ftp://example.com/',
      'file:///etc/passwd',
      'app://evil/x.js',
      'app://crosscheck:8080/x.js',
      'app://a:b@crosscheck/x.js',
      'blob:https://example.com/1',
    ];
    for (const s of await sessions()) {
      const decide = (url: string): boolean => {
        let cancel: boolean | undefined;
        s.beforeRequest!({ url }, (r: { cancel: boolean }) => (cancel = r.cancel));
        return cancel!;
      };
      for (const url of blocked) expect(decide(url), url).toBe(true);
      expect(decide(`${APP}/assets/index.js`)).toBe(false);
    }
  });
});

describe('app:// protocol', () => {
  const rendererIndex = (): string => readFileSync(path.join(REPO_ROOT, 'dist/renderer/index.html'), 'utf8');

  it('serves the renderer with the CSP, and index.html for client routes', async () => {
    const r = await serve(`${APP}/index.html`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await r.text()).toBe(rendererIndex());
    expect(await (await serve(`${APP}/findings`)).text()).toBe(rendererIndex());
  });

  const abs = path.join(REPO_ROOT, 'package.json');
  const hostile = [
    // traversal to files outside dist/renderer (dist/electron/main.js, the repository's package.json)
    `${APP}/../electron/main.js`,
    `${APP}/..%2Felectron%2Fmain.js`,
    `${APP}/%2e%2e/electron/main.js`,
    `${APP}/%2E%2E%2F%2E%2E%2Fpackage.json`,
    `${APP}/assets/..%2F..%2F..%2Fpackage.json`,
    `${APP}/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fpackage.json`,
    `${APP}/%252e%252e%252f%252e%252e%252fpackage.json`,
    `${APP}/..%5C..%5Cpackage.json`,
    `${APP}/.%2e/.%2e/package.json`,
    `${APP}/${abs}`,
    `${APP}/%2F${encodeURIComponent(abs.slice(1))}`,
    `${APP}/index.html%00.js`,
    `${APP}/%E0%A4%A.js`,
    // other hosts, user-info and ports
    'app://evil/index.html',
    'app://crosscheck.evil/index.html',
    'app://evil.crosscheck/index.html',
    'app://user:pass@crosscheck/index.html',
    'app://evil@crosscheck/index.html',
    'app://crosscheck@evil/index.html',
    'app://crosscheck:443/index.html',
    'app://crosscheck:0/index.html',
    // the failure page exists only after a failure
    `${APP}/.crosscheck/failure.html`,
  ];
  it.each(hostile)('answers 404 to %s', async (url) => {
    const r = await serve(url);
    expect(r.status).toBe(404);
    expect(await r.text()).toBe('not found');
  });

  it('answers 404 to anything but GET', async () => {
    expect((await serve(`${APP}/index.html`, 'POST')).status).toBe(404);
  });
});

describe('IPC', () => {
  const untrusted = [
    ['no frame', { senderFrame: null }],
    ['a sub-frame', { senderFrame: { parent: {}, url: `${APP}/index.html` } }],
    ['another origin', { senderFrame: { parent: null, url: 'https://example.com/' } }],
    ['another app host', { senderFrame: { parent: null, url: 'app://evil/index.html' } }],
    ['user-info', { senderFrame: { parent: null, url: 'app://x@crosscheck/index.html' } }],
    ['another window', { sender: new FakeWebContents() }],
  ] as const;

  it('registers the named channels only', () => {
    expect([...state.ipcHandlers.keys()].sort()).toEqual(
      [CHANNELS.api, CHANNELS.pickFile, CHANNELS.saveFile].sort(),
    );
  });

  it('answers our own top-level page from the real services', async () => {
    const r = (await state.ipcHandlers.get(CHANNELS.api)!(trustedEvent(), 'exports.list', {})) as {
      ok: boolean;
      value: unknown;
    };
    expect(r).toEqual({ ok: true, value: [] });
    const bad = (await state.ipcHandlers.get(CHANNELS.api)!(trustedEvent(), 'store.drop', {})) as {
      ok: boolean;
      error: { code: string };
    };
    expect(bad.error.code).toBe('UNKNOWN_METHOD');
  });

  it.each(untrusted)('refuses %s, and opens no dialog for it', async (_name, over) => {
    state.dialogs.length = 0;
    const r = (await state.ipcHandlers.get(CHANNELS.api)!(trustedEvent(over), 'exports.list', {})) as {
      ok: boolean;
      error: { code: string };
    };
    expect(r.ok).toBe(false);
    expect(r.error.code).toBe('FORBIDDEN');
    expect(await state.ipcHandlers.get(CHANNELS.pickFile)!(trustedEvent(over), 'bundle')).toBeNull();
    expect(await state.ipcHandlers.get(CHANNELS.saveFile)!(trustedEvent(over), 'a.pdf')).toBeNull();
    expect(state.dialogs).toEqual([]);
  });

  it('takes only a base name from the page for the save dialog', async () => {
    state.dialogs.length = 0;
    state.nextDialog = { canceled: false, filePath: '/chosen/report.pdf' };
    expect(await state.ipcHandlers.get(CHANNELS.saveFile)!(trustedEvent(), '../../../etc/passwd')).toBe(
      '/chosen/report.pdf',
    );
    const options = state.dialogs[0]!.args[1] as { defaultPath: string };
    expect(options.defaultPath).toBe(path.join(state.userData, 'documents', 'passwd'));
    state.nextDialog = { canceled: true };
  });
});

describe('a window that fails', () => {
  const logFile = (): string => path.join(state.userData, 'crosscheck.log');
  const logLines = (): { kind: string; message: string }[] =>
    existsSync(logFile())
      ? readFileSync(logFile(), 'utf8')
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l) as { kind: string; message: string })
      : [];

  it('ignores aborted loads and sub-frames', () => {
    win.webContents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', `${APP}/index.html`, true);
    win.webContents.emit('did-fail-load', {}, -105, 'ERR_NAME_NOT_RESOLVED', 'https://example.com/', false);
    win.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    expect(logLines()).toEqual([]);
  });

  it('logs a preload error and shows a page that says so, not a blank window', async () => {
    win.webContents.emit('preload-error', {}, '/app/preload.cjs', new Error('module not found: <zod>'));
    expect(logLines()).toEqual([
      expect.objectContaining({
        kind: 'preload-error',
        message: 'The preload script failed: module not found: <zod>',
      }),
    ]);
    expect(win.webContents.loaded.at(-1)).toBe(`${APP}/.crosscheck/failure.html`);
    expect(win.shown).toBe(true);
    const page = await serve(`${APP}/.crosscheck/failure.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).toContain('data-testid="window-failure"');
    expect(html).toContain('module not found: &#60;zod&#62;');
    expect(html).not.toContain('<zod>');
    expect(html).toContain(logFile());
  });

  it('logs a gone renderer and a failed load, with a native box once the failure page is up (no reload loop)', () => {
    const loads = win.webContents.loaded.length;
    win.webContents.emit('preload-error', {}, '/app/preload.cjs', new Error('again'));
    win.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    win.webContents.emit(
      'did-fail-load',
      {},
      -6,
      'ERR_FILE_NOT_FOUND',
      `${APP}/.crosscheck/failure.html`,
      true,
    );
    expect(logLines().map((l) => l.kind)).toEqual([
      'preload-error',
      'preload-error',
      'render-process-gone',
      'did-fail-load',
    ]);
    expect(win.webContents.loaded).toHaveLength(loads);
    expect(state.errorBoxes).toHaveLength(2);
    expect(state.errorBoxes[0]![1]).toContain('crashed, exit code 139');
    expect(state.errorBoxes[1]![1]).toContain(logFile());
  });
});
