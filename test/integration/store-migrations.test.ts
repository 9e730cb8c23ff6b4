import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { PAGE_SIZE, openStore } from '../../electron/core/store/store.js';
import { MIGRATIONS_DIR, loadMigrations } from '../../electron/core/store/migrations.js';
import { DB_FILE_NAME, defaultStoreDir } from '../../electron/core/store/store-dir.js';
import { StoreError } from '../../electron/core/store/store-errors.js';

const temps: string[] = [];
function tempDir(prefix: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), prefix));
  temps.push(d);
  return d;
}
/** A private copy of the shipped migrations, so a test can edit or add files. */
function copyMigrations(): string {
  const d = tempDir('cc-mig-');
  for (const f of readdirSync(MIGRATIONS_DIR)) copyFileSync(path.join(MIGRATIONS_DIR, f), path.join(d, f));
  return d;
}
function errorOf(fn: () => unknown): StoreError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(StoreError);
    return e as StoreError;
  }
  throw new Error('expected a StoreError');
}

afterEach(() => {
  while (temps.length) rmSync(temps.pop()!, { recursive: true, force: true });
});

describe('store migrations', () => {
  it('a fresh store gets every migration, user_version and WAL', () => {
    const dir = path.join(tempDir('cc-store-'), 'nested', 'Crosscheck');
    const store = openStore(dir);
    const n = loadMigrations().length;
    expect(store.db.pragma('user_version', { simple: true })).toBe(n);
    expect(store.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.db.pragma('foreign_keys', { simple: true })).toBe(1);
    const rows = store.db.prepare('SELECT version, sha256 FROM schema_migrations ORDER BY version').all() as {
      version: number;
      sha256: string;
    }[];
    expect(rows.map((r) => r.version)).toEqual(loadMigrations().map((m) => m.version));
    expect(rows.map((r) => r.sha256)).toEqual(loadMigrations().map((m) => m.sha256));
    const tables = (
      store.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all() as { name: string }[]
    ).map((t) => t.name);
    for (const t of [
      'imports',
      'exports',
      'entries',
      'entry_search',
      'findings',
      'checks',
      'keyrings',
      'origins',
      'states',
      'anchors',
      'notes',
    ]) {
      expect(tables).toContain(t);
    }
    store.close();
  });

  it('a new store has 16 KiB pages; a store created with 4 KiB pages keeps them and migrates', () => {
    const fresh = openStore(tempDir('cc-store-'));
    expect(fresh.db.pragma('page_size', { simple: true })).toBe(PAGE_SIZE);
    expect(PAGE_SIZE).toBe(16384);
    // The page cache stays a budget in KiB (set after the page size, so it counts 16 KiB pages).
    expect(fresh.db.pragma('cache_size', { simple: true })).toBe(-64 * 1024);
    fresh.close();

    const dir = tempDir('cc-store-');
    const old = new Database(path.join(dir, DB_FILE_NAME));
    old.pragma('page_size = 4096');
    old.exec('CREATE TABLE kept (v TEXT)');
    old.prepare('INSERT INTO kept VALUES (?)').run('from an earlier version');
    old.close();
    const store = openStore(dir);
    expect(store.db.pragma('page_size', { simple: true })).toBe(4096);
    expect(store.db.pragma('user_version', { simple: true })).toBe(loadMigrations().length);
    expect(store.db.prepare('SELECT v FROM kept').pluck().get()).toBe('from an earlier version');
    expect(store.db.pragma('integrity_check', { simple: true })).toBe('ok');
    store.close();
  });

  it('re-opening is idempotent', () => {
    const dir = tempDir('cc-store-');
    openStore(dir).close();
    const again = openStore(dir);
    const applied = again.db.prepare('SELECT applied_at FROM schema_migrations').all();
    expect(applied).toHaveLength(loadMigrations().length);
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    again.close();
  });

  it('a new migration file is applied on the next open, in its own transaction', () => {
    const dir = tempDir('cc-store-');
    const migs = copyMigrations();
    openStore(dir, { migrationsDir: migs }).close();
    const next = String(loadMigrations(migs).length + 1).padStart(4, '0');
    writeFileSync(
      path.join(migs, `${next}-extra.sql`),
      'CREATE TABLE extra (id INTEGER PRIMARY KEY) STRICT;\n',
    );
    const store = openStore(dir, { migrationsDir: migs });
    expect(store.db.pragma('user_version', { simple: true })).toBe(Number(next));
    store.close();
  });

  it('a failing migration leaves the store at the previous version', () => {
    const dir = tempDir('cc-store-');
    const migs = copyMigrations();
    openStore(dir, { migrationsDir: migs }).close();
    const v = loadMigrations(migs).length;
    const next = String(v + 1).padStart(4, '0');
    writeFileSync(
      path.join(migs, `${next}-broken.sql`),
      'CREATE TABLE half (id INTEGER);\nTHIS IS NOT SQL;\n',
    );
    expect(errorOf(() => openStore(dir, { migrationsDir: migs })).reason).toBe('MIGRATION_FAILED');
    rmSync(path.join(migs, `${next}-broken.sql`));
    const store = openStore(dir, { migrationsDir: migs });
    expect(store.db.pragma('user_version', { simple: true })).toBe(v);
    expect(store.db.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'half'").get()).toEqual({
      n: 0,
    });
    store.close();
  });

  it('an edited applied migration is refused with a clear error', () => {
    const dir = tempDir('cc-store-');
    const migs = copyMigrations();
    openStore(dir, { migrationsDir: migs }).close();
    appendFileSync(path.join(migs, '0001-core.sql'), '\nCREATE INDEX sneaky ON notes(note);\n');
    const err = errorOf(() => openStore(dir, { migrationsDir: migs }));
    expect(err.reason).toBe('MIGRATION_EDITED');
    expect(err.message).toMatch(/0001-core\.sql was edited after it was applied/);
  });

  it('CRLF line endings hash like LF (a Windows checkout is not an edit)', () => {
    const dir = tempDir('cc-store-');
    const migs = copyMigrations();
    openStore(dir, { migrationsDir: migs }).close();
    const f = path.join(migs, '0001-core.sql');
    const text = loadMigrations(migs)[0]!.sql;
    writeFileSync(f, text.replace(/\n/g, '\r\n'));
    openStore(dir, { migrationsDir: migs }).close();
  });

  it('a store migrated by a newer Crosscheck is refused, not downgraded', () => {
    const dir = tempDir('cc-store-');
    const migs = copyMigrations();
    const next = String(loadMigrations(migs).length + 1).padStart(4, '0');
    writeFileSync(
      path.join(migs, `${next}-future.sql`),
      'CREATE TABLE future (id INTEGER PRIMARY KEY) STRICT;\n',
    );
    openStore(dir, { migrationsDir: migs }).close();
    expect(errorOf(() => openStore(dir)).reason).toBe('STORE_TOO_NEW');
  });

  it('duplicate version numbers (two engineers picking the same NNNN) are refused', () => {
    const migs = copyMigrations();
    const next = String(loadMigrations(migs).length + 1).padStart(4, '0');
    writeFileSync(path.join(migs, `${next}-a.sql`), 'SELECT 1;\n');
    writeFileSync(path.join(migs, `${next}-b.sql`), 'SELECT 1;\n');
    expect(errorOf(() => loadMigrations(migs)).reason).toBe('MIGRATION_DUPLICATE');
  });

  it('the default folder is the per-user application data folder', () => {
    expect(defaultStoreDir('linux', { XDG_CONFIG_HOME: '/x/cfg' }, '/home/a')).toBe('/x/cfg/Crosscheck');
    expect(defaultStoreDir('linux', { XDG_CONFIG_HOME: 'relative' }, '/home/a')).toBe(
      '/home/a/.config/Crosscheck',
    );
    expect(defaultStoreDir('linux', {}, '/home/a')).toBe('/home/a/.config/Crosscheck');
    expect(defaultStoreDir('darwin', {}, '/Users/a')).toBe('/Users/a/Library/Application Support/Crosscheck');
    expect(defaultStoreDir('win32', { APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'C:\\Users\\a')).toBe(
      'C:\\Users\\a\\AppData\\Roaming\\Crosscheck',
    );
  });
});
