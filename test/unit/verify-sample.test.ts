import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { verifyBundle } from '../../electron/core/verify/verify-bundle.js';
import { exitCodeFor } from '../../electron/core/verify/report-status.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import type { Keyring } from '../../shared/format/export-types.js';
import type { Report } from '../../shared/report/report-types.js';
import { SAMPLE_BUNDLE, SAMPLE_KEYRING, VECTORS_DIR } from '../support/paths.js';
import { copyBundle, zipBundle, tempDir } from '../support/bundle-files.js';
import { writeRawZip } from '../support/raw-zip.js';

const keyring = parseKeyring(readFileSync(SAMPLE_KEYRING, 'utf8'));
const expected = JSON.parse(readFileSync(path.join(VECTORS_DIR, 'expected-summary.json'), 'utf8')) as {
  integrity: string;
  exit_code: number;
  root: string;
  tree_size: number;
};

async function verify(p: string, k: Keyring = keyring): Promise<Report> {
  return (await verifyBundle(p, { keyring: k })).report;
}

function kinds(r: Report): string[] {
  return r.findings.filter((f) => f.severity !== 'info').map((f) => `${f.kind}@${f.seq ?? '-'}`);
}

function editLine(dir: string, index: number, edit: (line: string) => string): void {
  const file = path.join(dir, 'entries.jsonl');
  const lines = readFileSync(file, 'utf8').split('\n');
  lines[index] = edit(lines[index]!);
  writeFileSync(file, lines.join('\n'));
}

