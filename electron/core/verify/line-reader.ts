/** Splits a byte stream into lines without decoding, holding at most one partial line. */
import { isAscii } from 'node:buffer';
import { createHash, type Hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { throwIfAborted } from '../errors/crosscheck-error.js';

/** Bytes of an all-ASCII chunk decoded at once (whole lines; one longer line is decoded alone). */
const PIECE = 64 * 1024;

/** A stream that went past the bytes it may have, or a line longer than a line may be. */
export class StreamLimitError extends Error {}

/** Bounds on what readLines takes in before it stops (spec §2: never past the signed size). */
export interface ReadLimits {
  /** Total bytes: the first byte past it stops the read. */
  maxBytes?: number;
  /** Bytes of one line, its newline not counted. */
  maxLine?: number;
}

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
  limits: ReadLimits = {},
): Promise<{ bytes: number; sha256: string | null }> {
  const hash: Hash | null = hashing ? createHash('sha256') : null;
  const maxBytes = limits.maxBytes ?? Infinity;
  const maxLine = limits.maxLine ?? Infinity;
  const tooLong = (): never => {
    throw new StreamLimitError(`a line is longer than ${maxLine} bytes`);
  };
  // A partial line is kept as its pieces and joined once, when its newline comes: joining at every
  // chunk would copy a long line over and over (quadratic in its length).
  let carry: Buffer[] | null = null;
  let carryLength = 0;
  let bytes = 0;
  try {
    for await (const chunk of stream) {
      throwIfAborted(signal);
      const buf = chunk as Buffer;
      bytes += buf.length;
      if (bytes > maxBytes) throw new StreamLimitError(`the file goes on past ${maxBytes} bytes`);
      hash?.update(buf);
      let start = 0;
      let nl = buf.indexOf(10, start);
      if (carry !== null && nl >= 0) {
        if (carryLength + nl > maxLine) tooLong();
        carry.push(buf.subarray(0, nl));
        onLine(Buffer.concat(carry, carryLength + nl), true, undefined);
        carry = null;
        carryLength = 0;
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
        if (nl - start > maxLine) tooLong();
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
        // A copy: the stream may reuse its chunk's memory.
        const rest = Buffer.from(buf.subarray(start));
        carryLength += rest.length;
        if (carryLength > maxLine) tooLong();
        (carry ??= []).push(rest);
      }
      onChunk?.(bytes);
    }
  } finally {
    stream.destroy();
  }
  if (carry !== null && carryLength > 0) onLine(Buffer.concat(carry, carryLength), false, undefined);
  return { bytes, sha256: hash ? hash.digest('hex') : null };
}
