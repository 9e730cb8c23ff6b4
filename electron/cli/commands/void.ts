/** `crosscheck void <export ref> --reason R`: voids a mistaken import (kept, counted nowhere, custody-logged). */
import { voidExport } from '../../core/engagement/void-export.js';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { parseCommand, requireString } from '../cli-support.js';
import { withReadStore, withWritableStore } from '../store-access.js';
import { osUser } from '../../core/os-user.js';

export const VOID_USAGE = 'crosscheck void <export ref> --reason "why" [--store <dir>]';

export async function voidCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseCommand(args, { reason: { type: 'string' }, store: { type: 'string' }, by: { type: 'string' } }, 1, VOID_USAGE);
  const reason = requireString(values.reason, '--reason', VOID_USAGE);
  const raw = positionals[0]!;
  if (!/^\d{1,12}$/.test(raw)) throw new CrosscheckError('BAD_ARGUMENTS', `"${raw}" is not an export ref (the #number crosscheck exports shows)`);
  // Voiding never creates a store.
  await withReadStore(values.store as string | undefined, () => undefined);
  const by = (values.by as string | undefined) ?? osUser();
  const r = await withWritableStore(values.store as string | undefined, (s) => voidExport(s.db, Number(raw), reason, { by, at: new Date().toISOString() }));
  process.stdout.write(`export #${raw} voided${r.engagementId !== null ? ` in engagement ${r.engagementId}` : ''}: it is kept for the record and counted nowhere; the reason is in the custody log\n`);
  return 0;
}
