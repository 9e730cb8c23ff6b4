/** Imports as jobs: cancel leaves the store unchanged, a second import while one runs is refused. */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../shared/api/view-types.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { dispatch } from '../../electron/services/dispatch.js';
import type { Services } from '../../electron/services/services.js';
import { createServices } from '../../electron/services/services.js';
import { jobOfKind } from '../support/job-kind.js';

let dir: string;
let services: Services;
let bundle: string;
let keyring: string;
const ipc = { transport: 'ipc' as const };

async function until(jobId: string): Promise<JobStatus> {
  for (;;) {
    const r = await dispatch(services.handlers, 'jobs.get', { jobId }, ipc);
    if (!r.ok) throw new Error(r.error.message);
    const s = r.value as JobStatus;
    if (s.state !== 'running') return s;
    await new Promise((res) => setTimeout(res, 10));
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cc-jobs-'));
  const demo = await generateDemo({ outDir: path.join(dir, 'demo'), entries: 20_000, seed: 'jobs', zip: false });
  bundle = demo.bundleDir;
  keyring = demo.keyringPath;
  services = await createServices({ storeDir: path.join(dir, 'store') });
});

afterAll(async () => {
  await services.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('import jobs', () => {
  it('cancels an import and leaves the store unchanged', async () => {
    const started = await dispatch(services.handlers, 'imports.start', { bundle: { kind: 'path', path: bundle }, keyring: { kind: 'path', path: keyring } }, ipc);
    expect(started.ok).toBe(true);
    const job = (started as { value: JobStatus }).value;
    // A second import while one runs is refused with a code the UI can show.
    const second = await dispatch(services.handlers, 'imports.start', { bundle: { kind: 'path', path: bundle } }, ipc);
    expect(second).toMatchObject({ ok: false, error: { code: 'BUSY' } });
    const cancelled = await dispatch(services.handlers, 'jobs.cancel', { jobId: job.id }, ipc);
    expect(cancelled.ok).toBe(true);
    const end = await until(job.id);
    expect(end.state).toBe('cancelled');
    const list = await dispatch(services.handlers, 'exports.list', {}, ipc);
    expect(list).toEqual({ ok: true, value: [] });
    const rows = await dispatch(services.handlers, 'entries.query', { filter: {}, offset: 0, limit: 1 }, ipc);
    expect(rows).toMatchObject({ ok: true, value: { total: 0 } });
  });

  it('then imports the same bundle to the end, with progress', async () => {
    const started = await dispatch(services.handlers, 'imports.start', { bundle: { kind: 'path', path: bundle } }, ipc);
    const job = (started as { value: JobStatus }).value;
    const end = await until(job.id);
    expect(end.state).toBe('done');
    expect(jobOfKind(end, 'import').outcome).toMatchObject({ status: 'VALID' });
    expect(end.progress.entries).toBe(20_000);
    const rows = await dispatch(services.handlers, 'entries.query', { filter: {}, offset: 19_990, limit: 50 }, ipc);
    expect(rows).toMatchObject({ ok: true, value: { total: 20_000 } });
    await services.searchReady();
    // Proofs now fold stored 2^12+ subtrees: they still verify against the checkpoint, everywhere in the tree.
    for (const seq of [0, 1, 4095, 4096, 8191, 12_345, 16_384, 19_999]) {
      const d = await dispatch(services.handlers, 'entries.get', { ref: `1:${seq}` }, ipc);
      expect(d).toMatchObject({ ok: true, value: { proof: { verified: true, treeSize: 20_000, leafIndex: seq } } });
    }
    const stored = services.store.db.prepare('SELECT count(*) AS n FROM si.subtrees').get() as { n: number };
    expect(stored.n).toBeGreaterThanOrEqual(4);
  });
});
