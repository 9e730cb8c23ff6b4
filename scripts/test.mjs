// `npm test`: build, type-check, lint, unit + integration tests (Vitest), then the browser
// end-to-end tests (Playwright in Debian Chromium) when a Playwright config exists.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const steps = [
  ['build', 'node', ['scripts/build.mjs']],
  ['typecheck', 'npx', ['tsc', '-p', 'tsconfig.node.json', '--noEmit']],
  ['typecheck (web)', 'npx', ['tsc', '-p', 'tsconfig.web.json', '--noEmit']],
  ['lint', 'npx', ['eslint', '.']],
  ['unit + integration', 'npx', ['vitest', 'run']],
];
if (existsSync('playwright.config.ts')) steps.push(['end-to-end', 'npx', ['playwright', 'test']]);

const results = [];
for (const [name, cmd, args] of steps) {
  const t = Date.now();
  process.stdout.write(`\n=== ${name}: ${cmd} ${args.join(' ')}\n`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  results.push({ name, ok: r.status === 0, secs: ((Date.now() - t) / 1000).toFixed(1) });
  if (r.status !== 0) break;
}
process.stdout.write('\n=== summary\n');
for (const r of results) process.stdout.write(`  ${r.ok ? 'ok  ' : 'FAIL'} ${r.name} (${r.secs} s)\n`);
process.exit(results.every((r) => r.ok) && results.length === steps.length ? 0 : 1);
