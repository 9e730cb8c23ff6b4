/**
 * The demo log is a function of its seed: the same seed gives the same bytes, and consecutive
 * segments (`firstSeq`) are consecutive exports of one log — frontier, state, period and
 * previous_export line up with the export before them, whichever later cut is asked for.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/format/jcs.js';
import type { AuditEntry, DsseEnvelope, Manifest, PlatformState } from '../../shared/format/export-types.js';
import { createEvaluator } from '../../shared/evaluate/evaluator.js';
import { CompactRange, leafHash } from '../../electron/core/merkle/merkle.js';
import { generateDemo, exportIdFor, type GenerateDemoResult } from '../../electron/core/demo/generate-demo.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'crosscheck-demo-det-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
async function gen(entries: number, firstSeq = 0, seed: string | number = 7): Promise<GenerateDemoResult> {
  return generateDemo({ outDir: path.join(tmp, `run-${n++}`), entries, firstSeq, seed });
}

const read = (dir: string, f: string): Buffer => readFileSync(path.join(dir, f));
const linesOf = (dir: string): string[] => read(dir, 'entries.jsonl').toString('utf8').split('\n').slice(0, -1);
const manifestOf = (dir: string): Manifest =>
  JSON.parse(Buffer.from((JSON.parse(read(dir, 'manifest.dsse.json').toString('utf8')) as DsseEnvelope).payload, 'base64').toString('utf8')) as Manifest;

/** Checks that `next` continues the log whose entries 0..S-1 are `before`. */
function expectContinues(before: string[], startState: PlatformState, next: GenerateDemoResult): void {
  const S = before.length;
  const range = new CompactRange();
  for (const l of before) range.push(leafHash(Buffer.from(l)));
  expect(read(next.bundleDir, 'frontier.json').toString('utf8')).toBe(canonicalize({ size: S, hashes: range.frontier.map((h) => h.toString('hex')) }));
  const ev = createEvaluator(startState);
  for (const l of before) ev.apply(JSON.parse(l) as AuditEntry);
  expect(read(next.bundleDir, 'state.json').toString('utf8')).toBe(canonicalize(ev.finish().endState));
  const m = manifestOf(next.bundleDir);
  const lastBefore = JSON.parse(before[S - 1]!) as AuditEntry;
  expect(m.period.from).toBe(lastBefore.ts);
  expect(m.previous_export).toEqual({ export_id: exportIdFor('7', S), tree_size: S, root: range.root().toString('hex') });
  const first = JSON.parse(linesOf(next.bundleDir)[0]!) as AuditEntry;
  expect(first.seq).toBe(S);
  expect(first.prev).toBe(leafHash(Buffer.from(before[S - 1]!)).toString('hex'));
}

describe('determinism', () => {
  it('the same seed gives byte-identical files and zip; another seed another log', async () => {
    const a = await gen(1500);
    const b = await gen(1500);
    const files = readdirSync(a.bundleDir).sort();
    expect(readdirSync(b.bundleDir).sort()).toEqual(files);
    for (const f of files) expect(read(a.bundleDir, f).equals(read(b.bundleDir, f))).toBe(true);
    expect(readFileSync(a.zipPath!).equals(readFileSync(b.zipPath!))).toBe(true);
    expect(readFileSync(a.keyringPath).equals(readFileSync(b.keyringPath))).toBe(true);
    expect(readFileSync(a.expectedPath).equals(readFileSync(b.expectedPath))).toBe(true);
    const c = await gen(1500, 0, 8);
    expect(read(c.bundleDir, 'entries.jsonl').equals(read(a.bundleDir, 'entries.jsonl'))).toBe(false);
  });

  it('a later cut never changes the entries before an earlier one', async () => {
    const short = linesOf((await gen(1000)).bundleDir);
    const long = linesOf((await gen(1200)).bundleDir);
    // 1000 is on the cut grid, so both runs agree on everything before it.
    expect(long.slice(0, 1000)).toEqual(short);
    const seg1 = await gen(300, 1000);
    const seg2 = await gen(700, 1000);
    expect(read(seg1.bundleDir, 'frontier.json').equals(read(seg2.bundleDir, 'frontier.json'))).toBe(true);
    expect(read(seg1.bundleDir, 'state.json').equals(read(seg2.bundleDir, 'state.json'))).toBe(true);
    expect(linesOf(seg2.bundleDir).slice(0, 300)).toEqual(linesOf(seg1.bundleDir));
  });
});

describe('segments are consecutive exports of one log', () => {
  it('three exports on the grid chain up', async () => {
    const first = await gen(1000);
    const second = await gen(1000, 1000);
    const third = await gen(1000, 2000);
    const init = JSON.parse(read(first.bundleDir, 'state.json').toString('utf8')) as PlatformState;
    const l1 = linesOf(first.bundleDir);
    const l2 = linesOf(second.bundleDir);
    expectContinues(l1, init, second);
    expectContinues([...l1, ...l2], init, third);
    expect(manifestOf(second.bundleDir).previous_export!.export_id).toBe(first.manifest.export_id);
    expect(manifestOf(third.bundleDir).previous_export!.export_id).toBe(second.manifest.export_id);
  });

  it('an off-grid cut continues the export that ends there', async () => {
    const head = await gen(1234);
    const tail = await gen(400, 1234);
    const init = JSON.parse(read(head.bundleDir, 'state.json').toString('utf8')) as PlatformState;
    expectContinues(linesOf(head.bundleDir), init, tail);
  });
});
