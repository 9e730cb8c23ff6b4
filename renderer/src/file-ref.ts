/** How a picked file reaches the services: its path in the desktop app, an upload under serve. */
import type { FileRef } from '../../shared/api/view-types.js';
import { desktopBridge } from './desktop-bridge.js';
import { uploadFile } from './transport.js';

export async function fileRefFor(file: File): Promise<FileRef> {
  const path = desktopBridge()?.pathForFile(file) ?? null;
  return path ? { kind: 'path', path } : { kind: 'upload', id: await uploadFile(file) };
}