describe('the public sample bundle', () => {
  it('is VALID with exit 0 and no finding above info, as folder and as ZIP', async () => {
    for (const p of [SAMPLE_BUNDLE, zipBundle(SAMPLE_BUNDLE)]) {
      const r = await verify(p);
      expect(r.integrity.status).toBe(expected.integrity);
      expect(exitCodeFor(r)).toBe(expected.exit_code);
      expect(kinds(r)).toEqual([]);
      expect(r.integrity.tail_pinned).toBe(true);
      expect(r.integrity.continuity).toBe('first');
      expect(r.export.tree).toEqual({ size: expected.tree_size, root: expected.root });
      expect(r.integrity.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual([]);
      expect(r.evaluation).toMatchObject({ calls: 183, agreed: 183, disagreed: 0 });
    }
  });
});

describe('tampering with the sample (no re-signing possible: the keys are the producer\'s)', () => {
  it('an edited entry breaks the digest, the chain at the next seq, and the root', async () => {
    const dir = copyBundle(SAMPLE_BUNDLE);
    editLine(dir, 100, (l) => l.replace(/"duration_ms":(\d+)/, (_m, d: string) => `"duration_ms":${Number(d) + 1}`));
    const r = await verify(dir);
    expect(r.integrity.status).toBe('INVALID');
    expect(exitCodeFor(r)).toBe(2);
    const k = kinds(r);
    expect(k).toContain('file_digest_mismatch@-');
    expect(k).toContain('root_mismatch@-');
    expect(k).toContain('chain_broken@101');
    expect(k.filter((x) => x.startsWith('chain_broken'))).toHaveLength(1);
  });

  it('a deleted entry is a seq gap and a chain break on the entry after it, and a count mismatch', async () => {
    const dir = copyBundle(SAMPLE_BUNDLE);
    const file = path.join(dir, 'entries.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines.splice(50, 1);
    writeFileSync(file, lines.join('\n'));
    const k = kinds(await verify(dir));
    expect(k).toEqual(expect.arrayContaining(['seq_gap@51', 'chain_broken@51', 'count_mismatch@-', 'root_mismatch@-', 'file_digest_mismatch@-']));
  });

  it('swapped entries are a seq gap, a chain break and a timestamp regression', async () => {
    const dir = copyBundle(SAMPLE_BUNDLE);
    const file = path.join(dir, 'entries.jsonl');
    const lines = readFileSync(file, 'utf8').split('\n');
    [lines[20], lines[21]] = [lines[21]!, lines[20]!];
    writeFileSync(file, lines.join('\n'));
    const k = kinds(await verify(dir));
    expect(k).toEqual(expect.arrayContaining(['seq_gap@21', 'chain_broken@21', 'root_mismatch@-']));
  });

  it('a re-encoded (pretty) line is non-canonical', async () => {
    const dir = copyBundle(SAMPLE_BUNDLE);
    editLine(dir, 10, (l) => l.replace('{"action_type"', '{ "action_type"'));
    const k = kinds(await verify(dir));
    expect(k).toContain('non_canonical_entry@10');
  });

  it('an extra file, a missing file, a missing state', async () => {
    const extra = copyBundle(SAMPLE_BUNDLE);
    writeFileSync(path.join(extra, 'notes.txt'), 'hello');
    expect(kinds(await verify(extra))).toEqual(['file_unexpected@-']);
    const missing = copyBundle(SAMPLE_BUNDLE);
    rmSync(path.join(missing, 'state.json'));
    const r = await verify(missing);
    expect(kinds(r)).toEqual(['file_missing@-']);
    expect(r.integrity.status).toBe('INVALID');
    expect(r.evaluation.skipped).toMatch(/state\.json/);
  });

  it('an edited manifest fails the envelope signature', async () => {
    const dir = copyBundle(SAMPLE_BUNDLE);
    const envFile = path.join(dir, 'manifest.dsse.json');
    const env = JSON.parse(readFileSync(envFile, 'utf8')) as { payload: string };
    const m = JSON.parse(Buffer.from(env.payload, 'base64').toString('utf8')) as { heartbeat_seconds: number };
    m.heartbeat_seconds = 3600;
    env.payload = Buffer.from(JSON.stringify(m)).toString('base64');
    writeFileSync(envFile, JSON.stringify(env));
    const r = await verify(dir);
    expect(kinds(r)).toContain('envelope_signature_invalid@-');
    expect(r.integrity.status).toBe('INVALID');
  });

  it('a keyring without the export key makes the export UNVERIFIABLE, never VALID', async () => {
    const k: Keyring = { keys: keyring.keys.filter((x) => !x.roles.includes('export')) };
    const r = await verify(SAMPLE_BUNDLE, k);
    expect(r.integrity.status).toBe('UNVERIFIABLE');
    expect(kinds(r)).toEqual(['key_unverifiable@-']);
    expect(exitCodeFor(r)).toBe(2);
  });

  it('a key revoked before the export was made, or not yet valid, is not usable', async () => {
    const revoked: Keyring = { keys: keyring.keys.map((x) => ({ ...x, revoked_at: '2026-03-18T00:00:00.000Z' })) };
    const r = await verify(SAMPLE_BUNDLE, revoked);
    expect(r.integrity.status).toBe('UNVERIFIABLE');
    expect(kinds(r)).toEqual(['key_unverifiable@-', 'key_unverifiable@-']);
    const later: Keyring = { keys: keyring.keys.map((x) => ({ ...x, valid_from: '2026-04-01T00:00:00.000Z' })) };
    expect((await verify(SAMPLE_BUNDLE, later)).integrity.status).toBe('UNVERIFIABLE');
  });

  it('a checkpoint signed by a name other than the keyring entry\'s is not that key\'s', async () => {
    const dir = copyBundle(SAMPLE_BUNDLE);
    const f = path.join(dir, 'checkpoint');
    writeFileSync(f, readFileSync(f, 'utf8').replace('— tailspin-secops-log-2026 ', '— tailspin-secops-log-2027 '));
    const r = await verify(dir);
    expect(kinds(r)).toEqual(expect.arrayContaining(['key_unverifiable@-', 'file_digest_mismatch@-']));
    expect(r.integrity.status).toBe('INVALID');
  });

  it('a call whose data does not fit §3.2 is counted as unevaluable, never as agreed', async () => {
    const dir = copyBundle(SAMPLE_BUNDLE);
    editLine(dir, 36, (l) => l.replace('"operation":"hosts:get",', ''));
    const r = await verify(dir);
    expect(r.integrity.status).toBe('INVALID');
    expect(r.evaluation.unevaluable).toBe(1);
    expect(r.evaluation.agreed).toBeLessThan(183);
    const clean = await verify(SAMPLE_BUNDLE);
    expect('unevaluable' in clean.evaluation).toBe(false);
  });

  it('a trailing line without newline and an appended blank line are caught', async () => {
    const dir = copyBundle(SAMPLE_BUNDLE);
    appendFileSync(path.join(dir, 'entries.jsonl'), '\n');
    const r = await verify(dir);
    expect(r.integrity.status).toBe('INVALID');
    expect(kinds(r)).toContain('non_canonical_entry@300');
  });
});

describe('ZIP safety (spec §2): rejected before anything is extracted', () => {
  const files = ['checkpoint', 'entries.jsonl', 'frontier.json', 'manifest.dsse.json', 'state.json'].map((name) => ({
    name,
    data: readFileSync(path.join(SAMPLE_BUNDLE, name)),
  }));
  const cases: [string, { name: string; data: Buffer }[]][] = [
    ['dot-dot', [...files, { name: '../evil.txt', data: Buffer.from('x') }]],
    ['absolute', [...files, { name: '/etc/evil', data: Buffer.from('x') }]],
    ['backslash', [...files, { name: 'a\\b', data: Buffer.from('x') }]],
    ['duplicate', [...files, { name: 'state.json', data: Buffer.from('{}') }]],
    ['drive', [...files, { name: 'C:/evil', data: Buffer.from('x') }]],
  ];
  for (const [label, members] of cases) {
    it(`${label} member names are bundle_malformed`, async () => {
      const zip = path.join(tempDir(), `${label}.zip`);
      writeRawZip(zip, members);
      const r = await verify(zip);
      expect(r.integrity.status).toBe('INVALID');
      expect(kinds(r)).toEqual(['bundle_malformed@-']);
    });
  }
  it('a file that is not a ZIP archive is bundle_malformed', async () => {
    const f = path.join(tempDir(), 'junk.zip');
    writeFileSync(f, 'this is not a zip');
    expect(kinds(await verify(f))).toEqual(['bundle_malformed@-']);
  });
  it('files in a sub-folder are not a bundle', async () => {
    const zip = path.join(tempDir(), 'nested.zip');
    writeRawZip(zip, files.map((m) => ({ name: `bundle/${m.name}`, data: m.data })));
    const r = await verify(zip);
    expect(r.integrity.status).toBe('INVALID');
    expect(kinds(r)).toContain('bundle_malformed@-');
  });
});
