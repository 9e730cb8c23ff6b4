/**
 * The generator's mix knobs (docs/demo-generator.md): absent or empty they change nothing; set,
 * they shape the log — more calls, more agents, more rules and configs per agent — and the log
 * still verifies VALID with every recorded decision re-decided alike.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { verifyBundle } from '../../electron/core/verify/verify-bundle.js';
import type { AuditEntry, Keyring } from '../../shared/format/export-types.js';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'crosscheck-demo-mix-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const entriesOf = (dir: string): AuditEntry[] =>
  readFileSync(path.join(dir, 'entries.jsonl'), 'utf8')
    .split('\n')
    .slice(0, -1)
    .map((l) => JSON.parse(l) as AuditEntry);

describe('demo mix knobs', () => {
  it('an empty mix gives the same bytes as none', async () => {
    const a = await generateDemo({ outDir: path.join(tmp, 'a'), entries: 3000, seed: 'mix', zip: false });
    const b = await generateDemo({
      outDir: path.join(tmp, 'b'),
      entries: 3000,
      seed: 'mix',
      zip: false,
      mix: {},
    });
    expect(
      readFileSync(path.join(b.bundleDir, 'entries.jsonl')).equals(
        readFileSync(path.join(a.bundleDir, 'entries.jsonl')),
      ),
    ).toBe(true);
  });

  it('a call-heavy organisation with many agents, rules and configs verifies VALID, every decision re-decided alike', async () => {
    const base = await generateDemo({
      outDir: path.join(tmp, 'base'),
      entries: 6000,
      seed: 'mix',
      zip: false,
    });
    const g = await generateDemo({
      outDir: path.join(tmp, 'heavy'),
      entries: 6000,
      seed: 'mix',
      zip: false,
      mix: { callShare: 0.99, agents: 14, extraRulesPerAgent: 25, extraConfigsPerAgent: 3 },
    });
    const es = entriesOf(g.bundleDir);
    const created = es.filter((e) => e.action_type === 'agent.created');
    expect(created).toHaveLength(14);
    expect(new Set(created.map((e) => (e.data as { agent: { name: string } }).agent.name)).size).toBe(14);
    const rulesOf = (id: string) =>
      es.filter((e) => e.action_type === 'policy.created' && e.agent_id === id).length;
    for (const a of created) expect(rulesOf(a.agent_id!)).toBeGreaterThanOrEqual(25);
    expect(es.filter((e) => e.action_type === 'connector.configured').length).toBeGreaterThanOrEqual(14 * 4);
    // The share of calls, on its own knob (the setup entries of 14 agents weigh on 6,000 entries).
    const calls = await generateDemo({
      outDir: path.join(tmp, 'calls'),
      entries: 6000,
      seed: 'mix',
      zip: false,
      mix: { callShare: 0.995 },
    });
    const share = (list: AuditEntry[]) =>
      list.filter((e) => e.action_type === 'connector.called').length / list.length;
    expect(share(entriesOf(calls.bundleDir))).toBeGreaterThan(share(entriesOf(base.bundleDir)));
    expect(g.expected.generator.mix).toEqual({
      callShare: 0.99,
      agents: 14,
      extraRulesPerAgent: 25,
      extraConfigsPerAgent: 3,
    });

    const keyring = JSON.parse(readFileSync(g.keyringPath, 'utf8')) as Keyring;
    const r = await verifyBundle(g.bundleDir, { keyring });
    expect(r.report.integrity.status).toBe('VALID');
    expect(r.report.evaluation.disagreed).toBe(0);
    expect(r.report.evaluation.calls).toBeGreaterThan(0);
  });

  it('refuses knobs out of range', async () => {
    await expect(
      generateDemo({ outDir: path.join(tmp, 'bad'), entries: 100, mix: { callShare: 1.5 } }),
    ).rejects.toThrow(RangeError);
    await expect(
      generateDemo({ outDir: path.join(tmp, 'bad'), entries: 100, mix: { agents: 0 } }),
    ).rejects.toThrow(RangeError);
  });
});
