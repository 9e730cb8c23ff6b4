/** A chosen file as the services take it: its path in the desktop app, else an upload under serve. */
import type { FileRef } from '../../shared/api/view-types.js';
import { desktopBridge } from './desktop-bridge.js';
import { uploadFile } from './transport.js';

/** The desktop app passes the file's path; a browser uploads it first. */
export async function fileRefOf(file: File): Promise<FileRef> {
  const path = desktopBridge()?.pathForFile(file) ?? null;
  return path ? { kind: 'path', path } : { kind: 'upload', id: await uploadFile(file) };
}
