import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { directWrites, openStore } from '../../electron/core/store/store.js';

const temps: string[] = [];
afterEach(() => {
  while (temps.length) rmSync(temps.pop()!, { recursive: true, force: true });
});

/** How many of this process's descriptors are open on `file` (Linux: /proc/self/fd). */
function descriptorsOn(file: string): number {
  let n = 0;
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      if (readlinkSync(`/proc/self/fd/${fd}`) === file) n++;
    } catch {
      // Closed while listing.
    }
  }
  return n;
}

/** Tries to take the write lock from another process; returns what SQLite said. */
function writeFromAnotherProcess(file: string): string {
  const script = `
    const Database = require(${JSON.stringify(createRequire(import.meta.url).resolve('better-sqlite3'))});
    const db = new Database(process.argv[1]);
    db.pragma('busy_timeout = 0');
    try { db.exec('BEGIN IMMEDIATE'); db.exec('ROLLBACK'); console.log('LOCKED_OK'); }
    catch (e) { console.log(e.code); }`;
  const r = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8' });
  return (r.stdout || r.stderr).trim();
}

describe('early writeback of a rollback-journal import', () => {
  it.skipIf(process.platform !== 'linux')(
    'syncs through its own descriptor without releasing the write lock, and closes it with the store',
    async () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'cc-wb-'));
      temps.push(dir);
      const store = openStore(dir);
      // In WAL there is nothing of the import in the database file to push out early.
      expect(await store.startWriteback()).toBe(false);
      const restore = directWrites(store);
      expect(store.db.pragma('journal_mode', { simple: true })).toBe('delete');
      store.db.exec('BEGIN IMMEDIATE');
      store.db.prepare('INSERT INTO notes (scope, key, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?)').run('t', 'k', 'x'.repeat(100_000), 'now', 'test');
      expect(await store.startWriteback()).toBe(true);
      expect(descriptorsOn(store.file)).toBeGreaterThanOrEqual(2);
      // Closing a second descriptor of the file would have dropped SQLite's POSIX locks: another
      // process could then write in the middle of this transaction.
      expect(writeFromAnotherProcess(store.file)).toMatch(/^SQLITE_BUSY/);
      store.db.exec('COMMIT');
      restore();
      expect(await store.startWriteback()).toBe(false);
      store.close();
      expect(descriptorsOn(store.file)).toBe(0);
      expect(writeFromAnotherProcess(store.file)).toBe('LOCKED_OK');
    },
  );
});
