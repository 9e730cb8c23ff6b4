// esbuild's code-splitting chunks, named by content: a build clears those of the build before.
import { existsSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

/** Deletes the chunks of an earlier build in `dir`. */
export function removeChunks(dir) {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) if (/^chunk-.+\.js(\.map)?$/.test(f)) rmSync(path.join(dir, f));
}
