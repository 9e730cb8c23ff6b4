/** Locating files that ship in `resources/` from source, tests and the bundled app alike. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubprocessorRegistry } from '../../../shared/package/package-types.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));

/** The absolute path of `resources/<name>`, searching upward from this module (source or dist). */
export function resourcePath(name: string, resourcesDir?: string): string {
  if (resourcesDir !== undefined) return path.join(resourcesDir, name);
  let dir = HERE;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'resources', name);
    if (existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`resources/${name} not found above ${HERE}`);
}

/** The sub-processor registry shipped in resources/subprocessors.json. */
export function loadSubprocessorRegistry(resourcesDir?: string): SubprocessorRegistry {
  return JSON.parse(readFileSync(resourcePath('subprocessors.json', resourcesDir), 'utf8')) as SubprocessorRegistry;
}
