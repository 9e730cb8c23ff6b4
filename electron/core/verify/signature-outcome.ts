/** What checking one signed file's signatures against the keyring concludes, shared by the envelope and the checkpoint. */
import type { CheckStatus } from '../../../shared/report/report-types.js';
import { parseTimestamp } from '../../../shared/format/timestamps.js';
import type { TrustedKey } from '../keyring/keyring.js';

/** The check's status and detail, and the trusted key that verified (null unless it passed). */
export interface SignatureOutcome {
  status: CheckStatus;
  detail: string;
  keyName: string | null;
}

/**
 * A keyring may list one key more than once (a role per entry, a window per year). A revocation is
 * about the key, not the entry: when any entry of it was revoked at or before created_at, no entry
 * makes it usable.
 */
export function revokedEntry(candidates: TrustedKey[], createdAt: number | null): string | null {
  if (createdAt === null) return null;
  const r = candidates.find(
    (k) => k.key.revoked_at !== null && parseTimestamp(k.key.revoked_at)! <= createdAt,
  );
  return r ? `was revoked at ${r.key.revoked_at}` : null;
}
