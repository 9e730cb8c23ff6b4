/**
 * `crosscheck checklist`: the audit-prep checklist of one engagement, checked from the store
 * (exit 0 when no item fails, 2 when one does); `crosscheck checklist attach` evidences an item
 * the trail cannot answer with a document and a note.
 */
import path from 'node:path';
import { attachChecklistDocument, evaluateChecklist } from '../../core/checklist/checklist.js';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { osUser } from '../../core/os-user.js';
import { parseCommand, readFileArg, requireString } from '../cli-support.js';
import { chooseEngagement, withReadStore, withWritableStore } from '../store-access.js';
import type { Checklist } from '../../../shared/checklist/checklist-types.js';

export const CHECKLIST_USAGE = [
  'crosscheck checklist [--engagement <id>] [--json] [--store <dir>]',
  'crosscheck checklist attach <file> --item <id> --note "…" [--engagement <id>] [--store <dir>]',
].join('\n       ');

const MARK = { pass: 'PASS', fail: 'FAIL', not_evidenced: 'NOT EVIDENCED' } as const;

function print(c: Checklist): void {
  process.stdout.write(
    `Audit-prep checklist — ${c.engagement.name} (engagement ${c.engagement.id})${c.period ? `, period ${c.period.from} – ${c.period.to}` : ''}\n`,
  );
  for (const it of c.items) {
    process.stdout.write(`  ${MARK[it.status].padEnd(13)} ${it.id.padEnd(22)} ${it.title}\n`);
    for (const e of it.evidence) process.stdout.write(`  ${''.padEnd(13)} ${''.padEnd(22)}   ${e}\n`);
  }
}

/** Runs `crosscheck checklist …`. */
export async function checklistCommand(args: string[]): Promise<number> {
  if (args[0] === 'attach') {
    const { values, positionals } = parseCommand(
      args.slice(1),
      {
        item: { type: 'string' },
        note: { type: 'string' },
        engagement: { type: 'string' },
        store: { type: 'string' },
      },
      1,
      CHECKLIST_USAGE,
    );
    const item = requireString(values.item, '--item', CHECKLIST_USAGE);
    const note = requireString(values.note, '--note', CHECKLIST_USAGE);
    const file = positionals[0]!;
    const bytes = readFileArg(file);
    await withReadStore(values.store as string | undefined, () => undefined);
    const c = await withWritableStore(values.store as string | undefined, (s) => {
      const engagement = chooseEngagement(s, values.engagement);
      if (engagement === null) throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet');
      return attachChecklistDocument(
        s.db,
        { engagementId: engagement, itemId: item, fileName: path.basename(file), bytes, note },
        { by: osUser(), at: new Date().toISOString() },
      );
    });
    const it = c.items.find((i) => i.id === item)!;
    process.stdout.write(
      `attached ${path.basename(file)} to ${item}; recorded in the custody log; the item is now ${MARK[it.status]}\n`,
    );
    return 0;
  }
  const { values } = parseCommand(
    args,
    { engagement: { type: 'string' }, json: { type: 'boolean' }, store: { type: 'string' } },
    0,
    CHECKLIST_USAGE,
  );
  const c = await withReadStore(values.store as string | undefined, (s) => {
    const engagement = chooseEngagement(s, values.engagement);
    if (engagement === null) throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet');
    return evaluateChecklist(s.db, engagement);
  });
  if (values.json === true) process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
  else print(c);
  return c.items.some((i) => i.status === 'fail') ? 2 : 0;
}
