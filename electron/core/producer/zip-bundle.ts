/** Packs a bundle folder into a ZIP whose root holds the same files (spec §2), byte for byte reproducible. */
import { createWriteStream, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ZipFile } from 'yazl';

export interface ZipExtra {
  /** Any name, including ones yazl refuses (`../x`, `/x`, `a\b`, a duplicate): planted archives need them. */
  name: string;
  content: Buffer;
}

export interface ZipOptions {
  /** Modification date of every entry (its UTC calendar day is used), so the same files give the same archive. */
  mtime: Date;
  /** Extra entries appended after the folder's files. */
  extra?: readonly ZipExtra[];
}

/** Writes `zipPath` from the named files of `dir` in sorted order. */
export async function zipFolder(dir: string, files: readonly string[], zipPath: string, opts: ZipOptions): Promise<void> {
  const zip = new ZipFile();
  // DOS timestamps are written in local time; noon of the UTC day has the same local fields in every
  // time zone and never falls into a daylight-saving gap, so the archive does not depend on TZ.
  const m = opts.mtime;
  const mtime = new Date(m.getUTCFullYear(), m.getUTCMonth(), m.getUTCDate(), 12, 0, 0);
  const entryOpts = { mtime, mode: 0o100644, compress: true, forceDosTimestamp: true };
  for (const name of [...files].sort()) zip.addFile(path.join(dir, name), name, entryOpts);
  const swaps: { placeholder: Buffer; real: Buffer }[] = [];
  (opts.extra ?? []).forEach((x, i) => {
    const real = Buffer.from(x.name, 'utf8');
    // yazl validates names, so a name it refuses goes in under a placeholder of the same byte length
    // and is patched into the local and central headers afterwards (names are outside the CRC).
    const tag = `~plant${i}~`;
    if (real.length < tag.length) throw new Error(`planted zip name "${x.name}" is too short`);
    const placeholder = Buffer.from(tag + 'z'.repeat(real.length - tag.length), 'utf8');
    swaps.push({ placeholder, real });
    zip.addBuffer(x.content, placeholder.toString('utf8'), entryOpts);
  });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(zipPath);
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject);
    zip.outputStream.pipe(out);
  });
  if (swaps.length === 0) return;
  const bytes = readFileSync(zipPath);
  for (const s of swaps) {
    let at = bytes.indexOf(s.placeholder);
    while (at >= 0) {
      s.real.copy(bytes, at);
      at = bytes.indexOf(s.placeholder, at + s.real.length);
    }
  }
  writeFileSync(zipPath, bytes);
}
