/** Deterministic Ed25519 signing keys for a producer and the keyring an auditor receives (spec §5). */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { privateKeyFromSeed, rawPublicKey } from '../crypto/ed25519.js';
import { keyId } from '../crypto/key-id.js';
import { sha256 } from '../crypto/sha256.js';
import type { KeyRole, Keyring, KeyringKey, Timestamp } from '../../../shared/format/export-types.js';

export interface SigningKey {
  name: string;
  privateKey: KeyObject;
  /** 32 raw bytes. */
  publicKey: Buffer;
  /** The 4-byte key ID of spec §5, which binds the name. */
  keyId: Buffer;
}

/** A signing key whose private seed is derived from a seed string and the key's name. */
export function deriveSigningKey(seed: string, name: string): SigningKey {
  // The name is part of the derivation so two roles of one seed never share a key.
  const secret = sha256(`crosscheck-producer-key/v1\n${seed}\n${name}`);
  const privateKey = privateKeyFromSeed(secret);
  const publicKey = rawPublicKey(createPublicKey(privateKey));
  return { name, privateKey, publicKey, keyId: keyId(name, publicKey) };
}

export interface KeyringEntrySpec {
  key: Pick<SigningKey, 'name' | 'publicKey'>;
  roles: KeyRole[];
  validFrom: Timestamp;
  validUntil?: Timestamp | null;
  revokedAt?: Timestamp | null;
}

/** The auditor's trust store for a set of keys. */
export function buildKeyring(entries: KeyringEntrySpec[]): Keyring {
  const keys: KeyringKey[] = entries.map((e) => ({
    name: e.key.name,
    public_key: e.key.publicKey.toString('base64'),
    roles: [...e.roles],
    valid_from: e.validFrom,
    valid_until: e.validUntil ?? null,
    revoked_at: e.revokedAt ?? null,
  }));
  return { keys };
}

/** keyring.json text; the keyring is handed over out of band and never hashed, so it is pretty-printed. */
export function keyringJson(keyring: Keyring): string {
  return `${JSON.stringify(keyring, null, 2)}\n`;
}
