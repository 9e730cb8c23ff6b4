/** The store's import session: modes set and restored by the store, one write transaction, a clear busy error. */
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { beginImport } from '../../electron/core/store/import-session.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { removeDir, tempDir } from '../support/bundle-files.js';

let dir: string;
const open: Store[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.close();
  removeDir(dir);
});

function store(): Store {
  const s = openStore(path.join(dir, 'store'));
  open.push(s);
  return s;
}

describe('beginImport', () => {
  it('writes directly when it holds the store alone, and puts WAL and file temp storage back at the end', () => {
    dir = tempDir('cc-session-');
    const s = store();
    const session = beginImport(s, { direct: true });
    expect(String(s.db.pragma('journal_mode', { simple: true }))).toBe('delete');
    expect(s.importing).toBe(true);
    session.begin();
    expect(session.open).toBe(true);
    expect(Number(s.db.pragma('temp_store', { simple: true }))).toBe(2);
    s.db
      .prepare(
        "INSERT INTO notes (scope, key, note, updated_by, updated_at) VALUES ('t', 'k', 'n', 'me', 'now')",
      )
      .run();
    session.commit();
    expect(session.open).toBe(false);
    session.end();
    session.end();
    expect(String(s.db.pragma('journal_mode', { simple: true }))).toBe('wal');
    expect(Number(s.db.pragma('temp_store', { simple: true }))).toBe(1);
    expect(s.importing).toBe(false);
    expect((s.db.prepare("SELECT count(*) AS n FROM notes WHERE scope = 't'").get() as { n: number }).n).toBe(
      1,
    );
  });

  it('rolls back what it wrote, and refuses a second writer with STORE_BUSY', () => {
    dir = tempDir('cc-session-');
    const a = store();
    const b = store();
    const first = beginImport(a, { direct: false });
    first.begin();
    a.db
      .prepare(
        "INSERT INTO notes (scope, key, note, updated_by, updated_at) VALUES ('t', 'k', 'n', 'me', 'now')",
      )
      .run();
    b.db.pragma('busy_timeout = 0');
    const second = beginImport(b, { direct: false });
    expect(() => second.begin()).toThrow(/another Crosscheck process is importing/);
    second.end();
    first.rollback();
    first.end();
    expect((a.db.prepare("SELECT count(*) AS n FROM notes WHERE scope = 't'").get() as { n: number }).n).toBe(
      0,
    );
  });
});
