/**
 * A customer's workbook read as a ZIP under the rules of spec §2 (names, duplicates, sizes) plus
 * the bounds a spreadsheet needs (total size, compression ratio, entry count), every check on the
 * central directory before any member is inflated. Members are kept as their exact bytes, so a
 * write-back copies every part it does not change byte for byte.
 */
import { readFileSync } from 'node:fs';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { ZipFile } from 'yazl';
import { decodeName, readAllEntries, streamToBuffer, unsafeZipName } from '../bundle/open-bundle.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';

/** Limits far above any real questionnaire (CAIQ v4.1 is ~300 KB with 283 questions). */
export const WORKBOOK_LIMITS = {
  /** The workbook file itself. */
  fileBytes: 64 * 1024 * 1024,
  /** All members inflated. */
  totalBytes: 256 * 1024 * 1024,
  entries: 2000,
  /** Inflated / compressed for any member over 1 MiB inflated (XML compresses ~10–30×). */
  ratio: 200,
} as const;

const CFB_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** Refuses a workbook with one clear message; nothing is ever written for it. */
export function refuse(file: string, why: string): never {
  throw new CrosscheckError('WORKBOOK_REFUSED', `${file}: ${why}; nothing was written`);
}

export interface WorkbookArchive {
  /** Members in archive order with their exact inflated bytes. */
  parts: Map<string, Buffer>;
}

/** What the first bytes say the file is. */
export function sniffWorkbook(bytes: Buffer): 'zip' | 'cfb' | 'empty' | 'other' {
  if (bytes.length === 0) return 'empty';
  if (bytes.subarray(0, 8).equals(CFB_SIGNATURE)) return 'cfb';
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04)
    return 'zip';
  return 'other';
}

function checkEntries(label: string, entries: yauzl.Entry[]): void {
  if (entries.length === 0) refuse(label, 'the workbook is an empty archive');
  if (entries.length > WORKBOOK_LIMITS.entries)
    refuse(
      label,
      `the archive holds ${entries.length} members, more than the ${WORKBOOK_LIMITS.entries} a workbook may`,
    );
  const seen = new Set<string>();
  let total = 0;
  for (const e of entries) {
    const name = decodeName(e);
    const why = unsafeZipName(name);
    if (why) refuse(label, `the archive member "${name}" has ${why}`);
    if (seen.has(name)) refuse(label, `the archive holds "${name}" twice`);
    seen.add(name);
    if (e.isEncrypted()) refuse(label, `the archive member "${name}" is encrypted`);
    total += e.uncompressedSize;
    if (total > WORKBOOK_LIMITS.totalBytes)
      refuse(label, `the archive inflates past ${WORKBOOK_LIMITS.totalBytes} bytes`);
    if (
      e.uncompressedSize > 1024 * 1024 &&
      e.uncompressedSize > WORKBOOK_LIMITS.ratio * Math.max(1, e.compressedSize)
    ) {
      refuse(
        label,
        `the archive member "${name}" inflates ${Math.round(e.uncompressedSize / Math.max(1, e.compressedSize))}× (more than ${WORKBOOK_LIMITS.ratio}×): a zip bomb`,
      );
    }
  }
}

function openZipBytes(bytes: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(
      bytes,
      {
        lazyEntries: true,
        autoClose: false,
        decodeStrings: false,
        validateEntrySizes: true,
        strictFileNames: false,
      },
      (err, zip) => (err || !zip ? reject(err ?? new Error('no archive')) : resolve(zip)),
    );
  });
}

/** Reads every member of a workbook archive, bounded; throws WORKBOOK_REFUSED for anything unsafe or unreadable. */
export async function readWorkbookArchive(bytes: Buffer, label: string): Promise<WorkbookArchive> {
  let zip: yauzl.ZipFile;
  let entries: yauzl.Entry[];
  try {
    zip = await openZipBytes(bytes);
    entries = await readAllEntries(zip);
  } catch (e) {
    refuse(label, `the workbook is corrupt (its ZIP directory cannot be read: ${(e as Error).message})`);
  }
  try {
    checkEntries(label, entries);
    const parts = new Map<string, Buffer>();
    for (const e of entries) {
      const name = decodeName(e);
      if (name.endsWith('/')) continue;
      const stream = await new Promise<Readable>((resolve, reject) =>
        zip.openReadStream(e, (err, s) => (err || !s ? reject(err ?? new Error('no stream')) : resolve(s))),
      );
      // validateEntrySizes makes yauzl fail a member that inflates past its directory size.
      parts.set(name, await streamToBuffer(stream, e.uncompressedSize));
    }
    return { parts };
  } catch (e) {
    if (e instanceof CrosscheckError) throw e;
    refuse(label, `the workbook is corrupt (${(e as Error).message})`);
  } finally {
    zip.close();
  }
}

/** The file's bytes, bounded, or a clear refusal. */
export function readWorkbookFile(file: string, label: string): Buffer {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new CrosscheckError(
      'FILE_UNREADABLE',
      `cannot read ${label}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  return bytes;
}

/** Packs parts (in the given order) into an xlsx archive; the same parts give the same bytes. */
export async function zipParts(parts: ReadonlyMap<string, Buffer>): Promise<Buffer> {
  const zip = new ZipFile();
  const mtime = new Date(1980, 0, 1, 12, 0, 0);
  for (const [name, data] of parts)
    zip.addBuffer(data, name, { mtime, compress: true, forceDosTimestamp: true });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
