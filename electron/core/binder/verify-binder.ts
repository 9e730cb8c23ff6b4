/**
 * `crosscheck verify-binder <zip> --key <pub>`: offline check that a binder is exactly what the
 * auditor signed. Any changed, added or removed file fails; so does a signature by another key.
 */
import { createHash } from 'node:crypto';
import yauzl from 'yauzl';
import { ed25519Verify, publicKeyFromRaw } from '../crypto/ed25519.js';
import type { BinderProblem, BinderVerification } from '../../../shared/package/record-types.js';
import { auditorKeyId } from './auditor-key.js';
import { BINDER_FILES, SIGNATURE_FORMAT, type BinderSignature } from './write-binder.js';

export type { BinderProblem, BinderVerification };

interface ZipMember {
  name: string;
  sha256: string;
  bytes: number;
  /** Kept only for the small control files and package.json. */
  content: Buffer | null;
  /** For the CSV: SHA-256 over the raw leaf hashes of its rows, and the row count. */
  leafDigest: string | null;
  rows: number;
}

function openZip(file: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: true, strictFileNames: false, validateEntrySizes: true }, (err, zip) => {
      if (err !== null || zip === undefined) reject(err ?? new Error('cannot open the zip'));
      else resolve(zip);
    });
  });
}

const KEEP = new Set<string>([BINDER_FILES.sums, BINDER_FILES.sig, BINDER_FILES.json]);

/** Streams every member once: hash, size, and for the CSV the digest of its leaf-hash column. */
async function readMembers(file: string, problems: BinderProblem[]): Promise<ZipMember[]> {
  const zip = await openZip(file);
  const members: ZipMember[] = [];
  return new Promise((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve(members));
    zip.on('entry', (entry: yauzl.Entry) => {
      const name = entry.fileName;
      if (name.startsWith('/') || name.includes('..') || name.includes('\\') || name.endsWith('/')) {
        problems.push({ file: name, problem: 'unsafe_name', detail: 'absolute, parent or directory entry' });
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err !== null || stream === undefined) {
          reject(err ?? new Error(`cannot read ${name}`));
          return;
        }
        const hash = createHash('sha256');
        const chunks: Buffer[] = [];
        const isCsv = name === BINDER_FILES.csv;
        const leaf = createHash('sha256');
        let rows = 0;
        let carry = '';
        let header = true;
        let bytes = 0;
        const takeLine = (line: string): void => {
          if (header) {
            header = false;
            return;
          }
          if (line === '') return;
          rows++;
          const comma = line.lastIndexOf(',');
          leaf.update(Buffer.from(line.slice(comma + 1), 'hex'));
        };
        stream.on('data', (c: Buffer) => {
          hash.update(c);
          bytes += c.length;
          if (KEEP.has(name)) chunks.push(c);
          if (isCsv) {
            const parts = (carry + c.toString('latin1')).split('\r\n');
            carry = parts.pop()!;
            for (const p of parts) takeLine(p);
          }
        });
        stream.on('error', reject);
        stream.on('end', () => {
          if (isCsv && carry !== '') takeLine(carry);
          members.push({
            name,
            sha256: hash.digest('hex'),
            bytes,
            content: KEEP.has(name) ? Buffer.concat(chunks) : null,
            leafDigest: isCsv ? leaf.digest('hex') : null,
            rows,
          });
          zip.readEntry();
        });
      });
    });
    zip.readEntry();
  });
}

/** Parses SHA256SUMS; null when a line is not `<64 hex>  <name>`. */
export function parseSums(text: string): Map<string, string> | null {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const m = /^([0-9a-f]{64}) {2}(.+)$/.exec(line);
    if (m === null || out.has(m[2]!)) return null;
    out.set(m[2]!, m[1]!);
  }
  return out;
}

