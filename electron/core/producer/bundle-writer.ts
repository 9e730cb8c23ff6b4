/**
 * Streams one export to a bundle folder (spec §2–§6): entries.jsonl is written line by line with its
 * digest, byte count and Merkle range kept as it grows, so a million-entry export never sits in memory.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import path from 'node:path';
import { CompactRange, leafHash } from '../merkle/merkle.js';
import { canonicalize } from '../../../shared/format/jcs.js';
import {
  ENVELOPE_FILE,
  FORMAT_ID,
  type DsseEnvelope,
  type Frontier,
  type Manifest,
  type ManifestFile,
  type PlatformState,
} from '../../../shared/format/export-types.js';
import type { SigningKey } from './keys.js';
import { envelopeJson, manifestPayload, signCheckpoint, signEnvelope } from './signing.js';

const FLUSH_BYTES = 1 << 20;

/** Manifest fields the producer chooses; range, tree and files are computed from what was written. */
export interface ManifestFields {
  export_id: string;
  origin: string;
  org: { id: string; name: string };
  platform: { name: string; version: string };
  created_at: string;
  period: { from: string; to: string };
  previous_export: { export_id: string; tree_size: number; root: string } | null;
  heartbeat_seconds: number;
}

/** Ways a lying or broken producer deviates; every hook runs before the thing it changes is signed or digested. */
export interface BundleTamper {
  /** Bytes written as frontier.json instead of the honest JCS frontier. */
  frontierBytes?: (honest: Buffer) => Buffer;
  /** Bytes written as state.json instead of the honest JCS state. */
  stateBytes?: (honest: Buffer) => Buffer;
  /** The root claimed in the manifest and the checkpoint. */
  claimedRoot?: (honest: Buffer) => Buffer;
  /** The origin written on the checkpoint's first line. */
  checkpointOrigin?: (honest: string) => string;
  /** The checkpoint text after signing, before its digest enters the manifest. */
  checkpointText?: (signed: string) => string;
  /** The manifest before it is signed. */
  manifest?: (honest: Manifest) => Manifest;
  /** The envelope after signing. */
  envelope?: (signed: DsseEnvelope) => DsseEnvelope;
}

export interface FinishOptions {
  fields: ManifestFields;
  state: PlatformState | Buffer;
  logKeys: readonly SigningKey[];
  exportKeys: readonly SigningKey[];
  tamper?: BundleTamper;
}

export interface FinishedBundle {
  dir: string;
  manifest: Manifest;
  /** The honest MTH of frontier + written lines. */
  root: Buffer;
  treeSize: number;
  /** Files in the folder, sorted; the envelope included. */
  files: string[];
}

/** Writes entries.jsonl of one export and then the signed files around it. */
export class BundleBuilder {
  readonly dir: string;
  private readonly range: CompactRange;
  private readonly frontier: Frontier;
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private chunks: Buffer[] = [];
  private text: string[] = [];
  private textBytes = 0;
  private pending = 0;
  private bytes = 0;
  private lines = 0;
  private closed = false;

  /** Starts a bundle in `dir` (created, emptied) for an export whose first entry follows `frontier`. */
  constructor(dir: string, frontier: { size: number; hashes: readonly Buffer[] }) {
    this.dir = dir;
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    this.range = new CompactRange(frontier.size, [...frontier.hashes]);
    this.frontier = { size: frontier.size, hashes: frontier.hashes.map((h) => h.toString('hex')) };
    this.fd = openSync(path.join(dir, 'entries.jsonl'), 'w');
  }

  get count(): number {
    return this.lines;
  }

  /** Appends one line (without its newline); returns its leaf hash. */
  appendLine(line: Buffer): Buffer {
    const leaf = leafHash(line);
    this.range.push(leaf);
    this.takeText();
    this.appendBytes(line);
    this.appendBytes(NEWLINE);
    this.lines += 1;
    return leaf;
  }

  /** Appends one line given as text whose leaf hash the caller already computed (the fast path of long logs). */
  appendText(line: string, leaf: Buffer): void {
    this.range.push(leaf);
    this.text.push(line);
    this.textBytes += Buffer.byteLength(line, 'utf8') + 1;
    this.lines += 1;
    if (this.textBytes >= FLUSH_BYTES) this.takeText();
  }

