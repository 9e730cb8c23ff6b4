/** Where a written file goes: a save dialog in the desktop app, a one-time download under serve. */
import { desktopBridge } from '../../desktop-bridge.js';

/** Fetches a file the server holds for one download, with the page's cookie. */
export function fetchDownload(downloadId: string, name: string): void {
  const a = document.createElement('a');
  a.href = `/download/${downloadId}`;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}

/** The desktop app's chosen path (null: cancelled); undefined under serve (the server offers a download). */
export async function chooseSavePath(
  defaultName: string,
): Promise<{ kind: 'path'; path: string } | undefined | null> {
  const bridge = desktopBridge();
  if (!bridge) return undefined;
  const p = await bridge.pickSavePath(defaultName);
  return p ? { kind: 'path', path: p } : null;
}
