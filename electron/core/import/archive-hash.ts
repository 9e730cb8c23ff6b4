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
import type { LineStreamResult } from '../verify/line-reader.js';

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

/**
 * The provenance digest of a bundle, started at once and finished on demand. In a folder,
 * entries.jsonl is nearly all the bytes and the verification pass already hashes every byte of it
 * it reads, so the hashing worker leaves it out and `finish` takes the pass's digest instead of
 * reading a gigabyte twice. `whole` hashes it here too, for the answer needed before any pass.
 */
export interface ArchiveDigester {
  whole(): Promise<ArchiveDigest>;
  /** `entries`: SHA-256 and size of the entries.jsonl the pass read to its end, or null. */
  finish(entries: LineStreamResult | null): Promise<ArchiveDigest>;
}

const ENTRIES = 'entries.jsonl';

/** Starts hashing a bundle off the main thread. */
export function startArchiveDigest(bundlePath: string): ArchiveDigester {
  const listed = listBundle(bundlePath);
  // Every file but entries.jsonl, in listing order (a ZIP: the archive itself).
  const rest = listed.then((l) =>
    hashFiles(l.container === 'zip' ? [bundlePath] : l.names.filter((n) => n !== ENTRIES).map((n) => path.join(bundlePath, n))),
  );
  // Settled here so a rejection before it is awaited is not unhandled.
  rest.catch(() => undefined);
  const complete = async (entries: LineStreamResult | null): Promise<ArchiveDigest> => {
    const l = await listed;
    const digests = await rest;
    if (l.container === 'zip') return { container: 'zip', sha256: digests[0]!, bytes: l.bytes };
    const listedSize = l.sizes.get(ENTRIES);
    let entriesHex: string | undefined;
    if (listedSize !== undefined) {
      // The pass's digest stands only if it covered the whole file as listed; otherwise hash it here.
      entriesHex = entries?.bytes === listedSize ? entries.sha256 : (await hashFiles([path.join(bundlePath, ENTRIES)]))[0]!;
    }
    let k = 0;
    const listing = l.names.map((n) => `${n === ENTRIES ? entriesHex : digests[k++]}  ${n}\n`).join('');
    return { container: 'directory', sha256: sha256Hex(listing), bytes: l.bytes };
  };
  return { whole: () => complete(null), finish: complete };
}

interface Listing {
  container: 'zip' | 'directory';
  /** Regular files at the folder's root, in byte order (like `sha256sum *` under LC_ALL=C). */
  names: string[];
  sizes: Map<string, number>;
  bytes: number;
}

async function listBundle(bundlePath: string): Promise<Listing> {
  const st = await fs.stat(bundlePath);
  if (!st.isDirectory()) return { container: 'zip', names: [], sizes: new Map(), bytes: st.size };
  const names: string[] = [];
  const sizes = new Map<string, number>();
  let bytes = 0;
  for (const d of await fs.readdir(bundlePath, { withFileTypes: true })) {
    if (!d.isFile()) continue;
    names.push(d.name);
    const size = (await fs.stat(path.join(bundlePath, d.name))).size;
    sizes.set(d.name, size);
    bytes += size;
  }
  names.sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  return { container: 'directory', names, sizes, bytes };
}
