/**
 * `crosscheck demo`: writes a realistic signed export of a simulated organisation, optionally with
 * one planted defect, plus the keyring to verify it with and expected.json saying what a correct
 * verifier must report. Same seed, same bytes; consecutive `--first-seq` runs continue one log.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createEvaluator } from '../../../shared/evaluate/evaluator.js';
import type { DsseEnvelope, Manifest } from '../../../shared/format/export-types.js';
import {
  FINDING_KINDS,
  NON_INVALIDATING_INTEGRITY_KINDS,
  severityRank,
  type FindingKind,
} from '../../../shared/report/finding-kinds.js';
import { sha256 } from '../crypto/sha256.js';
import type { CompactRange } from '../merkle/merkle.js';
import { BundleBuilder, type BundleTamper, type ManifestFields } from '../producer/bundle-writer.js';
import { buildKeyring, deriveSigningKey, keyringJson, type SigningKey } from '../producer/keys.js';
import { zipFolder, type ZipExtra } from '../producer/zip-bundle.js';
import { LogEmitter, type ExpectedFinding, type ExportSink } from './log-emitter.js';
import { isPlantKind, plantMethod, PLANTABLE_KINDS, type PlantKind } from './plant-kinds.js';
import { derivedUuid } from './rng.js';
import { checkMix, type DemoMix } from './demo-mix.js';
import { PlantNotPlacedError, Simulation, createWorld, type World } from './simulation.js';

export { PLANTABLE_KINDS, isPlantKind, type PlantKind } from './plant-kinds.js';
export { PlantNotPlacedError } from './simulation.js';
export type { DemoMix } from './demo-mix.js';

/** Exports never split a call from its consequences at these positions either, so runs cut on this grid chain up. */
export const CUT_GRID = 100;
/** The platform's heartbeat interval (manifest `heartbeat_seconds`). */
export const HEARTBEAT_SECONDS = 300;
const PLATFORM = { name: 'helm-governance', version: '4.2.1' };

export interface GenerateDemoOptions {
  /** Folder to write into (created; its bundle/, previous/ and files are replaced). */
  outDir: string;
  /** How many entries the export holds. */
  entries: number;
  /** Seed of the simulated log (default 1). */
  seed?: number | string;
  /** Seq of the export's first entry (default 0): a segment of the same log. */
  firstSeq?: number;
  /** A defect to plant, one of PLANTABLE_KINDS. */
  plant?: PlantKind | null;
  /** Also write bundle.zip (default true). */
  zip?: boolean;
  /** The shape of the log: share of calls, agents, rules and configs per agent (docs/demo-generator.md). */
  mix?: DemoMix;
}

export type IntegrityStatus = 'VALID' | 'INVALID' | 'UNVERIFIABLE';

export interface ExpectedOutcome {
  integrity: IntegrityStatus;
  exit_code: 0 | 1 | 2;
  findings: ExpectedFinding[];
}

/** expected.json: what a correct verifier reports for the generated files. */
export interface ExpectedReport extends ExpectedOutcome {
  format: 'crosscheck-demo-expected/1';
  generator: { seed: string; first_seq: number; entries: number; plant: PlantKind | null; mix?: DemoMix };
  bundle: string;
  zip: string | null;
  keyring: string;
  export: Pick<Manifest, 'export_id' | 'origin' | 'org' | 'period' | 'range' | 'tree'>;
  /** `verify bundle.zip`, when it differs from the folder (zip-only plants) or always equal otherwise. */
  zip_outcome: ExpectedOutcome | null;
  /**
   * Two-export plants: import `previous.bundle` into a store first, then `verify --store` the bundle.
   * The top-level outcome is for the bundle alone (fresh store).
   */
  with_previous: (ExpectedOutcome & { bundle: string; zip: string | null; continuity: string; range: Manifest['range'] }) | null;
  entries_by_action_type: Record<string, number>;
  connector_called_by_verdict: Record<string, number>;
}

