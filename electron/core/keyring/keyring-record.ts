/**
 * A keyring resolved once for an import: its canonical JSON (RFC 8785), that text's SHA-256 and
 * the auditor's name for it. The import verifies with the keyring parsed from exactly these bytes
 * and records exactly these bytes, so what the store says verified an export is what did.
 */
import { canonicalize } from '../../../shared/format/jcs.js';
import type { Keyring } from '../../../shared/format/export-types.js';
import { sha256Hex } from '../crypto/sha256.js';

export interface KeyringRecord {
  /** How the auditor calls it (a file name, or the app's trust store); recorded with the import. */
  name: string | null;
  canonical: string;
  sha256: string;
}

/** Resolves `keyring` once: canonical bytes and their digest. */
export function keyringRecord(keyring: Keyring, name: string | null): KeyringRecord {
  const canonical = canonicalize(keyring);
  return { name, canonical, sha256: sha256Hex(canonical) };
}

/** The keyring a record's bytes hold: the one its import verifies with. */
export function recordedKeyring(record: KeyringRecord): Keyring {
  return JSON.parse(record.canonical) as Keyring;
}

/** Whether `k` is an already resolved keyring rather than a parsed keyring file. */
export function isKeyringRecord(k: Keyring | KeyringRecord): k is KeyringRecord {
  return (
    typeof (k as Partial<KeyringRecord>).canonical === 'string' &&
    typeof (k as Partial<KeyringRecord>).sha256 === 'string'
  );
}
