/**
 * `crosscheck serve`: the app in a browser on 127.0.0.1. The same handler table as the desktop
 * app, mapped onto `POST /api/<method>`; uploads on `POST /upload`. Every request needs the
 * per-run token and our own Host / Origin (http-guard.ts).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import path from 'node:path';
import { defaultStoreDir } from '../core/store/store-dir.js';
import { dispatch } from '../services/dispatch.js';
import type { Services } from '../services/services.js';
import { createServices } from '../services/services.js';
import { checkRequest, tokenCookieName } from './http-guard.js';
import { CSP } from '../shell/csp.js';
import { findRendererDir } from '../shell/renderer-dir.js';
import { contentType, resolveStatic, streamFile } from '../shell/static-files.js';

export interface ServeOptions {
  /** 0 or absent: a free port chosen by the OS. */
  port?: number;
  /** Store folder; default the per-user folder the desktop app and the CLI use. */
  store?: string;
  /** Open the default browser on the URL (default true). */
  open?: boolean;
  /** Folder of the built renderer (index.html); default: found beside the bundle or in dist/. */
  rendererDir?: string;
  /** Worker script for imports; default: import-worker.js beside this bundle. */
  workerScript?: string;
  /** Where the one URL line goes (default stdout). */
  print?: (line: string) => void;
  /** Fixed token, for tests only; default 24 random bytes. */
  token?: string;
  /** Import this bundle (with this keyring) at start-up when the store holds no export yet (`npm start`'s sample). */
  importOnStart?: { bundle: string; keyring?: string };
}

export interface ServeHandle {
  url: string;
  port: number;
  token: string;
  storeDir: string;
  services: Services;
  close(): Promise<void>;
}

const API_BODY_LIMIT = 2 * 1024 * 1024;
const UPLOAD_LIMIT = 4 * 1024 * 1024 * 1024;


function baseHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
  res.end(text);
}

/**
 * Bytes past a body's limit that are still read (and dropped) so that the client, which is still
 * sending, gets the 413 rather than a reset connection; a body beyond even that is cut off.
 */
const DRAIN_LIMIT = 64 * 1024 * 1024;

