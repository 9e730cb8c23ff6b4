/**
 * Packages through the app's contract on a real store and a real server: generate (a job),
 * list, open, diff, export as PDF / JSON / binder (a download under serve, a path on the desktop),
 * the custody log and the auditor's public key.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  AgentSummary,
  ExportedFile,
  JobOf,
  JobStatus,
  PackageSummary,
  PackageView,
} from '../../shared/api/view-types.js';
import type { CustodyVerification, PackageDiff } from '../../shared/package/record-types.js';
import { parsePublicKey } from '../../electron/core/binder/auditor-key.js';
import { verifyBinder } from '../../electron/core/binder/verify-binder.js';
import { runServe } from '../../electron/serve/serve.js';
import type { ServeHandle } from '../../electron/serve/serve.js';
import { dispatch } from '../../electron/services/dispatch.js';
import { SAMPLE_BUNDLE, SAMPLE_KEYRING } from '../support/paths.js';
import { jobOfKind } from '../support/job-kind.js';

let dir: string;
let serve: ServeHandle;
let agent: AgentSummary;
const http = { transport: 'http' as const };
const ipc = { transport: 'ipc' as const };

async function call<T>(method: string, args: unknown, ctx: { transport: 'http' | 'ipc' } = http): Promise<T> {
  const r = await dispatch(serve.services.handlers, method, args, ctx);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

async function settle(job: JobStatus): Promise<JobStatus> {
  let s = job;
  while (s.state === 'running') {
    await new Promise((res) => setTimeout(res, 10));
    s = await call<JobStatus>('jobs.get', { jobId: s.id });
  }
  return s;
}

async function generate(args: Record<string, unknown>): Promise<JobOf<'package'>> {
  return jobOfKind(await settle(await call<JobStatus>('packages.generate', args)), 'package');
}

function get(pathname: string, withToken = true): Promise<Response> {
  return fetch(`http://127.0.0.1:${serve.port}${pathname}`, {
    headers: withToken ? { 'x-crosscheck-token': serve.token } : {},
  });
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cc-serve-pkg-'));
  serve = await runServe({ port: 0, store: path.join(dir, 'store'), open: false, print: () => undefined });
  await call('keys.add', { keyring: readFileSync(SAMPLE_KEYRING, 'utf8') });
  const job = await settle(
    await call<JobStatus>('imports.start', { bundle: { kind: 'path', path: SAMPLE_BUNDLE } }, ipc),
  );
  expect(job.state).toBe('done');
  const agents = await call<AgentSummary[]>('agents.list', {});
  agent = [...agents].sort((a, b) => b.calls - a.calls)[0]!;
});

afterAll(async () => {
  await serve.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('packages in the app', () => {
  let first: string;
  let second: string;

  it('starts with no packages, no custody and no auditor key', async () => {
    expect(await call<PackageSummary[]>('packages.list', {})).toEqual([]);
    expect(await call('custody.list', {})).toEqual([]);
    expect(await call('auditorKey.get', {})).toMatchObject({ exists: false });
  });

  it('generates an agent package as a job, with progress, and records it', async () => {
    const done = await generate({ agentId: agent.agentId });
    expect(done.state).toBe('done');
    expect(done.kind).toBe('package');
    expect(done.result).toMatchObject({ version: 1, created: true, file: null });
    first = done.result!.packageId;
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    const list = await call<PackageSummary[]>('packages.list', {});
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: first,
      scope: 'agent',
      agent_id: agent.agentId,
      agentName: agent.name,
      version: 1,
    });
    const view = await call<PackageView>('packages.get', { packageId: first });
    expect(view.doc.scope).toMatchObject({ kind: 'agent', agent_id: agent.agentId });
    expect(view.doc.execution.totals.calls).toBe(agent.calls);
    expect(view.custody.map((c) => c.action)).toEqual(['package.generated']);
  });

  it('a shorter period is a new version of the same agent, and the diff names what changed', async () => {
    const view = await call<PackageView>('packages.get', { packageId: first });
    // End the period an hour before the last call: fewer calls, other totals.
    const to = new Date(Date.parse(view.doc.period.to) - 3600_000).toISOString();
    const done = await generate({ agentId: agent.agentId, to });
    expect(done.result).toMatchObject({ version: 2, created: true });
    second = done.result!.packageId;
    const list = await call<PackageSummary[]>('packages.list', { agentId: agent.agentId });
    expect(list.map((r) => r.version)).toEqual([2, 1]);
    expect(
      (await call<PackageView>('packages.get', { packageId: second })).versions.map((v) => v.version),
    ).toEqual([2, 1]);
    const diff = await call<PackageDiff>('packages.diff', { fromId: first, toId: second });
    expect(diff.from.version).toBe(1);
    expect(diff.to.version).toBe(2);
    expect(diff.changes.some((c) => c.path === 'period.to' && c.change === 'changed')).toBe(true);
    expect(diff.changes.some((c) => c.path === 'execution.totals.calls')).toBe(true);
  });

  it('an organisation package is its own scope: no diff against an agent package', async () => {
    const done = await generate({ org: true });
    expect(done.result).toMatchObject({ version: 1, created: true });
    expect(await call<PackageSummary[]>('packages.list', { org: true })).toHaveLength(1);
    const r = await dispatch(
      serve.services.handlers,
      'packages.diff',
      { fromId: first, toId: done.result!.packageId },
      http,
    );
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
  });

  it('refuses bad requests with a clear error, and reports a package with no population as a failed job', async () => {
    const none = await dispatch(serve.services.handlers, 'packages.generate', {}, http);
    expect(none).toMatchObject({
      ok: false,
      error: { code: 'BAD_ARGUMENTS', message: expect.stringContaining('agent or the whole organisation') },
    });
    const both = await dispatch(
      serve.services.handlers,
      'packages.generate',
      { agentId: agent.agentId, org: true },
      http,
    );
    expect(both).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    const missing = await dispatch(
      serve.services.handlers,
      'packages.get',
      { packageId: '0'.repeat(64) },
      http,
    );
    expect(missing).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    // Exporting names its file from the record alone; an unknown package is refused the same way.
    const missingExport = await dispatch(
      serve.services.handlers,
      'packages.export',
      { packageId: '0'.repeat(64), format: 'json' },
      http,
    );
    expect(missingExport).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const empty = await generate({ agentId: '00000000-0000-4000-8000-000000000000' });
    expect(empty.state).toBe('failed');
    expect(empty.error).toContain('no verified entries');
    expect(await call<PackageSummary[]>('packages.list', {})).toHaveLength(3);
  });

  it('under serve, an export is a one-time download with the token; a browser never names a path', async () => {
    const overHttpWithPath = await dispatch(
      serve.services.handlers,
      'packages.export',
      { packageId: first, format: 'pdf', dest: { kind: 'path', path: path.join(dir, 'x.pdf') } },
      http,
    );
    expect(overHttpWithPath).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const job = jobOfKind(
      await settle(await call<JobStatus>('packages.export', { packageId: first, format: 'pdf' })),
      'package-export',
    );
    expect(job.state).toBe('done');
    const file = job.result!.file!;
    expect(file.path).toBeNull();
    expect(file.downloadId).toMatch(/^[0-9a-f]{32}$/);
    expect(file.name).toMatch(/^crosscheck-package-agent-[0-9a-f]{8}-v1-[0-9a-f]{12}\.pdf$/);
    expect((await get(`/download/${file.downloadId}`, false)).status).toBe(401);
    const res = await get(`/download/${file.downloadId}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${file.name}"`);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBe(file.bytes);
    // Delivered once, then gone from the store folder.
    expect((await get(`/download/${file.downloadId}`)).status).toBe(404);
    expect(existsSync(path.join(serve.storeDir, 'downloads', file.downloadId!))).toBe(false);
    await expect.poll(() => readdirSync(path.join(serve.storeDir, 'downloads'))).toEqual([]);
  });

  it('on the desktop, an export goes to the chosen path; a binder signed with the auditor key verifies', async () => {
    const noDest = await dispatch(
      serve.services.handlers,
      'packages.export',
      { packageId: first, format: 'json' },
      ipc,
    );
    expect(noDest).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    const jsonPath = path.join(dir, 'package.json');
    const json = await settle(
      await call<JobStatus>(
        'packages.export',
        { packageId: first, format: 'json', dest: { kind: 'path', path: jsonPath } },
        ipc,
      ),
    );
    expect(jobOfKind(json, 'package-export').result!.file).toMatchObject({
      path: jsonPath,
      downloadId: null,
    });
    expect(JSON.parse(readFileSync(jsonPath, 'utf8'))).toMatchObject({ format: 'crosscheck-package/1' });

    const binderPath = path.join(dir, 'binder.zip');
    const binder = await settle(
      await call<JobStatus>(
        'packages.export',
        { packageId: first, format: 'binder', dest: { kind: 'path', path: binderPath } },
        ipc,
      ),
    );
    expect(binder.state).toBe('done');
    const keyPath = path.join(dir, 'auditor.pub.json');
    const keyFile = await call<ExportedFile>(
      'auditorKey.export',
      { dest: { kind: 'path', path: keyPath } },
      ipc,
    );
    expect(keyFile.path).toBe(keyPath);
    const key = await call<{ exists: boolean; keyId: string; publicKeyText: string }>('auditorKey.get', {});
    expect(key.exists).toBe(true);
    expect(readFileSync(keyPath, 'utf8')).toBe(key.publicKeyText);
    const v = await verifyBinder(binderPath, parsePublicKey(key.publicKeyText).raw);
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.keyId).toBe(key.keyId);
  });

  it('the custody log shows every generation and hand-over and verifies', async () => {
    const log = await call<Array<{ seq: number; action: string; subject: string }>>('custody.list', {});
    // Four generations (agent v1, v2, org; the failed one recorded nothing) and one binder, newest first.
    expect(log.map((c) => c.action)).toEqual([
      'binder.exported',
      'package.generated',
      'package.generated',
      'package.generated',
    ]);
    expect(log.map((c) => c.seq)).toEqual([3, 2, 1, 0]);
    expect(log[0]!.subject).toBe(first);
    const v = await call<CustodyVerification>('custody.verify', {});
    expect(v).toMatchObject({ ok: true, entries: 4, problems: [] });
  });
});
