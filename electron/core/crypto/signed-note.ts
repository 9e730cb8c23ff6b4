/** C2SP signed notes as used for checkpoints (spec §5). */

export interface NoteSignature {
  name: string;
  keyId: Buffer;
  signature: Buffer;
}

export interface SignedNote {
  /** The signed text: the body lines including their final newline. */
  text: Buffer;
  origin: string;
  treeSize: number;
  rootBase64: string;
  root: Buffer | null;
  signatures: NoteSignature[];
}

export class NoteFormatError extends Error {}

const SIG_PREFIX = '\u2014 ';
const DECIMAL = /^(0|[1-9][0-9]*)$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Parses a checkpoint note strictly; any deviation from the format is a NoteFormatError. */
export function parseCheckpoint(bytes: Buffer): SignedNote {
  const text = bytes.toString('utf8');
  if (!Buffer.from(text, 'utf8').equals(bytes)) throw new NoteFormatError('the checkpoint is not valid UTF-8');
  const sep = text.indexOf('\n\n');
  if (sep < 0) throw new NoteFormatError('the checkpoint has no blank line between body and signatures');
  const body = text.slice(0, sep + 1);
  const lines = body.slice(0, -1).split('\n');
  if (lines.length < 3) throw new NoteFormatError('the checkpoint body has fewer than three lines');
  const [origin, sizeText, rootB64] = lines as [string, string, string];
  if (origin.length === 0) throw new NoteFormatError('the checkpoint origin line is empty');
  if (!DECIMAL.test(sizeText) || !Number.isSafeInteger(Number(sizeText))) {
    throw new NoteFormatError(`the checkpoint tree size "${sizeText}" is not a decimal number`);
  }
  let root: Buffer | null = null;
  if (BASE64.test(rootB64)) {
    const b = Buffer.from(rootB64, 'base64');
    if (b.length === 32 && b.toString('base64') === rootB64) root = b;
  }
  if (root === null) throw new NoteFormatError('the checkpoint root is not the base64 of 32 bytes');
  const sigText = text.slice(sep + 2);
  if (!sigText.endsWith('\n')) throw new NoteFormatError('the checkpoint does not end with a newline');
  const signatures: NoteSignature[] = [];
  for (const line of sigText.slice(0, -1).split('\n')) {
    if (!line.startsWith(SIG_PREFIX)) throw new NoteFormatError(`not a signature line: "${line.slice(0, 60)}"`);
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.lastIndexOf(' ');
    if (space <= 0) throw new NoteFormatError('a signature line has no key name');
    const name = rest.slice(0, space);
    const blob = rest.slice(space + 1);
    if (!BASE64.test(blob)) throw new NoteFormatError('a signature is not base64');
    const raw = Buffer.from(blob, 'base64');
    if (raw.length < 5) throw new NoteFormatError('a signature is too short');
    // Text that is not standard padded base64 (stray bits, no padding) is not the signature that was
    // made. Its key ID still decodes, so the line keeps it and carries an empty signature: ignored
    // when the key ID names no usable key, checkpoint_signature_invalid when it does (§5).
    const signature = raw.toString('base64') === blob ? raw.subarray(4) : Buffer.alloc(0);
    signatures.push({ name, keyId: raw.subarray(0, 4), signature });
  }
  if (signatures.length === 0) throw new NoteFormatError('the checkpoint carries no signature line');
  return {
    text: Buffer.from(body, 'utf8'),
    origin,
    treeSize: Number(sizeText),
    rootBase64: rootB64,
    root,
    signatures,
  };
}

/** The body of a checkpoint note (what gets signed). */
export function checkpointBody(origin: string, treeSize: number, root: Buffer): string {
  return `${origin}\n${treeSize}\n${root.toString('base64')}\n`;
}

/** A signature line for a note. */
export function noteSignatureLine(name: string, keyId: Buffer, signature: Buffer): string {
  return `${SIG_PREFIX}${name} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;
}
