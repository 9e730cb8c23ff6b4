/**
 * When the window cannot show the app (the preload threw, the renderer died, a page failed to
 * load) the user gets a page that says so and where the log is, never a blank window; each
 * failure is appended to a log file in the app's data folder for whoever has to fix it.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { WebContents } from 'electron';

/** The path under app://crosscheck that serves the failure page (the renderer has no such file). */
export const FAILURE_PATH = '/.crosscheck/failure.html';

/** Chromium's ERR_ABORTED: a load replaced by another one, not a failure. */
const ERR_ABORTED = -3;

export type WindowFailureKind = 'preload-error' | 'render-process-gone' | 'did-fail-load';

export interface WindowFailure {
  kind: WindowFailureKind;
  /** One line a person can read. */
  message: string;
  /** What the log keeps beside the message (paths, codes, the error's stack). */
  detail: Record<string, unknown>;
}

/** Appends one JSON line per failure; a log that cannot be written never takes the app down. */
export function createFailureLog(file: string): (failure: WindowFailure) => void {
  return (failure) => {
    const line = JSON.stringify({ at: new Date().toISOString(), ...failure });
    process.stderr.write(`crosscheck: ${failure.kind}: ${failure.message}\n`);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      appendFileSync(file, `${line}\n`);
    } catch (e) {
      process.stderr.write(`crosscheck: cannot write ${file}: ${(e as Error).message}\n`);
    }
  };
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const TITLES: Record<WindowFailureKind, string> = {
  'preload-error': 'Crosscheck could not connect the window to its services',
  'render-process-gone': 'The Crosscheck window stopped',
  'did-fail-load': 'Crosscheck could not load its window',
};

/** The page shown instead of the app: static HTML, no script (the CSP allows inline styles only). */
export function failurePageHtml(failure: WindowFailure, logFile: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Crosscheck: error</title>
<style>body{font:15px/1.5 system-ui,sans-serif;margin:3rem auto;max-width:42rem;color:#1f2328}
h1{font-size:1.4rem}code{background:#f3f4f6;padding:.1rem .3rem;border-radius:3px;word-break:break-all}</style></head>
<body data-testid="window-failure" data-kind="${failure.kind}">
<h1>${escapeHtml(TITLES[failure.kind])}</h1>
<p>${escapeHtml(failure.message)}</p>
<p>Your store is not affected. Restart Crosscheck; if this happens again, send the log file
<code>${escapeHtml(logFile)}</code> to whoever supports your installation.</p>
</body></html>
`;
}

function errorText(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error)
    return error.stack ? { message: error.message, stack: error.stack } : { message: error.message };
  return { message: String(error) };
}

/** Reports the window's failures to `onFailure`: preload errors, a gone renderer, failed loads of a main frame. */
export function watchWindowFailures(
  contents: WebContents,
  onFailure: (failure: WindowFailure) => void,
): void {
  contents.on('preload-error', (_e, preloadPath, error) => {
    const { message, stack } = errorText(error);
    onFailure({
      kind: 'preload-error',
      message: `The preload script failed: ${message}`,
      detail: { preloadPath, stack },
    });
  });
  contents.on('render-process-gone', (_e, details) => {
    if (details.reason === 'clean-exit') return;
    onFailure({
      kind: 'render-process-gone',
      message: `The window's renderer process ended (${details.reason}, exit code ${details.exitCode}).`,
      detail: { reason: details.reason, exitCode: details.exitCode },
    });
  });
  contents.on('did-fail-load', (_e, errorCode, errorDescription, validatedURL, isMainFrame) => {
    if (!isMainFrame || errorCode === ERR_ABORTED) return;
    onFailure({
      kind: 'did-fail-load',
      message: `Loading ${validatedURL} failed: ${errorDescription} (${errorCode}).`,
      detail: { errorCode, errorDescription, validatedURL },
    });
  });
}
