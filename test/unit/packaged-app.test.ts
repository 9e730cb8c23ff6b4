/**
 * What electron-builder packages is enough to run: every built Electron entry (main, preload,
 * workers) resolves each of its imports to a file electron-builder.yml ships (or to `electron`
 * and Node's built-ins; the preload to the sandbox's allowlist only), better-sqlite3's native
 * addon stays outside the asar, and the config is valid against electron-builder's own schema.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Ajv } from 'ajv';
import { build } from 'esbuild';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtFile } from '../support/built.js';
import { SANDBOX_MODULES } from '../support/electron-sandbox.js';
import type { BuilderConfig, PackagedFiles } from '../support/packaged-files.js';
import { packagedFiles, readBuilderConfig } from '../support/packaged-files.js';
import { REPO_ROOT } from '../support/paths.js';

const require = createRequire(import.meta.url);
const addFormats = require('ajv-formats') as (ajv: Ajv) => Ajv;

/** The Electron entries: main and preload, and the worker scripts main starts beside itself. */
const ENTRIES = [
  'dist/electron/main.js',
  'dist/electron/preload.cjs',
  'dist/electron/app-import-worker.js',
  'dist/electron/line-worker.js',
];
const NODE_BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

async function metafileOf(entry: string): Promise<Metafile> {
  const r = await build({
    absWorkingDir: REPO_ROOT,
    entryPoints: [entry],
    bundle: true,
    write: false,
    metafile: true,
    platform: 'node',
    format: entry.endsWith('.cjs') ? 'cjs' : 'esm',
    outdir: path.join(os.tmpdir(), 'cc-packaged-check'),
    external: ['electron'],
    loader: { '.node': 'copy' },
    logLevel: 'silent',
  });
  return r.metafile;
}

/** Every import of `entry` (followed through chunks and node_modules) the package cannot satisfy. */
function problems(entry: string, meta: Metafile, shipped: PackagedFiles): string[] {
  const out: string[] = [];
  const allowedExternal = entry.endsWith('preload.cjs')
    ? new Set<string>(SANDBOX_MODULES)
    : new Set(['electron', ...NODE_BUILTINS]);
  for (const [input, info] of Object.entries(meta.inputs)) {
    if (!shipped.files.has(input)) out.push(`${input} (needed by ${entry}) is not in the package`);
    if (input.endsWith('.node') && !shipped.unpacked(input))
      out.push(`${input} is a native addon inside the asar: add it to asarUnpack`);
    for (const imp of info.imports) {
      // esbuild's helper for a computed require (better-sqlite3 picking its addon): the addons are checked on their own.
      if (imp.path === '<runtime>') continue;
      if (imp.external && !allowedExternal.has(imp.path))
        out.push(
          `${input} requires ${imp.path}, which ${entry.endsWith('preload.cjs') ? 'a sandboxed preload cannot load' : 'is not Node or electron'}`,
        );
    }
  }
  return out;
}

describe('the packaged app (electron-builder.yml)', () => {
  let config: BuilderConfig;
  let shipped: PackagedFiles;
  const metas = new Map<string, Metafile>();

  beforeAll(async () => {
    for (const e of ENTRIES) builtFile(path.relative('dist', e));
    config = readBuilderConfig();
    shipped = packagedFiles(config);
    for (const e of ENTRIES) metas.set(e, await metafileOf(e));
  });

  it('is valid against the schema electron-builder ships, which refuses a misspelt key', () => {
    const schema = JSON.parse(
      readFileSync(path.join(REPO_ROOT, 'node_modules/app-builder-lib/scheme.json'), 'utf8'),
    ) as object;
    const validate = addFormats(new Ajv({ allErrors: true, strict: false })).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ ...config, asarUnpak: config.asarUnpack })).toBe(false);
    expect(validate({ ...config, asarUnpack: 42 })).toBe(false);
  });

  it.each(ENTRIES)('%s resolves every import from the packaged files', (entry) => {
    const meta = metas.get(entry)!;
    expect(Object.keys(meta.inputs)).toContain(entry);
    expect(problems(entry, meta, shipped)).toEqual([]);
  });

  it('keeps the preload to itself: no module but electron', () => {
    const meta = metas.get('dist/electron/preload.cjs')!;
    expect(Object.keys(meta.inputs)).toEqual(['dist/electron/preload.cjs']);
    expect(meta.inputs['dist/electron/preload.cjs']!.imports.map((i) => i.path)).toEqual(['electron']);
  });

  it('ships better-sqlite3 with its native addon unpacked from the asar', () => {
    const addons = [...shipped.files].filter(
      (f) => f.startsWith('node_modules/better-sqlite3/') && f.endsWith('.node'),
    );
    expect(addons.length).toBeGreaterThan(0);
    for (const a of addons) expect(shipped.unpacked(a), a).toBe(true);
    expect(shipped.unpacked('dist/electron/main.js')).toBe(false);
  });

  it('ships what main opens by path: the package main, preload, workers, migrations and the renderer', () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
      main: string;
    };
    const byPath = [
      manifest.main,
      'dist/electron/preload.cjs',
      'dist/electron/app-import-worker.js',
      'dist/electron/line-worker.js',
      'dist/renderer/index.html',
    ];
    for (const f of readdirSync(path.join(REPO_ROOT, 'electron/core/store/migrations')))
      byPath.push(`dist/electron/migrations/${f}`);
    for (const f of byPath) expect(shipped.files.has(f), f).toBe(true);
    // Source maps stay out (`!**/*.map`), and nothing of the repository but dist/ and package.json goes in.
    expect([...shipped.files].filter((f) => f.endsWith('.map'))).toEqual([]);
    expect(
      [...shipped.files].filter(
        (f) => !f.startsWith('dist/') && !f.startsWith('node_modules/') && f !== 'package.json',
      ),
    ).toEqual([]);
  });

  it('leaves out the development dependencies', () => {
    for (const dev of [
      'node_modules/electron',
      'node_modules/vitest',
      'node_modules/esbuild',
      'node_modules/typescript',
    ])
      expect(shipped.packages.has(dev), dev).toBe(false);
    expect(shipped.packages.has('node_modules/better-sqlite3')).toBe(true);
    expect(shipped.packages.has('node_modules/zod')).toBe(true);
  });

  it('reports what a narrower config would miss (the check can fail)', () => {
    const narrow = packagedFiles({ ...config, files: ['dist/renderer/**', 'package.json'], asarUnpack: [] });
    const main = problems('dist/electron/main.js', metas.get('dist/electron/main.js')!, narrow);
    expect(main).toContain('dist/electron/main.js (needed by dist/electron/main.js) is not in the package');
    const native = [...shipped.files].find(
      (f) => f.startsWith('node_modules/better-sqlite3/') && f.endsWith('.node'),
    )!;
    expect(narrow.unpacked(native)).toBe(false);
    const zodPreload: Metafile = {
      inputs: {
        'dist/electron/preload.cjs': {
          bytes: 1,
          imports: [{ path: 'zod', kind: 'require-call', external: true }],
        },
      },
      outputs: {},
    };
    expect(problems('dist/electron/preload.cjs', zodPreload, shipped)).toEqual([
      'dist/electron/preload.cjs requires zod, which a sandboxed preload cannot load',
    ]);
  });
});
