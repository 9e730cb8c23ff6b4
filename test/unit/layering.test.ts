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
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering (design.md): shared → electron/core → shells; renderer → shared', () => {
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
  ];
  for (const [file, code, allowed] of cases) {
    it(`${file}: ${code.split('\n')[0]} is ${allowed ? 'allowed' : 'refused'}`, async () => {
      const errors = await errorsFor(file, code);
      if (allowed) expect(errors).toEqual([]);
      else expect(errors.length).toBeGreaterThan(0);
    });
  }
});
