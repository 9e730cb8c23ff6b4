/** Picks the transport at start-up: the preload's IPC functions in Electron, HTTP under serve. */
import type { ApiClient, RawTransport } from '../../shared/api/client.js';
import { createClient } from '../../shared/api/client.js';
import { desktopBridge } from './desktop-bridge.js';

/** The serve token: from the page URL; the HttpOnly cookie covers a reload without it. */
function serveToken(): string | null {
  return new URLSearchParams(window.location.search).get('token');
}

function tokenHeaders(): Record<string, string> {
  const token = serveToken();
  return token ? { 'x-crosscheck-token': token } : {};
}

const httpTransport: RawTransport = async (method, args) => {
  const res = await fetch(`/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...tokenHeaders() },
    body: JSON.stringify(args ?? {}),
    credentials: 'same-origin',
  });
  if (res.status === 401 || res.status === 403) {
    throw new Error('the server refused this page: open the URL crosscheck serve printed (it carries the token)');
  }
  return (await res.json()) as unknown;
};

export function createAppClient(): ApiClient {
  const bridge = desktopBridge();
  if (bridge) return createClient((method, args) => bridge.api[method](args));
  return createClient(httpTransport);
}

/** Uploads a file under serve; returns its upload id for `imports.start` / `keys.add`. */
export async function uploadFile(file: File, onProgress?: (fraction: number) => void): Promise<string> {
  // XMLHttpRequest, not fetch: only it reports upload progress.
  return await new Promise<string>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/upload?name=${encodeURIComponent(file.name)}`);
    for (const [k, v] of Object.entries(tokenHeaders())) xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded / e.total);
    };
    xhr.onerror = () => reject(new Error('upload failed'));
    xhr.onload = () => {
      try {
        const body = JSON.parse(xhr.responseText) as { ok: boolean; value?: { id: string }; error?: { message: string } };
        if (body.ok && body.value) resolve(body.value.id);
        else reject(new Error(body.error?.message ?? `upload refused (${xhr.status})`));
      } catch {
        reject(new Error(`upload refused (${xhr.status})`));
      }
    };
    xhr.send(file);
  });
}

export const isDesktop = (): boolean => desktopBridge() !== null;
