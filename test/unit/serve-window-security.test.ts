/** The pure parts of the desktop window's lockdown and of static serving (app:// and serve share them). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CSP, isAllowedRequest, isAppUrl, secureWebPreferences } from '../../electron/main/window-security.js';
import { contentType, resolveStatic } from '../../electron/shell/static-files.js';

describe('window settings', () => {
  it('turn on every web-preference item of the checklist', () => {
    const p = secureWebPreferences('/x/preload.cjs');
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(p).not.toHaveProperty('enableBlinkFeatures');
  });
  it('have a CSP that allows nothing but the app itself', () => {
    expect(CSP).toContain("default-src 'self'");
    expect(CSP).toContain("script-src 'self'");
    expect(CSP).not.toMatch(/script-src[^;]*unsafe/);
    expect(CSP).toContain("object-src 'none'");
    expect(CSP).toContain("frame-ancestors 'none'");
  });
  it('recognise only app://crosscheck as the app', () => {
    expect(isAppUrl('app://crosscheck/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///etc/passwd')).toBe(false);
    expect(isAppUrl('https://crosscheck/')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
  it('let no request leave the machine', () => {
    expect(isAllowedRequest('app://crosscheck/assets/index.js')).toBe(true);
    expect(isAllowedRequest('https://example.com/')).toBe(false);
    expect(isAllowedRequest('http://127.0.0.1:8080/')).toBe(false);
    expect(isAllowedRequest('ws://example.com/')).toBe(false);
    expect(isAllowedRequest('file:///etc/passwd')).toBe(false);
  });
});

describe('static files', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cc-static-'));
  const web = path.join(root, 'web');
  mkdirSync(path.join(web, 'assets'), { recursive: true });
  writeFileSync(path.join(web, 'index.html'), '<!doctype html>');
  writeFileSync(path.join(web, 'assets', 'a.js'), '1');
  writeFileSync(path.join(root, 'secret.txt'), 'no');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('serves files under the root and index.html for client routes', () => {
    expect(resolveStatic(web, '/assets/a.js')).toBe(path.join(web, 'assets', 'a.js'));
    expect(resolveStatic(web, '/')).toBe(path.join(web, 'index.html'));
    expect(resolveStatic(web, '/exports')).toBe(path.join(web, 'index.html'));
    expect(contentType('x.js')).toMatch(/javascript/);
  });
  it('never leaves the root', () => {
    for (const p of ['/../secret.txt', '/..%2fsecret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/a%00.js', '/%E0%A4%A']) {
      const r = resolveStatic(web, p);
      expect(r === null || r.startsWith(web + path.sep)).toBe(true);
      expect(r).not.toBe(path.join(root, 'secret.txt'));
    }
    expect(resolveStatic(web, '/missing.js')).toBeNull();
  });
});
