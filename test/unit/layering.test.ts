/**
 * The layering of design.md, enforced by eslint.config.js, tested on real files of each layer:
 * an import that crosses a layer boundary must be an error, one that respects it must pass.
 */
import { describe, expect, it } from 'vitest';
import { ESLint } from 'eslint';
import { REPO_ROOT } from '../support/paths.js';

const eslint = new ESLint({ cwd: REPO_ROOT });

async function errorsFor(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${REPO_ROOT}/${file}` });
  return result!.messages
    .filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === '@typescript-eslint/no-restricted-imports')
    .map((m) => m.message);
}

describe('layering (design.md): shared → electron/core → services → shell → shells; preload → bridge; renderer → shared', () => {
  const cases: [string, string, boolean][] = [
    ['shared/format/jcs.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", false],
    ['shared/format/jcs.ts', "import { app } from 'electron';\nexport const x = app;\n", false],
    ['shared/format/jcs.ts', "import { openStore } from '../../electron/core/store/store.js';\nexport const x = openStore;\n", false],
    ['shared/format/jcs.ts', "import { parseTimestamp } from './timestamps.js';\nexport const x = parseTimestamp;\n", true],
    ['electron/core/verify/verify-bundle.ts', "import { app } from 'electron';\nexport const x = app;\n", false],
    ['electron/core/verify/verify-bundle.ts', "import { runCli } from '../../cli/main.js';\nexport const x = runCli;\n", false],
    ['electron/core/verify/verify-bundle.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", true],
    ['renderer/src/app.tsx', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", false],
    ['renderer/src/app.tsx', "import { openStore } from '../../electron/core/store/store.js';\nexport const x = openStore;\n", false],
    ['renderer/src/app.tsx', "import { canonicalize } from '../../shared/format/jcs.js';\nexport const x = canonicalize;\n", true],
    // core → services → shell → shells; the shells do not import each other.
    ['electron/core/verify/verify-bundle.ts', "import { createServices } from '../../services/services.js';\nexport const x = createServices;\n", false],
    ['electron/core/verify/verify-bundle.ts', "import { CSP } from '../../shell/csp.js';\nexport const x = CSP;\n", false],
    ['electron/services/jobs.ts', "import { app } from 'electron';\nexport const x = app;\n", false],
    ['electron/services/jobs.ts', "import { runServe } from '../serve/serve.js';\nexport const x = runServe;\n", false],
    ['electron/services/jobs.ts', "import { findRendererDir } from '../shell/renderer-dir.js';\nexport const x = findRendererDir;\n", false],
    ['electron/services/jobs.ts', "import { openStore } from '../core/store/store.js';\nexport const x = openStore;\n", true],
    ['electron/shell/static-files.ts', "import { runServe } from '../serve/serve.js';\nexport const x = runServe;\n", false],
    ['electron/shell/static-files.ts', "import { app } from 'electron';\nexport const x = app;\n", false],
    ['electron/shell/static-files.ts', "import { dispatch } from '../services/dispatch.js';\nexport const x = dispatch;\n", true],
    ['electron/main/main.ts', "import { findRendererDir } from '../serve/serve.js';\nexport const x = findRendererDir;\n", false],
    ['electron/main/main.ts', "import { resolveStatic } from '../serve/static-files.js';\nexport const x = resolveStatic;\n", false],
    ['electron/main/main.ts', "import { runCli } from '../cli/main.js';\nexport const x = runCli;\n", false],
    ['electron/main/main.ts', "import { findRendererDir } from '../shell/renderer-dir.js';\nexport const x = findRendererDir;\n", true],
    ['electron/main/main.ts', "import { createServices } from '../services/services.js';\nexport const x = createServices;\n", true],
    ['electron/serve/serve.ts', "import { createWindow } from '../main/main.js';\nexport const x = createWindow;\n", false],
    ['electron/serve/serve.ts', "import { runCli } from '../cli/main.js';\nexport const x = runCli;\n", false],
    ['electron/serve/serve.ts', "import { app } from 'electron';\nexport const x = app;\n", false],
    ['electron/serve/serve.ts', "import { CSP } from '../shell/csp.js';\nexport const x = CSP;\n", true],
    ['electron/cli/commands/serve.ts', "import { createWindow } from '../../main/main.js';\nexport const x = createWindow;\n", false],
    ['electron/cli/commands/serve.ts', "import { checkRequest } from '../../serve/http-guard.js';\nexport const x = checkRequest;\n", false],
    ['electron/cli/commands/serve.ts', "import { runServe } from '../../serve/serve.js';\nexport const x = runServe;\n", true],
    // The sandboxed preload: electron and the zod-free bridge only; contract types are fine.
    ['electron/preload/preload.ts', "import { API } from '../../shared/api/contract.js';\nexport const x = API;\n", false],
    ['electron/preload/preload.ts', "import { z } from 'zod';\nexport const x = z;\n", false],
    ['electron/preload/preload.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n", false],
    ['electron/preload/preload.ts', "import { dispatch } from '../services/dispatch.js';\nexport const x = dispatch;\n", false],
    ['electron/preload/preload.ts', "import type { MethodName } from '../../shared/api/contract.js';\nexport type X = MethodName;\n", true],
    ['electron/preload/preload.ts', "import { CHANNELS } from '../../shared/api/bridge.js';\nexport const x = CHANNELS;\n", true],
  ];
  for (const [file, code, allowed] of cases) {
    it(`${file}: ${code.split('\n')[0]} is ${allowed ? 'allowed' : 'refused'}`, async () => {
      const errors = await errorsFor(file, code);
      if (allowed) expect(errors).toEqual([]);
      else expect(errors.length).toBeGreaterThan(0);
    });
  }
});
