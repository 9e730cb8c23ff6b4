/**
 * The generator's bytes are pinned: for a fixed seed, knobs and plant, every file it writes (bundle,
 * ZIP, keyring, expected.json, the previous export of a continuity plant) has the SHA-256 committed
 * in fixtures/demo-digests.json, and so has the report the verifier gives the bundle (`(report)`,
 * the SHA-256 of its JCS form). A refactor of electron/core/demo or of the verifier must leave them
 * all unchanged; a deliberate change of the generated log or of a report's wording regenerates the
 * table (`UPDATE_DEMO_DIGESTS=1`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { canonicalize } from '../../shared/format/jcs.js';
import { sha256Hex } from '../../electron/core/crypto/sha256.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { verifyBundle } from '../../electron/core/verify/verify-bundle.js';
import {
  generateDemo,
  PLANTABLE_KINDS,
  type DemoMix,
  type PlantKind,
} from '../../electron/core/demo/generate-demo.js';

const FIXTURE = path.join(import.meta.dirname, 'fixtures', 'demo-digests.json');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'crosscheck-demo-digests-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Case {
  name: string;
  seed: string;
  entries: number;
  firstSeq?: number;
  plant?: PlantKind;
  mix?: DemoMix;
}

const CASES: Case[] = [
  { name: 'default', seed: 's1', entries: 2000 },
  { name: 'segment', seed: 's1', entries: 2000, firstSeq: 2000 },
  {
    name: 'call-heavy',
    seed: 's3',
    entries: 4000,
    mix: { callShare: 1, agents: 8, extraRulesPerAgent: 5, extraConfigsPerAgent: 3 },
  },
  { name: 'admin-heavy', seed: 's4', entries: 2000, mix: { callShare: 0.5, agents: 2 } },
  ...PLANTABLE_KINDS.map((plant) => ({ name: `plant ${plant}`, seed: `s-${plant}`, entries: 1500, plant })),
];

/** Every file under `dir`, as `relative path → sha256`, in path order. */
function digests(dir: string, base = dir, out: Record<string, string> = {}): Record<string, string> {
  for (const name of readdirSync(dir).sort()) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) digests(p, base, out);
    else out[path.relative(base, p).split(path.sep).join('/')] = sha256Hex(readFileSync(p));
  }
  return out;
}

const pinned = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, Record<string, string>>;
const fresh: Record<string, Record<string, string>> = {};

afterAll(() => {
  if (process.env.UPDATE_DEMO_DIGESTS === '1') writeFileSync(FIXTURE, `${JSON.stringify(fresh, null, 2)}\n`);
});

it('the table covers every plant the generator knows', () => {
  expect(Object.keys(pinned).sort()).toEqual(CASES.map((c) => c.name).sort());
});

it.each(CASES)('$name: the same bytes and the same report as committed', async (c) => {
  const outDir = path.join(tmp, c.name.replace(/[^a-z0-9_-]/gi, '_'));
  const g = await generateDemo({
    outDir,
    entries: c.entries,
    seed: c.seed,
    firstSeq: c.firstSeq ?? 0,
    plant: c.plant ?? null,
    ...(c.mix ? { mix: c.mix } : {}),
  });
  const got = digests(outDir);
  const keyring = parseKeyring(readFileSync(g.keyringPath, 'utf8'));
  got['(report)'] = sha256Hex(canonicalize((await verifyBundle(g.bundleDir, { keyring })).report));
  fresh[c.name] = got;
  if (process.env.UPDATE_DEMO_DIGESTS !== '1') expect(got).toEqual(pinned[c.name]);
});
