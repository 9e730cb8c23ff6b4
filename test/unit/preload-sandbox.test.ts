/**
 * The built preload (dist/electron/preload.cjs), loaded as Electron's renderer sandbox loads it:
 * it must load with nothing but the sandbox's allowlist, expose one function per contract method
 * plus the file, save and menu functions, invoke only the named channels, and drop menu commands
 * it does not know. A preload that requires anything else (zod, fs) fails here as in Electron.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, MENU_COMMANDS } from '../../shared/api/bridge.js';
import { API } from '../../shared/api/contract.js';
import { builtFile } from '../support/built.js';
import type { SandboxRun } from '../support/electron-sandbox.js';
import { runSandboxedPreload } from '../support/electron-sandbox.js';

type Fn = (...args: unknown[]) => unknown;
interface Exposed {
  api: Record<string, Fn>;
  pickFile: Fn;
  pickSavePath: Fn;
  pathForFile: Fn;
  onMenu: (listener: (command: unknown) => void) => () => void;
}

const CHANNEL_NAMES: string[] = Object.values(CHANNELS);

/** Every value reachable from `value` that is not a plain object, a function or a primitive. */
function unbridgeable(value: unknown, at = 'crosscheck'): string[] {
  if (typeof value === 'function' || value === null || typeof value !== 'object') return [];
  // A plain object of any realm (the preload's context has its own Object.prototype).
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto !== null && Object.getPrototypeOf(proto) !== null) return [at];
  return Object.entries(value).flatMap(([k, v]) => unbridgeable(v, `${at}.${k}`));
}

describe('the built preload in the Electron sandbox', () => {
  let run: SandboxRun;
  let bridge: Exposed;

  beforeAll(() => {
    const file = builtFile('electron/preload.cjs');
    run = runSandboxedPreload(readFileSync(file, 'utf8'), file);
    bridge = run.exposed[0]![1] as Exposed;
  });

  it('loads and exposes one object, window.crosscheck', () => {
    expect(run.exposed.map(([k]) => k)).toEqual(['crosscheck']);
    expect(Object.keys(bridge).sort()).toEqual(['api', 'onMenu', 'pathForFile', 'pickFile', 'pickSavePath']);
    // contextBridge copies plain objects and proxies functions; nothing else would survive it.
    expect(unbridgeable(bridge)).toEqual([]);
    expect(Object.values(bridge)).not.toContain(run.ipcRenderer);
  });

  it('has a function for every method of the contract, and no other', () => {
    expect(Object.keys(bridge.api).sort()).toEqual(Object.keys(API).sort());
    for (const fn of Object.values(bridge.api)) expect(typeof fn).toBe('function');
  });

  it('sends each method over the api channel with its name and arguments', async () => {
    run.invocations.length = 0;
    for (const [i, name] of Object.keys(API).entries()) await bridge.api[name]!({ n: i });
    expect(run.invocations).toEqual(
      Object.keys(API).map((name, i) => ({ channel: CHANNELS.api, args: [name, { n: i }] })),
    );
  });

  it('opens dialogs over their own channels, with only the values main accepts', async () => {
    run.invocations.length = 0;
    await bridge.pickFile('bundle');
    await bridge.pickFile('keyring');
    await bridge.pickFile('/etc/passwd');
    await bridge.pickSavePath('x'.repeat(5000));
    await bridge.pickSavePath({ toString: () => 'report.pdf' });
    expect(run.invocations).toEqual([
      { channel: CHANNELS.pickFile, args: ['bundle'] },
      { channel: CHANNELS.pickFile, args: ['keyring'] },
      { channel: CHANNELS.pickFile, args: ['bundle'] },
      { channel: CHANNELS.saveFile, args: ['x'.repeat(200)] },
      { channel: CHANNELS.saveFile, args: ['report.pdf'] },
    ]);
  });

  it('asks webUtils for a dropped file path', () => {
    const file = { name: 'export.zip' };
    expect(bridge.pathForFile(file)).toBe('/dropped/file.zip');
    expect(run.pathsAsked).toEqual([file]);
  });

  it('invokes and listens on the named channels only', async () => {
    for (const fn of Object.values(bridge.api)) await fn({});
    await bridge.pickFile('bundle');
    await bridge.pickSavePath('a');
    const off = bridge.onMenu(() => undefined);
    expect(run.invocations.length).toBeGreaterThan(0);
    for (const { channel } of run.invocations) expect(CHANNEL_NAMES).toContain(channel);
    for (const channel of run.listeners.keys()) expect(CHANNEL_NAMES).toContain(channel);
    off();
  });

  it('passes the menu commands it knows and drops every other', () => {
    const got: unknown[] = [];
    const off = bridge.onMenu((c) => got.push(c));
    const deliver = (command: unknown): void => {
      for (const l of run.listeners.get(CHANNELS.menu) ?? []) l({ sender: null }, command);
    };
    for (const c of MENU_COMMANDS) deliver(c);
    for (const c of [
      'delete-store',
      'IMPORT',
      'import ',
      '',
      42,
      null,
      undefined,
      { command: 'import' },
      ['import'],
    ])
      deliver(c);
    expect(got).toEqual([...MENU_COMMANDS]);
    off();
    deliver('import');
    expect(got).toHaveLength(MENU_COMMANDS.length);
    expect(run.listeners.get(CHANNELS.menu)).toEqual([]);
  });
});

describe('the sandbox harness', () => {
  // What the preload looked like before bridge.ts: the build left `require("zod")` in it.
  it.each(['zod', 'fs', 'node:fs', 'path', 'better-sqlite3', '../../shared/api/contract.js'])(
    'refuses require(%j), as Electron does',
    (name) => {
      expect(() => runSandboxedPreload(`require(${JSON.stringify(name)});`, 'old-preload.cjs')).toThrow(
        `module not found: ${name}`,
      );
    },
  );
  it('gives the preload no Node globals beyond the polyfilled ones', () => {
    const probe = `require('electron').contextBridge.exposeInMainWorld('probe', { fs: typeof __dirname, req: typeof globalThis.require, fetch: typeof fetch });`;
    const r = runSandboxedPreload(probe, 'probe.cjs');
    expect(r.exposed[0]![1]).toEqual({ fs: 'undefined', req: 'undefined', fetch: 'undefined' });
  });
});
