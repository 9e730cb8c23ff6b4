/**
 * The checkpoint (§5): parsed as a signed note with the small files, its signature by a trusted
 * log key checked after the entries are read, and the log it names held to the manifest's origin.
 */
import type { Manifest } from '../../../shared/format/export-types.js';
import type { Finding } from '../../../shared/report/report-types.js';
import { NoteFormatError, parseCheckpoint, type SignedNote } from '../crypto/signed-note.js';
import { ed25519Verify } from '../crypto/ed25519.js';
import { unusableBecause, type TrustedKey } from '../keyring/keyring.js';
import { makeFinding } from './findings.js';
import type { ReportBuilder } from './report-builder.js';
import { revokedEntry, type SignatureOutcome } from './signature-outcome.js';
import type { VerifyResult } from './verify-api.js';

/** The checkpoint as a signed note, or null when absent or not a note (a shape problem). */
export function readCheckpoint(
  bytes: Buffer | null,
  shapeProblems: string[],
  rb: ReportBuilder,
): SignedNote | null {
  if (!bytes) return null;
  try {
    return parseCheckpoint(bytes);
  } catch (e) {
    if (!(e instanceof NoteFormatError)) throw e;
    shapeProblems.push(`checkpoint: ${e.message}`);
    rb.add(makeFinding('bundle_malformed', { message: `the checkpoint is not a signed note: ${e.message}` }));
    return null;
  }
}

function verifyCheckpoint(
  note: SignedNote,
  keys: TrustedKey[],
  createdAt: number | null,
  add: (f: Finding) => void,
): SignatureOutcome {
  const notes: string[] = [];
  let verifiedBy: string | null = null;
  let failedBy: string | null = null;
  for (const sig of note.signatures) {
    const idHex = sig.keyId.toString('hex');
    // The key ID binds the name: a line whose name differs from the keyring entry's is not that key's.
    const candidates = keys.filter((k) => k.keyIdHex === idHex && k.key.name === sig.name);
    const revoked = revokedEntry(candidates, createdAt);
    const usable = candidates.filter((k) => {
      const why = revoked ?? unusableBecause(k.key, 'log', createdAt);
      if (why) notes.push(`key "${k.key.name}" ${why}`);
      return why === null;
    });
    if (usable.length === 0) continue;
    const ok = usable.find((k) => ed25519Verify(k.publicKey, note.text, sig.signature));
    if (ok) verifiedBy ??= ok.key.name;
    else failedBy ??= usable[0]!.key.name;
  }
  if (failedBy !== null) {
    add(
      makeFinding('checkpoint_signature_invalid', {
        message: `the checkpoint signature by trusted log key "${failedBy}" does not verify: the checkpoint was altered after signing`,
      }),
    );
    return {
      status: 'fail',
      detail: `signature by "${failedBy}" does not verify over the note body`,
      keyName: null,
    };
  }
  if (verifiedBy !== null)
    return { status: 'pass', detail: `signed by "${verifiedBy}" (log key)`, keyName: verifiedBy };
  const names = note.signatures.map((s) => `${s.name} (${s.keyId.toString('hex')})`).join(', ');
  add(
    makeFinding('key_unverifiable', {
      recorded: { signers: note.signatures.map((s) => s.name) },
      message: `the checkpoint carries no signature by a key your keyring trusts for the log at the export's creation time (signers: ${names})${notes.length ? `; ${notes.join('; ')}` : ''}`,
    }),
  );
  return {
    status: 'unverifiable',
    detail: `no signature by a usable log key (signers: ${names})`,
    keyName: null,
  };
}

/** The checkpoint_signature check (keys dated by the manifest's created_at). */
export function checkCheckpointSignature(
  note: SignedNote | null,
  manifest: Manifest | null,
  keys: TrustedKey[],
  createdAt: number | null,
  rb: ReportBuilder,
  result: VerifyResult,
): void {
  if (note && manifest) {
    const out = verifyCheckpoint(note, keys, createdAt, rb.add);
    rb.check('checkpoint_signature', out.status, out.detail);
    result.checkpointKey = out.keyName;
  } else
    rb.check(
      'checkpoint_signature',
      'skip',
      note ? 'no manifest to date the keys against' : 'no readable checkpoint',
    );
}

/** The origin check: the checkpoint names the log the manifest names. */
export function checkOrigin(note: SignedNote | null, manifest: Manifest | null, rb: ReportBuilder): void {
  if (manifest && note) {
    if (manifest.origin === note.origin) rb.check('origin', 'pass', manifest.origin);
    else {
      rb.add(
        makeFinding('origin_mismatch', {
          recorded: note.origin,
          expected: manifest.origin,
          message: `the checkpoint names the log "${note.origin}" but the manifest names "${manifest.origin}"`,
        }),
      );
      rb.check('origin', 'fail', `manifest "${manifest.origin}" ≠ checkpoint "${note.origin}"`);
    }
  } else rb.check('origin', 'skip', 'manifest or checkpoint unreadable');
}
