/**
 * Electron main: one window factory with the whole security checklist, the menu, native dialogs,
 * and the contract's handler table behind one validated IPC channel.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import type { IpcMainInvokeEvent, MenuItemConstructorOptions } from 'electron';
import { CHANNELS } from '../../shared/api/bridge.js';
import type { MenuCommand } from '../../shared/api/bridge.js';
import { defaultStoreDir } from '../core/store/store-dir.js';
import { dispatch } from '../services/dispatch.js';
import type { Services } from '../services/services.js';
import { createServices } from '../services/services.js';
import { findRendererDir } from '../shell/renderer-dir.js';
import { handleAppProtocol, registerAppScheme } from './app-protocol.js';
import type { WindowFailure } from './window-failure.js';
import { createFailureLog, FAILURE_PATH, failurePageHtml, watchWindowFailures } from './window-failure.js';
import { APP_ORIGIN, isAppUrl, lockSession, lockWebContents, secureWebPreferences } from './window-security.js';

const here = path.dirname(fileURLToPath(import.meta.url));

interface Args {
  store: string;
  importBundle: string | null;
  keyring: string | null;
}

function parseArgs(argv: string[]): Args {
  const out: Args = { store: defaultStoreDir(), importBundle: null, keyring: null };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--store' && argv[i + 1]) out.store = argv[++i]!;
    else if (argv[i] === '--import' && argv[i + 1]) out.importBundle = argv[++i]!;
    else if (argv[i] === '--keyring' && argv[i + 1]) out.keyring = argv[++i]!;
  }
  return out;
}

const args = parseArgs(process.argv.slice(1));
let services: Services | null = null;
let mainWindow: BrowserWindow | null = null;
let failurePage: string | null = null;

app.enableSandbox();
registerAppScheme();
// Offline by design: no component updates, no spell-check dictionaries, no background fetches.
app.commandLine.appendSwitch('disable-background-networking');
app.commandLine.appendSwitch('disable-component-update');

/** IPC is answered only for our own top-level page (VS Code validatedIpcMain). */
function trustedSender(e: IpcMainInvokeEvent): boolean {
  const frame = e.senderFrame;
  return frame !== null && frame.parent === null && isAppUrl(frame.url) && e.sender === mainWindow?.webContents;
}

function versions(): Record<string, string> {
  return { electron: process.versions.electron ?? '', chrome: process.versions.chrome ?? '', v8: process.versions.v8 };
}

async function openServices(storeDir: string): Promise<void> {
  await services?.close();
  services = await createServices({ storeDir, workerScript: path.join(here, 'app-import-worker.js'), versions: versions() });
}

/** The one window factory. */
export function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 1024,
    minHeight: 640,
    title: 'Crosscheck',
    show: false,
    webPreferences: secureWebPreferences(path.join(here, 'preload.cjs')),
  });
  lockWebContents(win.webContents);
  watchWindowFailures(win.webContents, (failure) => showFailure(win, failure));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/** The log of window failures, in the app's data folder. */
function failureLogFile(): string {
  return path.join(app.getPath('userData'), 'crosscheck.log');
}

/** Logs the failure and puts a page that says so where the app should be, instead of a blank window. */
function showFailure(win: BrowserWindow, failure: WindowFailure): void {
  const logFile = failureLogFile();
  createFailureLog(logFile)(failure);
  if (win.isDestroyed()) return;
  if (failurePage !== null) {
    // The failure page is up (or on its way): it runs the same preload, so a broken preload fails
    // again there and is only logged; anything else means even that page is gone, and a native
    // box is all that is left. Never a reload loop.
    if (failure.kind !== 'preload-error') dialog.showErrorBox('Crosscheck', `${failure.message}\n\nLog: ${logFile}`);
    return;
  }
  failurePage = failurePageHtml(failure, logFile);
  void win.loadURL(`${APP_ORIGIN}${FAILURE_PATH}`).catch(() => undefined);
  win.show();
}

function send(command: MenuCommand): void {
  mainWindow?.webContents.send(CHANNELS.menu, command);
}

