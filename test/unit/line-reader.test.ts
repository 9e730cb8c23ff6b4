/**
 * The line reader hands each line of an all-ASCII chunk over as a slice of the chunk's text; the
 * entry checker then skips its own decoding and UTF-8 check. Both shortcuts must change nothing:
 * the same lines, and the same findings, columns and canonical flags as decoding line by line.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Finding } from '../../shared/report/report-types.js';
import { canonicalize } from '../../shared/format/jcs.js';
import { readLines } from '../../electron/core/verify/line-reader.js';
import { EntryChecker } from '../../electron/core/verify/entry-checker.js';
import type { CheckedLine } from '../../electron/core/verify/verify-api.js';
import { entryColumns, type EntryColumns } from '../../electron/core/verify/entry-columns.js';

interface ReadLine {
  bytes: Buffer;
  complete: boolean;
  ascii: string | undefined;
}

async function read(chunks: Buffer[]): Promise<ReadLine[]> {
  const out: ReadLine[] = [];
  await readLines(Readable.from(chunks), (bytes, complete, ascii) => out.push({ bytes: Buffer.from(bytes), complete, ascii }), undefined, undefined, false);
  return out;
}

function split(buf: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const c of [...at, buf.length]) {
    if (c > from) chunks.push(buf.subarray(from, c));
    from = c;
  }
  return chunks;
}

type Row = Omit<CheckedLine, 'line' | 'entry'> & { columns: EntryColumns };

function check(lines: ReadLine[], useAscii: boolean): { findings: Finding[]; rows: Row[] } {
  const findings: Finding[] = [];
  const rows: Row[] = [];
  const checker = new EntryChecker({
    firstSeq: 0,
    frontier: null,
    firstPrev: null,
    maxGapMs: 60_000,
    periodFromMs: null,
    add: (f) => findings.push(f),
    onEntry: ({ line: _line, entry, ...rest }) => rows.push({ ...rest, columns: entryColumns(entry) }),
  });
  for (const l of lines) checker.line(l.bytes, l.complete, useAscii ? l.ascii : undefined);
  return { findings, rows };
}

const entryLine = (seq: number, text: string): string =>
  canonicalize({ seq, prev: '0'.repeat(64), ts: `2026-03-01T00:00:${String(seq % 60).padStart(2, '0')}.000Z`, action_type: 'note', data: { text } });

describe('line reader: ASCII chunks as text slices', () => {
  it('gives every line of an all-ASCII chunk as its text, and none of a chunk with other bytes', async () => {
    const a = Buffer.from(`${entryLine(0, 'plain')}\n${entryLine(1, 'also plain')}\n`);
    const b = Buffer.from(`${entryLine(2, 'café')}\n${entryLine(3, 'plain')}\n`);
    const lines = await read([a, b]);
    expect(lines.map((l) => l.ascii !== undefined)).toEqual([true, true, false, false]);
    expect(lines[0]!.ascii).toBe(entryLine(0, 'plain'));
    expect(lines[2]!.bytes.toString('utf8')).toBe(entryLine(2, 'café'));
  });

  it('a chunk larger than one decoded piece: every line, short or longer than a piece, comes out whole', async () => {
    const sizes = [...Array(400).keys()].map((i) => 1 + ((i * 7919) % 3000));
    sizes.splice(150, 0, 150_000, 65_536, 65_535);
    const texts = sizes.map((n, i) => String.fromCharCode(97 + (i % 26)).repeat(n));
    const buf = Buffer.from(texts.join('\n') + '\n');
    const lines = await read([buf]);
    expect(lines.map((l) => l.ascii)).toEqual(texts);
  });

  it('a line split across chunks is joined and decoded on its own', async () => {
    const text = `${entryLine(0, 'first')}\n${entryLine(1, 'second')}\n${entryLine(2, 'third')}`;
    const buf = Buffer.from(text);
    const lines = await read(split(buf, [20, 200]));
    expect(lines.map((l) => l.bytes.toString())).toEqual(text.split('\n'));
    expect(lines.map((l) => l.complete)).toEqual([true, true, false]);
    // The first line ends in the second chunk (carried), the last has no newline.
    expect(lines[0]!.ascii).toBeUndefined();
    expect(lines[2]!.ascii).toBeUndefined();
  });

  it('random lines and chunkings: the same lines, and the same checks as decoding each line', async () => {
    const piece = fc.oneof(
      fc.constantFrom('a', 'Z', '0', ' ', '"', '\\', '{', '}', ',', ':'),
      fc.constantFrom('é', '€', '😀'),
      fc.constant('\uFFFD'),
    );
    const line = fc.oneof(
      fc.tuple(fc.nat({ max: 50 }), fc.array(piece, { maxLength: 12 })).map(([seq, p]) => Buffer.from(entryLine(seq, p.join('')))),
      fc.array(piece, { maxLength: 20 }).map((p) => Buffer.from(p.join(''))),
      fc.uint8Array({ maxLength: 30 }).map((u) => Buffer.from(u.filter((b) => b !== 10))),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 6 }), async (ls, terminated, cuts) => {
        const buf = Buffer.concat(ls.flatMap((l, i) => (i < ls.length - 1 || terminated ? [l, Buffer.from('\n')] : [l])));
        const lines = await read(split(buf, cuts));
        expect(Buffer.concat(lines.flatMap((l) => (l.complete ? [l.bytes, Buffer.from('\n')] : [l.bytes])))).toEqual(buf);
        for (const l of lines) {
          if (l.ascii === undefined) continue;
          expect(l.bytes.every((b) => b < 0x80)).toBe(true);
          expect(l.ascii).toBe(l.bytes.toString('latin1'));
        }
        expect(check(lines, true)).toEqual(check(lines, false));
      }),
      { numRuns: 400 },
    );
  });
});
