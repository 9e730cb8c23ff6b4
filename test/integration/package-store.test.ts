/**
 * The vertical slice on real parts: a bundle from our demo generator, imported into a real
 * SQLite store, packaged (agent and org), recorded, diffed, custody-verified, rendered to PDF
 * and bound into a signed binder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_VERSION } from '../../shared/app-version.js';
import { generateDemo, type GenerateDemoResult } from '../../electron/core/demo/generate-demo.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { buildPackage } from '../../electron/core/package/build-package.js';
import { listCustody, verifyCustody } from '../../electron/core/package/custody.js';
import { generatePackage } from '../../electron/core/package/generate.js';
import { escalationCells } from '../../electron/core/pdf/package-pdf.js';
import { ESCALATIONS_PRINTED, printedEscalations } from '../../electron/core/pdf/sections/execution.js';
import { populationSize } from '../../electron/core/package/store-source.js';
import { diffPackages, getPackage, listPackages, packageBytes } from '../../electron/core/package/records.js';
import { openStore, type Store } from '../../electron/core/store/store.js';
import { attachDocument } from '../../electron/core/engagement/documents.js';
import { listEngagements } from '../../electron/core/engagement/engagements.js';
import { REPO_ROOT } from '../support/paths.js';

let tmp: string;
let store: Store;
let demo: GenerateDemoResult;
const AT = '2026-04-01T10:00:00.000Z';

beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'cc-package-'));
  demo = await generateDemo({
    outDir: path.join(tmp, 'demo'),
    entries: 4000,
    seed: 'package-store',
    plant: 'scope_violation',
    zip: false,
  });
  store = openStore(path.join(tmp, 'store'));
  const keyring = parseKeyring(readFileSync(demo.keyringPath, 'utf8'));
  const r = await importBundle(store, demo.bundleDir, { keyring, now: () => new Date(AT) });
  expect(r.trusted).toBe(true);
});

afterAll(() => {
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

let runDir: string | null = null;

/** This run's own folder under test-results/pdf-store: parallel runs in one tree must not share files. */
function outDir(): string {
  if (runDir === null) {
    const base = path.join(REPO_ROOT, 'test-results', 'pdf-store');
    mkdirSync(base, { recursive: true });
    runDir = mkdtempSync(path.join(base, 'run-'));
  }
  return runDir;
}

function agentIds(): string[] {
  return (
    store.db
      .prepare('SELECT DISTINCT agent_id FROM entries WHERE agent_id IS NOT NULL ORDER BY agent_id')
      .all() as Array<{ agent_id: string }>
  ).map((r) => r.agent_id);
}

