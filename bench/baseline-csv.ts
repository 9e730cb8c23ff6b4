/**
 * Writes the rows the store keeps for each entry — the entries row and its search-text row — as
 * CSV, so the sqlite3 CLI's `.import` can be timed on exactly the same rows into the same tables
 * and indexes (the baseline of the import benchmark). Columns come from the same function the
 * importer uses.
 */
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { leafHash } from '../electron/core/merkle/merkle.js';
import { entryColumns } from '../electron/core/verify/entry-columns.js';
import type { AuditEntry } from '../shared/format/export-types.js';

function csv(v: unknown): string {
  if (v === null || v === undefined) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

async function write(w: WriteStream, text: string): Promise<void> {
  if (!w.write(text)) await new Promise<void>((r) => w.once('drain', () => r()));
}

/** entries.jsonl → entries.csv (id, seq, ts, agent_id, actor_type, actor_id, action_type, verdict, status, leaf_hash, line) and search.csv (id, text). */
export async function writeBaselineCsv(entriesFile: string, entriesCsv: string, searchCsv: string): Promise<number> {
  const we = createWriteStream(entriesCsv);
  const ws = createWriteStream(searchCsv);
  const rl = createInterface({ input: createReadStream(entriesFile), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    const c = entryColumns(JSON.parse(line) as AuditEntry);
    const id = 2 ** 40 + n;
    await write(we, `${[id, c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], leafHash(Buffer.from(line)).toString('hex'), line].map(csv).join(',')}\n`);
    await write(ws, `${id},${csv(c[8])}\n`);
    n++;
  }
  await Promise.all([new Promise<void>((r) => we.end(() => r())), new Promise<void>((r) => ws.end(() => r()))]);
  return n;
}

if (process.argv.length >= 5) {
  const n = await writeBaselineCsv(process.argv[2]!, process.argv[3]!, process.argv[4]!);
  process.stdout.write(`${n}\n`);
}
