/** The packages + custody tables: applied by the store's migration when present, else here. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';

export const PACKAGE_SCHEMA_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'packages-schema.sql');

/** Whether the package tables exist (a read-only or older store may not have them yet). */
export function hasPackageTables(db: BetterSqlite3.Database): boolean {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'custody_log'").get() !== undefined;
}

/** Creates the package tables when the store's migrations have not (idempotent). */
export function ensurePackageSchema(db: BetterSqlite3.Database): void {
  const have = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'packages'").get();
  if (have !== undefined) return;
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec(readFileSync(PACKAGE_SCHEMA_FILE, 'utf8'));
    db.exec('COMMIT');
  } catch (e) {
    db.exec('ROLLBACK');
    throw e;
  }
}