/** A request body over its limit: answered 413. */
class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the request body is larger than ${limit} bytes`);
  }
}

function declaredLength(req: IncomingMessage): number {
  const n = Number(req.headers['content-length']);
  return Number.isFinite(n) ? n : 0;
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (declaredLength(req) > limit + DRAIN_LIMIT) return reject(new BodyTooLarge(limit));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit + DRAIN_LIMIT) {
        req.destroy();
        reject(new BodyTooLarge(limit));
      } else if (size > limit) chunks.length = 0;
      else chunks.push(c);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge(limit)) : resolve(Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

/** 413 with the JSON error shape; the connection closes after it (the rest of the body is not wanted). */
function sendTooLarge(res: ServerResponse, e: BodyTooLarge): void {
  res.setHeader('Connection', 'close');
  sendJson(res, 413, { ok: false, error: { code: 'BAD_ARGUMENTS', message: e.message } });
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    const child = spawn(cmd, [url], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No browser opener here: the URL line on stdout is enough.
  }
}

/** Starts the server; the first stdout line is the URL with the token. */
export async function runServe(options: ServeOptions = {}): Promise<ServeHandle> {
  const storeDir = path.resolve(options.store ?? defaultStoreDir());
  const rendererDir = options.rendererDir ?? findRendererDir();
  const token = options.token ?? randomBytes(24).toString('hex');
  const services = await createServices({
    storeDir,
    ...(options.workerScript ? { workerScript: options.workerScript } : {}),
  });
  let port = 0;

  const server = createServer((req, res) => {
    baseHeaders(res);
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://127.0.0.1');
    } catch {
      res.writeHead(400).end();
      return;
    }
    const verdict = checkRequest(req, url, port, token);
    if (!verdict.ok) {
      res.writeHead(verdict.status, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`refused: ${verdict.reason}\n`);
      return;
    }
    if (verdict.via === 'query') {
      // The page's own asset requests then carry the token as a same-site, script-invisible cookie.
      res.setHeader('Set-Cookie', `${tokenCookieName(port)}=${token}; Path=/; HttpOnly; SameSite=Strict`);
    }
    void route(req, res, url).catch((e: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } });
      else res.end();
    });
  });

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'BAD_ARGUMENTS', message: 'use POST' } });
      const method = url.pathname.slice('/api/'.length);
      let args: unknown;
      try {
        const body = await readBody(req, API_BODY_LIMIT);
        args = body.length === 0 ? {} : JSON.parse(body.toString('utf8'));
      } catch (e) {
        if (e instanceof BodyTooLarge) return sendTooLarge(res, e);
        return sendJson(res, 400, { ok: false, error: { code: 'BAD_ARGUMENTS', message: e instanceof Error ? e.message : 'bad body' } });
      }
      const result = await dispatch(services.handlers, method, args, { transport: 'http' });
      return sendJson(res, 200, result);
    }
    if (url.pathname === '/upload') {
      if (req.method !== 'POST') return sendJson(res, 405, { ok: false, error: { code: 'BAD_ARGUMENTS', message: 'use POST' } });
      // An upload that says it is over the limit is answered before a byte of it is stored.
      if (declaredLength(req) > UPLOAD_LIMIT) return sendTooLarge(res, new BodyTooLarge(UPLOAD_LIMIT));
      try {
        const id = await services.uploads.save(req, url.searchParams.get('name') ?? 'upload.bin', UPLOAD_LIMIT);
        return sendJson(res, 200, { ok: true, value: { id } });
      } catch (e) {
        return sendJson(res, 400, { ok: false, error: { code: 'BAD_ARGUMENTS', message: e instanceof Error ? e.message : 'upload failed' } });
      }
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405).end();
      return;
    }
    const download = /^\/download\/([a-f0-9]{32})$/.exec(url.pathname);
    if (download) return sendDownload(res, download[1]!);
    if (!rendererDir) {
      res.writeHead(503, { 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('The renderer is not built: run `npm run build`.\n');
      return;
    }
    const file = resolveStatic(rendererDir, url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    const isIndex = path.basename(file) === 'index.html';
    res.writeHead(200, {
      'Content-Type': contentType(file),
      // Hashed assets may be cached; the page itself is re-read so a rebuild shows up.
      'Cache-Control': isIndex ? 'no-store' : 'private, max-age=3600',
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    streamFile(file).pipe(res);
  }

  /** A file an export job wrote for this browser: sent once as an attachment, then deleted. */
  function sendDownload(res: ServerResponse, id: string): void {
    let file: { path: string; name: string; done: () => void };
    try {
      file = services.downloads.take(id);
    } catch (e) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${e instanceof Error ? e.message : 'not found'}\n`);
      return;
    }
    res.writeHead(200, {
      'Content-Type': contentType(file.path),
      'Content-Length': String(statSync(file.path).size),
      // safeFileName() keeps the name to [A-Za-z0-9._-]: nothing to escape in the header.
      'Content-Disposition': `attachment; filename="${file.name}"`,
      'Cache-Control': 'no-store',
    });
    const stream = createReadStream(file.path);
    res.on('close', () => {
      stream.destroy();
      file.done();
    });
    stream.pipe(res);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/?token=${token}`;
  (options.print ?? ((l: string) => process.stdout.write(l + '\n')))(url);
  if (options.importOnStart) await importSample(services, options.importOnStart);
  if (options.open ?? true) openBrowser(url);

  return {
    url,
    port,
    token,
    storeDir,
    services,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await services.close();
    },
  };
}

/** Local start-up work, not a request: it goes through the handler table as the desktop app would. */
async function importSample(services: Services, sample: { bundle: string; keyring?: string }): Promise<void> {
  const ctx = { transport: 'ipc' as const };
  const listed = await dispatch(services.handlers, 'exports.list', {}, ctx);
  if (!listed.ok || (listed.value as unknown[]).length > 0) return;
  const args = sample.keyring
    ? { bundle: { kind: 'path', path: sample.bundle }, keyring: { kind: 'path', path: sample.keyring } }
    : { bundle: { kind: 'path', path: sample.bundle } };
  const r = await dispatch(services.handlers, 'imports.start', args, ctx);
  if (!r.ok) process.stderr.write(`crosscheck serve: could not import the sample: ${r.error.message}\n`);
}

/** Parses `serve` arguments: [--port N] [--store <dir>] [--no-open]. */
export function parseServeArgs(argv: string[]): ServeOptions {
  const out: ServeOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--port') {
      const n = Number(argv[++i]);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error('--port needs a number between 0 and 65535');
      out.port = n;
    } else if (a === '--store') {
      const d = argv[++i];
      if (!d) throw new Error('--store needs a folder');
      out.store = d;
    } else if (a === '--no-open') {
      out.open = false;
    } else if (a === '--import') {
      const b = argv[++i];
      if (!b) throw new Error('--import needs a bundle');
      out.importOnStart = { ...out.importOnStart, bundle: b };
    } else if (a === '--keyring') {
      const k = argv[++i];
      if (!k || !out.importOnStart) throw new Error('--keyring needs a file and comes after --import');
      out.importOnStart.keyring = k;
    } else {
      throw new Error(`unknown option for serve: ${a}`);
    }
  }
  return out;
}