export interface GenerateDemoResult {
  bundleDir: string;
  zipPath: string | null;
  keyringPath: string;
  expectedPath: string;
  expected: ExpectedReport;
  manifest: Manifest;
  previousDir: string | null;
}

/** The export ID of the export of a log that ends at tree size `size` (so a later segment can name it). */
export function exportIdFor(seed: string, size: number): string {
  return derivedUuid(`${seed}/export/${size}`);
}

/** The signing keys of a seed's platform: the log key, the export key, and a retired export key that signs nothing. */
export function demoKeys(seed: string, slug: string): { log: SigningKey; exp: SigningKey; retired: SigningKey; rogue: SigningKey } {
  return {
    log: deriveSigningKey(seed, `${slug}-log-2026`),
    exp: deriveSigningKey(seed, `${slug}-export-2026`),
    retired: deriveSigningKey(seed, `${slug}-export-2025`),
    rogue: deriveSigningKey(`${seed}/not-in-the-keyring`, `${slug}-export-2026b`),
  };
}

function outcomeOf(findings: ExpectedFinding[]): ExpectedOutcome {
  const sorted = [...findings].sort((a, b) => (a.seq ?? -1) - (b.seq ?? -1) || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  const integrityKinds = sorted.filter((f) => FINDING_KINDS[f.kind].group === 'integrity').map((f) => f.kind);
  const integrity: IntegrityStatus = integrityKinds.some((k) => !NON_INVALIDATING_INTEGRITY_KINDS.has(k))
    ? 'INVALID'
    : integrityKinds.includes('key_unverifiable')
      ? 'UNVERIFIABLE'
      : 'VALID';
  const aboveLow = sorted.some((f) => severityRank(FINDING_KINDS[f.kind].severity) > severityRank('low'));
  return { integrity, exit_code: integrity !== 'VALID' ? 2 : aboveLow ? 1 : 0, findings: sorted };
}

function flipSignatureBit(b64: string, skip: number): string {
  const raw = Buffer.from(b64, 'base64');
  raw[skip + 5] = raw[skip + 5]! ^ 0x01;
  return raw.toString('base64');
}

interface Layout {
  S: number;
  N: number;
  prev: { first: number; end: number; alt: boolean } | null;
}

function layoutFor(plant: PlantKind | null, firstSeq: number, entries: number): Layout {
  if (plant === null || plantMethod(plant) !== 'continuity') return { S: firstSeq, N: entries, prev: null };
  let S = firstSeq;
  let N = entries;
  // A two-export plant needs history before the bundle; with --first-seq 0 the entries are split.
  if (S === 0) {
    S = Math.floor(entries / 2);
    N = entries - S;
  }
  if (S < 4 || N < 4) throw new RangeError(`plant ${plant} needs at least 8 entries`);
  switch (plant) {
    case 'export_gap':
      return { S, N, prev: { first: 0, end: Math.floor(S / 2), alt: false } };
    case 'overlap_conflict':
      return { S, N, prev: { first: 0, end: S + Math.floor(N / 2), alt: true } };
    case 'rollback':
      return { S, N, prev: { first: 0, end: S + N, alt: true } };
    default:
      return { S, N, prev: { first: 0, end: S, alt: false } };
  }
}

/** Generates a demo export (folder + zip), its keyring and expected.json. */
export async function generateDemo(options: GenerateDemoOptions): Promise<GenerateDemoResult> {
  const seed = String(options.seed ?? 1);
  const plant = options.plant ?? null;
  if (plant !== null && !isPlantKind(plant)) throw new RangeError(`unknown plant "${String(plant)}"; known: ${PLANTABLE_KINDS.join(', ')}`);
  if (!Number.isSafeInteger(options.entries) || options.entries < 1) throw new RangeError('entries must be a positive integer');
  const firstSeq = options.firstSeq ?? 0;
  if (!Number.isSafeInteger(firstSeq) || firstSeq < 0) throw new RangeError('firstSeq must be a non-negative integer');
  const method = plant === null ? null : plantMethod(plant);
  const { S, N, prev } = layoutFor(plant, firstSeq, options.entries);
  const E = S + N;

  const outDir = path.resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const bundleDir = path.join(outDir, 'bundle');
  const zipPath = options.zip === false ? null : path.join(outDir, 'bundle.zip');
  const previousRoot = path.join(outDir, 'previous');
  for (const p of [bundleDir, previousRoot, path.join(outDir, 'bundle.zip')]) rmSync(p, { recursive: true, force: true });

  if (options.mix) checkMix(options.mix);
  const world: World = createWorld(seed, options.mix);
  const origin = `audit.${world.org.domain}/log/${world.orgId}`;
  const keys = demoKeys(seed, world.org.slug);
  const evaluator = createEvaluator(world.initialState);

  const mkSink = (first: number, end: number, dir: string, alt: boolean, forgeFrontier: boolean): ExportSink => ({
    first,
    end,
    builder: null,
    altLast: alt,
    firstTs: null,
    lastTs: null,
    periodFrom: null,
    rootAtFirst: null,
    state: null,
    byAction: {},
    byVerdict: {},
    open: (range: CompactRange) => {
      const hashes = range.frontier;
      if (forgeFrontier && hashes.length > 0) hashes[0] = sha256(Buffer.concat([hashes[0]!, Buffer.from('forged')]));
      return new BundleBuilder(dir, { size: range.size, hashes });
    },
  });
  const main = mkSink(S, E, bundleDir, false, plant === 'frontier_mismatch');
  const sinks = [main];
  let prevSink: ExportSink | null = null;
  if (prev) {
    prevSink = mkSink(prev.first, prev.end, path.join(previousRoot, 'bundle'), prev.alt, false);
    sinks.unshift(prevSink);
  }

  const cuts = new Set<number>([S, E]);
  if (prev) cuts.add(prev.end);
  for (let c = CUT_GRID; c < E; c += CUT_GRID) cuts.add(c);
  const emitter = new LogEmitter(world.orgId, seed, evaluator, sinks);
  const simPlant = method === 'decision' || method === 'line' ? plant : null;
  const sim = new Simulation({
    seed,
    emitter,
    evaluator,
    world,
    cuts: [...cuts],
    heartbeatSeconds: HEARTBEAT_SECONDS,
    plant: simPlant,
    plantAt: S + Math.max(1, Math.floor(N * 0.35)),
    ...(options.mix ? { mix: options.mix } : {}),
  });
  sim.run();
  if (emitter.position < E) throw new Error(`the simulation stopped at ${emitter.position} before reaching ${E}`);
  const planted = emitter.expected.filter((f) => f.seq === null || (f.seq >= S && f.seq <= E));
  if (!sim.planted || planted.length !== emitter.expected.length || (simPlant !== null && planted.length === 0)) {
    throw new PlantNotPlacedError(`plant ${String(plant)} does not fit in entries ${S}..${E - 1}; ask for more entries (every plant fits in 1000)`);
  }

  const finishSink = (s: ExportSink, exportId: string, tamper: BundleTamper | undefined, exportKeys: SigningKey[]): Manifest => {
    const lastMs = Date.parse(s.lastTs!);
    const fields: ManifestFields = {
      export_id: exportId,
      origin,
      org: { id: world.orgId, name: world.org.name },
      platform: PLATFORM,
      created_at: new Date(lastMs + 257_000).toISOString(),
      period: { from: s.first > 0 ? s.periodFrom! : s.firstTs!, to: s.lastTs! },
      previous_export: s.first > 0 ? { export_id: exportIdFor(seed, s.first), tree_size: s.first, root: s.rootAtFirst!.toString('hex') } : null,
      heartbeat_seconds: HEARTBEAT_SECONDS,
    };
    return s.builder!.finish({ fields, state: s.state!, logKeys: [keys.log], exportKeys, tamper }).manifest;
  };

  // ---- the signed files, with bundle-level plants ----
  const bundleFindings: FindingKind[] = [];
  const tamper: BundleTamper = {};
  let exportKeys = [keys.exp];
  switch (plant) {
    case 'root_mismatch':
      tamper.claimedRoot = (r) => sha256(Buffer.concat([r, Buffer.from('other history')]));
      bundleFindings.push('root_mismatch');
      break;
    case 'count_mismatch':
      tamper.manifest = (m) => ({ ...m, range: { ...m.range, count: m.range.count + 1 } });
      bundleFindings.push('count_mismatch');
      break;
    case 'origin_mismatch':
      tamper.checkpointOrigin = (o) => `${o}-replica`;
      bundleFindings.push('origin_mismatch');
      break;
    case 'checkpoint_signature_invalid':
      tamper.checkpointText = (text) => {
        const lines = text.split('\n');
        const i = lines.findIndex((l) => l.startsWith('\u2014 '));
        const sp = lines[i]!.lastIndexOf(' ');
        lines[i] = lines[i]!.slice(0, sp + 1) + flipSignatureBit(lines[i]!.slice(sp + 1), 4);
        return lines.join('\n');
      };
      bundleFindings.push('checkpoint_signature_invalid');
      break;
    case 'envelope_signature_invalid':
      tamper.envelope = (env: DsseEnvelope) => ({
        ...env,
        signatures: env.signatures.map((s) => ({ ...s, sig: flipSignatureBit(s.sig, 0) })),
      });
      bundleFindings.push('envelope_signature_invalid');
      break;
    case 'key_unverifiable':
      exportKeys = [keys.rogue];
      bundleFindings.push('key_unverifiable');
      break;
    case 'state_mismatch':
      // A signed state.json that is not the state the log replays to: only a store holding the earlier export can tell.
      tamper.stateBytes = (b) => Buffer.from(swapEmailChar(b.toString('utf8')), 'utf8');
      break;
    case 'bundle_malformed:json':
      tamper.stateBytes = (b) => b.subarray(0, Math.floor(b.length / 2));
      bundleFindings.push('bundle_malformed');
      break;
    default:
      break;
  }
  const manifest = finishSink(main, exportIdFor(seed, E), tamper, exportKeys);

  // Damage after signing: the files no longer match what the manifest promises.
  const zipExtra: ZipExtra[] = [];
  let zipOnly: FindingKind[] = [];
  switch (plant) {
    case 'file_missing':
      unlinkSync(path.join(bundleDir, 'state.json'));
      bundleFindings.push('file_missing');
      break;
    case 'file_unexpected':
      writeFileSync(path.join(bundleDir, 'NOTES.txt'), 'exported by ops for the Q2 audit\n');
      bundleFindings.push('file_unexpected');
      break;
    case 'file_digest_mismatch': {
      const p = path.join(bundleDir, 'state.json');
      writeFileSync(p, swapEmailChar(readFileSync(p, 'utf8')));
      bundleFindings.push('file_digest_mismatch');
      break;
    }
    case 'bundle_malformed':
      zipExtra.push({ name: '../crosscheck-planted.txt', content: Buffer.from('zip-slip\n') });
      zipOnly = ['bundle_malformed'];
      break;
    case 'bundle_malformed:absolute':
      zipExtra.push({ name: '/tmp/crosscheck-planted.txt', content: Buffer.from('absolute\n') });
      zipOnly = ['bundle_malformed'];
      break;
    case 'bundle_malformed:backslash':
      zipExtra.push({ name: 'planted\\crosscheck.txt', content: Buffer.from('backslash\n') });
      zipOnly = ['bundle_malformed'];
      break;
    case 'bundle_malformed:duplicate':
      zipExtra.push({ name: 'state.json', content: Buffer.from('{}') });
      zipOnly = ['bundle_malformed'];
      break;
    default:
      break;
  }

  const mtime = new Date(Date.parse(manifest.created_at));
  if (zipPath) await zipFolder(bundleDir, readdirSync(bundleDir), zipPath, { mtime, extra: zipExtra });

  // ---- the earlier export of two-export plants ----
  let withPrevious: ExpectedReport['with_previous'] = null;
  if (prevSink && prev) {
    const prevManifest = finishSink(prevSink, prev.alt ? derivedUuid(`${seed}/export-alt/${prev.end}`) : exportIdFor(seed, prev.end), undefined, [keys.exp]);
    const prevDir = path.join(previousRoot, 'bundle');
    const prevZip = zipPath ? path.join(previousRoot, 'bundle.zip') : null;
    if (prevZip) await zipFolder(prevDir, readdirSync(prevDir), prevZip, { mtime: new Date(Date.parse(prevManifest.created_at)) });
    const found: ExpectedFinding[] = [];
    let continuity = 'consistent';
    switch (plant) {
      case 'export_gap':
        found.push({ kind: 'export_gap', seq: S });
        continuity = 'gap';
        break;
      case 'frontier_mismatch':
        found.push({ kind: 'frontier_mismatch', seq: S });
        continuity = 'conflict';
        break;
      case 'overlap_conflict':
        found.push({ kind: 'overlap_conflict', seq: prev.end - 1 });
        continuity = 'conflict';
        break;
      case 'rollback':
        found.push({ kind: 'overlap_conflict', seq: prev.end - 1 }, { kind: 'rollback', seq: null });
        continuity = 'conflict';
        break;
      case 'state_mismatch':
        found.push({ kind: 'state_mismatch', seq: null });
        break;
      default:
        break;
    }
    withPrevious = {
      ...outcomeOf(found),
      continuity,
      bundle: path.relative(outDir, prevDir),
      zip: prevZip ? path.relative(outDir, prevZip) : null,
      range: prevManifest.range,
    };
  }

  const folderFindings: ExpectedFinding[] = [...emitter.expected, ...bundleFindings.map((kind) => ({ kind, seq: null }))];
  const folder = outcomeOf(folderFindings);
  const zipOutcome = zipPath ? outcomeOf([...folderFindings, ...zipOnly.map((kind) => ({ kind, seq: null }))]) : null;

  const keyring = buildKeyring([
    { key: keys.log, roles: ['log'], validFrom: '2026-01-01T00:00:00.000Z' },
    { key: keys.exp, roles: ['export'], validFrom: '2026-01-01T00:00:00.000Z' },
    { key: keys.retired, roles: ['export'], validFrom: '2025-01-01T00:00:00.000Z', validUntil: '2025-12-31T23:59:59.999Z' },
  ]);
  const keyringPath = path.join(outDir, 'keyring.json');
  writeFileSync(keyringPath, keyringJson(keyring));

  const expected: ExpectedReport = {
    format: 'crosscheck-demo-expected/1',
    generator: { seed, first_seq: S, entries: N, plant, ...(options.mix ? { mix: options.mix } : {}) },
    bundle: 'bundle',
    zip: zipPath ? 'bundle.zip' : null,
    keyring: 'keyring.json',
    export: {
      export_id: manifest.export_id,
      origin: manifest.origin,
      org: manifest.org,
      period: manifest.period,
      range: manifest.range,
      tree: manifest.tree,
    },
    ...folder,
    zip_outcome: zipOutcome,
    with_previous: withPrevious,
    entries_by_action_type: sortKeys(main.byAction),
    connector_called_by_verdict: sortKeys(main.byVerdict),
  };
  const expectedPath = path.join(outDir, 'expected.json');
  writeFileSync(expectedPath, `${JSON.stringify(expected, null, 2)}\n`);
  return {
    bundleDir,
    zipPath,
    keyringPath,
    expectedPath,
    expected,
    manifest,
    previousDir: prevSink ? path.join(previousRoot, 'bundle') : null,
  };
}

function sortKeys(o: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Changes one letter of the first e-mail address: same length, still JCS, nothing evaluation reads. */
function swapEmailChar(text: string): string {
  const at = text.indexOf('"email":"') + '"email":"'.length;
  const ch = text[at] === 'x' ? 'y' : 'x';
  return text.slice(0, at) + ch + text.slice(at + 1);
}