describe('package from the store', () => {
  it('org package counts the whole population as the generator says', () => {
    const doc = buildPackage(store.db, {
      scope: { kind: 'org' },
      generatedAt: AT,
      generatedBy: 'auditor@example.com',
    });
    expect(doc.population.entries).toBe(4000);
    expect(doc.execution.by_action_type).toEqual(demo.expected.entries_by_action_type);
    expect(doc.execution.verdicts).toEqual({
      PERMIT: 0,
      ESCALATE: 0,
      DENY: 0,
      ...demo.expected.connector_called_by_verdict,
    });
    expect(doc.exports.map((e) => e.export_id)).toEqual([demo.manifest.export_id]);
    expect(doc.exports[0]!.tree).toEqual(demo.manifest.tree);
    expect(doc.exports[0]!.envelope_key).not.toBeNull();
    expect(doc.findings.some((f) => f.kind === 'scope_violation')).toBe(true);
    const cc61 = doc.soc2.findings.find((f) => f.kind === 'scope_violation')!;
    expect(cc61.criteria).toEqual(['CC6.1', 'CC6.3']);
    expect(doc.org).toEqual(demo.manifest.org);
  });

  it('carries the responsibility matrix as the auditor edited it in the app', () => {
    store.db
      .prepare(
        "INSERT INTO notes (scope, key, note, updated_at, updated_by) VALUES ('responsibility/1', 'CC6.1/tenant', ?, ?, 'auditor')",
      )
      .run(
        JSON.stringify({
          text: 'Tenant reviews every connector scope quarterly.',
          notes: 'seen in ticket SEC-12',
        }),
        AT,
      );
    const doc = buildPackage(store.db, { scope: { kind: 'org' }, generatedAt: AT, generatedBy: 'a' });
    const row = doc.responsibility.rows.find((r) => r[0] === 'CC6.1')!;
    expect(row[3]).toBe('Tenant reviews every connector scope quarterly.\nNote: seen in ticket SEC-12');
    expect(doc.responsibility.columns[0]).toBe('Criterion');
    store.db.prepare("DELETE FROM notes WHERE scope = 'responsibility/1'").run();
  });

  it('agent packages partition the agent entries, with the period filter applied', () => {
    const ids = agentIds();
    expect(ids.length).toBeGreaterThan(1);
    let total = 0;
    for (const id of ids) {
      const doc = buildPackage(store.db, {
        scope: { kind: 'agent', agentId: id },
        generatedAt: AT,
        generatedBy: 'a',
      });
      total += doc.population.entries;
      expect(doc.scope).toMatchObject({ kind: 'agent', agent_id: id });
      expect(doc.findings.every((f) => f.agent_id === null || f.agent_id === id)).toBe(true);
    }
    const withAgent = (
      store.db.prepare('SELECT COUNT(*) AS n FROM entries WHERE agent_id IS NOT NULL').get() as { n: number }
    ).n;
    expect(total).toBe(withAgent);
    const from = demo.manifest.period.from;
    const mid = new Date((Date.parse(from) + Date.parse(demo.manifest.period.to)) / 2).toISOString();
    const half = buildPackage(store.db, {
      scope: { kind: 'org' },
      to: mid,
      generatedAt: AT,
      generatedBy: 'a',
    });
    const expectedHalf = (
      store.db.prepare('SELECT COUNT(*) AS n FROM entries WHERE ts <= ?').get(mid) as { n: number }
    ).n;
    expect(half.population.entries).toBe(expectedHalf);
    expect(half.period.to).toBe(mid);
    // A window closed on both sides (the rowid bounds come from the ts index), for the org and an agent.
    const t0 = Date.parse(from);
    const span = Date.parse(demo.manifest.period.to) - t0;
    const [a, b] = [new Date(t0 + span / 4).toISOString(), new Date(t0 + (3 * span) / 4).toISOString()];
    const count = (sql: string, ...args: unknown[]): number =>
      (store.db.prepare(sql).get(...args) as { n: number }).n;
    const window = buildPackage(store.db, {
      scope: { kind: 'org' },
      from: a,
      to: b,
      generatedAt: AT,
      generatedBy: 'a',
    });
    expect(window.population.entries).toBe(
      count('SELECT COUNT(*) AS n FROM entries WHERE ts >= ? AND ts <= ?', a, b),
    );
    const agent = agentIds()[0]!;
    const agentWindow = buildPackage(store.db, {
      scope: { kind: 'agent', agentId: agent },
      from: a,
      to: b,
      generatedAt: AT,
      generatedBy: 'a',
    });
    expect(agentWindow.population.entries).toBe(
      count('SELECT COUNT(*) AS n FROM entries WHERE agent_id = ? AND ts >= ? AND ts <= ?', agent, a, b),
    );
    expect(agentWindow.population.entries).toBeGreaterThan(0);
    // Bounds that are entries' own timestamps include those entries.
    const exact = store.db
      .prepare('SELECT ts FROM entries ORDER BY id LIMIT 2 OFFSET 1000')
      .pluck()
      .all() as string[];
    const edge = buildPackage(store.db, {
      scope: { kind: 'org' },
      from: exact[0],
      to: exact[1],
      generatedAt: AT,
      generatedBy: 'a',
    });
    expect(edge.population.entries).toBe(
      count('SELECT COUNT(*) AS n FROM entries WHERE ts >= ? AND ts <= ?', exact[0], exact[1]),
    );
    expect(edge.population.entries).toBeGreaterThanOrEqual(2);
    // The progress total (an index-only count) is the population the pass then yields.
    expect(populationSize(store.db, { kind: 'org' })).toBe(4000);
    expect(populationSize(store.db, { kind: 'org' }, { from: a, to: b })).toBe(window.population.entries);
    expect(populationSize(store.db, { kind: 'agent', agentId: agent }, { from: a, to: b })).toBe(
      agentWindow.population.entries,
    );
    expect(populationSize(store.db, { kind: 'org' }, { from: exact[0], to: exact[1] })).toBe(
      edge.population.entries,
    );
    expect(populationSize(store.db, { kind: 'org' }, { to: '2000-01-01T00:00:00.000Z' })).toBe(0);
    // A window before the first entry holds nothing.
    expect(() =>
      buildPackage(store.db, {
        scope: { kind: 'org' },
        to: '2000-01-01T00:00:00.000Z',
        generatedAt: AT,
        generatedBy: 'a',
      }),
    ).toThrow(/no verified entries/);
  });

  it('records are content-addressed, versioned, newest first, diffable; custody verifies', async () => {
    const agent = agentIds()[0]!;
    const first = await generatePackage(store.db, {
      scope: { kind: 'agent', agentId: agent },
      generatedAt: AT,
      generatedBy: 'auditor@example.com',
    });
    expect(first.created).toBe(true);
    expect(first.record.version).toBe(1);
    expect(first.packageId).toBe(packageBytes(first.doc).id);
    const again = await generatePackage(store.db, {
      scope: { kind: 'agent', agentId: agent },
      generatedAt: AT,
      generatedBy: 'auditor@example.com',
    });
    expect(again.created).toBe(false);
    expect(again.packageId).toBe(first.packageId);
    // Regenerated a day later by someone else over the same evidence: the same version, said so in custody.
    const unchanged = await generatePackage(store.db, {
      scope: { kind: 'agent', agentId: agent },
      generatedAt: '2026-04-01T18:00:00.000Z',
      generatedBy: 'reviewer@example.com',
    });
    expect(unchanged.created).toBe(false);
    expect(unchanged.record.version).toBe(1);
    expect(unchanged.packageId).toBe(first.packageId);
    expect(unchanged.custody).toMatchObject({ actor: 'reviewer@example.com', subject: first.packageId });
    expect(unchanged.custody.detail).toMatchObject({ unchanged: true, new_record: false, version: 1 });
    const later = await generatePackage(store.db, {
      scope: { kind: 'agent', agentId: agent },
      to: new Date(Date.parse(demo.manifest.period.to) - 3_600_000).toISOString(),
      generatedAt: '2026-04-02T10:00:00.000Z',
      generatedBy: 'auditor@example.com',
    });
    expect(later.record.version).toBe(2);
    expect(listPackages(store.db, { agentId: agent }).map((r) => r.id)).toEqual([
      later.packageId,
      first.packageId,
    ]);
    const diff = diffPackages(store.db, first.packageId, later.packageId);
    expect(diff.text).toContain('~ generated_at: 2026-04-01T10:00:00.000Z \u2192 2026-04-02T10:00:00.000Z');
    expect(diff.text).toMatch(/~ execution\.totals\.entries: \d+ \u2192 \d+/);
    expect(() => store.db.prepare("UPDATE packages SET generated_by = 'x'").run()).toThrow(/immutable/);
    expect(() => store.db.prepare('DELETE FROM custody_log').run()).toThrow(/append-only/);
    const custody = listCustody(store.db);
    expect(custody.length).toBe(4);
    expect(custody[0]!.subject).toBe(later.packageId);
    expect(custody[3]!.exports).toEqual([demo.manifest.export_id]);
    expect(verifyCustody(store.db)).toMatchObject({ ok: true, entries: 4 });
  });

  it('custody verify catches an edited record', () => {
    const copy = path.join(tmp, 'tampered.db');
    store.db.exec(`VACUUM INTO '${copy}'`);
    const s2 = openStore(path.join(tmp, 'tampered-dir'));
    s2.close();
    const Database = store.db.constructor as new (f: string) => Store['db'];
    const db = new Database(copy);
    db.exec('DROP TRIGGER custody_no_update');
    db.prepare("UPDATE custody_log SET actor = 'mallory' WHERE seq = 1").run();
    const v = verifyCustody(db);
    expect(v.ok).toBe(false);
    expect(v.problems).toEqual([{ seq: 1, problem: 'hash does not match the record' }]);
    db.close();
  });

  it('org PDF from the stored package shows every section with the right figures', async () => {
    const out = outDir();
    const pdfPath = path.join(out, 'org.pdf');
    const res = await generatePackage(store.db, {
      scope: { kind: 'org' },
      generatedAt: AT,
      generatedBy: 'auditor@example.com',
      pdfPath,
    });
    const text = execFileSync('pdftotext', [pdfPath, '-']).toString('utf8').replace(/\s+/g, ' ');
    const x = res.doc.execution;
    const fmt = (v: number): string => v.toLocaleString('en-US');
    expect(text).toContain(res.doc.org.name);
    expect(text).toContain(`Entries ${fmt(4000)}`);
    expect(text).toContain(`Connector calls ${fmt(x.totals.calls)}`);
    expect(text).toContain(
      `PERMIT ${fmt(x.verdicts.PERMIT)} · ESCALATE ${fmt(x.verdicts.ESCALATE)} · DENY ${fmt(x.verdicts.DENY)}`,
    );
    expect(text).toContain(
      `${fmt(x.escalations.requested)} requested: ${fmt(x.escalations.approved)} approved, ${fmt(x.escalations.denied)} denied, ${fmt(x.escalations.expired)} expired`,
    );
    // The cover says what was verified, how, and with what.
    for (const t of [
      'Overall result VALID',
      'Signing keys',
      `Crosscheck ${APP_VERSION}, offline`,
      'passed all 14 checks',
    ])
      expect(text).toContain(t);
    expect(text).not.toContain('Mermaid source');
    // SOC 2 conclusions by the app's rule: the planted scope_violation makes CC6.1 an exception,
    // and heartbeats leave A1.2 to the client's documents (the platform's pairing named as not accepted).
    expect(text).toMatch(/CC6\.1 EXCEPTIONS/);
    expect(text).toMatch(/Need the client’s documents.{0,600}A1\.2,/);
    expect(text).toContain('system.heartbeat → A1.2');
    // The appendix lists every export's checks as recorded at import, and its checkpoint.
    expect(res.doc.exports[0]!.checks!.map((c) => c.id)).toHaveLength(14);
    expect(text).toContain('bundle_shape pass · envelope_signature pass');
    expect(text).toContain(`Checkpoint ${demo.manifest.origin}`);
    // The tenant's cells as CUECs of the client, the infrastructure cells as CSOCs of the named host.
    const comp = res.doc.complementary!;
    expect(comp.cuecs).toHaveLength(8);
    expect(comp.cuecs.every((c) => c.organisation === res.doc.org.name)).toBe(true);
    expect(comp.csocs[0]).toMatchObject({
      criterion: 'CC6.1',
      organisation: 'Amazon Web Services, Inc.',
      soc2: 'type_ii',
    });
    expect(text).toContain('Complementary user entity controls (CUECs): 8 controls');
    expect(text).toContain('Complementary subservice organisation controls (CSOCs): 8 controls');
    expect(text).toMatch(/Amazon Web Services, Inc\.\s+\(SOC 2 Type II\)/);
    for (const t of [
      '1. Execution graph',
      '2. Data flow',
      '3. Vendor security questionnaire',
      'Data access',
      'Data storage',
      'Access control',
      'Monitoring',
      'Incident response',
      '4. Sub-processors',
      '5. SOC 2 control mapping',
      '6. Findings',
      'scope_violation',
      '7. Responsibility matrix',
      'Appendix: integrity evidence',
      demo.manifest.export_id,
      demo.manifest.tree.root,
    ]) {
      expect(text).toContain(t);
    }
    // Tables that span pages repeat their header: every page with an escalation row has the header.
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [pdfPath]).toString())![1]);
    const pageTexts: string[] = [];
    for (let p = 1; p <= pages; p++)
      pageTexts.push(
        execFileSync('pdftotext', ['-f', String(p), '-l', String(p), '-layout', pdfPath, '-']).toString(
          'utf8',
        ),
      );
    const sp = (t: string): string => t.replace('T', ' ');
    const esc = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    // Each printed row of the long tables (set column by column) reads as one line, in order,
    // once: the columns stay aligned row by row across every page. Rows are regex sources, cell
    // by cell.
    // Beyond ESCALATIONS_PRINTED the PDF prints a labelled random selection, re-derivable from the leaf digest.
    expect(x.escalations.rows.length).toBeGreaterThan(ESCALATIONS_PRINTED);
    const sel = printedEscalations(res.doc);
    expect(sel.rows).toHaveLength(ESCALATIONS_PRINTED);
    expect(sel.rows.map((r) => r.requested_seq)).toEqual([...sel.rows.map((r) => r.requested_seq)].sort((a, b) => a - b));
    expect(printedEscalations(res.doc)).toEqual(sel);
    expect(text).toContain(`A random selection of ${ESCALATIONS_PRINTED} of the ${fmt(x.escalations.rows.length)} escalations`);
    // Each escalation names the operation of the call it was requested for.
    expect(
      x.escalations.rows.every((r) => typeof r.operation === 'string' && typeof r.connector === 'string'),
    ).toBe(true);
    const longTables = [
      {
        header: /Requested \(UTC\)\s+Requester\s+Operation\s+Risk\s+Outcome\s+Reviewer\s+Took\s+Ran/,
        // Every escalation, with who and what: the agent (by name), the operation and the
        // reviewer. A long agent name wraps; its first characters are on the row's first line.
        rows: printedEscalations(res.doc).rows.map((r) =>
          escalationCells(res.doc, r).map((c, i) => (i === 1 ? `${esc(c.slice(0, 10))}\\S*` : esc(c))),
        ),
      },
      {
        header: /Time\s+Seq\s+Types\s+Severity\s+Response/,
        // A long list of drift types wraps; its first type is on the row's first line.
        rows: x.drift.rows
          .slice(0, 150)
          .map((r) => [
            esc(sp(r.ts)),
            String(r.seq),
            `${esc(r.drift_types[0] ?? '')}[^\\n]*`,
            esc(r.severity),
            esc(r.response),
          ]),
      },
    ];
    for (const t of longTables) {
      expect(t.rows.length).toBeGreaterThan(45);
      const perPage: number[] = [];
      let next = 0;
      pageTexts.forEach((text, i) => {
        // Rows found on the page, and the lines they fill (a wrapped cell adds a line).
        let onPage = 0;
        let lines = 0;
        for (const line of text.split('\n')) {
          if (line.includes('Crosscheck compliance package')) break;
          const row = t.rows[next];
          const re = row === undefined ? null : new RegExp(`^\\s*${row.join('\\s+')}\\s*$`);
          if (re?.test(line) === true) {
            next++;
            onPage++;
            lines++;
          } else if (onPage > 0 && line.trim() !== '' && !/shown; all are in/.test(line)) lines++;
        }
        if (onPage > 0) {
          perPage.push(lines);
          expect(text, `page ${i + 1}`).toMatch(t.header);
        }
      });
      expect(next, 'printed rows found in order').toBe(t.rows.length);
      expect(perPage.length).toBeGreaterThan(1);
      // Cut into pages by Crosscheck with the fonts' metrics: full pages (A4 holds 41–45 lines).
      // (The first page also holds the section's notes.)
      for (const n of perPage.slice(1, -1)) expect(n).toBeGreaterThanOrEqual(40);
      expect(perPage[0]).toBeGreaterThanOrEqual(30);
    }
    pageTexts.forEach((text, i) => {
      if (i === 0) return;
      expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages}`);
      expect(text, `page ${i + 1}`).toContain(res.doc.org.name);
    });
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '6', pdfPath, path.join(out, 'page')]);
    const again = await generatePackage(store.db, {
      scope: { kind: 'org' },
      generatedAt: AT,
      generatedBy: 'auditor@example.com',
      pdfPath: path.join(out, 'org-2.pdf'),
      jsonPath: path.join(out, 'org.json'),
    });
    expect(Buffer.compare(readFileSync(pdfPath), readFileSync(path.join(out, 'org-2.pdf')))).toBe(0);
    expect(readFileSync(path.join(out, 'org.json'))).toEqual(getPackage(store.db, again.packageId).bytes);
    writeFileSync(path.join(out, 'mermaid.mmd'), res.doc.data_flow.mermaid);
  });

  it('agent PDF names the agent and shows its own figures, and the documents on file', async () => {
    const out = outDir();
    const agent = agentIds()[1]!;
    const pdfPath = path.join(out, 'agent.pdf');
    const [engagement] = listEngagements(store.db);
    const attached = attachDocument(
      store.db,
      { engagementId: engagement!.id, framework: 'soc2', controlId: 'CC1.1', fileName: 'code-of-conduct.pdf', bytes: Buffer.from('%PDF-1.4 code of conduct'), note: 'signed by the CEO' },
      { by: 'auditor@example.com', at: '2026-04-01T09:00:00.000Z' },
    );
    const res = await generatePackage(store.db, {
      scope: { kind: 'agent', agentId: agent },
      generatedAt: AT,
      generatedBy: 'auditor@example.com',
      pdfPath,
    });
    const text = execFileSync('pdftotext', [pdfPath, '-']).toString('utf8').replace(/\s+/g, ' ');
    const x = res.doc.execution;
    const fmt = (v: number): string => v.toLocaleString('en-US');
    expect(res.doc.scope.kind === 'agent' && res.doc.scope.agent_name).toBeTruthy();
    const name = res.doc.scope.kind === 'agent' ? res.doc.scope.agent_name! : '';
    expect(text).toContain(`${name} (${agent})`);
    expect(text).toContain(`Agent ${name}`);
    expect(text).toContain(`Entries ${fmt(res.doc.population.entries)}`);
    expect(text).toContain(`Connector calls ${fmt(x.totals.calls)}`);
    expect(text).toContain(
      `PERMIT ${fmt(x.verdicts.PERMIT)} · ESCALATE ${fmt(x.verdicts.ESCALATE)} · DENY ${fmt(x.verdicts.DENY)}`,
    );
    expect(text).toContain(`Agents ${fmt(1)}`);
    expect(res.doc.documents).toEqual([expect.objectContaining({ control_id: 'CC1.1', file_name: 'code-of-conduct.pdf', sha256: attached.sha256 })]);
    expect(text).toContain('Documents on file');
    expect(text).toContain('SOC 2 CC1.1');
    expect(text).toContain(attached.sha256.slice(0, 16));
    for (const c of x.connectors_used) expect(text).toContain(c);
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '70',
      '-f',
      '1',
      '-l',
      '4',
      pdfPath,
      path.join(out, 'agent-page'),
    ]);
  });

  // Last: it adds a second organisation to the store.
  it('never mixes organisations: an org package names which one when the store holds several', async () => {
    let other: GenerateDemoResult | null = null;
    for (const seed of [
      'other-org-1',
      'other-org-2',
      'other-org-3',
      'other-org-4',
      'other-org-5',
      'other-org-6',
    ]) {
      const d = await generateDemo({
        outDir: path.join(tmp, `demo-${seed}`),
        entries: 500,
        seed,
        zip: false,
      });
      if (d.manifest.org.id !== demo.manifest.org.id) {
        other = d;
        break;
      }
    }
    expect(other).not.toBeNull();
    const r = await importBundle(store, other!.bundleDir, {
      keyring: parseKeyring(readFileSync(other!.keyringPath, 'utf8')),
      now: () => new Date(AT),
    });
    expect(r.trusted).toBe(true);
    expect(() =>
      buildPackage(store.db, { scope: { kind: 'org' }, generatedAt: AT, generatedBy: 'a' }),
    ).toThrow(/holds 2 organisations/);
    const mine = buildPackage(store.db, {
      scope: { kind: 'org', orgId: demo.manifest.org.id },
      generatedAt: AT,
      generatedBy: 'a',
    });
    const theirs = buildPackage(store.db, {
      scope: { kind: 'org', orgId: other!.manifest.org.id },
      generatedAt: AT,
      generatedBy: 'a',
    });
    expect(mine.population.entries).toBe(4000);
    expect(theirs.population.entries).toBe(500);
    expect(theirs.org).toEqual(other!.manifest.org);
    expect(theirs.exports.map((e) => e.export_id)).toEqual([other!.manifest.export_id]);
  });
});
