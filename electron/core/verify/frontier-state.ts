/** Step 3: frontier.json and state.json parsed (§2, §7): UTF-8, one member per name, JCS form, the expected shape. */
import { isUtf8 } from 'node:buffer';
import type { PlatformState } from '../../../shared/format/export-types.js';
import { parseCanonical } from '../../../shared/format/jcs.js';
import type { BundleSource } from '../bundle/open-bundle.js';
import { CompactRange } from '../merkle/merkle.js';
import { duplicateProblem, HEX64, isObject } from './bundle-json.js';
import { makeFinding } from './findings.js';
import type { ReportBuilder } from './report-builder.js';
import type { SignedFiles } from './signed-files.js';

/**
 * A small JSON file read as JCS text: UTF-8 (text comparison after decoding would take bytes that
 * are not UTF-8 for U+FFFD: not JCS bytes), JSON, and no member name repeated; or the problem.
 */
function parseJcsFile(file: string, bytes: Buffer): { value: unknown; canonical: boolean } | string {
  if (!isUtf8(bytes)) return `${file} is not UTF-8`;
  const text = bytes.toString('utf8');
  let parsed: { value: unknown; canonical: boolean };
  try {
    parsed = parseCanonical(text);
  } catch {
    return `${file} is not JSON`;
  }
  return duplicateProblem(file, text) ?? parsed;
}

function parseFrontier(bytes: Buffer): CompactRange | string {
  const parsed = parseJcsFile('frontier.json', bytes);
  if (typeof parsed === 'string') return parsed;
  const f = parsed.value;
  if (!parsed.canonical) return 'frontier.json is not in JCS form';
  if (!isObject(f) || !Number.isSafeInteger(f.size) || (f.size as number) < 0 || !Array.isArray(f.hashes)) {
    return 'frontier.json is not {size, hashes}';
  }
  if (!f.hashes.every((h) => typeof h === 'string' && HEX64.test(h)))
    return 'frontier.json holds a hash that is not 64 hex digits';
  try {
    return new CompactRange(
      f.size as number,
      (f.hashes as string[]).map((h) => Buffer.from(h, 'hex')),
    );
  } catch (e) {
    return `frontier.json is inconsistent: ${(e as Error).message}`;
  }
}

function parseState(bytes: Buffer): PlatformState | string {
  const parsed = parseJcsFile('state.json', bytes);
  if (typeof parsed === 'string') return parsed;
  const s = parsed.value;
  if (
    !isObject(s) ||
    !isObject(s.profile) ||
    !Array.isArray(s.users) ||
    !Array.isArray(s.agents) ||
    !Array.isArray(s.connectors) ||
    !Array.isArray(s.rules) ||
    !Array.isArray(s.approvals) ||
    !Array.isArray(s.recent_calls)
  ) {
    return 'state.json does not have the shape of spec §7';
  }
  if (!parsed.canonical) return 'state.json is not in JCS form';
  return s as unknown as PlatformState;
}

/** The frontier the entries continue, or null when frontier.json is absent or malformed (a shape problem). */
export function readFrontier(
  files: SignedFiles,
  shapeProblems: string[],
  rb: ReportBuilder,
): CompactRange | null {
  if (!files.frontierBytes) return null;
  const f = parseFrontier(files.frontierBytes);
  if (typeof f !== 'string') return f;
  shapeProblems.push(f);
  rb.add(makeFinding('bundle_malformed', { message: f }));
  return null;
}

/** The start state, or null with the reason the re-evaluation cannot run (`stateProblem`). */
export function readState(
  bundle: BundleSource,
  files: SignedFiles,
  shapeProblems: string[],
  rb: ReportBuilder,
): { state: PlatformState | null; stateProblem: string | null } {
  const { stateBytes, unsized } = files;
  const stateProblem: string | null = stateBytes
    ? null
    : !bundle.has('state.json')
      ? 'state.json is missing'
      : unsized
        ? 'state.json not read: no readable manifest gives it a size'
        : 'state.json is unreadable or larger than the manifest signs';
  if (!stateBytes) return { state: null, stateProblem };
  const s = parseState(stateBytes);
  if (typeof s !== 'string') return { state: s, stateProblem };
  shapeProblems.push(s);
  rb.add(makeFinding('bundle_malformed', { message: s }));
  return { state: null, stateProblem: s };
}
