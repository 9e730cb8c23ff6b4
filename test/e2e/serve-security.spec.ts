/** The loopback server refuses requests without the token, or with a foreign Host or Origin. */
import { request as httpRequest } from 'node:http';
import { expect, test } from './support/app-fixture.js';

/** A raw request, because browsers and fetch() will not send a forged Host header. */
function raw(port: number, opts: { path: string; method?: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path: opts.path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

test('serve prints a loopback URL with a token and refuses what lacks it', async ({ app }) => {
  expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  const host = `127.0.0.1:${app.port}`;
  const api = { path: '/api/exports.list', method: 'POST', body: '{}' };

  expect((await raw(app.port, { path: '/', headers: { host } })).status).toBe(401);
  expect((await raw(app.port, { ...api, headers: { host, 'content-type': 'application/json' } })).status).toBe(401);
  expect((await raw(app.port, { ...api, headers: { host, 'x-crosscheck-token': 'f'.repeat(48) } })).status).toBe(401);

  const ok = await raw(app.port, { ...api, headers: { host, 'x-crosscheck-token': app.token } });
  expect(ok.status).toBe(200);
  expect(JSON.parse(ok.body)).toEqual({ ok: true, value: [] });

  // DNS rebinding: right token, foreign Host.
  expect((await raw(app.port, { ...api, headers: { host: `evil.example:${app.port}`, 'x-crosscheck-token': app.token } })).status).toBe(403);
  expect((await raw(app.port, { path: `/?token=${app.token}`, headers: { host: 'evil.example' } })).status).toBe(403);
  // CSRF: right token, foreign Origin.
  expect((await raw(app.port, { ...api, headers: { host, origin: 'http://evil.example', 'x-crosscheck-token': app.token } })).status).toBe(403);
  expect((await raw(app.port, { ...api, headers: { host, 'sec-fetch-site': 'cross-site', cookie: `crosscheck_token_${app.port}=${app.token}` } })).status).toBe(403);
  // Path traversal on static files.
  expect((await raw(app.port, { path: `/..%2f..%2fpackage.json?token=${app.token}`, headers: { host } })).status).toBe(404);
  // Browser pages may not name files on disk.
  const byPath = await raw(app.port, {
    path: '/api/imports.start',
    method: 'POST',
    headers: { host, 'x-crosscheck-token': app.token, 'content-type': 'application/json' },
    body: JSON.stringify({ bundle: { kind: 'path', path: '/etc/passwd' } }),
  });
  expect(JSON.parse(byPath.body)).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  // Arguments are validated by the contract's schema.
  const bad = await raw(app.port, { path: '/api/entries.query', method: 'POST', headers: { host, 'x-crosscheck-token': app.token }, body: '{"offset":-1}' });
  expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'BAD_ARGUMENTS' } });
});

test('a page from another origin cannot call the API', async ({ page, app }) => {
  // Another site (about:blank counts as an opaque origin) posting to the API with the token it stole.
  await page.goto('about:blank');
  const status = await page.evaluate(async ({ origin, token }) => {
    try {
      const r = await fetch(`${origin}/api/exports.list`, { method: 'POST', headers: { 'x-crosscheck-token': token }, body: '{}' });
      return r.status;
    } catch {
      return -1;
    }
  }, { origin: app.origin, token: app.token });
  // Either the preflight fails (no CORS headers: -1) or the server refuses the Origin (403).
  expect([-1, 403]).toContain(status);
});

test('the page carries a strict CSP and the app works without the token in the URL after the first visit', async ({ page, app }) => {
  const res = await page.goto(app.url);
  expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
  expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByTestId('screen-exports')).toHaveAttribute('data-ready', 'true');
  await page.goto(`${app.origin}/#/controls`);
  await expect(page.getByTestId('screen-controls')).toHaveAttribute('data-ready', 'true');
});
