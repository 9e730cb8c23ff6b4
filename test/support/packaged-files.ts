/**
 * The file set electron-builder would put in the app, read from electron-builder.yml the way
 * electron-builder reads it: the `files` patterns over the repository, package.json, and the
 * production dependencies' node_modules (with electron-builder's own default exclusions), plus
 * which of those `asarUnpack` leaves outside the asar archive.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { minimatch } from 'minimatch';
import { REPO_ROOT } from './paths.js';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
// electron-builder's own lists of what it never copies, so this set drifts with it, not from it.
const fileMatcher = require('app-builder-lib/out/fileMatcher.js') as {
  excludedNames: string;
  excludedExts: string;
};

export interface BuilderConfig {
  files: string[];
  asarUnpack?: string[];
  [key: string]: unknown;
}

export interface PackagedFiles {
  /** Repository-relative paths (forward slashes) of every file that ships. */
  files: Set<string>;
  /** True when `rel` ships outside the asar archive. */
  unpacked(rel: string): boolean;
  /** The production packages, by repository-relative folder. */
  packages: Set<string>;
}

/** electron-builder.yml, parsed. */
export function readBuilderConfig(file = path.join(REPO_ROOT, 'electron-builder.yml')): BuilderConfig {
  return yaml.load(readFileSync(file, 'utf8')) as BuilderConfig;
}

const EXCLUDED_NAMES = new Set([
  ...fileMatcher.excludedNames.split(','),
  '.DS_Store',
  'CHANGELOG.md',
  'ChangeLog',
  'changelog.md',
  'Changelog.md',
  'Changelog',
  'binding.gyp',
  '.npmignore',
]);
const TOP_LEVEL_EXCLUDED = new Set([
  'README.md',
  'readme.md',
  'Readme.md',
  'README',
  'readme',
  'test',
  'tests',
  '__tests__',
  'powered-test',
  'example',
  'examples',
  '.bin',
]);
const EXCLUDED_EXTS = ['.o', '.obj', ...fileMatcher.excludedExts.split(',').map((e) => `.${e}`)];

function walk(
  dir: string,
  skip: (name: string, depth: number) => boolean,
  depth = 0,
  out: string[] = [],
): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip(entry.name, depth)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, skip, depth + 1, out);
    else if (entry.isFile() || (entry.isSymbolicLink() && statSync(full).isFile())) out.push(full);
  }
  return out;
}

const rel = (full: string): string => path.relative(REPO_ROOT, full).split(path.sep).join('/');

/** Last matching pattern wins; `!pattern` excludes. */
function selected(file: string, patterns: string[]): boolean {
  let inside = false;
  for (const p of patterns) {
    if (p.startsWith('!')) {
      if (minimatch(file, p.slice(1), { dot: true })) inside = false;
    } else if (minimatch(file, p, { dot: true })) inside = true;
  }
  return inside;
}

function resolvePackage(name: string, fromDir: string): string | null {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    try {
      if (statSync(path.join(candidate, 'package.json')).isFile()) return candidate;
    } catch {
      // not here: one folder up
    }
    if (dir === REPO_ROOT || path.dirname(dir) === dir) return null;
  }
}

interface Manifest {
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** The production dependency closure (dependencies and optionalDependencies, resolved as Node does). */
function productionPackages(): Set<string> {
  const out = new Set<string>();
  const queue: [string, string][] = [];
  const push = (dir: string): void => {
    const m = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;
    for (const name of Object.keys({ ...m.dependencies, ...m.optionalDependencies })) queue.push([name, dir]);
  };
  push(REPO_ROOT);
  while (queue.length) {
    const [name, from] = queue.pop()!;
    const dir = resolvePackage(name, from);
    if (!dir || out.has(dir)) continue;
    out.add(dir);
    push(dir);
  }
  return out;
}

/** Every file the packaged app holds, by the rules electron-builder applies to `config`. */
export function packagedFiles(config: BuilderConfig): PackagedFiles {
  const files = new Set<string>();
  const negations = config.files.filter((p) => p.startsWith('!'));
  const defaults = [`!**/*.{${fileMatcher.excludedExts},pdb}`, `!**/{${fileMatcher.excludedNames}}`];
  // Walk only the top folders a pattern can reach (all of them for a pattern that starts with a glob).
  const tops = config.files.filter((p) => !p.startsWith('!')).map((p) => p.split('/')[0]!);
  const walkAll = tops.some((t) => /[*?{[]/.test(t));
  const skipTop = (name: string, depth: number): boolean =>
    depth === 0 && (['node_modules', '.git'].includes(name) || (!walkAll && !tops.includes(name)));
  for (const full of walk(REPO_ROOT, skipTop)) {
    const r = rel(full);
    if (selected(r, [...config.files, ...defaults])) files.add(r);
  }
  files.add('package.json');
  const packages = new Set<string>();
  for (const dir of productionPackages()) {
    packages.add(rel(dir));
    const skip = (name: string, depth: number): boolean =>
      name === 'node_modules' ||
      EXCLUDED_NAMES.has(name) ||
      name.startsWith('._') ||
      (depth === 0 && TOP_LEVEL_EXCLUDED.has(name)) ||
      EXCLUDED_EXTS.some((e) => name.endsWith(e));
    for (const full of walk(dir, skip)) {
      const r = rel(full);
      // The `files` exclusions (e.g. source maps) apply inside node_modules too.
      if (!negations.some((p) => minimatch(r, p.slice(1), { dot: true }))) files.add(r);
    }
  }
  const unpack = config.asarUnpack ?? [];
  return { files, packages, unpacked: (r) => unpack.some((p) => minimatch(r, p, { dot: true })) };
}
