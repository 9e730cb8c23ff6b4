/**
 * Electron's security checklist (docs/tutorial/security.md), applied in one place so every
 * window and session gets the same settings. Items: 1 secure content only (app://), 2 no Node
 * integration, 3 context isolation, 4 sandbox, 5 permission requests denied, 6 webSecurity kept,
 * 7 CSP, 8 no insecure content, 9 no experimental features, 10 no enableBlinkFeatures,
 * 11 no <webview>, 12 navigation denied, 13 new windows denied, 14 no openExternal of untrusted
 * content, 15 current Electron, 16 IPC sender validated (ipc.ts), 17 app:// instead of file://,
 * 18 fuses (electron-builder.yml), 19 no Electron APIs exposed to web content (preload), 20 every
 * network request blocked (offline by design).
 */
import type { BrowserWindowConstructorOptions, Session, WebContents } from 'electron';

export { CSP } from '../shell/csp.js';

export const APP_SCHEME = 'app';
export const APP_HOST = 'crosscheck';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

/** The webPreferences of every window. */
export function secureWebPreferences(preload: string): NonNullable<BrowserWindowConstructorOptions['webPreferences']> {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    safeDialogs: true,
    devTools: !process.env.CROSSCHECK_NO_DEVTOOLS,
  };
}

/** True for URLs of our own app:// origin. */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    // `host` carries any port; user-info is refused too, so app://x@crosscheck is not ours.
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}

/** Requests a session may make: only our own scheme (and DevTools' own pages). */
export function isAllowedRequest(url: string): boolean {
  return isAppUrl(url) || url.startsWith('devtools://');
}

/** Locks a session down: no permissions, no network. */
export function lockSession(session: Session): void {
  session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequest(details.url) });
  });
  session.on('will-download', (e) => e.preventDefault());
}

/** Denies navigation away from the app, new windows and <webview>. */
export function lockWebContents(contents: WebContents): void {
  contents.on('will-navigate', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  contents.on('will-redirect', (e, url) => {
    if (!isAppUrl(url)) e.preventDefault();
  });
  contents.on('will-frame-navigate', (e) => {
    if (!isAppUrl(e.url)) e.preventDefault();
  });
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (e) => e.preventDefault());
}
