/** Step 5: the file_digests check (§2): every file the manifest lists is the one the producer signed, and nothing else is in the bundle. */
import { createHash } from 'node:crypto';
import type { Manifest } from '../../../shared/format/export-types.js';
import { BUNDLE_FILES, ENVELOPE_FILE } from '../../../shared/format/export-types.js';
import type { BundleSource } from '../bundle/open-bundle.js';
import { sha256Hex } from '../crypto/sha256.js';
import { makeFinding } from './findings.js';
import type { LineStreamResult } from './line-reader.js';
import type { ReportBuilder } from './report-builder.js';

/** SHA-256 and size of any member, streamed (a listed file outside the five of §2 can be large), up to `limit` bytes. */
async function digestMember(
  bundle: BundleSource,
  name: string,
  limit: number,
): Promise<LineStreamResult | null> {
  try {
    const hash = createHash('sha256');
    let bytes = 0;
    const stream = await bundle.stream(name);
    for await (const chunk of stream) {
      bytes += (chunk as Buffer).length;
      if (bytes > limit) {
        stream.destroy();
        return null;
      }
      hash.update(chunk as Buffer);
    }
    return { bytes, sha256: hash.digest('hex') };
  } catch {
    return null;
  }
}

/** Compares the small files as read, the entries' streamed digest and any other member with files[]. */
export async function checkFiles(
  bundle: BundleSource,
  manifest: Manifest | null,
  small: Record<string, Buffer | null>,
  entries: LineStreamResult | null,
  rb: ReportBuilder,
): Promise<void> {
  if (!manifest) {
    const missing = BUNDLE_FILES.filter((f) => !bundle.has(f));
    for (const f of missing)
      rb.add(makeFinding('file_missing', { message: `${f} is missing from the bundle` }));
    rb.check(
      'file_digests',
      missing.length ? 'fail' : 'skip',
      missing.length ? `missing: ${missing.join(', ')}` : 'no manifest to compare digests with',
    );
    return;
  }
  const problems: string[] = [];
  const listed = new Set(manifest.files.map((f) => f.path));
  // §2: files[] is sorted by path. A list out of order or naming a file twice is not the layout the
  // producer must sign; each entry is still checked below, so nothing listed escapes its digest.
  const disorder = manifest.files.findIndex((f, i) => i > 0 && !(manifest.files[i - 1]!.path < f.path));
  if (disorder > 0) {
    const [a, b] = [manifest.files[disorder - 1]!.path, manifest.files[disorder]!.path];
    problems.push(a === b ? `${a} listed twice` : 'files[] not sorted by path');
    rb.add(
      makeFinding('bundle_malformed', {
        recorded: manifest.files.map((f) => f.path),
        message:
          a === b
            ? `the manifest lists ${a} twice`
            : `the manifest's files[] is not sorted by path ("${a}" before "${b}")`,
      }),
    );
  }
  for (const f of manifest.files) {
    if (!bundle.has(f.path)) {
      problems.push(`${f.path} missing`);
      rb.add(
        makeFinding('file_missing', {
          recorded: null,
          expected: f,
          message: `${f.path} is listed in the manifest but absent from the bundle`,
        }),
      );
      continue;
    }
    // §2: a ZIP member whose directory entry says more than signed was not read, nor is it here.
    const listedSize = bundle.size(f.path);
    if (bundle.kind === 'zip' && listedSize > f.bytes) {
      problems.push(`${f.path} is ${listedSize} bytes, signed ${f.bytes}`);
      rb.add(
        makeFinding('file_digest_mismatch', {
          recorded: { bytes: listedSize, sha256: null },
          expected: { sha256: f.sha256, bytes: f.bytes },
          message: `${f.path} is ${listedSize} bytes in the ZIP directory, more than the ${f.bytes} bytes the producer signed: it was not inflated`,
        }),
      );
      continue;
    }
    // Every listed file present is digested, not only the five of §2: a listed extra file (or the
    // envelope itself, which can never match its own digest) is held to what was signed.
    const actual =
      f.path === 'entries.jsonl'
        ? entries
        : Object.prototype.hasOwnProperty.call(small, f.path)
          ? small[f.path]
            ? { bytes: small[f.path]!.length, sha256: sha256Hex(small[f.path]!) }
            : null
          : await digestMember(bundle, f.path, bundle.kind === 'zip' ? f.bytes : Infinity);
    if (!actual) {
      problems.push(`${f.path} unreadable`);
      continue;
    }
    if (actual.sha256 !== f.sha256 || actual.bytes !== f.bytes) {
      problems.push(`${f.path} digest or size differs`);
      rb.add(
        makeFinding('file_digest_mismatch', {
          recorded: actual,
          expected: { sha256: f.sha256, bytes: f.bytes },
          message: `${f.path} is not the file the producer signed (${actual.bytes} bytes, sha256 ${actual.sha256.slice(0, 16)}…; signed: ${f.bytes} bytes, ${f.sha256.slice(0, 16)}…)`,
        }),
      );
    }
  }
  for (const req of BUNDLE_FILES) {
    if (!listed.has(req) && !bundle.has(req)) {
      problems.push(`${req} missing`);
      rb.add(
        makeFinding('file_missing', {
          message: `${req} is required but neither listed in the manifest nor present`,
        }),
      );
    }
  }
  for (const m of bundle.members) {
    if (m.name === ENVELOPE_FILE || listed.has(m.name)) continue;
    problems.push(`${m.name} unexpected`);
    rb.add(
      makeFinding('file_unexpected', {
        recorded: m.name,
        message: `${m.name} is in the bundle but not listed in the signed manifest`,
      }),
    );
  }
  rb.check(
    'file_digests',
    problems.length ? 'fail' : 'pass',
    problems.length
      ? problems.join('; ')
      : `${manifest.files.length} files match their signed SHA-256 and size`,
  );
}
