/**
 * A repeated member name in any JSON a bundle carries is refused (docs/verification.md, "Strict
 * JSON"). Each case takes a VALID export from our own generator, rewrites one file's bytes so that
 * the repeat is its only defect (re-digested and re-signed with the demo's own export key where
 * the file is signed), and asserts the verdict is INVALID with a check naming the file and member.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canonicalize } from '../../shared/format/jcs.js';
import type { Report } from '../../shared/report/report-types.js';
import { verifyBundle } from '../../electron/core/verify/verify-bundle.js';
import { zipBundle } from '../support/bundle-files.js';
import { copyExport, demoExport, manifestOf, resignExport, type DemoExport } from '../support/demo-export.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'crosscheck-strict-json-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let demo: DemoExport;
let n = 0;

beforeAll(async () => {
  demo = await demoExport(path.join(tmp, 'demo'), 'strict-json');
}, 60_000);

const copy = (): string => copyExport(demo, path.join(tmp, `case-${n++}`));
const read = (dir: string, f: string): string => readFileSync(path.join(dir, f), 'utf8');
const resign = (dir: string, payload?: Parameters<typeof resignExport>[3]): void =>
  resignExport(demo, dir, undefined, payload);

async function verify(target: string): Promise<Report> {
  return (await verifyBundle(target, { keyring: demo.keyring, evaluate: false })).report;
}

function check(r: Report, id: string): { status: string; detail: string } {
  return r.integrity.checks.find((c) => c.id === id)!;
}

/** Inserts `"name":value,` right after the first occurrence of `after` (a member's opening). */
function repeatBefore(text: string, after: string, member: string): string {
  const at = text.indexOf(after);
  expect(at).toBeGreaterThanOrEqual(0);
  return `${text.slice(0, at)}${member},${text.slice(at)}`;
}

describe('a repeated member name in a bundle JSON file', () => {
  it('the untouched copy, re-signed by the producer, is VALID (so each case below has one defect)', async () => {
    const dir = copy();
    resign(dir);
    const r = await verify(dir);
    expect(r.integrity.status).toBe('VALID');
    expect(check(r, 'bundle_shape').status).toBe('pass');
  });

  it('manifest.dsse.json with two payload members, the first garbage: INVALID, not VALID by the last one', async () => {
    const dir = copy();
    const env = read(dir, 'manifest.dsse.json');
    writeFileSync(
      path.join(dir, 'manifest.dsse.json'),
      repeatBefore(env, '"payload"', `"payload": "${Buffer.from('{"garbage":true}').toString('base64')}"`),
    );
    // JSON.parse alone takes the last payload, the signed one.
    expect((JSON.parse(read(dir, 'manifest.dsse.json')) as { payload: string }).payload).toBe(
      (JSON.parse(env) as { payload: string }).payload,
    );
    for (const target of [dir, zipBundle(dir, path.join(tmp, `case-${n++}.zip`))]) {
      const r = await verify(target);
      expect(r.integrity.status).toBe('INVALID');
      expect(check(r, 'bundle_shape')).toMatchObject({
        status: 'fail',
        detail: expect.stringContaining(
          'manifest.dsse.json repeats the member "payload" in its top-level object',
        ),
      });
      expect(r.findings.map((f) => f.kind)).toContain('bundle_malformed');
    }
  });

  it('manifest.dsse.json with a signature entry naming keyid twice: INVALID, the object named', async () => {
    const dir = copy();
    const env = read(dir, 'manifest.dsse.json');
    writeFileSync(
      path.join(dir, 'manifest.dsse.json'),
      repeatBefore(env, '"keyid"', `"keyid": "${'0'.repeat(64)}"`),
    );
    const r = await verify(dir);
    expect(r.integrity.status).toBe('INVALID');
    expect(check(r, 'bundle_shape').detail).toContain(
      'manifest.dsse.json repeats the member "keyid" in the object at $.signatures[0]',
    );
  });

  it('the manifest payload with a repeated member, signed by the export key: INVALID', async () => {
    const dir = copy();
    resign(dir, (m) =>
      Buffer.from(repeatBefore(canonicalize(m), '"heartbeat_seconds"', '"heartbeat_seconds":1'), 'utf8'),
    );
    const r = await verify(dir);
    expect(r.integrity.status).toBe('INVALID');
    expect(check(r, 'bundle_shape').detail).toContain(
      'the manifest (the DSSE payload) repeats the member "heartbeat_seconds" in its top-level object',
    );
  });

  const signedFiles: [file: string, member: string, repeat: string][] = [
    ['state.json', 'as_of_seq', '"as_of_seq":999'],
    ['frontier.json', 'size', '"size":0'],
  ];
  for (const [file, member, repeat] of signedFiles) {
    it(`${file} with a repeated member, re-digested and re-signed: INVALID, the file and member named`, async () => {
      const dir = copy();
      writeFileSync(path.join(dir, file), repeatBefore(read(dir, file), `"${member}"`, repeat));
      resign(dir);
      const r = await verify(dir);
      expect(r.integrity.status).toBe('INVALID');
      expect(check(r, 'bundle_shape').detail).toContain(
        `${file} repeats the member "${member}" in its top-level object`,
      );
      expect(check(r, 'file_digests').status).toBe('pass');
    });
  }

  it('an entries line with a repeated member fails canonical_entries at that line', async () => {
    const dir = copy();
    const lines = read(dir, 'entries.jsonl').split('\n');
    const last = lines.length - 2; // the text ends with "\n": the last line is before the empty tail
    lines[last] = repeatBefore(lines[last]!, '"action_type"', '"action_type":"heartbeat"');
    writeFileSync(path.join(dir, 'entries.jsonl'), lines.join('\n'));
    resign(dir);
    const r = await verify(dir);
    expect(r.integrity.status).toBe('INVALID');
    expect(check(r, 'canonical_entries')).toMatchObject({
      status: 'fail',
      detail: '1 line(s) not in JCS form',
    });
    const seq = manifestOf(dir).range.last_seq;
    expect(r.findings.filter((f) => f.kind === 'non_canonical_entry').map((f) => f.seq)).toEqual([seq]);
  });
});