/** Verifies a binder zip against the auditor's raw 32-byte public key, offline. */
export async function verifyBinder(zipPath: string, publicKeyRaw: Uint8Array): Promise<BinderVerification> {
  const problems: BinderProblem[] = [];
  const keyId = auditorKeyId(publicKeyRaw);
  let members: ZipMember[];
  try {
    members = await readMembers(zipPath, problems);
  } catch (e) {
    return { ok: false, keyId, signedBy: null, files: [], problems: [{ file: null, problem: 'unreadable', detail: (e as Error).message }] };
  }
  const byName = new Map<string, ZipMember>();
  for (const m of members) {
    if (byName.has(m.name)) problems.push({ file: m.name, problem: 'duplicate_name', detail: 'the name occurs twice in the zip' });
    byName.set(m.name, m);
  }
  const sumsMember = byName.get(BINDER_FILES.sums);
  const sigMember = byName.get(BINDER_FILES.sig);
  let signedBy: string | null = null;
  if (sumsMember === undefined || sigMember === undefined) {
    problems.push({ file: sumsMember === undefined ? BINDER_FILES.sums : BINDER_FILES.sig, problem: 'signature_missing', detail: 'SHA256SUMS and its signature are both required' });
  } else {
    let sig: Partial<BinderSignature>;
    try {
      sig = JSON.parse(sigMember.content!.toString('utf8')) as Partial<BinderSignature>;
    } catch {
      sig = {};
    }
    const valid =
      sig.format === SIGNATURE_FORMAT &&
      typeof sig.signature === 'string' &&
      ed25519Verify(publicKeyFromRaw(publicKeyRaw), sumsMember.content!, Buffer.from(sig.signature, 'base64'));
    if (!valid) {
      problems.push({
        file: BINDER_FILES.sig,
        problem: 'signature_invalid',
        detail: sig.key_id !== undefined && sig.key_id !== keyId ? `signed by key ${sig.key_id}, not by the given key ${keyId}` : 'the signature over SHA256SUMS does not verify with the given key',
      });
    } else {
      signedBy = sig.key_name ?? null;
    }
    const sums = parseSums(sumsMember.content!.toString('utf8'));
    if (sums === null) {
      problems.push({ file: BINDER_FILES.sums, problem: 'sums_malformed', detail: 'a line is not "<sha256>  <name>" or a name repeats' });
    } else {
      for (const [name, hex] of sums) {
        const m = byName.get(name);
        if (m === undefined) problems.push({ file: name, problem: 'file_removed', detail: 'listed in SHA256SUMS but absent' });
        else if (m.sha256 !== hex) problems.push({ file: name, problem: 'file_changed', detail: `sha256 ${m.sha256}, SHA256SUMS says ${hex}` });
      }
      for (const m of members) {
        if (m.name === BINDER_FILES.sums || m.name === BINDER_FILES.sig) continue;
        if (!sums.has(m.name)) problems.push({ file: m.name, problem: 'file_added', detail: 'present but not listed in SHA256SUMS' });
      }
    }
    // The CSV must be the population the package counts (its leaf digest), not just any signed CSV.
    const csv = byName.get(BINDER_FILES.csv);
    const json = byName.get(BINDER_FILES.json);
    if (csv !== undefined && json !== undefined) {
      try {
        const pop = (JSON.parse(json.content!.toString('utf8')) as { population?: { entries?: number; leaf_digest?: string } }).population;
        if (pop?.leaf_digest !== csv.leafDigest || pop?.entries !== csv.rows) {
          problems.push({ file: BINDER_FILES.csv, problem: 'population_mismatch', detail: `CSV has ${csv.rows} rows whose leaf digest differs from the package's population` });
        }
      } catch {
        problems.push({ file: BINDER_FILES.json, problem: 'population_mismatch', detail: 'package.json does not parse' });
      }
    }
  }
  const files = members.map((m) => ({ name: m.name, sha256: m.sha256, bytes: m.bytes })).sort((a, b) => (a.name < b.name ? -1 : 1));
  return { ok: problems.length === 0, keyId, signedBy, files, problems };
}