function buildMenu(): void {
  const template: MenuItemConstructorOptions[] = [
    {
      label: 'File',
      submenu: [
        { label: 'Import export…', accelerator: 'CmdOrCtrl+O', click: () => send('import') },
        {
          label: 'Open store…',
          click: () => {
            void (async () => {
              if (!mainWindow) return;
              const r = await dialog.showOpenDialog(mainWindow, { title: 'Open a Crosscheck store folder', properties: ['openDirectory', 'createDirectory'] });
              const dir = r.filePaths[0];
              if (r.canceled || !dir) return;
              await openServices(dir);
              mainWindow.webContents.reload();
            })();
          },
        },
        { label: 'Export package…', accelerator: 'CmdOrCtrl+E', click: () => send('export-package') },
        { type: 'separator' },
        { role: 'quit' },
      ],
    },
    { label: 'Edit', submenu: [{ role: 'copy' }, { role: 'selectAll' }] },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }] },
    {
      label: 'Help',
      submenu: [
        {
          label: 'About Crosscheck',
          click: () => {
            const v = versions();
            void dialog.showMessageBox({
              type: 'info',
              title: 'About Crosscheck',
              message: `Crosscheck ${app.getVersion()}`,
              detail: `Electron ${v.electron}\nChromium ${v.chrome}\nNode ${process.versions.node}\nV8 ${v.v8}\nStore: ${services?.store.dir ?? ''}`,
            });
          },
        },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

app.on('web-contents-created', (_e, contents) => lockWebContents(contents));
app.on('session-created', (s) => lockSession(s));

void app.whenReady().then(async () => {
  lockSession(session.defaultSession);
  const rendererDir = findRendererDir();
  if (!rendererDir) {
    dialog.showErrorBox('Crosscheck', 'The renderer is not built: run `npm run build`.');
    app.quit();
    return;
  }
  handleAppProtocol(rendererDir, () => failurePage);
  await openServices(args.store);

  ipcMain.handle(CHANNELS.api, async (e, method: unknown, payload: unknown) => {
    if (!trustedSender(e)) return { ok: false, error: { code: 'FORBIDDEN', message: 'IPC from an untrusted frame' } };
    if (typeof method !== 'string' || !services) return { ok: false, error: { code: 'UNKNOWN_METHOD', message: 'no such method' } };
    return dispatch(services.handlers, method, payload, { transport: 'ipc' });
  });
  ipcMain.handle(CHANNELS.pickFile, async (e, kind: unknown) => {
    if (!trustedSender(e) || !mainWindow) return null;
    const keyring = kind === 'keyring';
    const r = await dialog.showOpenDialog(mainWindow, {
      title: keyring ? 'Choose the keyring (trusted keys)' : 'Choose an export bundle',
      properties: keyring ? ['openFile'] : ['openFile', 'openDirectory'],
      filters: keyring ? [{ name: 'Keyring', extensions: ['json'] }] : [{ name: 'Export bundle', extensions: ['zip'] }],
    });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  });

  ipcMain.handle(CHANNELS.saveFile, async (e, defaultName: unknown) => {
    if (!trustedSender(e) || !mainWindow) return null;
    // Only a base name is taken from the page: the folder is the user's choice in the dialog.
    const name = path.basename(typeof defaultName === 'string' ? defaultName : 'crosscheck-export');
    const r = await dialog.showSaveDialog(mainWindow, { title: 'Save as', defaultPath: path.join(app.getPath('documents'), name) });
    return r.canceled ? null : (r.filePath ?? null);
  });

  buildMenu();
  mainWindow = createWindow();
  mainWindow.on('closed', () => (mainWindow = null));

  if (args.importBundle && services) {
    // `npm start` hands over the bundled sample: trust its keyring, then import it like a user would.
    const bundle = args.importBundle;
    const keyringFile = args.keyring;
    const s = services;
    const listed = await dispatch(s.handlers, 'exports.list', {}, { transport: 'ipc' });
    if (listed.ok && Array.isArray(listed.value) && listed.value.length === 0) {
      await dispatch(s.handlers, 'imports.start', keyringFile ? { bundle: { kind: 'path', path: bundle }, keyring: { kind: 'path', path: keyringFile } } : { bundle: { kind: 'path', path: bundle } }, { transport: 'ipc' });
    }
  }
});

app.on('window-all-closed', () => {
  void services?.close().finally(() => app.quit());
});
