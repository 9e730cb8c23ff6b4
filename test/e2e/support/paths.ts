/** Where the e2e run keeps its built app, fixtures and screenshots. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const E2E_TMP = path.join(ROOT, 'test-results', 'e2e-fixtures');
export const FIXTURES_JSON = path.join(E2E_TMP, 'fixtures.json');
export const SCREENS_DIR = path.join(ROOT, 'test-results', 'screens');
/** Node 22 from the repo (better-sqlite3 is built for it), whatever node runs Playwright. */
export const NODE = path.join(ROOT, 'node_modules', '.bin', 'node');
export const SERVE_JS = path.join(ROOT, 'dist', 'serve.js');
export const CHROMIUM = process.env.CROSSCHECK_CHROMIUM ?? '/usr/bin/chromium';
