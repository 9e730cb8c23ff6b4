/**
 * One read model: the CLI's `exports` / `findings --json` and the contract's `exports.list` /
 * `findings.list` answer from the same queries, so over one real store (two clients' demo exports,
 * imported with the CLI) they give the same rows, filter for filter and engagement for engagement.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportSummary, FindingRecord } from '../../shared/api/view-types.js';
import type { MethodName } from '../../shared/api/contract.js';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { exportJson, findingJson } from '../../electron/cli/json-rows.js';
import { dispatch } from '../../electron/services/dispatch.js';
import { createServices, type Services } from '../../electron/services/services.js';
import { crosscheck } from '../support/cli.js';
import { copyBundle, removeDir, tempDir } from '../support/bundle-files.js';
import { SAMPLE_BUNDLE, SAMPLE_KEYRING } from '../support/paths.js';

let dir: string;
let store: string;
let services: Services;

async function value<T>(method: MethodName, args: unknown): Promise<T> {
  const r = await dispatch(services.handlers, method, args, { transport: 'ipc' });
  if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
  return r.value as T;
}

function cliJson<T>(args: string[]): T {
  const r = crosscheck([...args, '--store', store, '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T;
}

beforeAll(async () => {
  dir = tempDir('cc-parity-');
  store = path.join(dir, 'store');
  for (const [seed, plant] of [
    ['parity-alpha', 'scope_violation'],
    ['parity-beta', undefined],
  ] as const) {
    const g = await generateDemo({
      outDir: path.join(dir, seed),
      entries: 1_500,
      seed,
      zip: false,
      ...(plant ? { plant } : {}),
    });
    const r = crosscheck(['import', g.bundleDir, '--keyring', g.keyringPath, '--store', store]);
    expect([0, 1], r.stderr).toContain(r.code);
  }
  services = await createServices({ storeDir: store });
  await services.searchReady();
});

afterAll(async () => {
  await services?.close();
  removeDir(dir);
});

describe('the CLI and the contract read one model', () => {
  it('exports: `crosscheck exports --json` is `exports.list` of the same engagement, oldest first', async () => {
    for (const engagementId of ['1', '2']) {
      const cli = cliJson<unknown[]>(['exports', '--engagement', engagementId]);
      const app = await value<ExportSummary[]>('exports.list', { engagementId });
      expect(app).toHaveLength(1);
      expect(cli).toEqual([...app].reverse().map(exportJson));
    }
  });

  it('findings: `crosscheck findings --json` is `findings.list` of the same engagement, filter for filter', async () => {
    const [alphaExport] = await value<ExportSummary[]>('exports.list', { engagementId: '1' });
    const cases: { cli: string[]; args: Record<string, unknown> }[] = [
      { cli: ['--engagement', '1'], args: { engagementId: '1' } },
      { cli: ['--engagement', '2'], args: { engagementId: '2' } },
      {
        cli: ['--engagement', '1', '--kind', 'scope_violation'],
        args: { engagementId: '1', kind: 'scope_violation' },
      },
      {
        cli: ['--engagement', '2', '--kind', 'scope_violation'],
        args: { engagementId: '2', kind: 'scope_violation' },
      },
      { cli: ['--engagement', '1', '--severity', 'high'], args: { engagementId: '1', severity: 'high' } },
      {
        cli: ['--engagement', '1', '--export', alphaExport!.exportRef],
        args: { engagementId: '1', exportRef: alphaExport!.exportRef },
      },
      {
        cli: ['--engagement', '1', '--export', alphaExport!.exportId!],
        args: { engagementId: '1', exportRef: alphaExport!.exportRef },
      },
    ];
    let planted = 0;
    for (const c of cases) {
      const cli = cliJson<{ kind: string }[]>(['findings', ...c.cli]);
      const app = await value<FindingRecord[]>('findings.list', { ...c.args, limit: 10_000 });
      expect(cli).toEqual(app.map(findingJson));
      planted += cli.filter((f) => f.kind === 'scope_violation').length;
    }
    // The planted defect shows in its own client's lists (all, by kind, by export ref and by export id), never in the other's.
    expect(planted).toBe(4);
  });

  it("another engagement's export is not found by either", async () => {
    const [alphaExport] = await value<ExportSummary[]>('exports.list', { engagementId: '1' });
    const r = crosscheck([
      'findings',
      '--engagement',
      '2',
      '--export',
      alphaExport!.exportRef,
      '--store',
      store,
      '--json',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/no export .* in this engagement/);
    expect(
      await value<FindingRecord[]>('findings.list', { engagementId: '2', exportRef: alphaExport!.exportRef }),
    ).toEqual([]);
  });
});

describe('an export whose manifest cannot be read', () => {
  it('has no origin in either (null, not a placeholder string that reads as one)', async () => {
    const bundle = copyBundle(SAMPLE_BUNDLE);
    writeFileSync(path.join(bundle, 'manifest.dsse.json'), '{"payload": 12');
    const other = path.join(dir, 'store-unreadable');
    const imp = crosscheck(['import', bundle, '--keyring', SAMPLE_KEYRING, '--store', other]);
    expect(imp.stdout + imp.stderr).toMatch(/INVALID/);
    const cli = JSON.parse(crosscheck(['exports', '--store', other, '--json']).stdout) as {
      origin: string | null;
      integrity: string;
    }[];
    expect(cli.map((r) => [r.integrity, r.origin])).toEqual([['INVALID', null]]);
    const app = await createServices({ storeDir: other });
    try {
      const r = await dispatch(app.handlers, 'exports.list', {}, { transport: 'ipc' });
      expect(r.ok).toBe(true);
      const rows = (r as { value: ExportSummary[] }).value;
      expect(rows.map((x) => x.origin)).toEqual([null]);
      expect(cli).toEqual([...rows].reverse().map(exportJson));
    } finally {
      await app.close();
      removeDir(bundle);
    }
  });
});
