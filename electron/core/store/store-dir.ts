/** Where the store lives by default: the per-user application data folder the Electron app uses. */
import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'Crosscheck';
export const DB_FILE_NAME = 'crosscheck.db';

/**
 * Electron's `app.getPath('userData')` for an app named Crosscheck; computed here without
 * importing electron so the CLI and the app open the very same file.
 */
export function defaultStoreDir(
  platform: NodeJS.Platform = process.platform,
  env: NodeJS.ProcessEnv = process.env,
  home: string = os.homedir(),
): string {
  switch (platform) {
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
    case 'win32':
      return path.win32.join(env.APPDATA ?? path.win32.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
    default: {
      // XDG says a relative XDG_CONFIG_HOME is invalid and must be ignored.
      const xdg = env.XDG_CONFIG_HOME;
      const base = xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.config');
      return path.join(base, APP_DIR_NAME);
    }
  }
}
