/** Opens the store (when asked) for the duration of one command. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CrosscheckError } from '../core/errors/crosscheck-error.js';
import { createContinuityView } from '../core/store/continuity.js';
import { openStore, type Store } from '../core/store/store.js';
import { DB_FILE_NAME, defaultStoreDir } from '../core/store/store-dir.js';
import type { ContinuityView } from '../core/verify/verify-api.js';
import { defaultEngagement, getEngagement, listEngagements } from '../core/engagement/engagements.js';

/**
 * Runs fn with the store's continuity view, or with none when no store was named. The store is
 * opened read-only: `verify --store` writes nothing. A named store that does not exist is an
 * error, not an empty store: a mistyped path must never silently skip the continuity checks.
 */
export async function withContinuityView<T>(storeDir: string | undefined, fn: (c: ContinuityView | undefined) => Promise<T>): Promise<T> {
  if (storeDir === undefined) return fn(undefined);
  const file = path.join(path.resolve(storeDir), DB_FILE_NAME);
  if (!existsSync(file)) throw new CrosscheckError('FILE_UNREADABLE', `there is no Crosscheck store in ${storeDir} (no ${DB_FILE_NAME}); import an export there first`);
  const store = openStore(storeDir, { readonly: true });
  const view = createContinuityView(store);
  try {
    return await fn(view);
  } finally {
    (view as { close?: () => void }).close?.();
    store.close();
  }
}

/** Runs fn with the store opened for writing (created when missing). */
export async function withWritableStore<T>(storeDir: string | undefined, fn: (s: Store) => Promise<T> | T): Promise<T> {
  const store = openStore(storeDir ?? defaultStoreDir());
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/** Runs fn with an existing store opened read-only (migrated first). */
export async function withReadStore<T>(storeDir: string | undefined, fn: (s: Store) => Promise<T> | T): Promise<T> {
  const dir = storeDir ?? defaultStoreDir();
  if (!existsSync(path.join(path.resolve(dir), DB_FILE_NAME))) {
    throw new CrosscheckError('FILE_UNREADABLE', `there is no Crosscheck store in ${dir}; import an export first (crosscheck import <bundle> --keyring <file>)`);
  }
  // A store from an older version is brought up to the current schema first (what the app does on
  // open), so a read never meets a missing table; then the command reads without writing.
  openStore(dir).close();
  const store = openStore(dir, { readonly: true });
  try {
    return await fn(store);
  } finally {
    store.close();
  }
}

/**
 * The engagement a read command works in: the one named with --engagement, else the store's only
 * one; with several and none named, BAD_ARGUMENTS listing them. `null` for a store with none.
 */
export function chooseEngagement(store: Store, flag: unknown): number | null {
  if (typeof flag === 'string') return Number(getEngagement(store.db, flag).id);
  if (listEngagements(store.db).length === 0) return null;
  return defaultEngagement(store.db);
}
