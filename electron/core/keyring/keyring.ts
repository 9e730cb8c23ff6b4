/** The auditor's trust store (spec §5): parsing, key IDs, and which key is usable when. */
import type { KeyObject } from 'node:crypto';
import type { Keyring, KeyringKey, KeyRole } from '../../../shared/format/export-types.js';
import { findDuplicateMember } from '../../../shared/format/json-members.js';
import { parseTimestamp } from '../../../shared/format/timestamps.js';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { publicKeyFromRaw } from '../crypto/ed25519.js';
import { keyIdHex } from '../crypto/key-id.js';

export interface TrustedKey {
  key: KeyringKey;
  keyIdHex: string;
  publicKey: KeyObject;
}

function fail(why: string): never {
  throw new CrosscheckError('KEYRING_INVALID', `the keyring is not valid: ${why}`);
}

/** Parses and validates a keyring document; throws KEYRING_INVALID with the first problem found. */
export function parseKeyring(text: string): Keyring {
  let doc: unknown;
  // A keyring is handed over out of band, often through an editor that prepends a UTF-8 BOM
  // (RFC 8259 §8.1 lets a parser ignore it); it says nothing about the keys.
  const body = text.replace(/^\uFEFF/, '');
  try {
    doc = JSON.parse(body);
  } catch (e) {
    fail(`not JSON (${(e as Error).message})`);
  }
  // Two public_key (or revoked_at) members in one key: which one counts would depend on the parser.
  const dup = findDuplicateMember(body);
  if (dup) fail(`the object at ${dup.path} repeats the member ${JSON.stringify(dup.name)}; each member may appear once`);
  if (typeof doc !== 'object' || doc === null || !Array.isArray((doc as { keys?: unknown }).keys)) {
    fail('expected an object with a "keys" array');
  }
  const keys = (doc as { keys: unknown[] }).keys.map((k, i): KeyringKey => {
    const at = `keys[${i}]`;
    if (typeof k !== 'object' || k === null) fail(`${at} is not an object`);
    const o = k as Record<string, unknown>;
    if (typeof o.name !== 'string' || o.name.length === 0) fail(`${at}.name must be a non-empty string`);
    if (typeof o.public_key !== 'string' || Buffer.from(o.public_key, 'base64').length !== 32) {
      fail(`${at}.public_key must be the base64 of 32 bytes`);
    }
    if (!Array.isArray(o.roles) || !o.roles.every((r) => typeof r === 'string')) {
      fail(`${at}.roles must be a list of role names ("log", "export")`);
    }
    if (parseTimestamp(o.valid_from) === null) fail(`${at}.valid_from must be a timestamp like 2026-01-01T00:00:00.000Z`);
    for (const f of ['valid_until', 'revoked_at'] as const) {
      if (o[f] !== null && o[f] !== undefined && parseTimestamp(o[f]) === null) fail(`${at}.${f} must be a timestamp or null`);
    }
    return {
      name: o.name,
      public_key: o.public_key,
      // A role this version does not know (a witness's, say) grants nothing: only log and export
      // make a key usable (§5), so an unknown one is dropped rather than refusing the whole keyring.
      roles: (o.roles as string[]).filter((r): r is KeyRole => r === 'log' || r === 'export'),
      valid_from: o.valid_from as string,
      valid_until: (o.valid_until as string | null | undefined) ?? null,
      revoked_at: (o.revoked_at as string | null | undefined) ?? null,
    };
  });
  return { keys };
}

/** Key objects and IDs for every key of a keyring. */
export function trustedKeys(keyring: Keyring): TrustedKey[] {
  return keyring.keys.map((key) => {
    const raw = Buffer.from(key.public_key, 'base64');
    return { key, keyIdHex: keyIdHex(key.name, raw), publicKey: publicKeyFromRaw(raw) };
  });
}

/**
 * Why a key is not usable for `role` at `at` (the manifest's created_at), or null when it is:
 * valid_from ≤ at < valid_until, and not revoked at or before `at`.
 */
export function unusableBecause(key: KeyringKey, role: KeyRole, at: number | null): string | null {
  if (!key.roles.includes(role)) return `has no "${role}" role`;
  if (at === null) return 'cannot be placed in time: the manifest has no valid created_at';
  if (parseTimestamp(key.valid_from)! > at) return `is not valid before ${key.valid_from}`;
  if (key.valid_until !== null && at >= parseTimestamp(key.valid_until)!) return `expired at ${key.valid_until}`;
  if (key.revoked_at !== null && parseTimestamp(key.revoked_at)! <= at) return `was revoked at ${key.revoked_at}`;
  return null;
}
