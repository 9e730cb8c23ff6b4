/** Splits a byte stream into lines without decoding, holding at most one partial line. */
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
 */
export async function readLines(
  stream: Readable,
  onLine: (line: Buffer, complete: boolean) => void,
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
        onLine(Buffer.concat([carry, buf.subarray(0, nl)]), true);
        carry = null;
        start = nl + 1;
        nl = buf.indexOf(10, start);
      }
      while (nl >= 0) {
        onLine(buf.subarray(start, nl), true);
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
  if (carry !== null && carry.length > 0) onLine(carry, false);
  return { bytes, sha256: hash ? hash.digest('hex') : null };
}
