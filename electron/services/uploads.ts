/** Files the browser uploads under `crosscheck serve`, kept in the store folder until imported. */
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ApiFailure } from '../../shared/api/result.js';

/** Keeps only an extension we act on, so a crafted name never reaches the file system. */
function safeExtension(name: string): string {
  const ext = path.extname(name).toLowerCase();
  return ext === '.zip' || ext === '.json' || ext === '.xlsx' || ext === '.csv' ? ext : '.bin';
}

export class UploadStore {
  constructor(readonly dir: string) {}

  /** Streams one upload to disk, refusing it past `maxBytes`; returns its id. */
  async save(body: Readable, originalName: string, maxBytes: number): Promise<string> {
    mkdirSync(this.dir, { recursive: true });
    const id = randomBytes(16).toString('hex');
    const file = path.join(this.dir, id + safeExtension(originalName));
    let seen = 0;
    body.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxBytes) body.destroy(new ApiFailure('BAD_ARGUMENTS', `upload larger than ${maxBytes} bytes`));
    });
    try {
      await pipeline(body, createWriteStream(file, { flags: 'wx' }));
    } catch (e) {
      rmSync(file, { force: true });
      throw e;
    }
    return id;
  }

  /** The file of an upload id; ids are 32 hex characters, checked by the contract. */
  resolve(id: string): string {
    if (!/^[a-f0-9]{32}$/.test(id)) throw new ApiFailure('BAD_ARGUMENTS', 'malformed upload id');
    let names: string[] = [];
    try {
      names = readdirSync(this.dir);
    } catch {
      // no upload folder yet: nothing was uploaded
    }
    const name = names.find((n) => n.startsWith(id + '.'));
    if (!name) throw new ApiFailure('NOT_FOUND', 'that upload is gone; choose the file again');
    return path.join(this.dir, name);
  }

  remove(id: string): void {
    try {
      rmSync(this.resolve(id), { force: true });
    } catch {
      // already gone
    }
  }
}
