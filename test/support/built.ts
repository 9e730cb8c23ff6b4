/** Paths into the built app (dist/), for tests that check what ships rather than the sources. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './paths.js';

/** The absolute path of a built file; throws with the fix when the build has not run. */
export function builtFile(rel: string): string {
  const file = path.join(REPO_ROOT, 'dist', rel);
  if (!existsSync(file))
    throw new Error(`${path.relative(REPO_ROOT, file)} is missing: run \`npm run build\` first`);
  return file;
}
