/**
 * The loopback server's gate: a per-run token, and Host / Origin pinned to 127.0.0.1 so neither
 * another site in the browser (CSRF) nor a rebound DNS name can reach the API.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_HEADER = 'x-crosscheck-token';

/** Cookie name is per port, so two servers on one machine never read each other's token. */
export function tokenCookieName(port: number): string {
  return `crosscheck_token_${port}`;
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

export type GuardVerdict =
  | { ok: true; via: 'query' | 'header' | 'cookie' }
  | { ok: false; status: 401 | 403; reason: string };

/** The hosts the server answers to: exactly its own loopback address and port. */
export function allowedHosts(port: number): string[] {
  return [`127.0.0.1:${port}`, `localhost:${port}`];
}

/** Decides whether a request may proceed. */
export function checkRequest(req: IncomingMessage, url: URL, port: number, token: string): GuardVerdict {
  const host = req.headers.host;
  if (!host || !allowedHosts(port).includes(host.toLowerCase())) {
    return { ok: false, status: 403, reason: 'foreign Host header' };
  }
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedHosts(port).some((h) => origin.toLowerCase() === `http://${h}`)) {
    return { ok: false, status: 403, reason: 'foreign Origin header' };
  }
  // Browsers label cross-site requests; refuse them even when no Origin is sent (GET navigations).
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site') return { ok: false, status: 403, reason: 'cross-site request' };
  if (sameToken(url.searchParams.get('token'), token)) return { ok: true, via: 'query' };
  const header = req.headers[TOKEN_HEADER];
  if (sameToken(Array.isArray(header) ? header[0] : header, token)) return { ok: true, via: 'header' };
  if (sameToken(cookieValue(req.headers.cookie, tokenCookieName(port)), token)) return { ok: true, via: 'cookie' };
  return { ok: false, status: 401, reason: 'missing or wrong token' };
}
