/** Copies of the public sample bundle in temp folders, to tamper with in tests. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeRawZip } from './raw-zip.js';

export function tempDir(prefix = 'crosscheck-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A fresh copy of a bundle folder. */
export function copyBundle(src: string): string {
  const dir = path.join(tempDir(), 'bundle');
  cpSync(src, dir, { recursive: true });
  return dir;
}

/** The bundle folder's files as a ZIP archive (members in name order). */
export function zipBundle(dir: string, out = path.join(tempDir(), 'bundle.zip')): string {
  const members = readdirSync(dir)
    .sort()
    .map((name) => ({ name, data: readFileSync(path.join(dir, name)) }));
  writeRawZip(out, members);
  return out;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