  private takeText(): void {
    if (this.text.length === 0) return;
    const buf = Buffer.from(`${this.text.join('\n')}\n`, 'utf8');
    this.text = [];
    this.textBytes = 0;
    this.appendBytes(buf);
  }

  /** MTH of frontier + lines so far. */
  root(): Buffer {
    return this.range.root();
  }

  private appendBytes(b: Buffer): void {
    this.chunks.push(b);
    this.pending += b.length;
    this.bytes += b.length;
    if (this.pending >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pending === 0) return;
    const buf = Buffer.concat(this.chunks, this.pending);
    this.hash.update(buf);
    let off = 0;
    while (off < buf.length) off += writeSync(this.fd, buf, off);
    this.chunks = [];
    this.pending = 0;
  }

  /** Closes entries.jsonl and writes frontier.json, state.json, checkpoint and the signed envelope. */
  finish(opts: FinishOptions): FinishedBundle {
    if (this.closed) throw new Error('bundle already finished');
    this.takeText();
    this.flush();
    closeSync(this.fd);
    this.closed = true;
    const t = opts.tamper ?? {};
    const files: ManifestFile[] = [
      { path: 'entries.jsonl', sha256: this.hash.digest('hex'), bytes: this.bytes },
    ];
    const put = (name: string, content: Buffer): void => {
      writeFileSync(path.join(this.dir, name), content);
      files.push({ path: name, sha256: createHash('sha256').update(content).digest('hex'), bytes: content.length });
    };

    const frontierHonest = Buffer.from(canonicalize(this.frontier), 'utf8');
    put('frontier.json', t.frontierBytes ? t.frontierBytes(frontierHonest) : frontierHonest);
    const stateHonest = Buffer.isBuffer(opts.state) ? opts.state : Buffer.from(canonicalize(opts.state), 'utf8');
    put('state.json', t.stateBytes ? t.stateBytes(stateHonest) : stateHonest);

    const root = this.range.root();
    const treeSize = this.range.size;
    const claimed = t.claimedRoot ? t.claimedRoot(root) : root;
    const origin = opts.fields.origin;
    const cpOrigin = t.checkpointOrigin ? t.checkpointOrigin(origin) : origin;
    const checkpoint = signCheckpoint(cpOrigin, treeSize, claimed, opts.logKeys);
    put('checkpoint', Buffer.from(t.checkpointText ? t.checkpointText(checkpoint) : checkpoint, 'utf8'));

    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const first = this.frontier.size;
    let manifest: Manifest = {
      format: FORMAT_ID,
      export_id: opts.fields.export_id,
      origin,
      org: opts.fields.org,
      platform: opts.fields.platform,
      created_at: opts.fields.created_at,
      period: opts.fields.period,
      range: { first_seq: first, last_seq: first + this.lines - 1, count: this.lines },
      tree: { size: treeSize, root: claimed.toString('hex') },
      previous_export: opts.fields.previous_export,
      heartbeat_seconds: opts.fields.heartbeat_seconds,
      files,
    };
    if (t.manifest) manifest = t.manifest(manifest);
    let envelope = signEnvelope(manifestPayload(manifest), opts.exportKeys);
    if (t.envelope) envelope = t.envelope(envelope);
    writeFileSync(path.join(this.dir, ENVELOPE_FILE), envelopeJson(envelope));
    return { dir: this.dir, manifest, root, treeSize, files: [...files.map((f) => f.path), ENVELOPE_FILE].sort() };
  }
}

const NEWLINE = Buffer.from('\n', 'utf8');

/** Everything needed to write a small bundle in one call. */
export interface WriteBundleOptions extends FinishOptions {
  dir: string;
  /** Entry lines without newlines (JCS text). */
  lines: readonly (string | Buffer)[];
  frontier: { size: number; hashes: readonly Buffer[] };
}

/** Writes a whole bundle folder from in-memory lines. */
export function writeBundle(opts: WriteBundleOptions): FinishedBundle {
  const b = new BundleBuilder(opts.dir, opts.frontier);
  for (const l of opts.lines) b.appendLine(Buffer.isBuffer(l) ? l : Buffer.from(l, 'utf8'));
  return b.finish(opts);
}

/** Reads back a file of a finished bundle (tests, plants). */
export function readBundleFile(dir: string, name: string): Buffer {
  return readFileSync(path.join(dir, name));
}
