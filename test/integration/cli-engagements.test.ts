/**
 * The engagement commands as an auditor types them: two clients in one store, reads that refuse
 * to guess between them, a void that leaves the counts, and per-command --help.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crosscheck } from '../support/cli.js';
import { removeDir, tempDir } from '../support/bundle-files.js';

let dir: string;
let store: string;

function demo(seed: string, entries: number): { bundle: string; keyring: string } {
  const out = path.join(dir, seed);
  const r = crosscheck(['demo', '--out', out, '--entries', String(entries), '--seed', seed]);
  expect(r.code, r.stderr).toBe(0);
  return { bundle: path.join(out, 'bundle'), keyring: path.join(out, 'keyring.json') };
}

beforeAll(() => {
  dir = tempDir('cc-cli-eng-');
  store = path.join(dir, 'store');
  for (const [seed, n] of [
    ['north', 1500],
    ['south', 1000],
  ] as const) {
    const d = demo(seed, n);
    const r = crosscheck(['import', d.bundle, '--keyring', d.keyring, '--store', store]);
    expect(r.code, r.stderr).toBeLessThan(2);
    expect(r.stdout).toMatch(/\(engagement \d\)/);
  }
}, 180_000);

afterAll(() => removeDir(dir));

describe('crosscheck engagement', () => {
  it('lists one engagement per client, created on first import', () => {
    const r = crosscheck(['engagement', 'list', '--store', store, '--json']);
    expect(r.code).toBe(0);
    const list = JSON.parse(r.stdout) as { id: string; exports: number; orgs: unknown[] }[];
    expect(list.map((e) => e.id)).toEqual(['1', '2']);
    expect(list.every((e) => e.exports === 1 && e.orgs.length === 1)).toBe(true);
  });

  it('reads refuse to guess between clients, and show one when named', () => {
    const guess = crosscheck(['findings', '--store', store]);
    expect(guess.code).toBe(3);
    expect(guess.stderr).toMatch(/2 engagements; name one with --engagement/);
    const one = crosscheck(['exports', '--store', store, '--engagement', '2', '--json']);
    expect(one.code).toBe(0);
    const rows = JSON.parse(one.stdout) as { ref: number; engagementId: number }[];
    expect(rows).toHaveLength(1);
    expect(rows[0]!.engagementId).toBe(2);
    expect(crosscheck(['exports', '--store', store, '--engagement', '9']).stderr).toMatch(/no engagement 9|not found|no engagement/i);
  });

  it('explain finds an export only within the engagement it is asked in', () => {
    const rows = JSON.parse(crosscheck(['exports', '--store', store, '--engagement', '2', '--json']).stdout) as { exportId: string }[];
    const id = rows[0]!.exportId;
    const other = crosscheck(['explain', '--store', store, '--engagement', '1', '--export', id, '--seq', '5']);
    expect(other.code).toBe(3);
    expect(other.stderr).toMatch(/in this engagement/);
    expect(crosscheck(['explain', '--store', store, '--export', id, '--seq', '5']).stderr).toMatch(/2 engagements; name one with --engagement/);
    const own = crosscheck(['explain', '--store', store, '--engagement', '2', '--export', id, '--seq', '5', '--json']);
    expect(own.code, own.stderr).toBe(0);
    expect((JSON.parse(own.stdout) as { seq: number; exportId: string }).exportId).toBe(id);
  });

  it('creates and updates an engagement, recording each change', () => {
    const c = crosscheck(['engagement', 'create', '--store', store, '--name', 'West FY26', '--frameworks', 'soc2,iso27001', '--from', '2026-01-01T00:00:00.000Z', '--json']);
    expect(c.code, c.stderr).toBe(0);
    const id = (JSON.parse(c.stdout) as { id: string }).id;
    const u = crosscheck(['engagement', 'update', id, '--store', store, '--name', 'West FY2026', '--to', '2026-12-31T23:59:59.999Z']);
    expect(u.code, u.stderr).toBe(0);
    const s = crosscheck(['engagement', 'show', id, '--store', store]);
    expect(s.stdout).toMatch(/West FY2026/);
    expect(s.stdout).toMatch(/updated .*"name":\{"from":"West FY26","to":"West FY2026"\}/);
    const bad = crosscheck(['engagement', 'update', id, '--store', store, '--frameworks', 'pci']);
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(/unknown framework "pci"/);
  });

  it('void takes a reason, leaves the counts, and the export stays listed as voided', () => {
    expect(crosscheck(['void', '2', '--store', store]).stderr).toMatch(/--reason is required/);
    const v = crosscheck(['void', '2', '--store', store, '--reason', 'wrong period exported']);
    expect(v.code, v.stderr).toBe(0);
    const x = crosscheck(['exports', '--store', store, '--engagement', '2']);
    expect(x.stdout).toMatch(/VOIDED: wrong period exported/);
    const f = crosscheck(['findings', '--store', store, '--engagement', '2', '--json']);
    expect(JSON.parse(f.stdout)).toEqual([]);
    expect(crosscheck(['custody', 'verify', '--store', store]).code).toBe(0);
  });

  it('draws a reproducible sample into a workpaper that re-derives from the store, and a tampered one does not', () => {
    const wp = path.join(dir, 'wp.json');
    const r = crosscheck(['sample', '--store', store, '--engagement', '1', '--control', 'CC6.1', '--seed', 'fy26-q1', '--out', wp]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/population \d+ \(digest [0-9a-f]{64}\)/);
    const w = JSON.parse(readFileSync(wp, 'utf8')) as { items: unknown[]; size: { n: number; rule: string }; population: { size: number } };
    expect(w.size.rule).toMatch(/attribute sampling/);
    expect(w.items).toHaveLength(Math.min(59, w.population.size));
    expect(crosscheck(['sample', 'verify', wp, '--store', store]).code).toBe(0);
    // The same seed draws the same sample; another seed another one.
    const again = path.join(dir, 'wp2.json');
    crosscheck(['sample', '--store', store, '--engagement', '1', '--control', 'CC6.1', '--seed', 'fy26-q1', '--out', again]);
    expect((JSON.parse(readFileSync(again, 'utf8')) as { items: unknown[] }).items).toEqual(w.items);
    writeFileSync(wp, readFileSync(wp, 'utf8').replace('"seed": "fy26-q1"', '"seed": "another"'));
    const bad = crosscheck(['sample', 'verify', wp, '--store', store]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/differs from the workpaper/);
    expect(crosscheck(['sample', '--store', store, '--engagement', '1', '--control', 'CC1.1', '--seed', 'x', '--out', wp]).stderr).toMatch(/no population is defined for soc2 CC1.1/);
    expect(crosscheck(['sample', '--store', store, '--engagement', '1', '--control', 'CC6.1', '--seed', 'x', '--size', '5', '--out', wp]).stderr).toMatch(/needs its reason/);
    expect(crosscheck(['custody', 'verify', '--store', store]).code).toBe(0);
  });

  it('every command answers --help with its usage', () => {
    for (const c of ['package', 'engagement', 'import', 'void', 'exports']) {
      const r = crosscheck([c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout).toMatch(/^usage: crosscheck /);
    }
    expect(crosscheck(['package', '--help']).stdout).toMatch(/--org-id/);
  });
});
