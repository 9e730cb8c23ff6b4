/** One table of error codes: every Crosscheck error reaches the API with its own contract code. */
import { describe, expect, it } from 'vitest';
import { CrosscheckError } from '../../electron/core/errors/crosscheck-error.js';
import { StoreError } from '../../electron/core/store/store-errors.js';
import { PackageRecordError } from '../../electron/core/package/records.js';
import { PackageBuildError } from '../../electron/core/package/build-package.js';
import { BinderError } from '../../electron/core/binder/write-binder.js';
import type { HandlerTable } from '../../electron/services/dispatch.js';
import { dispatch } from '../../electron/services/dispatch.js';

async function thrown(e: unknown) {
  const handlers = { 'exports.list': () => Promise.reject(e) } as unknown as HandlerTable;
  return dispatch(handlers, 'exports.list', {}, { transport: 'ipc' });
}

describe('error codes', () => {
  it('gives the store and its migrations codes of their own instead of INTERNAL', async () => {
    expect(await thrown(new StoreError('STORE_BUSY', 'the store is busy'))).toEqual({
      ok: false,
      error: { code: 'STORE_ERROR', message: 'the store is busy' },
    });
    expect(await thrown(new StoreError('MIGRATION_EDITED', 'edited'))).toMatchObject({
      error: { code: 'MIGRATION_EDITED' },
    });
  });

  it('carries the package and binder errors as CrosscheckErrors with their contract code', async () => {
    for (const [e, code] of [
      [new PackageRecordError('PACKAGE_NOT_FOUND', 'no package'), 'NOT_FOUND'],
      [new PackageRecordError('PACKAGE_SCOPE_MISMATCH', 'two scopes'), 'BAD_ARGUMENTS'],
      [new PackageBuildError('PACKAGE_EMPTY', 'nothing'), 'BAD_ARGUMENTS'],
      [new BinderError('BINDER_POPULATION_CHANGED', 'moved'), 'CONFLICT'],
      [new BinderError('BINDER_WRITE_FAILED', 'disk full'), 'WRITE_FAILED'],
    ] as const) {
      expect(e).toBeInstanceOf(CrosscheckError);
      expect(await thrown(e)).toMatchObject({ ok: false, error: { code } });
    }
  });

  it('keeps an unexpected error to one line under INTERNAL', async () => {
    expect(await thrown(new Error('boom\n    at secret (file.ts:1)'))).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'exports.list failed: boom' },
    });
  });
});
