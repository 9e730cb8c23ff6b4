/** `crosscheck document attach|list`: documents for criteria the trail cannot evidence, custody-logged. */
import path from 'node:path';
import { attachDocument, listDocuments } from '../../core/engagement/documents.js';
import { CrosscheckError } from '../../core/errors/crosscheck-error.js';
import { parseCommand, readInputFile, requireString } from '../cli-support.js';
import { chooseEngagement, withReadStore, withWritableStore } from '../store-access.js';
import { osUser } from '../../core/os-user.js';

export const DOCUMENT_USAGE = [
  'crosscheck document attach <file> --control <criterion> [--note "…"] [--engagement <id>] [--store <dir>]',
  'crosscheck document list [--engagement <id>] [--store <dir>] [--json]',
].join('\n       ');

export async function documentCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'attach') {
    const { values, positionals } = parseCommand(rest, { control: { type: 'string' }, note: { type: 'string' }, engagement: { type: 'string' }, store: { type: 'string' } }, 1, DOCUMENT_USAGE);
    const control = requireString(values.control, '--control', DOCUMENT_USAGE);
    const file = positionals[0]!;
    const bytes = readInputFile(file);
    await withReadStore(values.store as string | undefined, () => undefined);
    const by = osUser();
    const doc = await withWritableStore(values.store as string | undefined, (s) => {
      const engagement = chooseEngagement(s, values.engagement);
      if (engagement === null) throw new CrosscheckError('NOT_FOUND', 'the store holds no engagement yet');
      return attachDocument(
        s.db,
        { engagementId: engagement, framework: 'soc2', controlId: control, fileName: path.basename(file), bytes, ...(values.note !== undefined ? { note: values.note as string } : {}) },
        { by, at: new Date().toISOString() },
      );
    });
    process.stdout.write(`attached ${doc.fileName} (${doc.size} bytes, sha256 ${doc.sha256}) to ${doc.controlId}; recorded in the custody log\n`);
    return 0;
  }
  if (sub === 'list') {
    const { values } = parseCommand(rest, { engagement: { type: 'string' }, store: { type: 'string' }, json: { type: 'boolean' } }, 0, DOCUMENT_USAGE);
    const docs = await withReadStore(values.store as string | undefined, (s) => {
      const engagement = chooseEngagement(s, values.engagement);
      return engagement === null ? [] : listDocuments(s.db, engagement);
    });
    if (values.json) process.stdout.write(`${JSON.stringify(docs, null, 2)}\n`);
    else if (docs.length === 0) process.stdout.write('no documents attached\n');
    else for (const d of docs) process.stdout.write(`${d.controlId.padEnd(6)} ${d.fileName}  ${d.size} bytes  sha256 ${d.sha256}  ${d.attachedAt} ${d.attachedBy}${d.note ? `  “${d.note}”` : ''}\n`);
    return 0;
  }
  throw new CrosscheckError('BAD_ARGUMENTS', `usage: ${DOCUMENT_USAGE}`);
}
