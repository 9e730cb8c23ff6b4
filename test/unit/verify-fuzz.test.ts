/**
 * Fuzz: random byte flips, deletions and insertions anywhere in the sample bundle's files (and in
 * its ZIP form) must never come out VALID and never crash the verifier.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { verifyBundle } from '../../electron/core/verify/verify-bundle.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { SAMPLE_BUNDLE, SAMPLE_KEYRING } from '../support/paths.js';
import { copyBundle, removeDir, tempDir, zipBundle } from '../support/bundle-files.js';

const keyring = parseKeyring(readFileSync(SAMPLE_KEYRING, 'utf8'));
const FILES = ['checkpoint', 'entries.jsonl', 'frontier.json', 'manifest.dsse.json', 'state.json'];
const RUNS = Number(process.env.CROSSCHECK_FUZZ_RUNS ?? 1500);

type Mutation = { kind: 'flip' | 'delete' | 'insert'; at: number; bit: number; byte: number; len: number };

const mutation = fc.record({
  kind: fc.constantFrom('flip', 'delete', 'insert'),
  at: fc.nat(),
  bit: fc.integer({ min: 0, max: 7 }),
  byte: fc.integer({ min: 0, max: 255 }),
  len: fc.integer({ min: 1, max: 8 }),
}) as fc.Arbitrary<Mutation>;

function mutate(buf: Buffer, m: Mutation): Buffer {
  const at = buf.length === 0 ? 0 : m.at % buf.length;
  if (m.kind === 'flip') {
    const out = Buffer.from(buf);
    if (out.length) out[at]! ^= 1 << m.bit;
    return out;
  }
  if (m.kind === 'delete') return Buffer.concat([buf.subarray(0, at), buf.subarray(Math.min(buf.length, at + m.len))]);
  return Buffer.concat([buf.subarray(0, at), Buffer.alloc(m.len, m.byte), buf.subarray(at)]);
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && a.equals(b);
}

describe('fuzzing the sample bundle', () => {
  it(`${RUNS} random mutations of the folder bundle: never VALID, never a crash`, async () => {
    const originals = Object.fromEntries(FILES.map((f) => [f, readFileSync(path.join(SAMPLE_BUNDLE, f))]));
    const dir = copyBundle(SAMPLE_BUNDLE);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FILES), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (file, muts) => {
        let bytes: Buffer = originals[file]!;
        for (const m of muts) bytes = mutate(bytes, m);
        fc.pre(!sameBytes(bytes, originals[file]!));
        // The envelope is parsed, not hashed: a change to its whitespace alone is not tampering.
        if (file === 'manifest.dsse.json') {
          let sameJson: boolean;
          try {
            const a = JSON.parse(bytes.toString('utf8')) as unknown;
            sameJson = JSON.stringify(a) === JSON.stringify(JSON.parse(originals[file]!.toString('utf8')));
          } catch {
            sameJson = false;
          }
          fc.pre(!sameJson);
        }
        writeFileSync(path.join(dir, file), bytes);
        try {
          const r = (await verifyBundle(dir, { keyring })).report;
          expect(r.integrity.status).not.toBe('VALID');
        } finally {
          writeFileSync(path.join(dir, file), originals[file]!);
        }
      }),
      { numRuns: RUNS },
    );
    removeDir(path.dirname(dir));
  });

  it(`${Math.ceil(RUNS / 3)} random mutations of the ZIP archive: never VALID, never a crash`, async () => {
    const zip = readFileSync(zipBundle(SAMPLE_BUNDLE));
    const out = path.join(tempDir(), 'fuzzed.zip');
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (muts) => {
        let bytes: Buffer = zip;
        for (const m of muts) bytes = mutate(bytes, m);
        fc.pre(!sameBytes(bytes, zip));
        writeFileSync(out, bytes);
        const r = (await verifyBundle(out, { keyring })).report;
        // A flip inside ZIP metadata nobody reads (e.g. a timestamp) may leave every member intact.
        // VALID is then right only if every signed byte came through intact.
        if (r.integrity.status === 'VALID') {
          expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
          expect(r.integrity.checks.every((c) => c.status === 'pass')).toBe(true);
          expect(r.export.tree?.root).toBe('033ec2d8d989e8c085699c5f524d3364198644d65bb4cf84ef99e3cbf97b10c4');
        }
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });
});
