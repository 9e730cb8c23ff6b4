/** Key IDs of spec §5: first 4 bytes of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key). */
import { createHash } from 'node:crypto';

export function keyId(name: string, rawPublicKey: Uint8Array): Buffer {
  return createHash('sha256')
    .update(Buffer.from(name, 'utf8'))
    .update(Buffer.from([0x0a, 0x01]))
    .update(rawPublicKey)
    .digest()
    .subarray(0, 4);
}

export function keyIdHex(name: string, rawPublicKey: Uint8Array): string {
  return keyId(name, rawPublicKey).toString('hex');
}
