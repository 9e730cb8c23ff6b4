/** Splits a byte stream into lines without decoding, holding at most one partial line. */
import { isAscii } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { throwIfAborted } from '../errors/crosscheck-error.js';

/** Bytes of an all-ASCII chunk decoded at once (whole lines; one longer line is decoded alone). */
const PIECE = 64 * 1024;

/** Size and SHA-256 (hex) of a file or stream read to its end. */
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
 * chunk is decoded a piece of whole lines at a time, and each line is a slice of its piece: no
 * per-line decoding, no per-line copy of the text (a slice shares its parent's characters), and the
 * line is known to be valid UTF-8 (ASCII is). For ASCII, Latin-1 and UTF-8 decode to the same
 * characters.
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
      const ascii = nl >= 0 && isAscii(buf);
      // The chunk's text is decoded in pieces of whole lines, about PIECE bytes each: a string
      // that large lives in the young generation and dies there, where a whole 1 MB chunk's would
      // go to the large-object space and stay until the next full collection (+70 MB peak RSS).
      let pieceFrom = 0;
      let pieceTo = -1;
      let piece = '';
      while (nl >= 0) {
        let text: string | undefined;
        if (ascii) {
          if (nl > pieceTo) {
            pieceFrom = start;
            pieceTo = Math.max(nl, buf.lastIndexOf(10, Math.min(buf.length - 1, start + PIECE)));
            piece = buf.toString('latin1', pieceFrom, pieceTo);
          }
          text = piece.slice(start - pieceFrom, nl - pieceFrom);
        }
        onLine(buf.subarray(start, nl), true, text);
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
