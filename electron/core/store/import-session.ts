/**
 * One import's hold on the store: the journal, checkpoint and temp-store modes an import wants,
 * set and restored by the store instead of by the importer, and its one write transaction.
 *
 *   const session = beginImport(store, { direct });   // before any other connection opens
 *   …open the continuity view…
 *   session.begin();                                   // BEGIN IMMEDIATE (STORE_BUSY if taken)
 *   …write…  session.commit()  (or session.rollback())
 *   …close the view…  session.end();                  // modes back, never throws, safe twice
 */
import { StoreError } from './store-errors.js';
import { directWrites, memoryTempStore, type Store } from './store.js';

export interface ImportSession {
  /** Temp storage in memory and the write lock taken now, so a concurrent writer fails before any work. */
  begin(): void;
  /** True between begin() and commit()/rollback(). */
  readonly open: boolean;
  /** COMMIT without SQLite's auto-checkpoint copying the whole import out of the WAL inside it. */
  commit(): void;
  /** Rolls back what this session wrote; nothing if it holds no transaction. */
  rollback(): void;
  /** Restores the journal (WAL) and temp-store modes; call after every other connection closed. */
  end(): void;
}

/**
 * Starts an import session. `direct`: the caller holds the store alone and imports an origin it
 * does not hold yet, so the rows may go straight into the database file (store.ts directWrites);
 * it is switched here, before any other connection of the import opens.
 */
export function beginImport(store: Store, opts: { direct: boolean }): ImportSession {
  const restoreWal = opts.direct ? directWrites(store) : (): void => undefined;
  let restoreTemp = (): void => undefined;
  let open = false;
  let ended = false;
  store.importing = true;
  return {
    get open() {
      return open && store.db.inTransaction;
    },
    begin() {
      restoreTemp = memoryTempStore(store);
      try {
        store.db.exec('BEGIN IMMEDIATE');
      } catch (cause) {
        const busy = (cause as { code?: string }).code?.startsWith('SQLITE_BUSY') ?? false;
        throw busy
          ? new StoreError(
              'STORE_BUSY',
              'another Crosscheck process is importing into this store; try again when it has finished',
              { cause },
            )
          : cause;
      }
      open = true;
    },
    commit() {
      // The owner checkpoints later (checkpointStore when idle, or on close) instead.
      const autoCheckpoint = store.db.pragma('wal_autocheckpoint', { simple: true }) as number;
      store.db.pragma('wal_autocheckpoint = 0');
      try {
        store.db.exec('COMMIT');
      } finally {
        store.db.pragma(`wal_autocheckpoint = ${Math.trunc(autoCheckpoint)}`);
      }
      open = false;
    },
    rollback() {
      if (open && store.db.inTransaction) store.db.exec('ROLLBACK');
      open = false;
    },
    end() {
      if (ended) return;
      ended = true;
      restoreTemp();
      restoreWal();
      store.importing = false;
    },
  };
}
