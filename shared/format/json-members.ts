/**
 * Finds a repeated member name in a JSON object. RFC 8259 §4 leaves duplicate names to the parser
 * (JSON.parse keeps the last one, other parsers the first or neither), so one document can read as
 * two: Crosscheck refuses it wherever it reads a bundle's or a keyring's JSON (docs/verification.md).
 */

/** Where a member name repeats: `path` of the object (`$`, `$.signatures[0]`) and the name. */
export interface DuplicateMember {
  path: string;
  name: string;
}

interface ObjectFrame {
  kind: 'object';
  names: Set<string>;
  /** The member whose value is being read (or was read last). */
  name: string | null;
  expectName: boolean;
}

interface ArrayFrame {
  kind: 'array';
  index: number;
}

type Frame = ObjectFrame | ArrayFrame;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Index of the quote that closes the string opened at `open`, or -1 when there is none. */
function closingQuote(text: string, open: number): number {
  let q = text.indexOf('"', open + 1);
  while (q >= 0) {
    let backslashes = 0;
    for (let k = q - 1; k > open && text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return q;
    q = text.indexOf('"', q + 1);
  }
  return -1;
}

function pathOf(stack: Frame[]): string {
  let out = '$';
  // The innermost frame is the object holding the duplicate: its own current name is not part of
  // its path.
  for (let i = 0; i < stack.length - 1; i++) {
    const f = stack[i]!;
    out +=
      f.kind === 'array'
        ? `[${f.index}]`
        : /^[A-Za-z_][A-Za-z0-9_]*$/.test(f.name ?? '')
          ? `.${f.name}`
          : `[${JSON.stringify(f.name)}]`;
  }
  return out;
}

/**
 * The first repeated member name in `text`, or null when every object's names are distinct.
 * Names are compared as decoded strings ("a" and "\u0061" are one name). Meant for text that
 * JSON.parse accepts; on other text it returns what it saw before the first malformed token.
 * Iterative, so deep nesting cannot overflow the stack.
 */
export function findDuplicateMember(text: string): DuplicateMember | null {
  const stack: Frame[] = [];
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = closingQuote(text, i);
      if (end < 0) return null;
      const top = stack[stack.length - 1];
      if (top?.kind === 'object' && top.expectName) {
        const raw = text.slice(i + 1, end);
        let name = raw;
        if (raw.includes('\\')) {
          try {
            name = JSON.parse(text.slice(i, end + 1)) as string;
          } catch {
            return null;
          }
        }
        if (top.names.has(name)) return { path: pathOf(stack), name };
        top.names.add(name);
        top.name = name;
        top.expectName = false;
      }
      i = end;
    } else if (c === 0x7b /* { */) {
      stack.push({ kind: 'object', names: new Set(), name: null, expectName: true });
    } else if (c === 0x5b /* [ */) {
      stack.push({ kind: 'array', index: 0 });
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
    } else if (c === 0x2c /* , */) {
      const top = stack[stack.length - 1];
      if (top?.kind === 'object') top.expectName = true;
      else if (top) top.index++;
    }
  }
  return null;
}

/** "FILE repeats the member "NAME" in the object at PATH", for a check's detail and a finding. */
export function duplicateMemberMessage(file: string, dup: DuplicateMember): string {
  const where = dup.path === '$' ? 'its top-level object' : `the object at ${dup.path}`;
  return `${file} repeats the member ${JSON.stringify(dup.name)} in ${where}: a JSON object with a repeated member name reads differently in different parsers, so it is refused`;
}
