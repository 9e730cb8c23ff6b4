/**
 * The evidence binder (zip): the PDF, the package JSON, the population CSV, the OSCAL
 * assessment results, and SHA256SUMS signed with the auditor's Ed25519 key. Entries carry a
 * fixed mtime (the package's generation time) so the same package and key give the same zip.
 */
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { finished } from 'node:stream/promises';
import yazl from 'yazl';
import { canonicalize } from '../../../shared/format/jcs.js';
import type { PackageDoc, PopulationEntry } from '../../../shared/package/package-types.js';
import { ed25519Sign } from '../crypto/ed25519.js';
import { sha256Hex } from '../crypto/sha256.js';
import type { AuditorKey } from './auditor-key.js';
import { buildAssessmentResults } from './oscal.js';
import { CSV_HEADER, csvRow } from './population-csv.js';
import { includesIso } from '../../../shared/frameworks/package-frameworks.js';
import { soaCsv } from '../frameworks/soa-csv.js';

export const BINDER_FILES = {
  pdf: 'package.pdf',
  json: 'package.json',
  csv: 'population.csv',
  oscal: 'assessment-results.json',
  /** The data-flow diagram's mermaid source: the PDF draws the figure, the source travels beside it. */
  mermaid: 'data-flow.mmd',
  /** Only in a package made with `--framework iso27001|all`. */
  soa: 'statement-of-applicability-soa.csv',
  sums: 'SHA256SUMS',
  sig: 'SHA256SUMS.sig',
} as const;

export const SIGNATURE_FORMAT = 'crosscheck-binder-signature/1';

export interface BinderSignature {
  format: typeof SIGNATURE_FORMAT;
  algorithm: 'ed25519';
  key_name: string;
  key_id: string;
  /** Base64 Ed25519 signature over the exact bytes of SHA256SUMS. */
  signature: string;
}

/** A BinderError: a CrosscheckError whose code is one of these (shared/errors/error-codes.ts). */
export class BinderError extends CrosscheckError {
  declare readonly code: 'BINDER_POPULATION_CHANGED' | 'BINDER_WRITE_FAILED';

  constructor(code: 'BINDER_POPULATION_CHANGED' | 'BINDER_WRITE_FAILED', message: string) {
    super(code, message);
    this.name = 'BinderError';
  }
}

export interface WriteBinderInput {
  doc: PackageDoc;
  /** The canonical package bytes as stored (their SHA-256 is the package id). */
  packageJson: Buffer;
  pdf: Buffer;
  /** The same population the package was built from, in the same order (streamed). */
  population: Iterable<PopulationEntry>;
  key: AuditorKey;
  /** Further files the package names by hash (the filled customer questionnaires), listed in SHA256SUMS. */
  extra?: readonly [string, Buffer][];
}

export interface WriteBinderResult {
  path: string;
  sums: string;
  rows: number;
  /** SHA-256 of the zip file itself, hashed as it was written. */
  sha256: string;
}

/** `SHA256SUMS` text: `<hex>  <name>` lines sorted by name (the sha256sum -c format). */
export function sumsText(digests: ReadonlyMap<string, string>): string {
  return [...digests.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, hex]) => `${hex}  ${name}\n`)
    .join('');
}

function* csvChunks(population: Iterable<PopulationEntry>, onEntry: (e: PopulationEntry) => void): Generator<Buffer> {
  yield Buffer.from(CSV_HEADER, 'utf8');
  let batch: string[] = [];
  for (const e of population) {
    onEntry(e);
    batch.push(csvRow(e));
    // Batches keep the stream cheap per row without holding a million-row string in memory.
    if (batch.length === 2048) {
      yield Buffer.from(batch.join(''), 'utf8');
      batch = [];
    }
  }
  if (batch.length > 0) yield Buffer.from(batch.join(''), 'utf8');
}

/** Writes the binder zip to `outPath`; the CSV streams from the population. */
export async function writeBinder(outPath: string, input: WriteBinderInput): Promise<WriteBinderResult> {
  const { doc, key } = input;
  const packageId = sha256Hex(input.packageJson);
  const mtime = new Date(doc.generated_at);
  const opts = { mtime, mode: 0o100644, compress: true };
  const zip = new yazl.ZipFile();
  const out = createWriteStream(outPath);
  const zipHash = createHash('sha256');
  zip.outputStream.on('data', (c: Buffer) => zipHash.update(c));
  zip.outputStream.pipe(out);
  const digests = new Map<string, string>();

  const oscal = Buffer.from(`${JSON.stringify(buildAssessmentResults(doc, packageId, BINDER_FILES), null, 2)}\n`, 'utf8');
  const files: [string, Buffer][] = [
    [BINDER_FILES.json, input.packageJson],
    [BINDER_FILES.pdf, input.pdf],
    [BINDER_FILES.oscal, oscal],
    [BINDER_FILES.mermaid, Buffer.from(`${doc.data_flow.mermaid}\n`, 'utf8')],
    ...(input.extra ?? []),
  ];
  // The SoA as the auditor's spreadsheet: the same rows the package JSON holds, listed in SHA256SUMS.
  if (includesIso(doc.frameworks)) files.push([BINDER_FILES.soa, Buffer.from(soaCsv(doc.frameworks.soa), 'utf8')]);
  for (const [name, bytes] of files) {
    digests.set(name, sha256Hex(bytes));
    zip.addBuffer(bytes, name, opts);
  }

  const csvHash = createHash('sha256');
  const leafHash = createHash('sha256');
  let rows = 0;
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      csvHash.update(chunk);
      cb(null, chunk);
    },
  });
  const csv = Readable.from(
    csvChunks(input.population, (e) => {
      rows++;
      leafHash.update(e.leaf_raw ?? Buffer.from(e.leaf_hash, 'hex'));
    }),
  ).pipe(tap);
  zip.addReadStream(csv, BINDER_FILES.csv, opts);
  await finished(tap);
  const leafDigest = leafHash.digest('hex');
  if (rows !== doc.population.entries || leafDigest !== doc.population.leaf_digest) {
    zip.end();
    out.destroy();
    throw new BinderError(
      'BINDER_POPULATION_CHANGED',
      `the store's population (${rows} entries) no longer matches the package (${doc.population.entries} entries); generate a new package`,
    );
  }
  digests.set(BINDER_FILES.csv, csvHash.digest('hex'));

  const sums = sumsText(digests);
  const sumsBytes = Buffer.from(sums, 'utf8');
  const signature: BinderSignature = {
    format: SIGNATURE_FORMAT,
    algorithm: 'ed25519',
    key_name: key.name,
    key_id: key.keyId,
    signature: ed25519Sign(key.privateKey, sumsBytes).toString('base64'),
  };
  zip.addBuffer(sumsBytes, BINDER_FILES.sums, opts);
  zip.addBuffer(Buffer.from(`${canonicalize(signature)}\n`, 'utf8'), BINDER_FILES.sig, opts);
  zip.end();
  await finished(out);
  return { path: outPath, sums, rows, sha256: zipHash.digest('hex') };
}
