/**
 * Engagements through the real services: two clients' exports in one store never mix, imports
 * land in their organisation's engagement, a wrong file is refused, a duplicate says so, and a
 * voided export leaves every count while staying on record.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MethodName } from '../../shared/api/contract.js';
import type { Result } from '../../shared/api/result.js';
import type { EngagementView } from '../../shared/engagement/engagement-types.js';
import type { EntryPage, ExportSummary, FindingGroupView, JobOf, JobStatus, PackageView, ResponsibilityRow } from '../../shared/api/view-types.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { dispatch } from '../../electron/services/dispatch.js';
import type { Services } from '../../electron/services/services.js';
import { createServices } from '../../electron/services/services.js';
import { listCustody } from '../../electron/core/package/custody.js';
import { removeDir, tempDir } from '../support/bundle-files.js';
import { jobOfKind } from '../support/job-kind.js';

const ipc = { transport: 'ipc' as const };
let dir: string;
let services: Services;
const demos: Record<'alpha' | 'beta', { bundle: string; keyring: string; entries: number }> = {} as never;

async function call<T>(method: MethodName, args: unknown): Promise<Result<T>> {
  return (await dispatch(services.handlers, method, args, ipc)) as Result<T>;
}

async function value<T>(method: MethodName, args: unknown): Promise<T> {
  const r = await call<T>(method, args);
  if (!r.ok) throw new Error(`${method}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

async function importJob(args: Record<string, unknown>): Promise<JobOf<'import'>> {
  const started = await value<JobStatus>('imports.start', args);
  for (;;) {
    const s = await value<JobStatus>('jobs.get', { jobId: started.id });
    if (s.state !== 'running') return jobOfKind(s, 'import');
    await new Promise((res) => setTimeout(res, 10));
  }
}

beforeAll(async () => {
  dir = tempDir('cc-eng-');
  demos.alpha = { ...(await demo('alpha', 3_000, 'scope_violation')), entries: 3_000 };
  demos.beta = { ...(await demo('beta', 2_000)), entries: 2_000 };
  services = await createServices({ storeDir: path.join(dir, 'store'), user: 'auditor-a' });
}, 120_000);

async function demo(seed: string, entries: number, plant?: 'scope_violation'): Promise<{ bundle: string; keyring: string }> {
  const d = await generateDemo({ outDir: path.join(dir, seed), entries, seed, zip: false, ...(plant ? { plant } : {}) });
  return { bundle: d.bundleDir, keyring: d.keyringPath };
}

afterAll(async () => {
  await services?.close();
  removeDir(dir);
});

describe('engagements', () => {
  let alpha: EngagementView;
  let beta: EngagementView;

  it('each organisation’s first import creates its engagement, named for the client', async () => {
    const a = await importJob({ bundle: { kind: 'path', path: demos.alpha.bundle }, keyring: { kind: 'path', path: demos.alpha.keyring } });
    expect(a.state).toBe('done');
    expect(a.outcome).toMatchObject({ status: 'VALID', alreadyImported: false });
    const b = await importJob({ bundle: { kind: 'path', path: demos.beta.bundle }, keyring: { kind: 'path', path: demos.beta.keyring } });
    expect(b.outcome).toMatchObject({ status: 'VALID', alreadyImported: false });
    const list = await value<EngagementView[]>('engagements.list', {});
    expect(list).toHaveLength(2);
    [alpha, beta] = list as [EngagementView, EngagementView];
    expect(a.outcome!.engagementId).toBe(alpha.id);
    expect(b.outcome!.engagementId).toBe(beta.id);
    expect(alpha.orgs).toHaveLength(1);
    expect(alpha.orgs[0]!.orgId).not.toBe(beta.orgs[0]!.orgId);
    expect(alpha.name).toBe(alpha.orgs[0]!.orgName);
    expect(alpha.exports).toBe(1);
    expect(alpha.span).not.toBeNull();
  });

  it('with two engagements a read that names none is refused, not guessed', async () => {
    const r = await call('exports.list', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(!r.ok && r.error.message).toMatch(/2 engagements/);
  });

  it('every view shows one client only', async () => {
    const ax = await value<ExportSummary[]>('exports.list', { engagementId: alpha.id });
    const bx = await value<ExportSummary[]>('exports.list', { engagementId: beta.id });
    expect(ax).toHaveLength(1);
    expect(bx).toHaveLength(1);
    expect(ax[0]!.orgName).toBe(alpha.orgs[0]!.orgName);
    expect(ax[0]!.sourceName).toBe(path.basename(demos.alpha.bundle));
    const ae = await value<EntryPage>('entries.query', { engagementId: alpha.id, filter: {}, offset: 0, limit: 5 });
    const be = await value<EntryPage>('entries.query', { engagementId: beta.id, filter: {}, offset: 0, limit: 5 });
    expect(ae.total).toBe(demos.alpha.entries);
    expect(be.total).toBe(demos.beta.entries);
    // A line of one client is not reachable from the other's engagement.
    const ref = be.rows[0]!.ref;
    expect(await call('entries.get', { engagementId: alpha.id, ref })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await call('entries.get', { engagementId: beta.id, ref })).toMatchObject({ ok: true });
    const agentsA = await value<{ agentId: string }[]>('agents.list', { engagementId: alpha.id });
    const agentsB = await value<{ agentId: string }[]>('agents.list', { engagementId: beta.id });
    const bIds = new Set(agentsB.map((x) => x.agentId));
    expect(agentsA.length).toBeGreaterThan(0);
    expect(agentsA.some((x) => bIds.has(x.agentId))).toBe(false);
    const facets = await value<{ exports: { exportRef: string }[] }>('entries.facets', { engagementId: alpha.id });
    expect(facets.exports.map((x) => x.exportRef)).toEqual([ax[0]!.exportRef]);
    const groups = await value<FindingGroupView[]>('findings.groups', { engagementId: alpha.id, by: 'kind' });
    expect(groups.map((g) => g.key)).toContain('scope_violation');
    for (const g of groups) for (const f of g.findings) expect(f.exportRef).toBe(ax[0]!.exportRef);
    expect(await value<FindingGroupView[]>('findings.groups', { engagementId: beta.id, by: 'kind' })).toEqual([]);
    // Alpha's finding makes its criteria exceptions; beta's same criteria stay clean.
    const covA = await value<{ criterion: string; status: string }[]>('controls.coverage', { engagementId: alpha.id });
    const covB = await value<{ criterion: string; status: string }[]>('controls.coverage', { engagementId: beta.id });
    const excA = covA.filter((l) => l.status === 'exceptions').map((l) => l.criterion);
    expect(excA.length).toBeGreaterThan(0);
    for (const c of excA) expect(covB.find((l) => l.criterion === c)!.status).not.toBe('exceptions');
  });

  it('a second import of the same export says it was already imported, and writes nothing', async () => {
    const again = await importJob({ bundle: { kind: 'path', path: demos.alpha.bundle } });
    expect(again.outcome).toMatchObject({ alreadyImported: true, engagementId: alpha.id, status: 'VALID' });
    expect(await value<ExportSummary[]>('exports.list', { engagementId: alpha.id })).toHaveLength(1);
  });

  it('an export named into another client’s engagement is refused and lands nowhere', async () => {
    const job = await importJob({ bundle: { kind: 'path', path: demos.beta.bundle }, engagementId: alpha.id });
    // Same export as already stored under beta: the duplicate check answers first, into beta.
    expect(job.outcome?.engagementId ?? null).not.toBe(alpha.id);
    const fresh = await demo('beta-2', 500);
    const other = await importJob({ bundle: { kind: 'path', path: fresh.bundle }, keyring: { kind: 'path', path: fresh.keyring }, engagementId: alpha.id });
    expect(other.state).toBe('failed');
    expect(other.error).toMatch(/engagement \d+ covers/);
    expect(await value<ExportSummary[]>('exports.list', { engagementId: alpha.id })).toHaveLength(1);
  });

  it('a file that is not an export bundle is refused with a clear error and stores nothing', async () => {
    const wrong = path.join(dir, 'notes.txt');
    writeFileSync(wrong, 'these are my notes, not an export\n');
    const job = await importJob({ bundle: { kind: 'path', path: wrong } });
    expect(job.state).toBe('failed');
    expect(job.error).toMatch(/not an audit export/i);
    const n = services.store.db.prepare('SELECT count(*) AS n FROM exports').get() as { n: number };
    expect(n.n).toBe(2);
  });

  it('responsibility notes belong to one engagement', async () => {
    await value('responsibility.set', { engagementId: alpha.id, criterion: 'CC6.1', layer: 'tenant', text: 'Alpha runs its own IdP', notes: 'seen in walkthrough' });
    const a = await value<ResponsibilityRow[]>('responsibility.get', { engagementId: alpha.id });
    const b = await value<ResponsibilityRow[]>('responsibility.get', { engagementId: beta.id });
    expect(a.find((r) => r.criterion === 'CC6.1')!.cells.tenant.text).toBe('Alpha runs its own IdP');
    expect(b.find((r) => r.criterion === 'CC6.1')!.cells.tenant.edited).toBe(false);
  });

  it('a package lists as its versions only its own engagement’s packages of the same scope', async () => {
    const made = async (engagementId: string) => {
      const started = await value<JobStatus>('packages.generate', { org: true, engagementId });
      for (;;) {
        const s = await value<JobStatus>('jobs.get', { jobId: started.id });
        if (s.state !== 'running') return jobOfKind(s, 'package').result!.packageId;
        await new Promise((res) => setTimeout(res, 10));
      }
    };
    const a = await made(alpha.id);
    const b = await made(beta.id);
    const viewA = await value<PackageView>('packages.get', { packageId: a });
    const viewB = await value<PackageView>('packages.get', { packageId: b });
    expect(viewA.versions.map((v) => v.id)).toEqual([a]);
    expect(viewB.versions.map((v) => v.id)).toEqual([b]);
    expect(viewB.record.version).toBe(1);
  });

  it('a voided export leaves every count, stays on record, and the void is in the custody log', async () => {
    const [x] = await value<ExportSummary[]>('exports.list', { engagementId: beta.id });
    expect(await call('exports.void', { engagementId: alpha.id, exportRef: x!.exportRef, reason: 'wrong client' })).toMatchObject({
      ok: false,
      error: { code: 'NOT_FOUND' },
    });
    const voided = await value<ExportSummary>('exports.void', { engagementId: beta.id, exportRef: x!.exportRef, reason: 'imported the wrong period' });
    expect(voided.voided).toMatchObject({ reason: 'imported the wrong period', by: 'auditor-a' });
    expect(await value<ExportSummary[]>('exports.list', { engagementId: beta.id })).toHaveLength(1);
    const page = await value<EntryPage>('entries.query', { engagementId: beta.id, filter: {}, offset: 0, limit: 5 });
    expect(page.total).toBe(0);
    expect(await value<FindingGroupView[]>('findings.groups', { engagementId: beta.id, by: 'kind' })).toEqual([]);
    const e = await value<{ engagement: EngagementView; history: { action: string }[] }>('engagements.get', { engagementId: beta.id });
    expect(e.engagement).toMatchObject({ exports: 0, voided: 1 });
    expect(e.history.map((h) => h.action)).toContain('export voided');
    const custody = listCustody(services.store.db, {});
    expect(custody.some((c) => c.action === 'export.voided' && c.subject === `export:${x!.exportRef}`)).toBe(true);
    expect(await call('exports.void', { engagementId: beta.id, exportRef: x!.exportRef, reason: 'again' })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    // The other client is untouched.
    expect((await value<EntryPage>('entries.query', { engagementId: alpha.id, filter: {}, offset: 0, limit: 1 })).total).toBe(demos.alpha.entries);
  });

  it('an engagement is created, renamed and re-scoped with its history', async () => {
    const created = await value<EngagementView>('engagements.create', { name: 'Gamma FY26', periodFrom: '2026-01-01T00:00:00.000Z', periodTo: '2026-12-31T23:59:59.999Z', frameworks: ['soc2', 'iso27001'] });
    expect(created).toMatchObject({ name: 'Gamma FY26', frameworks: ['iso27001', 'soc2'], exports: 0, createdBy: 'auditor-a' });
    const renamed = await value<EngagementView>('engagements.update', { engagementId: created.id, name: 'Gamma FY2026' });
    expect(renamed.name).toBe('Gamma FY2026');
    const bad = await call('engagements.update', { engagementId: created.id, periodFrom: '2027-01-01T00:00:00.000Z' });
    expect(bad).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    const d = await value<{ history: { action: string; detail: Record<string, unknown> }[] }>('engagements.get', { engagementId: created.id });
    expect(d.history.map((h) => h.action)).toEqual(['created', 'updated']);
    expect(d.history[1]!.detail).toMatchObject({ name: { from: 'Gamma FY26', to: 'Gamma FY2026' } });
  });
});

describe('coverage', () => {
  it('the CLI’s store-direct coverage and the app’s agree for every criterion of an engagement', async () => {
    const { engagementCoverage } = await import('../../electron/core/engagement/engagement-coverage.js');
    const list = await value<EngagementView[]>('engagements.list', {});
    for (const e of list) {
      const app = await value<{ criterion: string; status: string; evidence: number; findings: number }[]>('controls.coverage', { engagementId: e.id });
      const cli = engagementCoverage(services.store.db, Number(e.id));
      expect(app.map((l) => [l.criterion, l.status, l.evidence, l.findings])).toEqual(cli.map((l) => [l.criterion, l.status, l.evidence, l.findings]));
    }
  });

  it('an engagement whose only export is voided evidences nothing and tests nothing', async () => {
    const list = await value<EngagementView[]>('engagements.list', {});
    const beta = list[1]!;
    const cov = await value<{ status: string; evidence: number }[]>('controls.coverage', { engagementId: beta.id });
    expect(cov.every((l) => l.evidence === 0)).toBe(true);
    expect(cov.some((l) => l.status === 'tested' || l.status === 'exceptions')).toBe(false);
  });
});

describe('documents', () => {
  it('a document attached to a criterion the trail cannot show makes it "documented" in that engagement only, custody-logged', async () => {
    const [alpha, beta] = await value<EngagementView[]>('engagements.list', {});
    const file = path.join(dir, 'access-policy.pdf');
    writeFileSync(file, '%PDF-1.4 access control policy v3, approved by the board 2026-01-15\n');
    const doc = await value<{ sha256: string; controlId: string; fileName: string }>('documents.attach', { engagementId: alpha!.id, controlId: 'CC1.1', file: { kind: 'path', path: file }, note: 'board minutes' });
    expect(doc).toMatchObject({ controlId: 'CC1.1', fileName: 'access-policy.pdf' });
    expect(doc.sha256).toMatch(/^[0-9a-f]{64}$/);
    const covA = await value<{ criterion: string; status: string; documents: number }[]>('controls.coverage', { engagementId: alpha!.id });
    const covB = await value<{ criterion: string; status: string }[]>('controls.coverage', { engagementId: beta!.id });
    expect(covA.find((l) => l.criterion === 'CC1.1')).toMatchObject({ status: 'documented', documents: 1 });
    expect(covB.find((l) => l.criterion === 'CC1.1')!.status).toBe('needs_document');
    expect(listCustody(services.store.db, {}).some((c) => c.action === 'document.attached' && c.subject === `document:${doc.sha256}`)).toBe(true);
    expect(await value<unknown[]>('documents.list', { engagementId: beta!.id })).toEqual([]);
    expect(await call('documents.attach', { engagementId: alpha!.id, controlId: 'CC9.9', file: { kind: 'path', path: file } })).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
  });
});

describe('ISO/IEC 27001 coverage', () => {
  it('concludes all 93 Annex A controls per engagement, findings stay with their client, CLI and app agree, drill-down counts what it shows', async () => {
    const { engagementCoverage } = await import('../../electron/core/engagement/engagement-coverage.js');
    const [alpha, beta] = await value<EngagementView[]>('engagements.list', {});
    type Line = { criterion: string; status: string; evidence: number; findings: number };
    const a = await value<Line[]>('controls.coverage', { engagementId: alpha!.id, framework: 'iso27001' });
    const b = await value<Line[]>('controls.coverage', { engagementId: beta!.id, framework: 'iso27001' });
    expect(a).toHaveLength(93);
    // Alpha's scope_violation contradicts access restriction; beta (voided) holds nothing.
    expect(a.find((l) => l.criterion === '8.3')!.status).toBe('exceptions');
    expect(b.some((l) => l.status === 'exceptions' || l.status === 'tested')).toBe(false);
    const cli = engagementCoverage(services.store.db, Number(alpha!.id), 'iso27001');
    expect(a.map((l) => [l.criterion, l.status, l.evidence, l.findings])).toEqual(cli.map((l) => [l.criterion, l.status, l.evidence, l.findings]));
    const monitored = a.find((l) => l.criterion === '8.16')!;
    expect(monitored.evidence).toBeGreaterThan(0);
    const drill = await value<EntryPage>('entries.query', { engagementId: alpha!.id, filter: { controls: '8.16', framework: 'iso27001' }, offset: 0, limit: 1 });
    expect(drill.total).toBe(monitored.evidence);
  });
});
