/** Runs the built `crosscheck` CLI (dist/) as a user would: a child process with its exit code. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export const CLI = path.join(REPO_ROOT, 'bin', 'crosscheck.js');

/** Runs `crosscheck args…`; fails loudly when the CLI has not been built (npm test builds it first). */
export function crosscheck(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CliRun {
  if (!existsSync(path.join(REPO_ROOT, 'dist', 'cli.js'))) {
    throw new Error('dist/cli.js is missing: run `npm run build` (npm test does) before the CLI tests');
  }
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: opts.cwd ?? REPO_ROOT, encoding: 'utf8', env: { ...process.env, ...opts.env }, maxBuffer: 1 << 26 });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}
