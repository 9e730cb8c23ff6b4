/** app://crosscheck/… serves the built renderer, with a path-traversal guard and the CSP. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { CSP } from '../shell/csp.js';
import { contentType, resolveStatic } from '../shell/static-files.js';
import { FAILURE_PATH } from './window-failure.js';
import { APP_SCHEME, isAppUrl } from './window-security.js';

const HEADERS = { 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' };

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ]);
}

function notFound(): Response {
  return new Response('not found', { status: 404, headers: HEADERS });
}

/** Answers app:// requests from `rendererDir`; `failurePage` is the HTML of the current failure, if any. */
export function handleAppProtocol(rendererDir: string, failurePage: () => string | null): void {
  protocol.handle(APP_SCHEME, async (request) => {
    // Our host only, with no port and no user-info; anything else is not the app.
    if (request.method !== 'GET' || !isAppUrl(request.url)) return notFound();
    const url = new URL(request.url);
    if (url.pathname === FAILURE_PATH) {
      const html = failurePage();
      return html === null
        ? notFound()
        : new Response(html, { headers: { ...HEADERS, 'Content-Type': 'text/html; charset=utf-8' } });
    }
    const file = resolveStatic(rendererDir, url.pathname);
    if (!file || !path.resolve(file).startsWith(path.resolve(rendererDir) + path.sep)) return notFound();
    try {
      const body = await readFile(file);
      return new Response(body, { headers: { ...HEADERS, 'Content-Type': contentType(file) } });
    } catch {
      return notFound();
    }
  });
}
