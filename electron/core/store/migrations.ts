/**
 * Schema migrations: `migrations/NNNN-name.sql`, applied in order, each in its own transaction that
 * also records the file's SHA-256 and sets `PRAGMA user_version`. A migration that was applied and
 * later edited is refused: the store would otherwise silently differ from what the code expects.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { sha256Hex } from '../crypto/sha256.js';
import { StoreError } from './store-errors.js';

/** The folder holding this module's migrations (override it when the code is bundled elsewhere). */
export const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

const FILE_PATTERN = /^(\d{4})-([a-z0-9][a-z0-9-]*)\.sql$/;

export interface Migration {
  version: number;
  name: string;
  file: string;
  sql: string;
  sha256: string;
}

export interface AppliedMigration {
  version: number;
  name: string;
  sha256: string;
  applied_at: string;
}

/** Reads and orders the migration files of a folder; versions must run 1, 2, 3… without gaps. */
export function loadMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (cause) {
    throw new StoreError('STORE_OPEN_FAILED', `cannot read the migrations folder ${dir}`, { cause });
  }
  const migrations: Migration[] = [];
  for (const file of names.sort()) {
    if (!file.endsWith('.sql')) continue;
    const m = FILE_PATTERN.exec(file);
    if (!m) {
      throw new StoreError('MIGRATION_BAD_NAME', `migration file ${file} is not named NNNN-name.sql`);
    }
    const raw = readFileSync(path.join(dir, file), 'utf8');
    // Line endings are normalized so a Windows checkout with autocrlf hashes like a Unix one.
    const sql = raw.replace(/\r\n/g, '\n');
    migrations.push({ version: Number(m[1]), name: m[2]!, file, sql, sha256: sha256Hex(sql) });
  }
  migrations.forEach((mig, i) => {
    if (mig.version !== i + 1) {
      const dup = migrations.filter((x) => x.version === mig.version);
      throw dup.length > 1
        ? new StoreError(
            'MIGRATION_DUPLICATE',
            `two migrations share version ${mig.version}: ${dup.map((d) => d.file).join(', ')}; renumber the newer one`,
          )
        : new StoreError(
            'MIGRATION_BAD_NAME',
            `migration ${mig.file} should be numbered ${String(i + 1).padStart(4, '0')}`,
          );
    }
  });
  return migrations;
}

/** Brings the database up to the newest migration; returns the versions it applied. */
export function migrate(
  db: Database.Database,
  migrations: Migration[],
  now: () => Date = () => new Date(),
): number[] {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const applied = db
    .prepare('SELECT version, name, sha256, applied_at FROM schema_migrations ORDER BY version')
    .all() as AppliedMigration[];
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  const byVersion = new Map(migrations.map((m) => [m.version, m]));

  for (const a of applied) {
    const m = byVersion.get(a.version);
    if (!m) {
      throw new StoreError(
        'STORE_TOO_NEW',
        `this store has migration ${a.version} (${a.name}) that this version of Crosscheck does not know; use a newer Crosscheck`,
      );
    }
    if (m.sha256 !== a.sha256) {
      throw new StoreError(
        'MIGRATION_EDITED',
        `migration ${m.file} was edited after it was applied to this store (recorded sha256 ${a.sha256}, file ${m.sha256}); restore the file and add a new migration instead`,
      );
    }
  }
  const lastApplied = applied.length === 0 ? 0 : applied[applied.length - 1]!.version;
  if (userVersion > lastApplied) {
    throw new StoreError(
      'STORE_TOO_NEW',
      `this store is at schema version ${userVersion}, newer than the ${lastApplied} recorded migrations`,
    );
  }
  if (applied.some((a, i) => a.version !== i + 1)) {
    throw new StoreError(
      'MIGRATION_MISSING',
      'the store records migrations with a gap; it was not written by Crosscheck',
    );
  }

  const record = db.prepare(
    'INSERT INTO schema_migrations (version, name, sha256, applied_at) VALUES (?, ?, ?, ?)',
  );
  const done: number[] = [];
  for (const m of migrations) {
    if (m.version <= lastApplied) continue;
    db.exec('BEGIN IMMEDIATE');
    try {
      db.exec(m.sql);
      record.run(m.version, m.name, m.sha256, now().toISOString());
      // PRAGMA takes no bound parameters; the version is an integer parsed from /^\d{4}/.
      db.pragma(`user_version = ${Math.trunc(m.version)}`);
      db.exec('COMMIT');
    } catch (cause) {
      db.exec('ROLLBACK');
      throw new StoreError('MIGRATION_FAILED', `migration ${m.file} failed: ${(cause as Error).message}`, {
        cause,
      });
    }
    done.push(m.version);
  }
  return done;
}
