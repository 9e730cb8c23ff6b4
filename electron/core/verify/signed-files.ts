/**
 * Step 2: the small files (checkpoint, frontier.json, state.json) read within the sizes the
 * manifest signs (§2), and the bundle_shape check once every parser has had its say.
 */
import type { Manifest } from '../../../shared/format/export-types.js';
import { SMALL_FILE_LIMIT, type BundleSource } from '../bundle/open-bundle.js';
import { makeFinding } from './findings.js';
import type { ReportBuilder } from './report-builder.js';
import type { VerifyResult } from './verify-api.js';

/** The three small files as read (null: absent, unreadable or not read), and the signed sizes they were read against. */
export interface SignedFiles {
  checkpointBytes: Buffer | null;
  frontierBytes: Buffer | null;
  stateBytes: Buffer | null;
  /** The `bytes` the manifest gives each file (a ZIP only; a folder's files are read as they are). */
  signed: Map<string, number>;
  /** A ZIP without a readable manifest: no file has a signed size, so none is inflated. */
  unsized: boolean;
}

/** The `bytes` the manifest gives each listed file (the first entry when a path is listed twice). */
function signedSizes(manifest: Manifest | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const f of manifest?.files ?? []) if (!out.has(f.path)) out.set(f.path, f.bytes);
  return out;
}

async function readSmallOrNull(
  bundle: BundleSource,
  name: string,
  rb: ReportBuilder,
  limit = SMALL_FILE_LIMIT,
): Promise<Buffer | null> {
  if (!bundle.has(name)) return null;
  try {
    return await bundle.readSmall(name, limit);
  } catch (e) {
    rb.add(makeFinding('bundle_malformed', { message: `${name} cannot be read: ${(e as Error).message}` }));
    return null;
  }
}

/** Reads checkpoint, frontier.json and state.json, in that order, each no further than signed. */
export async function readSignedFiles(
  bundle: BundleSource,
  manifest: Manifest | null,
  rb: ReportBuilder,
  result: VerifyResult,
): Promise<SignedFiles> {
  // §2: a ZIP member is never inflated past the size the manifest signs. One whose directory entry
  // already says more is not read at all (checkFiles reports it); any other is read up to the signed
  // size and no further (yauzl also holds it to its directory size as it inflates). A folder's file
  // is read at the size it has on disk, which costs nothing it does not already occupy.
  // A ZIP without a readable manifest gives no file a signed size: nothing else is inflated (the
  // export is INVALID on its envelope alone).
  const signed = bundle.kind === 'zip' ? signedSizes(manifest) : new Map<string, number>();
  const unsized = bundle.kind === 'zip' && manifest === null;
  const readSigned = (name: string): Promise<Buffer | null> => {
    if (unsized) return Promise.resolve(null);
    const size = signed.get(name);
    if (size !== undefined && bundle.has(name) && bundle.size(name) > size) return Promise.resolve(null);
    return readSmallOrNull(bundle, name, rb, Math.min(size ?? SMALL_FILE_LIMIT, SMALL_FILE_LIMIT));
  };
  const checkpointBytes = await readSigned('checkpoint');
  const frontierBytes = await readSigned('frontier.json');
  const stateBytes = await readSigned('state.json');
  result.checkpointBytes = checkpointBytes;
  result.frontierBytes = frontierBytes;
  result.stateBytes = stateBytes;
  return { checkpointBytes, frontierBytes, stateBytes, signed, unsized };
}

/** The bundle_shape check: every problem the envelope and small-file parsers found, or the bundle's layout. */
export function checkBundleShape(bundle: BundleSource, shapeProblems: string[], rb: ReportBuilder): void {
  rb.check(
    'bundle_shape',
    shapeProblems.length ? 'fail' : 'pass',
    shapeProblems.length
      ? shapeProblems.join('; ')
      : `${bundle.kind === 'zip' ? 'ZIP archive' : 'folder'} with ${bundle.members.length} files at its root`,
  );
}
