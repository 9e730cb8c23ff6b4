// `npm start`: the desktop app on the bundled sample export; where the Electron binary cannot be
// obtained, the same UI through `crosscheck serve` (one line says so, the next is the URL).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const node = process.execPath;

function built() {
  return ['dist/serve.js', 'dist/app-import-worker.js', 'dist/renderer/index.html', 'dist/electron/main.js'].every((f) => existsSync(path.join(root, f)));
}

if (!built()) {
  const script = existsSync(path.join(root, 'scripts/build.mjs')) ? 'scripts/build.mjs' : 'scripts/build-app.mjs';
  const r = spawnSync(node, [path.join(root, script)], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

/** The sample export shipped with the app, else the spec's vectors beside the repository. */
function sample() {
  const candidates = [
    { bundle: 'resources/sample/bundle.zip', keyring: 'resources/sample/keyring.json' },
    { bundle: 'resources/sample/bundle', keyring: 'resources/sample/keyring.json' },
    { bundle: '../shared/spec/vectors/bundle', keyring: '../shared/spec/vectors/keyring.json' },
  ];
  for (const c of candidates) {
    const bundle = path.resolve(root, c.bundle);
    const keyring = path.resolve(root, c.keyring);
    if (existsSync(bundle) && existsSync(keyring)) return { bundle, keyring };
  }
  return null;
}

function electronBinary() {
  try {
    const rel = readFileSync(path.join(root, 'node_modules/electron/path.txt'), 'utf8').trim();
    const exe = path.join(root, 'node_modules/electron/dist', rel);
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

/** The app gets the CLI's malloc tunables too (see bin/malloc-tunables.js), unless the user set their own. */
async function childEnv() {
  if (process.platform !== 'linux' || process.env.GLIBC_TUNABLES !== undefined) return process.env;
  try {
    const { MALLOC_TUNABLES } = await import('../bin/malloc-tunables.js');
    return { ...process.env, GLIBC_TUNABLES: MALLOC_TUNABLES };
  } catch {
    return process.env;
  }
}

const env = await childEnv();
const extra = process.argv.slice(2);
const s = sample();
const importArgs = s ? ['--import', s.bundle, '--keyring', s.keyring] : [];
const electron = electronBinary();
let child;
if (electron) {
  child = spawn(electron, [path.join(root, 'dist/electron/main.js'), ...importArgs, ...extra], { stdio: 'inherit', cwd: root, env });
} else {
  process.stdout.write('Electron binary not available here (it cannot be downloaded); falling back to `crosscheck serve` — open the URL below.\n');
  child = spawn(node, [path.join(root, 'dist/serve.js'), ...extra, ...importArgs], { stdio: 'inherit', cwd: root, env });
}
const forward = (sig) => child.kill(sig);
process.on('SIGINT', forward);
process.on('SIGTERM', forward);
child.on('exit', (code) => process.exit(code ?? 0));
