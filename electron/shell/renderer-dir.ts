/** Where the built renderer is, for both shells that serve it (app:// in Electron, HTTP under serve). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function here(): string {
  return path.dirname(fileURLToPath(import.meta.url));
}

/** The built renderer: beside a bundle in dist/<x>/ or, from sources, in <repo>/dist/renderer. */
export function findRendererDir(): string | null {
  const candidates = [
    path.resolve(here(), 'renderer'),
    path.resolve(here(), '..', 'renderer'),
    path.resolve(here(), '..', '..', 'dist', 'renderer'),
    path.resolve(process.cwd(), 'dist', 'renderer'),
  ];
  // A built renderer has assets/; the renderer/ source folder (beside dist/) has an index.html too.
  return (
    candidates.find((c) => existsSync(path.join(c, 'index.html')) && existsSync(path.join(c, 'assets'))) ??
    null
  );
}
