#!/usr/bin/env node
// Thin launcher: the CLI is bundled to dist/cli.js by `npm run build`.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { tunedExec } from './malloc-tunables.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const entry = path.join(here, '..', 'dist', 'cli.js');
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
  process.stderr.write(`crosscheck: Node ${process.versions.node} is too old; Node 22 is needed (npm run setup installs it under node_modules/.bin)\n`);
  process.exit(3);
}
if (!existsSync(entry)) {
  process.stderr.write('crosscheck: not built yet — run `npm run setup` (or `npm run build`) first\n');
  process.exit(3);
}
const exec = tunedExec({
  platform: process.platform,
  env: process.env,
  execPath: process.execPath,
  execArgv: process.execArgv,
  argv: process.argv,
  hasExecve: typeof process.execve === 'function',
});
if (exec) process.execve(exec.file, exec.args, exec.env); // does not return
const { runCli } = await import(pathToFileURL(entry).href);
process.exitCode = await runCli(process.argv.slice(2));
