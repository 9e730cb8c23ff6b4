/**
 * Is this file an export at all? An import refuses what is plainly not one — a file that is
 * neither a folder nor a readable ZIP, or one with no `manifest.dsse.json` at its root (a keyring
 * or a PDF chosen by mistake) — before anything is stored. A real export that fails verification
 * is not refused: it is kept, quarantined, as evidence of what was received (docs/verification.md).
 */
import path from 'node:path';
import { CrosscheckError } from '../errors/crosscheck-error.js';
import { openBundle } from './open-bundle.js';

/** Throws NOT_AN_EXPORT (exit 3, nothing stored) unless `file` opens as a bundle with a manifest. */
export async function assertExportBundle(file: string): Promise<void> {
  const name = path.basename(file);
  let bundle;
  try {
    bundle = await openBundle(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new CrosscheckError('FILE_UNREADABLE', `there is no file or folder ${file}`);
    throw new CrosscheckError('NOT_AN_EXPORT', `${name} is not an audit export: it is neither a folder nor a readable ZIP archive (${(e as Error).message}); nothing was stored`);
  }
  try {
    if (!bundle.has('manifest.dsse.json')) {
      const looksLikeKeyring = /keyring|\.json$/i.test(name);
      throw new CrosscheckError(
        'NOT_AN_EXPORT',
        `${name} is not an audit export: it holds no manifest.dsse.json${looksLikeKeyring ? ' (is it the keyring? choose the export bundle as the bundle)' : ''}; nothing was stored`,
      );
    }
  } finally {
    bundle.close();
  }
}
