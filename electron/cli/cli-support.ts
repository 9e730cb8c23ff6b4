/** Shared plumbing of the `crosscheck` commands: argument errors, file reading, progress, Ctrl-C. */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CrosscheckError } from '../core/errors/crosscheck-error.js';
import { parseKeyring } from '../core/keyring/keyring.js';
import type { Keyring } from '../../shared/format/export-types.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Parses a command's arguments strictly; unknown flags and missing values are BAD_ARGUMENTS. */
export function parseCommand(args: string[], options: Options, positionals: number, usage: string) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new CrosscheckError('BAD_ARGUMENTS', `${(e as Error).message.split('\n')[0]} — usage: ${usage}`);
  }
  if (parsed.positionals.length !== positionals) {
    throw new CrosscheckError('BAD_ARGUMENTS', `expected ${positionals} argument(s), got ${parsed.positionals.length} — usage: ${usage}`);
  }
  return parsed;
}

export function requireString(v: unknown, flag: string, usage: string): string {
  if (typeof v !== 'string' || v.length === 0) throw new CrosscheckError('BAD_ARGUMENTS', `${flag} is required — usage: ${usage}`);
  return v;
}

/** A non-negative integer flag value, or BAD_ARGUMENTS. */
export function intFlag(v: unknown, flag: string, fallback: number): number {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || !Number.isSafeInteger(n)) {
    throw new CrosscheckError('BAD_ARGUMENTS', `${flag} takes a whole number ≥ 0, not "${String(v)}"`);
  }
  return n;
}

/** Reads and validates the auditor's keyring file. */
export function loadKeyring(file: string): { keyring: Keyring; text: string } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new CrosscheckError('FILE_UNREADABLE', `cannot read the keyring ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return { keyring: parseKeyring(text), text };
}

/** The bytes of a file named on the command line (a document to attach), or FILE_UNREADABLE. */
export function readInputFile(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new CrosscheckError('FILE_UNREADABLE', `cannot read ${file}: ${(e as Error).message}`);
  }
}

/** Fails with FILE_UNREADABLE unless the bundle path exists. */
export function requireBundlePath(p: string): void {
  try {
    statSync(p);
  } catch (e) {
    throw new CrosscheckError('FILE_UNREADABLE', `cannot read the bundle ${p}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

/** An AbortSignal fired by the first Ctrl-C (a second one exits at once). */
export function interruptSignal(): { signal: AbortSignal; dispose: () => void } {
  const ac = new AbortController();
  const handler = (): void => {
    if (ac.signal.aborted) process.exit(130);
    process.stderr.write('\ncancelling… (Ctrl-C again to quit at once)\n');
    ac.abort();
  };
  process.on('SIGINT', handler);
  return { signal: ac.signal, dispose: () => process.off('SIGINT', handler) };
}

/** A one-line terminal progress bar with rate and ETA; silent when stderr is not a terminal. */
export function progressBar(label: string): { update: (done: number, total: number, items: number) => void; end: () => void } {
  const tty = process.stderr.isTTY === true;
  const start = Date.now();
  let last = 0;
  return {
    update(done, total, items) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100 && done < total) return;
      last = now;
      const secs = Math.max((now - start) / 1000, 0.001);
      const frac = total > 0 ? Math.min(done / total, 1) : 0;
      const rate = items / secs;
      const eta = frac > 0 ? (secs / frac) * (1 - frac) : 0;
      const width = 30;
      const bar = '█'.repeat(Math.round(frac * width)).padEnd(width, '░');
      process.stderr.write(`\r${label} ${bar} ${(frac * 100).toFixed(1)}%  ${Math.round(rate).toLocaleString('en-US')} entries/s  ETA ${eta.toFixed(0)} s   `);
    },
    end() {
      if (tty) process.stderr.write('\n');
    },
  };
}
