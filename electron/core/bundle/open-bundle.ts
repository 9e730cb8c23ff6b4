/**
 * Reads a bundle as a folder or a ZIP archive (spec §2) behind one interface. ZIP safety rules are
 * applied to the whole central directory before a single byte of any member is read.
 */
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';

/** Everything about a bundle that makes it unreadable; reported as `bundle_malformed`. */
export class BundleMalformedError extends Error {}

const FOUR_GIB = 4 * 1024 * 1024 * 1024;
/** Small files (manifest, checkpoint, frontier, state) are read whole, within this bound. */
export const SMALL_FILE_LIMIT = 256 * 1024 * 1024;

export interface BundleMember {
  name: string;
  size: number;
}

export interface BundleSource {
  kind: 'folder' | 'zip';
  path: string;
  /** Root-level members (files; for a folder, sub-folders too, as names with a trailing slash). */
  members: BundleMember[];
  has(name: string): boolean;
  size(name: string): number;
  /** The whole file, refused (BundleMalformedError) past `limit` bytes (default SMALL_FILE_LIMIT). */
  readSmall(name: string, limit?: number): Promise<Buffer>;
  stream(name: string): Promise<Readable>;
  close(): void;
}

/** Why a ZIP member name is refused, or null when it is acceptable. */
export function unsafeZipName(name: string): string | null {
  if (name.length === 0) return 'an empty name';
  if (name.includes('\\')) return 'a backslash';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'an absolute path';
  if (name.includes('..')) return '".."';
  if (name.includes('\0')) return 'a NUL character';
  return null;
}

/** Opens a ZIP lazily, entry sizes checked as they inflate. */
export function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(
      file,
      { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false },
      (err, zip) => (err || !zip ? reject(err ?? new Error('no archive')) : resolve(zip)),
    );
  });
}

/** A member's name as its flags say it is encoded. */
export function decodeName(entry: yauzl.Entry): string {
  const raw = entry.fileNameRaw ?? (entry.fileName as unknown as Buffer);
  // Bit 11: the name is UTF-8; otherwise CP437, whose ASCII range is what a valid bundle uses.
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

/** The whole central directory, read before any member. */
export async function readAllEntries(zip: yauzl.ZipFile): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const out: yauzl.Entry[] = [];
    zip.on('entry', (e: yauzl.Entry) => {
      out.push(e);
      zip.readEntry();
    });
    zip.on('end', () => resolve(out));
    zip.on('error', reject);
    zip.readEntry();
  });
}

/** A member read whole, refused past `limit` bytes. */
export async function streamToBuffer(stream: Readable, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    total += b.length;
    if (total > limit) {
      stream.destroy();
      throw new BundleMalformedError(`the file goes on past ${limit} bytes`);
    }
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

async function openZipBundle(file: string): Promise<BundleSource> {
  let zip: yauzl.ZipFile;
  let entries: yauzl.Entry[];
  try {
    zip = await openZip(file);
    entries = await readAllEntries(zip);
  } catch (e) {
    throw new BundleMalformedError(`the archive cannot be read: ${(e as Error).message}`);
  }
  const byName = new Map<string, yauzl.Entry>();
  for (const e of entries) {
    const name = decodeName(e);
    const why = unsafeZipName(name);
    if (why) {
      zip.close();
      throw new BundleMalformedError(`the archive member "${name}" has ${why}; nothing was extracted`);
    }
    if (byName.has(name)) {
      zip.close();
      throw new BundleMalformedError(`the archive holds "${name}" twice; nothing was extracted`);
    }
    if (e.uncompressedSize > FOUR_GIB) {
      zip.close();
      throw new BundleMalformedError(`the archive member "${name}" is over 4 GiB uncompressed; nothing was extracted`);
    }
    byName.set(name, e);
  }
  const members = [...byName.entries()].map(([name, e]) => ({ name, size: e.uncompressedSize }));
  const open = (name: string): Promise<Readable> =>
    new Promise((resolve, reject) => {
      const e = byName.get(name);
      if (!e) return reject(new BundleMalformedError(`no "${name}" in the archive`));
      if (e.isEncrypted()) return reject(new BundleMalformedError(`"${name}" is encrypted`));
      zip.openReadStream(e, (err, s) =>
        err || !s ? reject(new BundleMalformedError(`"${name}" cannot be read: ${err?.message}`)) : resolve(s),
      );
    });
  return {
    kind: 'zip',
    path: file,
    members,
    has: (n) => byName.has(n),
    size: (n) => byName.get(n)?.uncompressedSize ?? 0,
    readSmall: async (n, limit = SMALL_FILE_LIMIT) => {
      try {
        return await streamToBuffer(await open(n), limit);
      } catch (e) {
        if (e instanceof BundleMalformedError) throw e;
        throw new BundleMalformedError(`"${n}" cannot be read from the archive: ${(e as Error).message}`);
      }
    },
    stream: open,
    close: () => zip.close(),
  };
}

async function openFolderBundle(dir: string): Promise<BundleSource> {
  const dirents = await fs.readdir(dir, { withFileTypes: true });
  const sizes = new Map<string, number>();
  for (const d of dirents) {
    if (d.isFile()) sizes.set(d.name, (await fs.stat(path.join(dir, d.name))).size);
    else sizes.set(`${d.name}/`, 0);
  }
  return {
    kind: 'folder',
    path: dir,
    members: [...sizes.entries()].map(([name, size]) => ({ name, size })).sort((a, b) => (a.name < b.name ? -1 : 1)),
    has: (n) => sizes.has(n) && !n.endsWith('/'),
    size: (n) => sizes.get(n) ?? 0,
    readSmall: async (n, limit = SMALL_FILE_LIMIT) => {
      if ((sizes.get(n) ?? 0) > limit) throw new BundleMalformedError(`"${n}" is larger than ${limit} bytes`);
      // Read through the same bound: the file may have grown since it was listed.
      return streamToBuffer(createReadStream(path.join(dir, n)), limit);
    },
    stream: async (n) => createReadStream(path.join(dir, n), { highWaterMark: 1 << 20 }),
    close: () => undefined,
  };
}

/**
 * Opens a bundle. Throws BundleMalformedError for an archive that cannot be read or breaks the
 * ZIP rules; throws a plain Error (unreadable path) when the path is not there at all.
 */
export async function openBundle(p: string): Promise<BundleSource> {
  const st = await fs.stat(p);
  if (st.isDirectory()) return openFolderBundle(p);
  return openZipBundle(p);
}
