/**
 * Provenance digest of what the auditor imported. A ZIP is hashed as the file it is. A folder
 * has no single file, so its digest is the SHA-256 of a `sha256sum`-style listing
 * (`<hex>  <name>\n` per regular file at its root, sorted by name): reproducible by hand with
 * `sha256sum * | sha256sum` in that folder.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { sha256Hex } from '../crypto/sha256.js';

export interface ArchiveDigest {
  container: 'zip' | 'directory';
  sha256: string;
  bytes: number;
}

// Runs in a worker so hashing a large archive overlaps verification instead of adding to it.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
(async () => {
  const out = [];
  for (const file of workerData.files) {
    const h = createHash('sha256');
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) h.update(chunk);
    out.push(h.digest('hex'));
  }
  parentPort.postMessage(out);
})().catch((e) => { throw e; });
`;

function hashFiles(files: string[]): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files } });
    worker.once('message', (m: string[]) => resolve(m));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the hashing worker exited with code ${code}`));
    });
  });
}

/** SHA-256 and size of a bundle, computed off the main thread. */
export async function digestArchive(bundlePath: string): Promise<ArchiveDigest> {
  const st = await fs.stat(bundlePath);
  if (!st.isDirectory()) {
    const [sha256] = await hashFiles([bundlePath]);
    return { container: 'zip', sha256: sha256!, bytes: st.size };
  }
  const names: string[] = [];
  let bytes = 0;
  for (const d of await fs.readdir(bundlePath, { withFileTypes: true })) {
    if (!d.isFile()) continue;
    names.push(d.name);
    bytes += (await fs.stat(path.join(bundlePath, d.name))).size;
  }
  // Byte order, like `sha256sum *` under LC_ALL=C.
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const digests = await hashFiles(names.map((n) => path.join(bundlePath, n)));
  const listing = names.map((n, i) => `${digests[i]}  ${n}\n`).join('');
  return { container: 'directory', sha256: sha256Hex(listing), bytes };
}
