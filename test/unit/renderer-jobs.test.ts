/**
 * The renderer's one job follower (behind `useJob`) against the real services: an import followed
 * to its end, a cancelled one, a refused start, and a job started elsewhere picked up once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/api/result.js';
import type { JobStatus } from '../../shared/api/view-types.js';
import { createClient } from '../../shared/api/client.js';
import type { MethodName } from '../../shared/api/contract.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { dispatch } from '../../electron/services/dispatch.js';
import type { Services } from '../../electron/services/services.js';
import { createServices } from '../../electron/services/services.js';
import { createJobFollower } from '../../renderer/src/jobs/job-follower.js';
import { jobOfKind } from '../support/job-kind.js';

let dir: string;
let services: Services;
let bundle: string;
let second: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cc-follower-'));
  const demo = await generateDemo({
    outDir: path.join(dir, 'demo'),
    entries: 8_000,
    seed: 'follower',
    zip: false,
  });
  bundle = demo.bundleDir;
  second = (
    await generateDemo({ outDir: path.join(dir, 'demo2'), entries: 40_000, seed: 'follower-2', zip: false })
  ).bundleDir;
  services = await createServices({ storeDir: path.join(dir, 'store') });
  // The keyring is trusted once, as the app does on first import.
  const r = await dispatch(
    services.handlers,
    'imports.start',
    { bundle: { kind: 'path', path: bundle }, keyring: { kind: 'path', path: demo.keyringPath } },
    { transport: 'ipc' },
  );
  expect(r.ok).toBe(true);
  await services.searchReady();
  for (;;) {
    const list = await dispatch(services.handlers, 'jobs.list', {}, { transport: 'ipc' });
    if (list.ok && (list.value as JobStatus[]).every((j) => j.state !== 'running')) break;
    await new Promise((res) => setTimeout(res, 20));
  }
});

afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

function recorder() {
  const client = createClient((method: MethodName, args: unknown) =>
    dispatch(services.handlers, method, args, { transport: 'ipc' }),
  );
  const seen: (JobStatus | null)[] = [];
  const errors: (ApiError | null)[] = [];
  let resolveEnd: (j: JobStatus) => void = () => undefined;
  const ended = new Promise<JobStatus>((res) => (resolveEnd = res));
  const follower = createJobFollower(
    client,
    { status: (s) => seen.push(s), error: (e) => errors.push(e), ended: (j) => resolveEnd(j) },
    5,
  );
  return { client, follower, seen, errors, ended };
}

describe('the job follower', () => {
  it('follows an import of the same export to its end and reports the duplicate', async () => {
    const { client, follower, seen, ended } = recorder();
    let doneSeen: JobStatus | null = null;
    await follower.run(
      () => client.call('imports.start', { bundle: { kind: 'path', path: bundle } }),
      (j) => (doneSeen = j),
    );
    const end = await ended;
    expect(end.state).toBe('done');
    expect(jobOfKind(end, 'import').outcome).toMatchObject({ alreadyImported: true, status: 'VALID' });
    expect(doneSeen).toEqual(end);
    // A duplicate ends at once: the status `begin` returned is the end, and it is shown.
    expect(seen.at(-1)).toEqual(end);
    expect(follower.current()).toEqual(end);
    follower.dismiss();
    expect(follower.current()).toBeNull();
    expect(seen.at(-1)).toBeNull();
  });

  it('shows a bundle that is not there as a failed job with its reason, never as silence', async () => {
    const { client, follower, errors, ended } = recorder();
    await follower.run(() =>
      client.call('imports.start', { bundle: { kind: 'path', path: path.join(dir, 'no-such-bundle') } }),
    );
    const refused = errors.at(-1);
    if (refused) {
      expect(refused.message).not.toBe('');
      expect(follower.current()).toBeNull();
    } else {
      const end = await ended;
      expect(end.state).toBe('failed');
      expect(end.error).toMatch(/no-such-bundle|not found|no such/i);
    }
  });

  it('cancels a running job, and follows a job started elsewhere only when none is shown', async () => {
    const a = recorder();
    const b = recorder();
    await a.follower.run(() => a.client.call('imports.start', { bundle: { kind: 'path', path: second } }));
    expect(a.errors).toEqual([null]);
    const started = a.follower.current()!;
    expect(started.state).toBe('running');
    b.follower.follow(started);
    expect(b.follower.current()?.id).toBe(started.id);
    b.follower.follow({ ...started, id: 'another' });
    expect(b.follower.current()?.id).toBe(started.id);
    await a.follower.cancel();
    const [endA, endB] = await Promise.all([a.ended, b.ended]);
    expect(endA.id).toBe(started.id);
    expect(endB.id).toBe(started.id);
    expect(['cancelled', 'done']).toContain(endA.state);
    expect(endB.state).toBe(endA.state);
  });

  it('carries each kind its own payload: an import its outcome, a package its result, never the other', async () => {
    const imp = recorder();
    await imp.follower.run(() =>
      imp.client.call('imports.start', { bundle: { kind: 'path', path: bundle } }),
    );
    const importEnd = await imp.ended;
    expect(importEnd.kind).toBe('import');
    expect(importEnd).toHaveProperty('outcome');
    expect(importEnd).not.toHaveProperty('result');
    expect(jobOfKind(importEnd, 'import').outcome).toMatchObject({ alreadyImported: true });

    const pkg = recorder();
    await pkg.follower.run(() => pkg.client.call('packages.generate', { org: true }));
    const packageEnd = await pkg.ended;
    expect(packageEnd.state, packageEnd.error ?? '').toBe('done');
    expect(packageEnd.kind).toBe('package');
    expect(packageEnd).toHaveProperty('result');
    expect(packageEnd).not.toHaveProperty('outcome');
    expect(jobOfKind(packageEnd, 'package').result).toMatchObject({ version: 1, created: true, file: null });
    expect(() => jobOfKind(packageEnd, 'import')).toThrow(
      /expected a job of kind import, got one of kind package/,
    );
  });
});
