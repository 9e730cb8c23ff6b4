/**
 * Package benchmark (issue 5 §6), skipped unless asked for:
 *   CROSSCHECK_BENCH_SETUP=1 npx vitest run test/integration/package-bench.test.ts   (generate + import once)
 *   CROSSCHECK_BENCH=1 npx vitest run test/integration/package-bench.test.ts         (measure, fresh process)
 * The store lives in CROSSCHECK_BENCH_DIR (default <tmp>/crosscheck-package-bench).
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../electron/core/demo/generate-demo.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { loadOrCreateAuditorKey } from '../../electron/core/binder/auditor-key.js';
import { buildPackage } from '../../electron/core/package/build-package.js';
import { generatePackage } from '../../electron/core/package/generate.js';
import { packageBytes } from '../../electron/core/package/records.js';
import { renderPackagePdf } from '../../electron/core/pdf/package-pdf.js';
import { openStore } from '../../electron/core/store/store.js';

const DIR = process.env.CROSSCHECK_BENCH_DIR ?? path.join(os.tmpdir(), 'crosscheck-package-bench');
const ENTRIES = Number(process.env.CROSSCHECK_BENCH_ENTRIES ?? 1_000_000);
const AT = '2026-04-01T10:00:00.000Z';

describe.skipIf(process.env.CROSSCHECK_BENCH_SETUP !== '1')('package bench setup', () => {
  it('generates and imports the bench store', async () => {
    rmSync(DIR, { recursive: true, force: true });
    const t = Date.now();
    const demo = await generateDemo({ outDir: path.join(DIR, 'demo'), entries: ENTRIES, seed: 'bench', zip: false });
    const store = openStore(path.join(DIR, 'store'));
    const r = await importBundle(store, demo.bundleDir, { keyring: parseKeyring(readFileSync(demo.keyringPath, 'utf8')) });
    store.close();
    rmSync(path.join(DIR, 'demo', 'bundle'), { recursive: true, force: true });
    console.log(`setup: ${ENTRIES} entries, trusted=${r.trusted}, ${Date.now() - t} ms`);
    expect(r.trusted).toBe(true);
  }, 3_600_000);
});

describe.skipIf(process.env.CROSSCHECK_BENCH !== '1')('package bench', () => {
  it('agent package + PDF, and the org package', async () => {
    expect(existsSync(path.join(DIR, 'store'))).toBe(true);
    const store = openStore(path.join(DIR, 'store'));
    const busiest = store.db
      .prepare("SELECT agent_id, COUNT(*) AS n FROM entries WHERE action_type = 'connector.called' GROUP BY agent_id ORDER BY n DESC LIMIT 1")
      .get() as { agent_id: string; n: number };
    // Cut the busiest agent's period at its 100,000th call, so the measured package has exactly 100k calls.
    const cut = store.db
      .prepare("SELECT ts FROM entries WHERE agent_id = ? AND action_type = 'connector.called' ORDER BY id LIMIT 1 OFFSET 99999")
      .get(busiest.agent_id) as { ts: string } | undefined;
    let t = performance.now();
    const agentDoc = buildPackage(store.db, { scope: { kind: 'agent', agentId: busiest.agent_id }, to: cut?.ts, generatedAt: AT, generatedBy: 'bench' });
    const agentBuild = performance.now() - t;
    t = performance.now();
    const pdf = await renderPackagePdf(agentDoc, packageBytes(agentDoc).id);
    const agentPdf = performance.now() - t;
    t = performance.now();
    const orgDoc = buildPackage(store.db, { scope: { kind: 'org' }, generatedAt: AT, generatedBy: 'bench' });
    const orgBuild = performance.now() - t;
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    console.log(
      JSON.stringify({
        agent_calls: agentDoc.execution.totals.calls,
        agent_entries: agentDoc.population.entries,
        agent_build_ms: Math.round(agentBuild),
        agent_pdf_ms: Math.round(agentPdf),
        agent_total_ms: Math.round(agentBuild + agentPdf),
        pdf_bytes: pdf.length,
        org_entries: orgDoc.population.entries,
        org_build_ms: Math.round(orgBuild),
        peak_rss_mib: Math.round(rssMiB),
        load: os.loadavg().map((x) => x.toFixed(1)).join(' '),
      }),
    );
    store.close();
  }, 600_000);

  it.skipIf(process.env.CROSSCHECK_BENCH_BINDER !== '1')('org package + PDF + binder over the whole store', async () => {
    const store = openStore(path.join(DIR, 'store'));
    const t = performance.now();
    const res = await generatePackage(store.db, {
      scope: { kind: 'org' },
      generatedAt: AT,
      generatedBy: 'bench',
      binderPath: path.join(DIR, 'org-binder.zip'),
      key: loadOrCreateAuditorKey(path.join(DIR, 'appdata')),
    });
    console.log(
      JSON.stringify({
        org_binder_total_ms: Math.round(performance.now() - t),
        entries: res.doc.population.entries,
        peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
        load: os.loadavg().map((x) => x.toFixed(1)).join(' '),
      }),
    );
    store.close();
  }, 1_800_000);
});
