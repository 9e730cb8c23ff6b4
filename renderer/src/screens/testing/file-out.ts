/** Getting a written file to the auditor: a save dialog in the desktop app, a one-time download under serve. */
import type { ExportedFile } from '../../../../shared/api/view-types.js';
import { desktopBridge } from '../../desktop-bridge.js';

/** The desktop app's chosen path (null: cancelled); undefined under serve, where the server offers a download. */
export async function saveDestination(
  defaultName: string,
): Promise<{ kind: 'path'; path: string } | undefined | null> {
  const bridge = desktopBridge();
  if (!bridge) return undefined;
  const p = await bridge.pickSavePath(defaultName);
  return p ? { kind: 'path', path: p } : null;
}

/** Under serve, fetches the file the server wrote (once) with the page's cookie. */
export function deliver(file: ExportedFile): void {
  if (!file.downloadId) return;
  const a = document.createElement('a');
  a.href = `/download/${file.downloadId}`;
  a.download = file.name;
  document.body.appendChild(a);
  a.click();
  a.remove();
}
