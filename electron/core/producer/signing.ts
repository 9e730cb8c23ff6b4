/** Producer-side signatures: the DSSE envelope over the manifest (§4) and the checkpoint note (§5). */
import { pae } from '../crypto/dsse.js';
import { ed25519Sign } from '../crypto/ed25519.js';
import { checkpointBody, noteSignatureLine } from '../crypto/signed-note.js';
import { canonicalize } from '../../../shared/format/jcs.js';
import { PAYLOAD_TYPE, type DsseEnvelope, type Manifest } from '../../../shared/format/export-types.js';
import type { SigningKey } from './keys.js';

/** JCS bytes of a manifest: the DSSE payload. */
export function manifestPayload(manifest: Manifest): Buffer {
  return Buffer.from(canonicalize(manifest), 'utf8');
}

/** A DSSE envelope over the payload, one Ed25519 signature over PAE per key. */
export function signEnvelope(payload: Buffer, keys: readonly SigningKey[], payloadType = PAYLOAD_TYPE): DsseEnvelope {
  const message = pae(payloadType, payload);
  return {
    payload: payload.toString('base64'),
    payloadType,
    signatures: keys.map((k) => ({ keyid: k.keyId.toString('hex'), sig: ed25519Sign(k.privateKey, message).toString('base64') })),
  };
}

/** The envelope file text; it is parsed, never hashed, so it is laid out for people. */
export function envelopeJson(envelope: DsseEnvelope): string {
  return `${JSON.stringify(envelope, null, 2)}\n`;
}

/** A checkpoint signed note: body lines, a blank line, one signature line per key. */
export function signCheckpoint(origin: string, treeSize: number, root: Buffer, keys: readonly SigningKey[]): string {
  const body = checkpointBody(origin, treeSize, root);
  const message = Buffer.from(body, 'utf8');
  const lines = keys.map((k) => noteSignatureLine(k.name, k.keyId, ed25519Sign(k.privateKey, message)));
  return `${body}\n${lines.join('')}`;
}
