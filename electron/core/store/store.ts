/** Opening the SQLite store: one file per user, WAL, migrated on open, statements cached. */
import { closeSync, fdatasync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { loadMigrations, migrate, MIGRATIONS_DIR } from './migrations.js';
import { DB_FILE_NAME, defaultStoreDir } from './store-dir.js';
import { StoreError } from './store-errors.js';

export interface OpenStoreOptions {
  /** Where the migration files are (default: next to this module). */
  migrationsDir?: string;
  /** Open without writing: no migrations, no schema changes (for `verify --store`). */
  readonly?: boolean;
  /** Page cache per connection in KiB; bounded so a large import keeps a flat RSS. */
  cacheKiB?: number;
}

const DEFAULT_CACHE_KIB = 64 * 1024;
/** Page size of a store created by this version (see openStore). */
export const PAGE_SIZE = 16384;

/** An open store: the connection plus a cache of prepared statements keyed by their SQL. */
export class Store {
  readonly db: Database.Database;
  readonly dir: string;
  readonly file: string;
  readonly readonly: boolean;
  /** Set while an import holds the write transaction, so a second one fails fast. */
  importing = false;
  /** Set while the connection writes through a rollback journal (see directWrites). */
  writeThrough = false;
  private readonly statements = new Map<string, Database.Statement>();
  /** A descriptor of the database file for startWriteback; closed only after the connection. */
  private syncFd: number | null = null;
  private syncing = false;
  private closed = false;

  constructor(db: Database.Database, dir: string, file: string, readonly: boolean) {
    this.db = db;
    this.dir = dir;
    this.file = file;
    this.readonly = readonly;
  }

  /** A prepared statement for this SQL, compiled once per connection. */
  prepare<P extends unknown[] = unknown[], R = unknown>(sql: string): Database.Statement<P, R> {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s as unknown as Database.Statement<P, R>;
  }

  /**
   * While the connection writes through a rollback journal, has the OS start writing the
   * database file's dirty pages to disk now, in the background (the thread pool). A large
   * import's COMMIT then only syncs what was written since, instead of waiting for the whole
   * import to reach the disk at its end. An optimisation only: durability still comes from
   * SQLite's own sync at COMMIT, so a failure here is ignored. The descriptor stays open until
   * close() has closed the connection, because closing any descriptor of a file drops the POSIX
   * locks this process holds on it, SQLite's included. Resolves true once a sync ran and succeeded
   * (false: not in that mode, one already running, or the sync failed); callers need not wait.
   */
  startWriteback(): Promise<boolean> {
    if (!this.writeThrough || this.syncing || this.closed) return Promise.resolve(false);
    try {
      this.syncFd ??= openSync(this.file, 'r+');
    } catch {
      return Promise.resolve(false);
    }
    this.syncing = true;
    return new Promise((resolve) => {
      fdatasync(this.syncFd!, (err) => {
        this.syncing = false;
        if (this.closed) this.releaseSyncFd();
        resolve(err === null);
      });
    });
  }

  /** Closes the connection; a WAL store is checkpointed by SQLite on the last close. */
  close(): void {
    this.statements.clear();
    if (this.db.open) this.db.close();
    this.closed = true;
    if (!this.syncing) this.releaseSyncFd();
  }

  private releaseSyncFd(): void {
    if (this.syncFd === null) return;
    try {
      closeSync(this.syncFd);
    } catch {
      // Already gone; nothing holds it.
    }
    this.syncFd = null;
  }
}

/**
 * Copies committed WAL content into the database file. An import leaves this to the store's
 * owner so it is not paid inside the import; the app calls it when idle, and SQLite does it on
 * the last close anyway. Returns the WAL pages still not copied (busy readers), 0 when done.
 */
export function checkpointStore(store: Store, mode: 'PASSIVE' | 'TRUNCATE' = 'PASSIVE'): number {
  if (store.readonly) return 0;
  // The mode is one of two literals, not user text; PRAGMA takes no bound parameters.
  const row = store.db.pragma(`wal_checkpoint(${mode === 'TRUNCATE' ? 'TRUNCATE' : 'PASSIVE'})`) as {
    busy: number;
    log: number;
    checkpointed: number;
  }[];
  const r = row[0];
  return r ? Math.max(0, r.log - r.checkpointed) : 0;
}

/**
 * For a caller that holds the store alone (the CLI's `import` of an origin the store does not
 * hold yet): until the returned function is called, the connection writes through a rollback
 * journal instead of the WAL. A large import then lands in the database file once; through the
 * WAL it is written twice (the log, then the checkpoint that copies it in), which at a million
 * entries is about a third of the import's time. The transaction stays atomic either way: a killed
 * import leaves a hot journal that SQLite rolls back on the next open. FULL sync is what a
 * rollback journal needs to be as durable as WAL with NORMAL. While it lasts, readers on other
 * connections may have to wait, which is why the app keeps WAL and why the import's own
 * continuity view must not need the store while it writes (see importBundle).
 *
 * SQLite leaves WAL only when no other connection has the store open (the app, another command);
 * the switch is tried without waiting and, when refused, the import simply runs in WAL. The
 * returned function restores WAL and NORMAL sync; it never throws (a store left in rollback mode
 * by a failed restore is put back in WAL by the next openStore) and is safe to call twice.
 */
export function directWrites(store: Store): () => void {
  const none = (): void => undefined;
  if (store.readonly || store.db.inTransaction) return none;
  const timeout = store.db.pragma('busy_timeout', { simple: true }) as number;
  let mode: string;
  try {
    store.db.pragma('busy_timeout = 0');
    mode = String(store.db.pragma('journal_mode = DELETE', { simple: true })).toLowerCase();
  } catch (cause) {
    if ((cause as { code?: string }).code?.startsWith('SQLITE_BUSY')) return none;
    throw cause;
  } finally {
    store.db.pragma(`busy_timeout = ${Math.trunc(timeout)}`);
  }
  if (mode !== 'delete') return none;
  store.db.pragma('synchronous = FULL');
  store.writeThrough = true;
  let restored = false;
  return () => {
    if (restored || !store.db.open) return;
    restored = true;
    store.writeThrough = false;
    try {
      store.db.pragma('journal_mode = WAL');
      store.db.pragma('synchronous = NORMAL');
    } catch {
      // Another connection opened the store meanwhile; the next openStore sets WAL again.
    }
  };
}

/**
 * For the span of one import: temporary storage in memory instead of in files. What an import
 * puts there is the statement journal of each multi-row INSERT (SQLite keeps one per statement
 * inside a transaction, because a row with an explicit rowid could fail after earlier rows were
 * written); through files, that was about 1.6 GB of writes to deleted temporary files for a
 * million entries, each statement's journal a few hundred KiB that is dropped when it ends. The
 * import's only other temporary b-tree, the move of rows into quarantine, is done in bounded
 * chunks (EntryWriter), so memory stays flat.
 *
 * SQLite drops a connection's temporary tables and triggers when temp_store changes, so the
 * switch is made only when the connection has none (otherwise the import keeps files, as
 * before). Call outside a transaction; the returned function restores FILE and never throws.
 */
export function memoryTempStore(store: Store): () => void {
  const none = (): void => undefined;
  if (store.readonly || store.db.inTransaction) return none;
  if (Number(store.db.pragma('temp_store', { simple: true })) === 2) return none;
  const temps = store.db.prepare('SELECT count(*) AS n FROM temp.sqlite_schema').get() as { n: number };
  if (temps.n > 0) return none;
  store.db.pragma('temp_store = MEMORY');
  return () => {
    if (!store.db.open || store.db.inTransaction) return;
    try {
      store.db.pragma('temp_store = FILE');
    } catch {
      // Left in memory for this connection only; the next openStore sets FILE again.
    }
  };
}

/** Applies the connection settings every Crosscheck connection uses. */
export function configureConnection(db: Database.Database, cacheKiB = DEFAULT_CACHE_KIB): void {
  // A negative cache_size is in KiB: the page cache, and so RSS, stays bounded whatever the import size.
  db.pragma(`cache_size = ${-Math.max(1024, Math.trunc(cacheKiB))}`);
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  // Temporary b-trees (sorts, the move of a quarantined export) spill to disk instead of RAM.
  db.pragma('temp_store = FILE');
}

/** Opens (creating and migrating when needed) the store in `dir`, default the per-user app folder. */
export function openStore(dir: string = defaultStoreDir(), options: OpenStoreOptions = {}): Store {
  const resolved = path.resolve(dir);
  const file = path.join(resolved, DB_FILE_NAME);
  let db: Database.Database;
  try {
    if (!options.readonly) mkdirSync(resolved, { recursive: true });
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
    });
  } catch (cause) {
    throw new StoreError(
      'STORE_OPEN_FAILED',
      `cannot open the store at ${file}: ${(cause as Error).message}`,
      { cause },
    );
  }
  try {
    // Only a new, empty file takes this (an existing store keeps the page size it was created
    // with), and it must come before cache_size, which SQLite turns into a page count at the page
    // size of the moment. 16 KiB holds 15 of the typical 1 KB entry rows where 4 KiB held 3 with
    // a fifth of the page left over: the store is about 10% smaller and an import writes fewer pages.
    if (!options.readonly) db.pragma(`page_size = ${PAGE_SIZE}`);
    configureConnection(db, options.cacheKiB);
    const migrations = loadMigrations(options.migrationsDir ?? MIGRATIONS_DIR);
    if (options.readonly) {
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version > migrations.length) {
        throw new StoreError(
          'STORE_TOO_NEW',
          `this store is at schema version ${version}; use a newer Crosscheck`,
        );
      }
    } else {
      // WAL lets the app read committed data while an import writes, and a killed writer leaves
      // nothing half-applied; synchronous=NORMAL is durable at each checkpoint and always atomic.
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      migrate(db, migrations);
    }
  } catch (e) {
    db.close();
    throw e;
  }
  return new Store(db, resolved, file, options.readonly ?? false);
}
