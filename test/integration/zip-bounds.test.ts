/**
 * Zip bombs (spec §2): a small archive whose member inflates far past the size the signed manifest
 * gives it is refused without inflating it, or stops at the first byte past that size; a line is
 * bounded. Each case is timed and its memory sampled while it runs, inside the test.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { crc32, createDeflateRaw } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../shared/report/report-types.js';
import { MAX_LINE_BYTES } from '../../electron/core/verify/line-pass.js';
import { verifyBundle } from '../../electron/core/verify/verify-bundle.js';
import { copyExport, demoExport, resignExport, type DemoExport } from '../support/demo-export.js';
import { writeRawZip, type RawZipMember } from '../support/raw-zip.js';

const BOMB = 200 * 1024 * 1024;
const MiB = 1024 * 1024;
const tmp = mkdtempSync(path.join(os.tmpdir(), 'crosscheck-zip-bounds-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let demo: DemoExport;
/** BOMB zero bytes (no newline) as raw DEFLATE, their CRC-32 and SHA-256. */
let zeros: { data: Buffer; crc: number; sha256: string };
let n = 0;

async function deflateZeros(size: number): Promise<typeof zeros> {
  const chunk = Buffer.alloc(MiB);
  const deflate = createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on('data', (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflate.on('end', resolve));
  let crc = 0;
  const hash = createHash('sha256');
  for (let i = 0; i < size / MiB; i++) {
    crc = crc32(chunk, crc);
    hash.update(chunk);
    if (!deflate.write(chunk)) await new Promise((r) => deflate.once('drain', r));
  }
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc, sha256: hash.digest('hex') };
}

beforeAll(async () => {
  demo = await demoExport(path.join(tmp, 'demo'), 'zip-bounds');
  zeros = await deflateZeros(BOMB);
}, 60_000);

/** The folder as a ZIP, with `name` replaced by the bomb whose directory claims `claimed` bytes. */
function bombZip(dir: string, name: string, claimed: 'truthful' | 'lying'): string {
  const file = path.join(tmp, `bomb-${n++}.zip`);
  const members: RawZipMember[] = readdirSync(dir)
    .sort()
    .map((m) => {
      const data = readFileSync(path.join(dir, m));
      if (m !== name) return { name: m, data };
      return {
        name: m,
        data: Buffer.alloc(0),
        deflated: zeros,
        size: claimed === 'truthful' ? BOMB : data.length,
      };
    });
  writeRawZip(file, members);
  return file;
}

/** Verifies with the time taken and the peak RSS growth sampled every 10 ms while it ran. */
async function measured(file: string): Promise<{ report: Report; ms: number; rssGrowth: number }> {
  (globalThis as { gc?: () => void }).gc?.();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
  const t0 = performance.now();
  try {
    const { report } = await verifyBundle(file, { keyring: demo.keyring });
    peak = Math.max(peak, process.memoryUsage().rss);
    return { report, ms: performance.now() - t0, rssGrowth: peak - base };
  } finally {
    clearInterval(timer);
  }
}

function expectQuickAndSmall(m: { ms: number; rssGrowth: number }, what: string): void {
  console.log(`${what}: ${m.ms.toFixed(0)} ms, peak RSS growth ${(m.rssGrowth / MiB).toFixed(1)} MiB`);
  expect(m.ms).toBeLessThan(10_000);
  expect(m.rssGrowth).toBeLessThan(200 * MiB);
}

const check = (r: Report, id: string): { status: string; detail: string } =>
  r.integrity.checks.find((c) => c.id === id)!;

describe(`a ZIP whose member inflates to ${BOMB / MiB} MiB of zeros`, () => {
  it('is a small archive (the point of a bomb)', () => {
    const file = bombZip(demo.bundleDir, 'entries.jsonl', 'truthful');
    expect(statSync(file).size).toBeLessThan(2 * MiB);
  });

  for (const name of ['entries.jsonl', 'state.json', 'frontier.json', 'checkpoint']) {
    it(`${name}, the directory telling its size: file_digest_mismatch, not inflated`, async () => {
      const m = await measured(bombZip(demo.bundleDir, name, 'truthful'));
      expectQuickAndSmall(m, `${name} truthful`);
      expect(m.report.integrity.status).toBe('INVALID');
      const f = m.report.findings.find((x) => x.kind === 'file_digest_mismatch');
      expect(f?.message).toContain(`${name} is ${BOMB} bytes in the ZIP directory`);
      expect(check(m.report, 'file_digests').status).toBe('fail');
    });

    it(`${name}, the directory claiming the signed size: the read stops at the first byte past it`, async () => {
      const m = await measured(bombZip(demo.bundleDir, name, 'lying'));
      expectQuickAndSmall(m, `${name} lying`);
      expect(m.report.integrity.status).toBe('INVALID');
      expect(m.report.findings.map((x) => x.kind)).toContain('bundle_malformed');
      expect(check(m.report, 'file_digests').status).toBe('fail');
    });
  }

  it('manifest.dsse.json: read no further than the envelope bound, INVALID', async () => {
    const m = await measured(bombZip(demo.bundleDir, 'manifest.dsse.json', 'truthful'));
    expectQuickAndSmall(m, 'manifest.dsse.json');
    expect(m.report.integrity.status).toBe('INVALID');
    expect(check(m.report, 'bundle_shape').status).toBe('fail');
    expect(
      m.report.findings.some(
        (f) => f.kind === 'bundle_malformed' && f.message.includes('manifest.dsse.json cannot be read'),
      ),
    ).toBe(true);
  });

  it('entries.jsonl signed at that size by the producer: the line bound stops it', async () => {
    const dir = copyExport(demo, path.join(tmp, `signed-bomb-${n++}`));
    resignExport(demo, dir, (mf) => ({
      ...mf,
      files: mf.files.map((f) =>
        f.path === 'entries.jsonl' ? { ...f, bytes: BOMB, sha256: zeros.sha256 } : f,
      ),
    }));
    const m = await measured(bombZip(dir, 'entries.jsonl', 'truthful'));
    expectQuickAndSmall(m, 'entries.jsonl signed');
    expect(m.report.integrity.status).toBe('INVALID');
    expect(m.report.findings.find((f) => f.kind === 'bundle_malformed')?.message).toContain(
      `a line is longer than ${MAX_LINE_BYTES} bytes`,
    );
    expect(check(m.report, 'canonical_entries').status).toBe('skip');
  });
});
