/** The packages + custody tables come with the store's migrations (0002-packages.sql). */
import type BetterSqlite3 from 'better-sqlite3';

/** Whether the package tables exist (a read-only store of an older version may not have them yet). */
export function hasPackageTables(db: BetterSqlite3.Database): boolean {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'custody_log'").get() !== undefined;
}
