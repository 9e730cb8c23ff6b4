import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { canonicalize, parseCanonical } from '../../shared/format/jcs.js';
import { CompactRange, inclusionProof, leafHash, merkleRoot, verifyInclusion } from '../../electron/core/merkle/merkle.js';
import { keyIdHex } from '../../electron/core/crypto/key-id.js';
import { pae } from '../../electron/core/crypto/dsse.js';
import { sha256Hex } from '../../electron/core/crypto/sha256.js';
import { ed25519Verify, publicKeyFromRaw } from '../../electron/core/crypto/ed25519.js';
import { parseCheckpoint } from '../../electron/core/crypto/signed-note.js';
import { SAMPLE_BUNDLE, SAMPLE_KEYRING } from '../support/paths.js';

const lines = readFileSync(path.join(SAMPLE_BUNDLE, 'entries.jsonl'), 'utf8').split('\n').slice(0, -1);
const leaves = lines.map((l) => leafHash(Buffer.from(l, 'utf8')));
const keyring = JSON.parse(readFileSync(SAMPLE_KEYRING, 'utf8')) as { keys: { name: string; public_key: string }[] };

describe('JCS', () => {
  it('every sample line is its own canonical form', () => {
    for (const l of lines) expect(parseCanonical(l).canonical).toBe(true);
  });
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalize({ b: 1, a: [true, null, 'x'], '\u00e9': 2, A: { z: 0, y: -3 } })).toBe(
      '{"A":{"y":-3,"z":0},"a":[true,null,"x"],"b":1,"é":2}',
    );
  });
  it('reformatted or duplicated-key JSON is not canonical', () => {
    expect(parseCanonical('{"a":1, "b":2}').canonical).toBe(false);
    expect(parseCanonical('{"a":1,"a":2}').canonical).toBe(false);
    expect(parseCanonical('{"b":1,"a":2}').canonical).toBe(false);
    expect(parseCanonical('{"a":1.0}').canonical).toBe(false);
  });
  it('round-trips arbitrary JSON (property)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = canonicalize(v);
        expect(canonicalize(JSON.parse(text))).toBe(text);
        expect(parseCanonical(text).canonical).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe('Merkle (RFC 6962)', () => {
  it('matches the published leaf hashes and roots', () => {
    expect(leaves[36]!.toString('hex')).toBe('7783d5131c13b436f0c1be032784b4b9e548cfe2e096e43666e737de1b86c87d');
    expect(leaves[0]!.toString('hex')).toBe('175d106c551134a3243564bf31184189a83a7f792db1d943608766deebde5394');
    const roots: Record<number, string> = {
      1: '175d106c551134a3243564bf31184189a83a7f792db1d943608766deebde5394',
      2: '7f3f5b88d89db5991f73b54329af3d6118bf1649c79012b61be1972fd80084d8',
      3: '8b1c5df72bf1e2a95d442a1305079d1365e737d610f4bf667b543199c4d8e64c',
      5: '048c96db35e79bdb278a130fbd6c99973cfac32390fea9260e6e06f2d4f9a157',
      8: 'e2ed93152a0a8ba15f03cde27252e6969ce01a823348a3031fc1bc72997e7874',
      300: '033ec2d8d989e8c085699c5f524d3364198644d65bb4cf84ef99e3cbf97b10c4',
    };
    for (const [n, root] of Object.entries(roots)) {
      expect(merkleRoot(leaves.slice(0, Number(n))).toString('hex')).toBe(root);
    }
  });
  it('the frontier of size 5 matches the vector and folds on to the full root', () => {
    const r = new CompactRange();
    for (const l of leaves.slice(0, 5)) r.push(l);
    expect(r.frontier.map((h) => h.toString('hex'))).toEqual([
      'e6e5a8f3979bd6d7b67ff1c4a2f96c60cd14a35cdd13d065cce7aa35ccb32001',
      'e5f9f906b0df1d020938b09091a311004c98576a284452419a3be0e903e368cc',
    ]);
    const resumed = new CompactRange(5, r.frontier);
    for (const l of leaves.slice(5)) resumed.push(l);
    expect(resumed.root().toString('hex')).toBe('033ec2d8d989e8c085699c5f524d3364198644d65bb4cf84ef99e3cbf97b10c4');
  });
  it('inclusion proofs verify for every leaf and fail for a wrong leaf (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (n, i) => {
        const m = i % n;
        const sub = (s: number, e: number) => merkleRoot(leaves.slice(s, e));
        const proof = inclusionProof(m, n, sub);
        const root = merkleRoot(leaves.slice(0, n));
        expect(verifyInclusion(m, n, leaves[m]!, proof, root)).toBe(true);
        expect(verifyInclusion(m, n, leaves[(m + 1) % 300]!, proof, root)).toBe(n === 1 && false);
      }),
      { numRuns: 200 },
    );
  });
});

describe('keys, DSSE and the checkpoint', () => {
  it('key IDs match the vectors', () => {
    const ids = keyring.keys.map((k) => keyIdHex(k.name, Buffer.from(k.public_key, 'base64')));
    expect(ids).toEqual(['37fcb84a', '5da94e39', '513cc65d']);
  });
  it('PAE of the sample manifest matches the vector and its signature verifies', () => {
    const env = JSON.parse(readFileSync(path.join(SAMPLE_BUNDLE, 'manifest.dsse.json'), 'utf8')) as {
      payload: string;
      payloadType: string;
      signatures: { keyid: string; sig: string }[];
    };
    const payload = Buffer.from(env.payload, 'base64');
    expect(payload.length).toBe(1060);
    expect(sha256Hex(payload)).toBe('b09f0e66a1b8316d6b8a9ff3237f50da931e2f206b814adb21f8df64a300239e');
    const p = pae(env.payloadType, payload);
    expect(p.length).toBe(1118);
    expect(sha256Hex(p)).toBe('76cf074d2b343add950ff85305ab00ba52a6cc0c117dcaed88cf5f98d9459f2e');
    const key = publicKeyFromRaw(Buffer.from(keyring.keys[1]!.public_key, 'base64'));
    expect(env.signatures[0]!.keyid).toBe('5da94e39');
    expect(ed25519Verify(key, p, Buffer.from(env.signatures[0]!.sig, 'base64'))).toBe(true);
    const flipped = Buffer.from(p);
    flipped.writeUInt8(flipped.readUInt8(100) ^ 1, 100);
    expect(ed25519Verify(key, flipped, Buffer.from(env.signatures[0]!.sig, 'base64'))).toBe(false);
  });
  it('the checkpoint parses and its signature verifies over the 113-byte body', () => {
    const note = parseCheckpoint(readFileSync(path.join(SAMPLE_BUNDLE, 'checkpoint')));
    expect(note.text.length).toBe(113);
    expect(note.treeSize).toBe(300);
    expect(note.root!.toString('hex')).toBe('033ec2d8d989e8c085699c5f524d3364198644d65bb4cf84ef99e3cbf97b10c4');
    expect(note.signatures[0]!.keyId.toString('hex')).toBe('37fcb84a');
    const key = publicKeyFromRaw(Buffer.from(keyring.keys[0]!.public_key, 'base64'));
    expect(ed25519Verify(key, note.text, note.signatures[0]!.signature)).toBe(true);
  });
});
