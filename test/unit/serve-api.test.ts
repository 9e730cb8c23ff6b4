/** The loopback server and the handler table on real stores, real bundles and real HTTP. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobStatus } from '../../shared/api/view-types.js';
import { runServe } from '../../electron/serve/serve.js';
import type { ServeHandle } from '../../electron/serve/serve.js';
import { dispatch } from '../../electron/services/dispatch.js';
import { SAMPLE_BUNDLE, SAMPLE_KEYRING } from '../support/paths.js';
import { jobOfKind } from '../support/job-kind.js';

let dir: string;
let serve: ServeHandle;
const lines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'cc-serve-'));
  serve = await runServe({ port: 0, store: path.join(dir, 'store'), open: false, print: (l) => lines.push(l) });
});

afterAll(async () => {
  await serve.close();
  rmSync(dir, { recursive: true, force: true });
});

async function post(pathname: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(`http://127.0.0.1:${serve.port}${pathname}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('crosscheck serve', () => {
  it('prints exactly the URL with a fresh random token first', () => {
    expect(lines[0]).toBe(serve.url);
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('refuses requests without the token', async () => {
    expect((await post('/api/app.info', {})).status).toBe(401);
    expect((await post('/api/app.info', {}, { 'x-crosscheck-token': 'nope' })).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${serve.port}/`)).status).toBe(401);
  });

  it('answers with the token, in the Result shape', async () => {
    const r = await post('/api/app.info', {}, { 'x-crosscheck-token': serve.token });
    expect(r.status).toBe(200);
    const body = (await r.json()) as { ok: boolean; value: { transport: string } };
    expect(body.ok).toBe(true);
    expect(body.value.transport).toBe('http');
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('refuses a foreign Origin even with the token', async () => {
    expect((await post('/api/app.info', {}, { 'x-crosscheck-token': serve.token, origin: 'http://evil.example' })).status).toBe(403);
    expect((await post('/api/app.info', {}, { 'x-crosscheck-token': serve.token, origin: `http://127.0.0.1:${serve.port}` })).status).toBe(200);
  });

  it('answers an oversized request body with 413 and a JSON error, not a reset connection', async () => {
    const big = `{"pad":"${'x'.repeat(3 * 1024 * 1024)}"}`;
    const r = await post('/api/app.info', big, { 'x-crosscheck-token': serve.token });
    expect(r.status).toBe(413);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await r.json()).toEqual({ ok: false, error: { code: 'BAD_ARGUMENTS', message: 'the request body is larger than 2097152 bytes' } });
    // A body that declares far more than could be drained is answered before it is sent.
    const early = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: serve.port, path: '/api/app.info', method: 'POST', headers: { 'x-crosscheck-token': serve.token, 'content-type': 'application/json', 'content-length': String(2 ** 31) } },
        (res) => {
          let body = '';
          res.on('data', (c: Buffer) => (body += c.toString('utf8')));
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.write('{"pad":"');
    });
    expect(early.status).toBe(413);
    expect(JSON.parse(early.body)).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    // And the server goes on answering.
    expect((await post('/api/app.info', {}, { 'x-crosscheck-token': serve.token })).status).toBe(200);
  });

  it('validates arguments with the contract and names unknown methods', async () => {
    const t = { 'x-crosscheck-token': serve.token };
    expect(await (await post('/api/entries.query', { filter: {}, offset: 0, limit: 5000 }, t)).json()).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await (await post('/api/entries.query', { filter: { verdict: 'MAYBE' }, offset: 0, limit: 5 }, t)).json()).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await (await post('/api/nope.never', {}, t)).json()).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });
    expect(await (await post('/api/app.info', '{not json', t)).json()).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
    expect(await (await post('/api/app.info', { extra: 1 }, t)).json()).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
  });

  it('uploads, imports the sample off the request path and serves every view of it', async () => {
    const t = { 'x-crosscheck-token': serve.token };
    const h = serve.services.handlers;
    // Keys first (as text), then a directory bundle by path over the desktop transport.
    const keys = await dispatch(h, 'keys.add', { keyring: readFileSync(SAMPLE_KEYRING, 'utf8') }, { transport: 'http' });
    expect(keys).toMatchObject({ ok: true });
    const byPathOverHttp = await dispatch(h, 'imports.start', { bundle: { kind: 'path', path: SAMPLE_BUNDLE } }, { transport: 'http' });
    expect(byPathOverHttp).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const started = await dispatch(h, 'imports.start', { bundle: { kind: 'path', path: SAMPLE_BUNDLE } }, { transport: 'ipc' });
    expect(started.ok).toBe(true);
    const job = (started as { value: JobStatus }).value;
    let status = job;
    while (status.state === 'running') {
      // The server answers while the import runs.
      expect((await post('/api/jobs.get', { jobId: job.id }, t)).status).toBe(200);
      status = ((await (await post('/api/jobs.get', { jobId: job.id }, t)).json()) as { value: JobStatus }).value;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(status.error ?? status.state).toBe('done');
    expect(jobOfKind(status, 'import').outcome).toMatchObject({ status: 'VALID', findingTotal: 0 });

    const list = (await (await post('/api/exports.list', {}, t)).json()) as { value: { exportRef: string; status: string; entries: number }[] };
    expect(list.value).toHaveLength(1);
    expect(list.value[0]).toMatchObject({ status: 'VALID', entries: 300 });

    const page = (await (await post('/api/entries.query', { filter: {}, offset: 250, limit: 100 }, t)).json()) as { value: { total: number; rows: { seq: number }[] } };
    expect(page.value.total).toBe(300);
    expect(page.value.rows.map((r) => r.seq)).toEqual(Array.from({ length: 50 }, (_, i) => 250 + i));

    // Text search: the trigram index answers once it caught up, with the same rows a scan finds.
    await serve.services.searchReady();
    const hosts = (await (await post('/api/entries.query', { filter: { text: 'Hosts' }, offset: 0, limit: 100 }, t)).json()) as {
      value: { total: number; textSearch: string; rows: { operation: string | null; resource: string | null; id: string }[] };
    };
    expect(hosts.value).toMatchObject({ total: 24, textSearch: 'index' });
    for (const r of hosts.value.rows) expect(`${r.operation} ${r.resource}`.toLowerCase()).toContain('hosts');
    const short = (await (await post('/api/entries.query', { filter: { text: 'ok' }, offset: 0, limit: 1 }, t)).json()) as { value: { textSearch: string } };
    expect(short.value.textSearch).toBe('scan');

    const denied = (await (await post('/api/entries.query', { filter: { verdict: 'DENY' }, offset: 0, limit: 100 }, t)).json()) as { value: { total: number } };
    expect(denied.value.total).toBe(5);

    for (let seq = 0; seq < 300; seq += 37) {
      const d = (await (await post('/api/entries.get', { ref: `1:${seq}` }, t)).json()) as { value: { proof: { verified: boolean; treeSize: number } } };
      expect(d.value.proof).toMatchObject({ verified: true, treeSize: 300 });
    }

    const cov = (await (await post('/api/controls.coverage', {}, t)).json()) as {
      value: { criterion: string; evidence: number; status: string; disputed: { actionType: string }[] }[];
    };
    expect(cov.value).toHaveLength(61);
    // Heartbeats are the platform's evidence for backups (A1.2); Crosscheck counts them for A1.1 only.
    expect(cov.value.find((c) => c.criterion === 'A1.2')).toMatchObject({ evidence: 0, status: 'needs_document', disputed: expect.arrayContaining([expect.objectContaining({ actionType: 'system.heartbeat' })]) });
    expect(cov.value.find((c) => c.criterion === 'A1.1')).toMatchObject({ evidence: 15, status: 'evidenced' });
    expect(cov.value.find((c) => c.criterion === 'CC6.6')).toMatchObject({ evidence: 14 });
    expect(cov.value.find((c) => c.criterion === 'CC6.1')).toMatchObject({ status: 'tested' });
    // The drill-down lists exactly the entries the evidence count counts.
    for (const c of ['CC6.6', 'A1.1', 'CC6.1']) {
      const drill = (await (await post('/api/entries.query', { filter: { controls: c }, offset: 0, limit: 1 }, t)).json()) as { value: { total: number } };
      expect(drill.value.total, c).toBe(cov.value.find((x) => x.criterion === c)!.evidence);
    }

    const agents = (await (await post('/api/agents.list', {}, t)).json()) as { value: { agentId: string; calls: number }[] };
    expect(agents.value.reduce((s, a) => s + a.calls, 0)).toBe(183);
    // The tallies (kept in the derived index) agree with a count straight from the bundle's lines.
    const lines = readFileSync(path.join(SAMPLE_BUNDLE, 'entries.jsonl'), 'utf8').split('\n').filter(Boolean);
    const parsed = lines.map((l) => JSON.parse(l) as { agent_id: string | null; action_type: string; data: { connector?: string; data_types?: string[] } });
    for (const a of agents.value) {
      const detail = (await (await post('/api/agents.get', { agentId: a.agentId }, t)).json()) as {
        ok: boolean;
        value: { executionGraph: string; dataFlow: string; comparisons: { dimension: string; observed: { value: string; count: number }[] }[]; timeline: unknown[]; timelineTotal: number };
      };
      expect(detail.ok).toBe(true);
      expect(detail.value.executionGraph.startsWith('flowchart LR')).toBe(true);
      const mine = parsed.filter((e) => e.agent_id === a.agentId && e.action_type === 'connector.called');
      const byConnector: Record<string, number> = {};
      for (const e of mine) byConnector[e.data.connector!] = (byConnector[e.data.connector!] ?? 0) + 1;
      const systems = detail.value.comparisons.find((c) => c.dimension === 'systems')!.observed;
      expect(Object.fromEntries(systems.map((o) => [o.value, o.count]))).toEqual(byConnector);
      const dts = detail.value.comparisons.find((c) => c.dimension === 'data_types')!.observed.reduce((s2, o) => s2 + o.count, 0);
      expect(dts).toBe(mine.reduce((s2, e) => s2 + (e.data.data_types?.length ?? 0), 0));
      expect(detail.value.timeline.length).toBeGreaterThan(0);
      const lifecycle = ['agent.created', 'agent.deployed', 'agent.updated', 'intent.declared', 'drift.detected', 'agent.suspended', 'agent.resumed', 'agent.rolled_back', 'approval.reviewed'];
      const events = parsed.filter((e) => e.agent_id === a.agentId && lifecycle.includes(e.action_type)).length;
      expect(detail.value.timeline.length).toBe(events);
    }
  });

  it('keeps responsibility edits in the store', async () => {
    const t = { 'x-crosscheck-token': serve.token };
    await post('/api/responsibility.set', { criterion: 'CC8.1', layer: 'platform', text: 'Changed.', notes: 'n' }, t);
    const rows = (await (await post('/api/responsibility.get', {}, t)).json()) as { value: { criterion: string; cells: { platform: { text: string; edited: boolean } } }[] };
    expect(rows.value.find((r) => r.criterion === 'CC8.1')!.cells.platform).toMatchObject({ text: 'Changed.', edited: true });
    await post('/api/responsibility.reset', { criterion: 'CC8.1', layer: 'platform' }, t);
    const again = (await (await post('/api/responsibility.get', {}, t)).json()) as { value: { criterion: string; cells: { platform: { edited: boolean } } }[] };
    expect(again.value.find((r) => r.criterion === 'CC8.1')!.cells.platform.edited).toBe(false);
  });
});
