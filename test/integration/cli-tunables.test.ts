/**
 * The launcher restarts itself once, in place, with glibc's malloc tunables for the commands that
 * write or verify whole exports (see bin/malloc-tunables.js). The decision is a pure function; the
 * restart is checked on a real running process through /proc: same pid, the variable set.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { MALLOC_TUNABLES, tunedExec } from '../../bin/malloc-tunables.js';
import { CLI, crosscheck } from '../support/cli.js';
import { REPO_ROOT } from '../support/paths.js';
import { removeDir, tempDir } from '../support/bundle-files.js';

const base = { platform: 'linux', env: { HOME: '/home/a' }, execPath: '/usr/bin/node', execArgv: ['--cpu-prof'], hasExecve: true };
const argv = (...rest: string[]): string[] => ['/usr/bin/node', '/repo/bin/crosscheck.js', ...rest];

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) removeDir(dirs.pop()!);
});

describe('malloc tunables', () => {
  it('restarts import, verify and serve with the tunables, keeping node flags and arguments', () => {
    for (const cmd of ['import', 'verify', 'serve']) {
      const r = tunedExec({ ...base, argv: argv(cmd, 'b', '--keyring', 'k') });
      expect(r).toEqual({
        file: '/usr/bin/node',
        args: ['/usr/bin/node', '--cpu-prof', '/repo/bin/crosscheck.js', cmd, 'b', '--keyring', 'k'],
        env: { HOME: '/home/a', GLIBC_TUNABLES: MALLOC_TUNABLES },
      });
    }
  });

  it('leaves every other case alone: other commands, other systems, no execve, tunables already set', () => {
    expect(tunedExec({ ...base, argv: argv('exports') })).toBeNull();
    expect(tunedExec({ ...base, argv: argv() })).toBeNull();
    expect(tunedExec({ ...base, platform: 'darwin', argv: argv('import') })).toBeNull();
    expect(tunedExec({ ...base, hasExecve: false, argv: argv('import') })).toBeNull();
    // Set by the first start (no loop), or by the user (whose choice stands), even when empty.
    expect(tunedExec({ ...base, env: { GLIBC_TUNABLES: MALLOC_TUNABLES }, argv: argv('import') })).toBeNull();
    expect(tunedExec({ ...base, env: { GLIBC_TUNABLES: '' }, argv: argv('import') })).toBeNull();
  });

  it.runIf(process.platform === 'linux')('a running `crosscheck serve` is the same process, with the tunables in its environment', async () => {
    const env = { ...process.env };
    delete env.GLIBC_TUNABLES;
    const store = tempDir('cc-tun-');
    dirs.push(store);
    const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', '--store', store, '--no-open'], { cwd: REPO_ROOT, env });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', (l) => resolve(l.trim()));
        child.once('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL`)));
      });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+/);
      const environ = readFileSync(`/proc/${child.pid}/environ`, 'latin1').split('\0');
      expect(environ).toContain(`GLIBC_TUNABLES=${MALLOC_TUNABLES}`);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it.runIf(process.platform === 'linux' && !existsSync(path.join(REPO_ROOT, 'node_modules', 'electron', 'dist')))(
    "`npm start`'s fallback serve gets the tunables too (its child process, through /proc)",
    async () => {
      const env = { ...process.env };
      delete env.GLIBC_TUNABLES;
      const store = tempDir('cc-tun-');
      dirs.push(store);
      const start = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.mjs'), '--port', '0', '--no-open', '--store', store], { cwd: REPO_ROOT, env });
      try {
        await new Promise<void>((resolve, reject) => {
          const rl = createInterface({ input: start.stdout });
          rl.on('line', (l) => {
            if (l.startsWith('http://')) resolve();
          });
          start.once('exit', (code) => reject(new Error(`npm start exited (${code}) before printing its URL`)));
        });
        const children = readFileSync(`/proc/${start.pid}/task/${start.pid}/children`, 'utf8').trim().split(/\s+/);
        expect(children).toHaveLength(1);
        const environ = readFileSync(`/proc/${children[0]}/environ`, 'latin1').split('\0');
        expect(environ).toContain(`GLIBC_TUNABLES=${MALLOC_TUNABLES}`);
      } finally {
        start.kill('SIGTERM');
        await new Promise((r) => start.once('exit', r));
      }
    },
  );

  it('exit codes and output come through the restart (verify: bad arguments exit 3 with one line)', () => {
    const r = crosscheck(['verify', '/nonexistent/bundle', '--keyring', '/nonexistent/keyring.json'], { env: { GLIBC_TUNABLES: undefined } });
    expect(r.code).toBe(3);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
