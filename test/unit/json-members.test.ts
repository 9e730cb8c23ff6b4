/** The duplicate-member scanner that stands before every parse of a bundle's or a keyring's JSON. */
import { describe, expect, it } from 'vitest';
import { duplicateMemberMessage, findDuplicateMember } from '../../shared/format/json-members.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';

describe('findDuplicateMember', () => {
  it('finds a repeated name at the top, in nested objects and inside arrays, with its path', () => {
    expect(findDuplicateMember('{"payload":"x","payload":"y"}')).toEqual({ path: '$', name: 'payload' });
    expect(findDuplicateMember('{"a":{"b":1,"c":{"d":1,"d":2}}}')).toEqual({ path: '$.a.c', name: 'd' });
    expect(findDuplicateMember('{"signatures":[{"keyid":"1","sig":"s"},{"keyid":"2","keyid":"3"}]}')).toEqual(
      { path: '$.signatures[1]', name: 'keyid' },
    );
    expect(findDuplicateMember('[[1,2],{"x":1},{"x y":{"z":0,"z":0}}]')).toEqual({
      path: '$[2]["x y"]',
      name: 'z',
    });
  });

  it('compares names as decoded strings: an escape spells the same name', () => {
    expect(findDuplicateMember('{"a":1,"\\u0061":2}')).toEqual({ path: '$', name: 'a' });
    expect(findDuplicateMember('{"a\\"b":1,"a\\u0022b":2}')).toEqual({ path: '$', name: 'a"b' });
  });

  it('accepts what has no repeat: same names in sibling objects, names in values, braces in strings', () => {
    expect(findDuplicateMember('{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}]}')).toBeNull();
    expect(findDuplicateMember('{"a":"a","b":["a","a"],"c":"{\\"a\\":1,\\"a\\":2}","d":"\\\\"}')).toBeNull();
    expect(findDuplicateMember(' { "k" : 1 , "l" : [ ] , "m" : { } } ')).toBeNull();
    expect(findDuplicateMember('"just a string"')).toBeNull();
    expect(findDuplicateMember('12')).toBeNull();
  });

  it('walks deep nesting without recursion', () => {
    const deep = `${'{"a":['.repeat(100_000)}{"z":1,"z":2}${']}'.repeat(100_000)}`;
    expect(findDuplicateMember(deep)?.name).toBe('z');
  });

  it('says which file and member in words', () => {
    expect(duplicateMemberMessage('state.json', { path: '$.profile', name: 'mfa' })).toMatch(
      /^state\.json repeats the member "mfa" in the object at \$\.profile/,
    );
  });
});

describe('a keyring with a repeated member', () => {
  const key = (extra: string): string =>
    `{"keys":[{"name":"k","public_key":"${Buffer.alloc(32, 1).toString('base64')}",${extra}"roles":["export"],"valid_from":"2026-01-01T00:00:00.000Z","valid_until":null,"revoked_at":null}]}`;

  it('is KEYRING_INVALID naming the member, whichever value comes first', () => {
    expect(() => parseKeyring(key(''))).not.toThrow();
    const twice = key(`"revoked_at":"2026-02-01T00:00:00.000Z",`);
    expect(() => parseKeyring(twice)).toThrow(
      expect.objectContaining({
        code: 'KEYRING_INVALID',
        message: expect.stringMatching(/\$\.keys\[0\] repeats the member "revoked_at"/),
      }),
    );
    expect(() => parseKeyring('{"keys":[],"keys":[]}')).toThrow(/the object at \$ repeats the member "keys"/);
  });
});
