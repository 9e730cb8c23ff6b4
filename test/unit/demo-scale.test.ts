/**
 * A 100k-entry export streams to disk and is still correct end to end: contiguous seq, intact
 * chain, root equal to the manifest's. Speed and memory are measured by the benchmarks; this only
 * guards correctness at a size where buffering mistakes would show.
 */
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, expect, it } from 'vitest';
import { ZERO_HASH, type DsseEnvelope, type Manifest } from '../../shared/format/export-types.js';
import { CompactRange, leafHash } from '../../electron/core/merkle/merkle.js';
import { sha256Hex } from '../../electron/core/crypto/sha256.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'crosscheck-demo-scale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

it('100k entries: seq, chain, root and digest hold', async () => {
  const g = await generateDemo({ outDir: tmp, entries: 100_000, seed: 'scale', zip: false });
  expect(g.zipPath).toBeNull();
  const env = JSON.parse(readFileSync(path.join(g.bundleDir, 'manifest.dsse.json'), 'utf8')) as DsseEnvelope;
  const manifest = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as Manifest;
  const range = new CompactRange();
  let prev = ZERO_HASH;
  let seq = 0;
  const rl = createInterface({ input: createReadStream(path.join(g.bundleDir, 'entries.jsonl')), crlfDelay: Infinity });
  for await (const line of rl) {
    const e = JSON.parse(line) as { seq: number; prev: string };
    if (e.seq !== seq || e.prev !== prev) throw new Error(`break at line ${seq}`);
    const leaf = leafHash(Buffer.from(line, 'utf8'));
    range.push(leaf);
    prev = leaf.toString('hex');
    seq++;
  }
  expect(seq).toBe(100_000);
  expect(manifest.tree).toEqual({ size: 100_000, root: range.root().toString('hex') });
  const entriesFile = manifest.files.find((f) => f.path === 'entries.jsonl')!;
  expect(entriesFile.sha256).toBe(sha256Hex(readFileSync(path.join(g.bundleDir, 'entries.jsonl'))));
  expect(g.expected.findings).toEqual([]);
});
