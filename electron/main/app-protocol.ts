/** app://crosscheck/… serves the built renderer, with a path-traversal guard and the CSP. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { protocol } from 'electron';
import { contentType, resolveStatic } from '../serve/static-files.js';
import { APP_HOST, APP_SCHEME, CSP } from './window-security.js';

/** Must run before app 'ready'. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

export function handleAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    const file = resolveStatic(rendererDir, url.pathname);
    if (!file || !path.resolve(file).startsWith(path.resolve(rendererDir) + path.sep)) return new Response('not found', { status: 404 });
    const body = await readFile(file);
    return new Response(body, {
      headers: { 'Content-Type': contentType(file), 'Content-Security-Policy': CSP, 'X-Content-Type-Options': 'nosniff' },
    });
  });
}
