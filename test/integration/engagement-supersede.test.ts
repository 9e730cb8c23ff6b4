/**
 * A re-verification of the same archive supersedes the earlier copy only within its engagement:
 * the same bundle imported into another client's engagement (with another keyring, so it is a new
 * verification) never takes an export out of the first engagement's views.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../support/bundle-files.js';
import { crosscheck } from '../support/cli.js';
import { SAMPLE_KEYRING } from '../support/paths.js';

let dir: string;
let store: string;
let demo: string;

function json<T>(args: string[]): T {
  const r = crosscheck([...args, '--store', store, '--json']);
  if (r.code > 1) throw new Error(`${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
const exportsOf = (engagement: number) =>
  json<Array<{ integrity: string }>>(['exports', '--engagement', String(engagement)]).map((e) => e.integrity);

beforeAll(() => {
  dir = tempDir('cc-supersede-');
  store = path.join(dir, 'store');
  demo = path.join(dir, 'demo');
  expect(crosscheck(['demo', '--out', demo, '--entries', '600', '--seed', 'supersede']).code).toBe(0);
}, 120_000);

afterAll(() => removeDir(dir));

describe('superseded copies stay within their engagement', () => {
  it('the same archive verified again into another engagement leaves the first one as it was', () => {
    const bundle = path.join(demo, 'bundle.zip');
    // Engagement 1: a keyring without the producer's keys, so the export is UNVERIFIABLE there.
    expect(
      crosscheck(['import', bundle, '--keyring', SAMPLE_KEYRING, '--store', store]).code,
    ).toBeGreaterThan(0);
    expect(exportsOf(1)).toEqual(['UNVERIFIABLE']);
    const created = json<{ id: number }>(['engagement', 'create', '--name', 'Second review']);
    // The same bytes, verified with the producer's keyring, into the other engagement.
    const r = crosscheck([
      'import',
      bundle,
      '--keyring',
      path.join(demo, 'keyring.json'),
      '--engagement',
      String(created.id),
      '--store',
      store,
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(exportsOf(created.id)).toEqual(['VALID']);
    // Before: engagement 1 lost its copy, superseded by an import it never received.
    expect(exportsOf(1)).toEqual(['UNVERIFIABLE']);
  });

  it('within one engagement the newer verification still supersedes the older', () => {
    const bundle = path.join(demo, 'bundle.zip');
    store = path.join(dir, 'store-2');
    expect(
      crosscheck(['import', bundle, '--keyring', SAMPLE_KEYRING, '--store', store]).code,
    ).toBeGreaterThan(0);
    expect(exportsOf(1)).toEqual(['UNVERIFIABLE']);
    const r = crosscheck(['import', bundle, '--keyring', path.join(demo, 'keyring.json'), '--store', store]);
    expect(r.code, r.stderr).toBe(0);
    expect(exportsOf(1)).toEqual(['VALID']);
  });
});
