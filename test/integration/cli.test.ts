import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBundle } from '../../electron/core/verify/verify-bundle.js';
import { importBundle } from '../../electron/core/import/import-bundle.js';
import { openStore } from '../../electron/core/store/store.js';
import { parseKeyring } from '../../electron/core/keyring/keyring.js';
import { renderPackagePdf } from '../../electron/core/pdf/package-pdf.js';
import { CLI, crosscheck } from '../support/cli.js';
import { REPO_ROOT, SAMPLE_BUNDLE, SAMPLE_KEYRING } from '../support/paths.js';
import { copyBundle, removeDir, tempDir, zipBundle } from '../support/bundle-files.js';

const dir = tempDir('crosscheck-cli-');
afterAll(() => removeDir(dir));

/** The sample with one byte of one entry changed: INVALID. */
function tampered(): string {
  const b = copyBundle(SAMPLE_BUNDLE);
  const f = path.join(b, 'entries.jsonl');
  writeFileSync(f, readFileSync(f, 'utf8').replace('"duration_ms":4190', '"duration_ms":4191'));
  return b;
}

describe('crosscheck verify', () => {
  it('the public sample: VALID, exit 0, JSON report of spec §9', () => {
    const r = crosscheck(['verify', SAMPLE_BUNDLE, '--keyring', SAMPLE_KEYRING, '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.format).toBe('crosscheck-report/1');
    expect(report.integrity.status).toBe('VALID');
    expect(report.findings).toEqual([]);
    expect(report.evaluation).toEqual({ calls: 183, agreed: 183, disagreed: 0 });
  });

  it('readable text without --json', () => {
    const r = crosscheck(['verify', zipBundle(SAMPLE_BUNDLE), '--keyring', SAMPLE_KEYRING]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('INTEGRITY: VALID');
    expect(r.stdout).toContain('183 agree');
  });

  it('a tampered bundle: INVALID, exit 2', () => {
    const r = crosscheck(['verify', tampered(), '--keyring', SAMPLE_KEYRING, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).integrity.status).toBe('INVALID');
  });

  it('a reader that closes the pipe (`| head`, `| true`) ends the output quietly, with the exit code of the result', () => {
    // `true` exits without reading: every write of the report meets a pipe with no reader (EPIPE).
    for (const bundle of [SAMPLE_BUNDLE, tampered()]) {
      const r = spawnSync(
        'bash',
        ['-c', '"$0" "$1" verify "$2" --keyring "$3" --json | true; exit "${PIPESTATUS[0]}"', process.execPath, CLI, bundle, SAMPLE_KEYRING],
        { encoding: 'utf8' },
      );
      expect(r.stderr).toBe('');
      expect(r.status).toBe(bundle === SAMPLE_BUNDLE ? 0 : 2);
    }
  });

  it('the worker thread of the built CLI gives the same report as the in-thread verifier', async () => {
    const g = path.join(dir, 'plants');
    for (const plant of ['verdict_mismatch', 'chain_broken', 'drift_missed', 'time_gap']) {
      const out = path.join(g, plant);
      expect(crosscheck(['demo', '--out', out, '--entries', '3000', '--seed', plant, '--plant', plant]).code).toBe(0);
      const cli = crosscheck(['verify', path.join(out, 'bundle'), '--keyring', path.join(out, 'keyring.json'), '--json']);
      const keyring = parseKeyring(readFileSync(path.join(out, 'keyring.json'), 'utf8'));
      const inThread = (await verifyBundle(path.join(out, 'bundle'), { keyring, worker: false })).report;
      expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(JSON.stringify(inThread)));
      expect(inThread.findings.length).toBeGreaterThan(0);
    }
  });

  it.each([
    [['verify'], /expected 1 argument/],
    [['verify', SAMPLE_BUNDLE], /--keyring is required/],
    [['verify', '/nonexistent/bundle', '--keyring', SAMPLE_KEYRING], /cannot read the bundle/],
    [['verify', SAMPLE_BUNDLE, '--keyring', '/nonexistent/keyring.json'], /cannot read the keyring/],
    [['verify', SAMPLE_BUNDLE, '--keyring', path.join(SAMPLE_BUNDLE, 'state.json')], /keyring is not valid/],
    [['verify', SAMPLE_BUNDLE, '--keyring', SAMPLE_KEYRING, '--store', '/nonexistent/store'], /no Crosscheck store/],
    [['verify', SAMPLE_BUNDLE, '--keyring', SAMPLE_KEYRING, '--frobnicate'], /Unknown option/],
    [['frobnicate'], /unknown command/],
    [['demo', '--out', '/tmp/x', '--plant', 'nonsense'], /not plantable/],
    [['demo', '--out', '/tmp/x', '--entries', 'many'], /whole number/],
  ])('bad arguments %j: exit 3 and one line on stderr', (args, why) => {
    const r = crosscheck(args);
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(why);
    expect(r.stdout).toBe('');
  });
});

describe('import, exports, findings, explain against a store', () => {
  const store = path.join(dir, 'store');
  let demo: string;
  beforeAll(() => {
    demo = path.join(dir, 'demo-plant');
    expect(crosscheck(['demo', '--out', demo, '--entries', '2500', '--seed', 'cli', '--plant', 'scope_violation']).code).toBe(0);
  });

  it('a bad keyring writes nothing, not even the store folder', () => {
    const s = path.join(dir, 'never-created');
    const r = crosscheck(['import', SAMPLE_BUNDLE, '--keyring', path.join(SAMPLE_BUNDLE, 'state.json'), '--store', s]);
    expect(r.code).toBe(3);
    expect(existsSync(s)).toBe(false);
  });

  it('imports, says so, and a second import is a no-op', () => {
    const a = crosscheck(['import', SAMPLE_BUNDLE, '--keyring', SAMPLE_KEYRING, '--store', store]);
    expect(a.code).toBe(0);
    expect(a.stdout).toMatch(/imported export f2b98a0b/);
    const b = crosscheck(['import', SAMPLE_BUNDLE, '--keyring', SAMPLE_KEYRING, '--store', store]);
    expect(b.code).toBe(0);
    expect(b.stdout).toMatch(/already in the store/);
    const v = crosscheck(['verify', SAMPLE_BUNDLE, '--keyring', SAMPLE_KEYRING, '--store', store, '--json']);
    expect(JSON.parse(v.stdout).integrity.continuity).toBe('covered');
    expect(readdirSync(store).sort()).toEqual(expect.arrayContaining(['crosscheck.db']));
  });

  it('a planted decision defect: exit 1, listed by findings, explained with its trace', () => {
    const expected = JSON.parse(readFileSync(path.join(demo, 'expected.json'), 'utf8')) as { findings: { kind: string; seq: number }[]; export: { export_id: string } };
    const seq = expected.findings[0]!.seq;
    const imp = crosscheck(['import', path.join(demo, 'bundle'), '--keyring', path.join(demo, 'keyring.json'), '--store', store]);
    expect(imp.code).toBe(1);
    // The sample and the demo are two clients: reads name the engagement (the demo's is the second).
    expect(crosscheck(['exports', '--store', store, '--json']).code).toBe(3);
    const ex = JSON.parse(crosscheck(['exports', '--store', store, '--engagement', '2', '--json']).stdout) as { exportId: string; integrity: string }[];
    expect(ex.map((e) => [e.exportId, e.integrity])).toEqual([[expected.export.export_id, 'VALID']]);
    const f = JSON.parse(crosscheck(['findings', '--store', store, '--engagement', '2', '--kind', 'scope_violation', '--json']).stdout) as { seq: number }[];
    expect(f.map((x) => x.seq)).toEqual([seq]);
    expect(JSON.parse(crosscheck(['findings', '--store', store, '--engagement', '1', '--kind', 'scope_violation', '--json']).stdout)).toEqual([]);
    expect(JSON.parse(crosscheck(['findings', '--store', store, '--engagement', '2', '--severity', 'low', '--json']).stdout)).toEqual([]);
    const text = crosscheck(['explain', '--store', store, '--engagement', '2', '--export', expected.export.export_id, '--seq', String(seq)]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/3\. scope: APPLIES/);
    expect(text.stdout).toMatch(/scope_violation/);
    const json = JSON.parse(crosscheck(['explain', path.join(demo, 'bundle'), '--keyring', path.join(demo, 'keyring.json'), '--seq', String(seq), '--json']).stdout);
    expect(json.trace.computed.reason).toBe('scope');
    expect(json.findings.map((x: { kind: string }) => x.kind)).toEqual(['scope_violation']);
  });
});

describe('crosscheck import: the worker thread gives the store what an in-thread import gives it', () => {
  // Through the built CLI the line pass runs in its worker and this side of it builds the tree and
  // takes the file digest from the row batches; in-process (TypeScript sources) it all runs inline.
  const demo = path.join(dir, 'import-worker');
  const lastNewline = (b: string): void => {
    const f = path.join(b, 'entries.jsonl');
    const bytes = readFileSync(f);
    writeFileSync(f, bytes.subarray(0, bytes.length - 1));
  };
  const oneByte = (b: string): void => {
    const f = path.join(b, 'entries.jsonl');
    const bytes = readFileSync(f);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = bytes[at]! ^ 0x01;
    writeFileSync(f, bytes);
  };
  beforeAll(() => {
    expect(crosscheck(['demo', '--out', demo, '--entries', '3000', '--seed', 'import-worker']).code).toBe(0);
  });
  /** What an import left in a store: verdict, findings, provenance digest, and the stored lines. */
  function landed(storeDir: string, exportRef: number): unknown {
    const store = openStore(storeDir);
    try {
      const x = store.db
        .prepare('SELECT x.integrity AS integrity, x.log_id AS log, x.pos_first AS lo, x.pos_last AS hi, i.archive_sha256 AS archive FROM exports x JOIN imports i ON i.id = x.import_id WHERE x.id = ?')
        .get(exportRef) as { integrity: string; log: number; lo: number; hi: number; archive: string };
      const findings = store.db.prepare('SELECT kind, seq FROM findings WHERE export_ref = ? ORDER BY ord').all(exportRef);
      const h = createHash('sha256');
      const rows = store.db.prepare('SELECT line, leaf_hash FROM entries WHERE log_id = ? AND pos BETWEEN ? AND ? ORDER BY id').all(x.log, x.lo, x.hi) as { line: Buffer; leaf_hash: Buffer }[];
      for (const r of rows) h.update(r.line).update(r.leaf_hash);
      return { integrity: x.integrity, archive: x.archive, findings, rows: rows.length, lines: h.digest('hex') };
    } finally {
      store.close();
    }
  }
  it.each([
    ['a clean folder', (): string => copyBundle(path.join(demo, 'bundle')), 'VALID'],
    ['a clean ZIP', (): string => zipBundle(path.join(demo, 'bundle')), 'VALID'],
    ['a last line without its newline', (): string => { const b = copyBundle(path.join(demo, 'bundle')); lastNewline(b); return b; }, 'INVALID'],
    ['one flipped bit mid-file', (): string => { const b = copyBundle(path.join(demo, 'bundle')); oneByte(b); return b; }, 'INVALID'],
  ])('%s', async (name, make, integrity) => {
    const bundle = make();
    const keyringFile = path.join(demo, 'keyring.json');
    const cliStore = path.join(dir, `import-cli-${name.replace(/\W+/g, '-')}`);
    const r = crosscheck(['import', bundle, '--keyring', keyringFile, '--store', cliStore, '--json']);
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { export_ref: number; integrity: string };
    expect(out.integrity).toBe(integrity);
    const inStore = openStore(path.join(dir, `import-in-${name.replace(/\W+/g, '-')}`));
    const res = await importBundle(inStore, bundle, { keyring: parseKeyring(readFileSync(keyringFile, 'utf8')), exclusive: true });
    inStore.close();
    expect(landed(cliStore, out.export_ref)).toEqual(landed(inStore.dir, res.exportRef!));
  });
});

describe('crosscheck package', () => {
  it('the built CLI writes the same PDF bytes as an in-process render of its JSON, and a binder that verifies', async () => {
    const out = path.join(dir, 'pkg');
    expect(crosscheck(['demo', '--out', out, '--entries', '2500', '--seed', 'pkg-cli']).code).toBe(0);
    const store = path.join(out, 'store');
    expect(crosscheck(['import', path.join(out, 'bundle'), '--keyring', path.join(out, 'keyring.json'), '--store', store]).code).toBe(0);
    const files = { pdf: path.join(out, 'org.pdf'), json: path.join(out, 'org.json'), binder: path.join(out, 'org.zip') };
    const r = crosscheck(['package', '--org', '--store', store, '--pdf', files.pdf, '--json', files.json, '--binder', files.binder, '--generated-at', '2026-11-22T00:00:00.000Z']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const bytes = readFileSync(files.json);
    const id = createHash('sha256').update(bytes).digest('hex');
    const inProcess = await renderPackagePdf(JSON.parse(bytes.toString('utf8')), id);
    expect(Buffer.compare(readFileSync(files.pdf), inProcess)).toBe(0);
    const v = crosscheck(['verify-binder', files.binder, '--key', `${files.binder}.pub.json`]);
    expect(v.code, v.stdout + v.stderr).toBe(0);
  });

  it('a command that needs no PDF starts without loading react-pdf', () => {
    // Every command used to load react-pdf at start-up (about 0.3 s); now only a PDF render does.
    // The probe records every module the CLI resolves, then imports react-pdf itself as a control.
    const probe = [
      "import { registerHooks } from 'node:module';",
      'const seen = [];',
      'registerHooks({ resolve(spec, ctx, next) { const r = next(spec, ctx); seen.push(r.url); return r; } });',
      "const pdf = () => seen.some((u) => u.includes('@react-pdf'));",
      `const { runCli } = await import(${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'dist', 'cli.js')).href)});`,
      "await runCli(['--help']);",
      'const atHelp = pdf();',
      "await import('@react-pdf/renderer');",
      'process.stdout.write(JSON.stringify({ atHelp, afterImport: pdf() }));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', probe], { encoding: 'utf8', cwd: REPO_ROOT });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout.slice(r.stdout.lastIndexOf('{')))).toEqual({ atHelp: false, afterImport: true });
  });
});
