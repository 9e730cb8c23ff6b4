/**
 * The evidence binder on real parts: demo bundle → store → package → binder signed with a real
 * auditor key; verify-binder passes untouched and fails on any changed, added or removed file;
 * the OSCAL document validates against the NIST 1.0.6 schema.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import { createWriteStream } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateAuditorKey, parsePublicKey, publicKeyText } from '../../electron/core/binder/auditor-key.js';
import { verifyBinder } from '../../electron/core/binder/verify-binder.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { listCustody, verifyCustody } from '../../electron/core/package/custody.js';
import { exportBinder, generatePackage, type GenerateResult } from '../../electron/core/package/generate.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { OSCAL_DIR } from '../support/paths.js';
import { readZip } from '../support/zip-read.js';

let tmp: string;
let store: Store;
let pkg: GenerateResult;
let binder: string;
const AT = '2026-04-01T10:00:00.000Z';

async function writeZip(file: string, files: Map<string, Buffer>): Promise<void> {
  const zip = new yazl.ZipFile();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  for (const [name, bytes] of files) zip.addBuffer(bytes, name);
  zip.end();
  await finished(out);
}

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-binder-'));
  const demo = await generateDemo({ outDir: path.join(tmp, 'demo'), entries: 3000, seed: 'binder', plant: 'executed_without_approval', zip: false });
  store = openStore(path.join(tmp, 'store'));
  await importBundle(store, demo.bundleDir, { keyring: parseKeyring(readFileSync(demo.keyringPath, 'utf8')), now: () => new Date(AT) });
  const key = loadOrCreateAuditorKey(path.join(tmp, 'appdata'), 'auditor@example.com');
  binder = path.join(tmp, 'binder.zip');
  pkg = await generatePackage(store.db, { scope: { kind: 'org' }, generatedAt: AT, generatedBy: 'auditor@example.com', binderPath: binder, key });
  writeFileSync(path.join(tmp, 'auditor.pub'), publicKeyText(key));
});

afterAll(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

function pub(): Buffer {
  return parsePublicKey(readFileSync(path.join(tmp, 'auditor.pub'), 'utf8')).raw;
}

describe('evidence binder', () => {
  it('holds the PDF, package JSON, population CSV, OSCAL and signed sums; an untouched binder verifies', async () => {
    const files = await readZip(binder);
    expect([...files.keys()].sort()).toEqual(['SHA256SUMS', 'SHA256SUMS.sig', 'assessment-results.json', 'data-flow.mmd', 'package.json', 'package.pdf', 'population.csv']);
    // The diagram's mermaid source travels as a file of its own, the same text the package JSON holds.
    const pkg = JSON.parse(files.get('package.json')!.toString('utf8')) as { data_flow: { mermaid: string } };
    expect(files.get('data-flow.mmd')!.toString('utf8')).toBe(`${pkg.data_flow.mermaid}\n`);
    expect(pkg.data_flow.mermaid.startsWith('flowchart LR')).toBe(true);
    const csv = files.get('population.csv')!.toString('utf8').split('\r\n').filter((l) => l !== '');
    expect(csv.length).toBe(3001);
    expect(csv[0]).toBe('origin,seq,entry_id,ts,agent_id,actor_type,actor_id,action_type,connector,operation,access,verdict,reason,status,risk_score,approval_id,leaf_hash');
    expect(files.get('package.pdf')!.subarray(0, 5).toString()).toBe('%PDF-');
    const v = await verifyBinder(binder, pub());
    expect(v.problems).toEqual([]);
    expect(v.ok).toBe(true);
    expect(v.signedBy).toBe('auditor@example.com');
    const custody = listCustody(store.db);
    expect(custody[0]!.action).toBe('binder.exported');
    expect(custody[0]!.detail['binder_sha256']).toBe(createHash('sha256').update(readFileSync(binder)).digest('hex'));
    expect(verifyCustody(store.db).ok).toBe(true);
  });

  it('the same package and key give the same binder bytes', async () => {
    const again = path.join(tmp, 'binder-2.zip');
    await exportBinder(store.db, pkg.packageId, again, loadOrCreateAuditorKey(path.join(tmp, 'appdata')));
    expect(Buffer.compare(readFileSync(binder), readFileSync(again))).toBe(0);
  });

  it('fails on a changed, added or removed file, and on another key', async () => {
    const files = await readZip(binder);
    const cases: Array<[string, (m: Map<string, Buffer>) => void, string]> = [
      ['changed csv', (m) => m.set('population.csv', Buffer.concat([m.get('population.csv')!, Buffer.from('x')])), 'file_changed'],
      ['changed pdf', (m) => { const b = Buffer.from(m.get('package.pdf')!); b[b.length - 10] = b[b.length - 10]! ^ 1; m.set('package.pdf', b); }, 'file_changed'],
      ['added file', (m) => m.set('notes.txt', Buffer.from('hello')), 'file_added'],
      ['removed file', (m) => m.delete('assessment-results.json'), 'file_removed'],
      ['changed sums', (m) => m.set('SHA256SUMS', Buffer.from(m.get('SHA256SUMS')!.toString().replace(/^./, (c) => (c === '0' ? '1' : '0')))), 'signature_invalid'],
      ['removed signature', (m) => m.delete('SHA256SUMS.sig'), 'signature_missing'],
    ];
    for (const [name, mutate, problem] of cases) {
      const m = new Map(files);
      mutate(m);
      const file = path.join(tmp, `${name.replace(/ /g, '-')}.zip`);
      await writeZip(file, m);
      const v = await verifyBinder(file, pub());
      expect(v.ok, name).toBe(false);
      expect(v.problems.map((p) => p.problem), name).toContain(problem);
    }
    const rewritten = path.join(tmp, 'rewritten.zip');
    await writeZip(rewritten, files);
    expect((await verifyBinder(rewritten, pub())).ok).toBe(true);
    const other = loadOrCreateAuditorKey(path.join(tmp, 'other'));
    const v = await verifyBinder(binder, Buffer.from(other.publicKeyB64, 'base64'));
    expect(v.ok).toBe(false);
    expect(v.problems[0]!.problem).toBe('signature_invalid');
  });

  it('OSCAL assessment results validate against the 1.0.6 schema, with findings targeting SOC 2 criteria', async () => {
    const files = await readZip(binder);
    const oscal = JSON.parse(files.get('assessment-results.json')!.toString('utf8')) as {
      'assessment-results': { results: Array<{ findings: Array<{ target: { 'target-id': string; status: { state: string } }; title: string }>; observations: Array<{ 'relevant-evidence': Array<{ href: string }> }> }> };
    };
    const schema = JSON.parse(readFileSync(path.join(OSCAL_DIR, 'oscal_assessment-results_schema-1.0.6.json'), 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const validate = ajv.compile(schema);
    const ok = validate(oscal);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    const result = oscal['assessment-results'].results[0]!;
    const failed = result.findings.filter((f) => f.target.status.state === 'not-satisfied');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.some((f) => f.title.includes('executed_without_approval') && ['cc6.1', 'cc7.2'].includes(f.target['target-id']))).toBe(true);
    expect(result.observations.some((o) => o['relevant-evidence'].some((e) => /^population\.csv#seq=\d+$/.test(e.href)))).toBe(true);
  });
});

describe('command actions', () => {
  it('package, custody verify and verify-binder return text and spec §9 exit codes', async () => {
    const { packageAction, custodyVerifyAction, verifyBinderAction } = await import('../../electron/core/package/package-actions.js');
    const out = path.join(tmp, 'cmd.zip');
    const res = await packageAction(store.db, { org: true, binderPath: out, dataDir: path.join(tmp, 'appdata'), generatedBy: 'auditor@example.com', generatedAt: AT });
    expect(res.exitCode).toBe(0);
    expect(res.text).toContain(`package ${pkg.packageId}`);
    expect(res.text).toContain('identical content already recorded');
    expect((await verifyBinderAction(out, `${out}.pub.json`)).exitCode).toBe(0);
    expect((await verifyBinderAction(out, path.join(tmp, 'missing.pub'))).exitCode).toBe(3);
    const files = await readZip(out);
    files.set('extra.txt', Buffer.from('x'));
    await writeZip(path.join(tmp, 'cmd-bad.zip'), files);
    const bad = await verifyBinderAction(path.join(tmp, 'cmd-bad.zip'), `${out}.pub.json`);
    expect(bad.exitCode).toBe(2);
    expect(bad.text).toContain('file_added extra.txt');
    expect(custodyVerifyAction(store.db)).toMatchObject({ exitCode: 0 });
    expect((await packageAction(store.db, { agentId: 'x', org: true, dataDir: tmp, generatedBy: 'a', generatedAt: AT })).exitCode).toBe(3);
    expect((await packageAction(store.db, { agentId: '00000000-0000-4000-8000-000000000000', dataDir: tmp, generatedBy: 'a', generatedAt: AT })).exitCode).toBe(3);
  });
});
