/**
 * Sampling and the audit-prep checklist as an auditor types them, on stores of our own demo
 * exports: the same seed draws the same sample in separate processes, `sample verify` catches a
 * changed population, and checklist items pass and fail on planted defects.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checklist } from '../../shared/checklist/checklist-types.js';
import type { Workpaper } from '../../shared/sampling/workpaper-types.js';
import { crosscheck } from '../support/cli.js';
import { removeDir, tempDir } from '../support/bundle-files.js';

let dir: string;

function demo(
  seed: string,
  entries: number,
  plant?: string,
): { bundle: string; keyring: string; previous: string } {
  const out = path.join(dir, seed);
  const r = crosscheck([
    'demo',
    '--out',
    out,
    '--entries',
    String(entries),
    '--seed',
    seed,
    '--no-zip',
    ...(plant ? ['--plant', plant] : []),
  ]);
  expect(r.code, r.stderr).toBe(0);
  return {
    bundle: path.join(out, 'bundle'),
    keyring: path.join(out, 'keyring.json'),
    previous: path.join(out, 'previous', 'bundle'),
  };
}

function store(name: string, ...bundles: { bundle: string; keyring: string }[]): string {
  const s = path.join(dir, `store-${name}`);
  for (const b of bundles) {
    const r = crosscheck(['import', b.bundle, '--keyring', b.keyring, '--store', s]);
    expect(r.code, r.stderr).toBeLessThan(3);
  }
  return s;
}

function checklist(s: string): { code: number; c: Checklist } {
  const r = crosscheck(['checklist', '--store', s, '--engagement', '1', '--json']);
  expect(r.code, r.stderr).toBeLessThan(3);
  return { code: r.code, c: JSON.parse(r.stdout) as Checklist };
}

const status = (c: Checklist, id: string): string => c.items.find((i) => i.id === id)!.status;

let clean: string;

beforeAll(() => {
  dir = tempDir('cc-cli-testing-');
  clean = store('clean', demo('testing-clean', 2500));
}, 180_000);

afterAll(() => removeDir(dir));

describe('crosscheck sample', () => {
  it('draws the same stratified sample in two processes, writes its PDF, and verify exits 0 on it and 2 on a changed population', () => {
    const a = path.join(dir, 'a.json');
    const b = path.join(dir, 'b.json');
    const pdf = path.join(dir, 'a.pdf');
    const args = [
      'sample',
      '--store',
      clean,
      '--engagement',
      '1',
      '--control',
      'CC6.1',
      '--seed',
      'fy26',
      '--method',
      'stratified',
      '--stratify',
      'month',
    ];
    const r = crosscheck([...args, '--out', a, '--pdf', pdf]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/stratified selection by month/);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    expect(crosscheck([...args, '--out', b]).code).toBe(0);
    const wa = JSON.parse(readFileSync(a, 'utf8')) as Workpaper;
    const wb = JSON.parse(readFileSync(b, 'utf8')) as Workpaper;
    expect(wb.items).toEqual(wa.items);
    expect(wb.selection).toEqual(wa.selection);
    const ok = crosscheck(['sample', 'verify', a, '--store', clean]);
    expect(ok.code, ok.stdout).toBe(0);
    // One member less in the recorded population: verify names what differs.
    const changed = path.join(dir, 'changed.json');
    writeFileSync(
      changed,
      JSON.stringify({ ...wa, population: { ...wa.population, size: wa.population.size - 1 } }),
    );
    const bad = crosscheck(['sample', 'verify', changed, '--store', clean]);
    expect(bad.code).toBe(2);
    expect(bad.stdout).toMatch(/population size: the store has \d+, the workpaper says \d+/);
    expect(
      crosscheck([
        'sample',
        '--store',
        clean,
        '--control',
        'CC6.1',
        '--seed',
        'x',
        '--out',
        b,
        '--method',
        'stratified',
      ]).stderr,
    ).toMatch(/needs --stratify/);
    expect(
      crosscheck([
        'sample',
        '--store',
        clean,
        '--control',
        'CC6.1',
        '--seed',
        'x',
        '--out',
        b,
        '--method',
        'stratified',
        '--stratify',
        'colour',
      ]).stderr,
    ).toMatch(/--stratify takes agent, month or environment/);
  });
});

describe('crosscheck checklist', () => {
  it('on a clean export: the trail items pass, retention and the client items are not evidenced until a document is attached', () => {
    const { code, c } = checklist(clean);
    expect(code).toBe(0);
    for (const id of ['period-coverage', 'continuity', 'admin-authenticated', 'rbac-roles'])
      expect(status(c, id), id).toBe('pass');
    expect(status(c, 'retention')).toBe('not_evidenced');
    expect(status(c, 'data-residency')).toBe('not_evidenced');
    expect(c.items.find((i) => i.id === 'admin-authenticated')!.evidence[0]).toMatch(
      /administrative action\(s\) by actor type: user \d+/,
    );
    const doc = path.join(dir, 'residency.pdf');
    writeFileSync(doc, 'hosting region eu-west-1, DPA annex 2');
    expect(
      crosscheck(['checklist', 'attach', doc, '--item', 'data-residency', '--store', clean]).stderr,
    ).toMatch(/--note/);
    const at = crosscheck([
      'checklist',
      'attach',
      doc,
      '--item',
      'data-residency',
      '--note',
      'EU region, as contracted',
      '--store',
      clean,
    ]);
    expect(at.code, at.stderr).toBe(0);
    expect(at.stdout).toMatch(/now PASS/);
    const after = checklist(clean).c.items.find((i) => i.id === 'data-residency')!;
    expect(after.status).toBe('pass');
    expect(after.evidence.join(' ')).toMatch(/document residency.pdf .*EU region, as contracted/);
    expect(
      crosscheck(['checklist', 'attach', doc, '--item', 'nope', '--note', 'x', '--store', clean]).stderr,
    ).toMatch(/not a checklist item/);
    expect(crosscheck(['custody', 'verify', '--store', clean]).code).toBe(0);
    expect(crosscheck(['checklist', '--help']).stdout).toMatch(
      /crosscheck checklist \[--engagement <id>\] \[--json\]/,
    );
  });

  it('fails period coverage and continuity on an export gap, and a document does not turn a failure into a pass', () => {
    const d = demo('testing-gap', 1500, 'export_gap');
    const s = store('gap', { bundle: d.previous, keyring: d.keyring }, d);
    const { code, c } = checklist(s);
    expect(code).toBe(2);
    expect(status(c, 'period-coverage')).toBe('fail');
    expect(status(c, 'continuity')).toBe('fail');
    expect(c.items.find((i) => i.id === 'continuity')!.evidence.join(' ')).toMatch(/export_gap|gap/);
    const doc = path.join(dir, 'excuse.txt');
    writeFileSync(doc, 'the platform says the gap is fine');
    crosscheck([
      'checklist',
      'attach',
      doc,
      '--item',
      'continuity',
      '--note',
      'client statement',
      '--store',
      s,
    ]);
    expect(status(checklist(s).c, 'continuity')).toBe('fail');
  });

  it('fails RBAC roles on an unauthorised actor and the kill switch on a suspended agent that was permitted', () => {
    const rbac = checklist(store('rbac', demo('testing-rbac', 1500, 'unauthorized_actor'))).c;
    expect(status(rbac, 'rbac-roles')).toBe('fail');
    expect(rbac.items.find((i) => i.id === 'rbac-roles')!.evidence.join(' ')).toMatch(
      /1 unauthorized_actor finding\(s\), first at seq \d+/,
    );
    const kill = checklist(store('kill', demo('testing-kill', 1500, 'suspended_agent_permitted'))).c;
    expect(status(kill, 'kill-switch')).toBe('fail');
    expect(status(kill, 'rbac-roles')).toBe('pass');
  });
});
