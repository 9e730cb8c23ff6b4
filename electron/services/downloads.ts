/**
 * Files the services write for a browser under `crosscheck serve` (package PDFs, JSON, binders,
 * the auditor's public key): kept in the store folder until `GET /download/<id>` has claimed and sent them once.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ApiFailure } from '../../shared/api/result.js';

/** A file name that is safe on every file system and in a Content-Disposition header. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return cleaned.length > 0 ? cleaned.slice(0, 120) : 'download.bin';
}

export class DownloadStore {
  constructor(readonly dir: string) {
    // Downloads nobody fetched before the last shutdown are of no use to anyone now.
    rmSync(dir, { recursive: true, force: true });
  }

  /** A fresh id and the path its file is to be written at. */
  reserve(name: string): { id: string; path: string } {
    const id = randomBytes(16).toString('hex');
    const folder = path.join(this.dir, id);
    mkdirSync(folder, { recursive: true });
    return { id, path: path.join(folder, safeFileName(name)) };
  }

  /** The file of a download id; ids are 32 hex characters. */
  resolve(id: string): { path: string; name: string } {
    if (!/^[a-f0-9]{32}$/.test(id)) throw new ApiFailure('BAD_ARGUMENTS', 'malformed download id');
    let names: string[] = [];
    try {
      names = readdirSync(path.join(this.dir, id));
    } catch {
      // no such folder: never reserved, or already fetched
    }
    const name = names[0];
    if (name === undefined) throw new ApiFailure('NOT_FOUND', 'that download is gone; export the file again');
    return { path: path.join(this.dir, id, name), name };
  }

  /**
   * Claims a download for one response: it is moved out of reach at once, so a second request
   * finds nothing even while the first is still being sent; `done()` deletes it.
   */
  take(id: string): { path: string; name: string; done: () => void } {
    const file = this.resolve(id);
    const claimed = path.join(this.dir, `sending-${id}-${randomBytes(4).toString('hex')}`);
    renameSync(path.join(this.dir, id), claimed);
    return {
      path: path.join(claimed, file.name),
      name: file.name,
      done: () => rmSync(claimed, { recursive: true, force: true }),
    };
  }

  remove(id: string): void {
    if (/^[a-f0-9]{32}$/.test(id)) rmSync(path.join(this.dir, id), { recursive: true, force: true });
  }
}
