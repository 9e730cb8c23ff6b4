/**
 * The testing and checklist methods through the real services (the handler table both transports
 * use): a sampled approval read with its approval chain, results recorded and refused, a conclusion,
 * a workpaper written, and one engagement's workpapers never readable from another.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../shared/api/contract.js';
import type { Result } from '../../shared/api/result.js';
import type { ExportedFile, JobStatus } from '../../shared/api/view-types.js';
import type { Checklist } from '../../shared/checklist/checklist-types.js';
import type { SampledItemEvidence } from '../../shared/sampling/item-evidence.js';
import type { TestingSheet } from '../../shared/sampling/workpaper-types.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { dispatch } from '../../electron/services/dispatch.js';
import { createServices, type Services } from '../../electron/services/services.js';
import { removeDir, tempDir } from '../support/bundle-files.js';

const ipc = { transport: 'ipc' as const };
let dir: string;
let services: Services;

async function call<T>(method: MethodName, args: unknown): Promise<Result<T>> {
  return (await dispatch(services.handlers, method, args, ipc)) as Result<T>;
}

async function value<T>(method: MethodName, args: unknown): Promise<T> {
  const r = await call<T>(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  dir = tempDir('cc-testing-api-');
  services = await createServices({ storeDir: path.join(dir, 'store'), user: 'tester-a' });
  for (const seed of ['api-north', 'api-south']) {
    const d = await generateDemo({ outDir: path.join(dir, seed), entries: 2500, seed, zip: false });
    const started = await value<JobStatus>('imports.start', {
      bundle: { kind: 'path', path: d.bundleDir },
      keyring: { kind: 'path', path: d.keyringPath },
    });
    for (;;) {
      const s = await value<JobStatus>('jobs.get', { jobId: started.id });
      if (s.state !== 'running') break;
      await new Promise((res) => setTimeout(res, 10));
    }
  }
}, 120_000);

afterAll(async () => {
  await services?.close();
  removeDir(dir);
});

describe('testing through the services', () => {
  it('draws a sample of approvals and shows a sampled approval with its chain: requester, reviewer, role, expiry', async () => {
    const sheet = await value<TestingSheet>('testing.draw', {
      engagementId: '1',
      framework: 'soc2',
      control: 'CC6.1',
      seed: 'api',
      size: 3,
      reason: 'walkthrough',
    });
    expect(sheet.workpaper.items).toHaveLength(3);
    expect(sheet.outstanding).toBe(3 * sheet.workpaper.attributes.length);
    const ev = await value<SampledItemEvidence>('testing.item', {
      engagementId: '1',
      workpaperId: sheet.summary.id,
      item: 0,
    });
    expect(ev.entry.row.actionType ?? (ev.entry.parsed as { action_type: string }).action_type).toBe(
      'approval.reviewed',
    );
    expect(ev.entry.proof?.verified).toBe(true);
    expect(ev.trace).toBeNull();
    const chain = ev.approval!;
    expect(chain.links.map((l) => l.action_type)).toEqual(
      expect.arrayContaining(['approval.requested', 'approval.reviewed']),
    );
    expect(chain.reviewer).toBeTruthy();
    expect(chain.requester).toBeTruthy();
    expect(chain.expiresAt).toMatch(/^\d{4}-/);
    expect(['approved', 'denied']).toContain(chain.decision);
    // The reviewer's role at the time, from the trail (or the state the export starts from).
    // A clean export: every reviewer held an approver role (admin or deployer).
    expect(chain.reviewerRole).toMatch(/^(admin|deployer)$/);
  });

  it('records, refuses bad results, concludes and writes the workpaper; another engagement cannot read it', async () => {
    const [w] = await value<{ id: number }[]>('testing.list', { engagementId: '1' });
    const id = w!.id;
    const bad = await call('testing.record', {
      engagementId: '1',
      workpaperId: id,
      item: 0,
      attribute: 'no-finding',
      result: 'exception',
    });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    let sheet = await value<TestingSheet>('testing.get', { engagementId: '1', workpaperId: id });
    for (let i = 0; i < sheet.workpaper.items.length; i++) {
      for (const a of sheet.workpaper.attributes)
        sheet = await value<TestingSheet>('testing.record', {
          engagementId: '1',
          workpaperId: id,
          item: i,
          attribute: a.id,
          result: 'pass',
        });
    }
    expect(sheet.conclusion?.deviations).toBe(0);
    sheet = await value<TestingSheet>('testing.conclude', { engagementId: '1', workpaperId: id });
    expect(sheet.summary.versions).toHaveLength(1);
    const out = path.join(dir, 'wp.json');
    const file = await value<ExportedFile>('testing.export', {
      engagementId: '1',
      workpaperId: id,
      format: 'json',
      dest: { kind: 'path', path: out },
    });
    expect(file.path).toBe(out);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({
      format: 'crosscheck-tested-workpaper/1',
      version: 1,
      testers: ['tester-a'],
    });
    expect(await call('testing.get', { engagementId: '2', workpaperId: id })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    expect(await value<unknown[]>('testing.list', { engagementId: '2' })).toEqual([]);
  });

  it('checks the checklist per engagement', async () => {
    const c = await value<Checklist>('checklist.get', { engagementId: '2' });
    expect(c.engagement.id).toBe(2);
    expect(c.items.find((i) => i.id === 'period-coverage')!.status).toBe('pass');
    expect(
      await call('checklist.attach', {
        engagementId: '2',
        itemId: 'data-residency',
        file: { kind: 'path', path: path.join(dir, 'wp.json') },
        note: '',
      }),
    ).toMatchObject({ ok: false });
  });
});
