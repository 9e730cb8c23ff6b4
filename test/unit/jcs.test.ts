import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalize, isCanonicalText } from '../../shared/format/jcs.js';
import { canonicalBytes } from '../../shared/format/jcs-bytes.js';

/** The definition: text is canonical when it is the JCS form of its own parse. */
function oracle(text: string): boolean {
  return canonicalize(JSON.parse(text)) === text;
}
function check(text: string): void {
  expect(isCanonicalText(text, JSON.parse(text)), text).toBe(oracle(text));
}

/** JSON values shaped like entries: nested objects, short keys that collide, plain and odd strings, all kinds of numbers. */
const key = fc.oneof(fc.constantFrom('a', 'b', 'ab', 'B', '_', '', '1', '10', '2', '__proto__', 'é', 'z'), fc.string({ maxLength: 4 }));
const scalar = fc.oneof(
  fc.constantFrom(null, true, false, 0, -0, 1, -1, 999_999_999_999_999, 1e15, 1_234_567_890_123_456, Number('12345678901234567'), 2 ** 53, 1.5, 1e21, -1e-7),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 6 }),
  fc.constantFrom('plain', 'with "quote"', 'back\\slash', 'tab\t', '\u0000', '\u001f', '\u007f', '\u2028', 'é', '😀', '\ud800', '\udc00x'),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, scalar, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 5 })),
})).v;

describe('isCanonicalText agrees with canonicalize() on every text', () => {
  it('canonical texts, JSON.stringify texts (key order as inserted), and indented texts (property)', () => {
    fc.assert(
      fc.property(value, (v) => {
        check(canonicalize(v));
        check(JSON.stringify(v));
        check(JSON.stringify(v, null, 1));
      }),
      { numRuns: 3000 },
    );
  });

  it('duplicated keys, inserted anywhere in a canonical object (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 5 }), fc.nat(), fc.nat(), (obj, at, pick) => {
        const keys = Object.keys(obj).sort();
        const dupKey = keys[pick % keys.length]!;
        const pairs = keys.map((k) => `${JSON.stringify(k)}:${canonicalize(obj[k])}`);
        for (const dupValue of [obj[dupKey], 0, 'x', 123_456]) {
          const copy = [...pairs];
          copy.splice(at % (copy.length + 1), 0, `${JSON.stringify(dupKey)}:${canonicalize(dupValue)}`);
          check(`{${copy.join(',')}}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('the cases the shortcut must hand back or refuse', () => {
    const cases = [
      '{"a":1}',
      '{"a":1,"a":1}',
      '{"a":1,"b":2,"a":1000}',
      '{"b":1,"a":2}',
      '{"1":1,"a":2}',
      '{"a":2,"1":1}',
      '{"a":12345678901234567}',
      '{"a":1234567890123456}',
      '{"a":999999999999999}',
      '{"a":-0}',
      '{"a":0}',
      '{"a":-5}',
      '{"a":1.0}',
      '{"a":1e3}',
      '{"a":"\\u0041"}',
      '{"a":"\\ud800"}',
      '{"a":"\\/"}',
      '{"a":"é"}',
      '{"a":"😀"}',
      '{"a":"\ud800"}',
      '{"a":[1,{"b":[],"c":{}}]}',
      '{"a":[1,{"c":[],"b":{}}]}',
      '{"a":{"x":1,"x":2}}',
      '{"__proto__":1,"a":2}',
      '{"":1,"a":2}',
      '{"a" :1}',
      '{"a":true,"b":false,"c":null}',
      '{"a":tru}'.replace('tru', 'true'),
    ];
    for (const c of cases) check(c);
    // Nesting too deep to walk is refused, not thrown (as before the shortcut).
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;
    expect(isCanonicalText(deep, JSON.parse(deep))).toBe(false);
    expect(isCanonicalText('{"a":1,"a":1}', JSON.parse('{"a":1,"a":1}'))).toBe(false);
    expect(isCanonicalText('{"a":12345678901234567}', JSON.parse('{"a":12345678901234567}'))).toBe(false);
    expect(isCanonicalText('{"a":[1,{"b":[],"c":{}}]}', JSON.parse('{"a":[1,{"b":[],"c":{}}]}'))).toBe(true);
  });
});

describe('canonicalBytes() writes the same bytes as canonicalize() encoded', () => {
  const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);
  it('on random values (property)', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(canonicalBytes(v)).toEqual(utf8(canonicalize(v)));
      }),
      { numRuns: 3000 },
    );
  });

  it('across its 1 MiB blocks: many small leaves, and strings longer than a block, some not ASCII', () => {
    const approvals = Array.from({ length: 9000 }, (_, i) => ({ approval_id: `a-${i}`, status: i % 3 ? 'approved' : 'pending', note: i % 7 ? 'x'.repeat(i % 300) : 'é😀'.repeat(40), n: i }));
    const big = { approvals, long: 'y'.repeat(1_500_000), wide: 'ü'.repeat(400_000), tail: [1, 2, 3] };
    const bytes = canonicalBytes(big);
    expect(bytes.length).toBeGreaterThan(3 * (1 << 20));
    expect(Buffer.from(bytes).equals(Buffer.from(canonicalize(big), 'utf8'))).toBe(true);
  });

  it('refuses what JCS cannot encode, like canonicalize()', () => {
    expect(() => canonicalBytes({ a: Number.POSITIVE_INFINITY })).toThrow(TypeError);
    expect(() => canonicalBytes({ a: () => 1 })).toThrow(TypeError);
  });
});
