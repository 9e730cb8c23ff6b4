/**
 * A recording stand-in for the `electron` module as main uses it, for tests where the Electron
 * binary cannot run: it keeps every window's options, every handler main installs (sessions,
 * web contents, protocol, IPC) so a test can call them as Electron would.
 */
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: Listener | null = null;
  loaded: string[] = [];
  sent: [string, unknown[]][] = [];
  reloads = 0;
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  getURL(): string {
    return this.loaded.at(-1) ?? '';
  }
  send(channel: string, ...args: unknown[]): void {
    this.sent.push([channel, args]);
  }
  reload(): void {
    this.reloads++;
  }
  isDestroyed(): boolean {
    return false;
  }
}

export class FakeSession extends EventEmitter {
  permissionRequestHandler: Listener | null = null;
  permissionCheckHandler: Listener | null = null;
  devicePermissionHandler: Listener | null = null;
  beforeRequest: Listener | null = null;
  webRequest = {
    onBeforeRequest: (handler: Listener): void => {
      this.beforeRequest = handler;
    },
  };
  setPermissionRequestHandler(h: Listener): void {
    this.permissionRequestHandler = h;
  }
  setPermissionCheckHandler(h: Listener): void {
    this.permissionCheckHandler = h;
  }
  setDevicePermissionHandler(h: Listener): void {
    this.devicePermissionHandler = h;
  }
}

export interface StubState {
  userData: string;
  windows: FakeBrowserWindow[];
  schemes: unknown[];
  protocolHandlers: Map<string, (request: Request) => Promise<Response>>;
  ipcHandlers: Map<string, Listener>;
  appListeners: Map<string, Listener[]>;
  switches: string[];
  sandboxEnabled: boolean;
  dialogs: { kind: string; args: unknown[] }[];
  /** What the next open/save dialog answers. */
  nextDialog: { canceled: boolean; filePaths?: string[]; filePath?: string };
  errorBoxes: [string, string][];
}

export const state: StubState = {
  userData: '',
  windows: [],
  schemes: [],
  protocolHandlers: new Map(),
  ipcHandlers: new Map(),
  appListeners: new Map(),
  switches: [],
  sandboxEnabled: false,
  dialogs: [],
  nextDialog: { canceled: true },
  errorBoxes: [],
};

export class FakeBrowserWindow extends EventEmitter {
  static getAllWindows(): FakeBrowserWindow[] {
    return state.windows;
  }
  webContents = new FakeWebContents();
  shown = false;
  constructor(public options: Record<string, unknown>) {
    super();
    state.windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.shown = true;
  }
  isDestroyed(): boolean {
    return false;
  }
}

const defaultSession = new FakeSession();

/** Emits an `app` event as Electron would (web-contents-created, session-created, …). */
export function emitApp(event: string, ...args: unknown[]): unknown[] {
  return (state.appListeners.get(event) ?? []).map((l) => l(...args));
}

/** The module main imports as `electron`. */
export const electronStub = {
  app: {
    enableSandbox: () => {
      state.sandboxEnabled = true;
    },
    commandLine: { appendSwitch: (s: string) => state.switches.push(s) },
    on: (event: string, listener: Listener) => {
      state.appListeners.set(event, [...(state.appListeners.get(event) ?? []), listener]);
    },
    whenReady: () => Promise.resolve(),
    getPath: (name: string) => `${state.userData}/${name === 'userData' ? '' : name}`.replace(/\/$/, ''),
    getVersion: () => '0.0.0-test',
    quit: () => undefined,
  },
  BrowserWindow: FakeBrowserWindow,
  session: { defaultSession },
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => state.schemes.push(...schemes),
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) =>
      state.protocolHandlers.set(scheme, handler),
  },
  ipcMain: { handle: (channel: string, handler: Listener) => state.ipcHandlers.set(channel, handler) },
  dialog: {
    showOpenDialog: (...args: unknown[]) => {
      state.dialogs.push({ kind: 'open', args });
      return Promise.resolve(state.nextDialog);
    },
    showSaveDialog: (...args: unknown[]) => {
      state.dialogs.push({ kind: 'save', args });
      return Promise.resolve(state.nextDialog);
    },
    showMessageBox: () => Promise.resolve({ response: 0 }),
    showErrorBox: (title: string, content: string) => state.errorBoxes.push([title, content]),
  },
  Menu: { buildFromTemplate: (t: unknown) => t, setApplicationMenu: () => undefined },
};
