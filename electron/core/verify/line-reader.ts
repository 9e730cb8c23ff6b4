/** Splits a byte stream into lines without decoding, holding at most one partial line. */
import { isAscii } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { throwIfAborted } from '../errors/crosscheck-error.js';

export interface LineStreamResult {
  bytes: number;
  sha256: string;
}

/**
 * Calls onLine for each line (complete = it ended with "\n"), hashing the whole stream as it goes
 * unless `hashing` is false (then sha256 is null: a caller that sees every line and its newline
 * hashes them itself). The stream's bytes are exactly the lines, each complete one followed by "\n".
 *
 * `ascii` is the line as a string when it lies in a chunk that is all ASCII, else undefined. Such a
 * chunk is decoded once, and each of its lines is a slice of that string: no per-line decoding, no
 * per-line copy of the text (a slice shares its parent's characters), and the line is known to be
 * valid UTF-8 (ASCII is). For ASCII, Latin-1 and UTF-8 decode to the same characters.
 */
export async function readLines(
  stream: Readable,
  onLine: (line: Buffer, complete: boolean, ascii: string | undefined) => void,
  onChunk?: (bytesSoFar: number) => void,
  signal?: AbortSignal,
  hashing = true,
): Promise<{ bytes: number; sha256: string | null }> {
  const hash: Hash | null = hashing ? createHash('sha256') : null;
  let carry: Buffer | null = null;
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      throwIfAborted(signal);
      const buf = chunk as Buffer;
      hash?.update(buf);
      bytes += buf.length;
      let start = 0;
      let nl = buf.indexOf(10, start);
      if (carry !== null && nl >= 0) {
        onLine(Buffer.concat([carry, buf.subarray(0, nl)]), true, undefined);
        carry = null;
        start = nl + 1;
        nl = buf.indexOf(10, start);
      }
      const text = nl >= 0 && isAscii(buf) ? buf.toString('latin1') : undefined;
      while (nl >= 0) {
        onLine(buf.subarray(start, nl), true, text?.slice(start, nl));
        start = nl + 1;
        nl = buf.indexOf(10, start);
      }
      if (start < buf.length) {
        const rest = buf.subarray(start);
        carry = carry === null ? Buffer.from(rest) : Buffer.concat([carry, rest]);
      }
      onChunk?.(bytes);
    }
  } finally {
    stream.destroy();
  }
  if (carry !== null && carry.length > 0) onLine(carry, false, undefined);
  return { bytes, sha256: hash ? hash.digest('hex') : null };
}
