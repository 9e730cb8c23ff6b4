/** Getting a written file to the auditor: a save dialog in the desktop app, a one-time download under serve. */
import type { ExportedFile } from '../../shared/api/view-types.js';
import { desktopBridge } from './desktop-bridge.js';

/** Under serve a written file waits for one download; the browser fetches it with the page's cookie. */
export function fetchDownload(downloadId: string, name: string): void {
  const a = document.createElement('a');
  a.href = `/download/${downloadId}`;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/**
 * Where an export goes: the desktop app asks with a save dialog (null: the user cancelled);
 * under serve there is nothing to ask (undefined: the server offers a download).
 */
export async function chooseDestination(defaultName: string): Promise<{ kind: 'path'; path: string } | undefined | null> {
  const bridge = desktopBridge();
  if (!bridge) return undefined;
  const p = await bridge.pickSavePath(defaultName);
  return p ? { kind: 'path', path: p } : null;
}

/** Under serve, fetches the file the server wrote (once); in the desktop app it is already where the user chose. */
export function deliver(file: ExportedFile | null | undefined): void {
  if (file?.downloadId) fetchDownload(file.downloadId, file.name);
}
