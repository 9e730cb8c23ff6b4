/** The auditor's own Ed25519 key: created on first use in the app's data folder, public half exportable. */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createPublicKey, type KeyObject } from 'node:crypto';
import { generateEd25519, privateKeyFromSeed, publicKeyFromRaw, rawPublicKey, rawSeed } from '../crypto/ed25519.js';
import { sha256Hex } from '../crypto/sha256.js';

export const AUDITOR_KEY_FILE = 'auditor-key.json';
export const PUBLIC_KEY_FORMAT = 'crosscheck-auditor-key/1';

export interface AuditorKey {
  name: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Base64 of the 32 raw public-key bytes. */
  publicKeyB64: string;
  /** First 16 hex chars of SHA-256(public key): how a signature names its key. */
  keyId: string;
}

/** The JSON document `--key` accepts and the app exports. */
export interface PublicKeyDoc {
  format: typeof PUBLIC_KEY_FORMAT;
  name: string;
  key_id: string;
  public_key: string;
}

interface StoredKey {
  format: 'crosscheck-auditor-private-key/1';
  name: string;
  seed: string;
  public_key: string;
}

/** Key id of a raw public key. */
export function auditorKeyId(rawPub: Uint8Array): string {
  return sha256Hex(rawPub).slice(0, 16);
}

function fromSeed(name: string, seed: Buffer): AuditorKey {
  const privateKey = privateKeyFromSeed(seed);
  const raw = rawPublicKey(createPublicKey(privateKey));
  return { name, privateKey, publicKey: publicKeyFromRaw(raw), publicKeyB64: raw.toString('base64'), keyId: auditorKeyId(raw) };
}

/** Loads the auditor key from `dataDir`, creating it (mode 0600) on first use. */
export function loadOrCreateAuditorKey(dataDir: string, name = 'crosscheck-auditor'): AuditorKey {
  const file = path.join(dataDir, AUDITOR_KEY_FILE);
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey;
    return fromSeed(stored.name, Buffer.from(stored.seed, 'base64'));
  }
  mkdirSync(dataDir, { recursive: true });
  const { privateKey } = generateEd25519();
  const key = fromSeed(name, rawSeed(privateKey));
  const stored: StoredKey = {
    format: 'crosscheck-auditor-private-key/1',
    name,
    seed: rawSeed(privateKey).toString('base64'),
    public_key: key.publicKeyB64,
  };
  // wx: never overwrite a key another process created a moment ago.
  writeFileSync(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

/** The exportable public half. */
export function publicKeyDoc(key: AuditorKey): PublicKeyDoc {
  return { format: PUBLIC_KEY_FORMAT, name: key.name, key_id: key.keyId, public_key: key.publicKeyB64 };
}

/** Text of the public key file (`crosscheck package` and the app write this for the recipient). */
export function publicKeyText(key: AuditorKey): string {
  return `${JSON.stringify(publicKeyDoc(key), null, 2)}\n`;
}

/** Parses a `--key` argument's file content: the JSON document, or a bare base64 key. */
export function parsePublicKey(text: string): { raw: Buffer; name: string | null } {
  const t = text.trim();
  let raw: Buffer;
  let name: string | null = null;
  if (t.startsWith('{')) {
    const doc = JSON.parse(t) as Partial<PublicKeyDoc>;
    if (typeof doc.public_key !== 'string') throw new Error('the key file has no public_key');
    raw = Buffer.from(doc.public_key, 'base64');
    name = typeof doc.name === 'string' ? doc.name : null;
  } else {
    raw = Buffer.from(t, 'base64');
  }
  if (raw.length !== 32) throw new Error(`an Ed25519 public key has 32 bytes, not ${raw.length}`);
  return { raw, name };
}
