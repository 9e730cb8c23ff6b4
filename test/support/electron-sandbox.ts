/**
 * Loads a built preload the way Electron's renderer sandbox does: CommonJS in its own V8 context,
 * with a `require` that answers only the sandbox's allowlist (`electron`'s renderer modules,
 * `events`, `timers`, `url`) and the polyfilled globals; any other module is "not found", as in
 * Electron. The electron modules are recording stubs.
 */
import events from 'node:events';
import timers from 'node:timers';
import url from 'node:url';
import vm from 'node:vm';

export interface Invocation {
  channel: string;
  args: unknown[];
}

export interface SandboxRun {
  /** Every exposeInMainWorld(key, value) call. */
  exposed: [string, unknown][];
  invocations: Invocation[];
  /** Channel → listeners the preload registered with ipcRenderer.on. */
  listeners: Map<string, ((event: unknown, ...args: unknown[]) => void)[]>;
  /** Files handed to webUtils.getPathForFile. */
  pathsAsked: unknown[];
  /** The stubbed ipcRenderer, to check it never leaks into the page. */
  ipcRenderer: object;
}

/** The modules a sandboxed preload may require (Electron docs, "Process Sandboxing"). */
export const SANDBOX_MODULES = ['electron', 'events', 'timers', 'url'] as const;

/** Runs `code` (a built CommonJS preload) in a sandbox context; throws what the preload throws. */
export function runSandboxedPreload(code: string, filename: string): SandboxRun {
  const run: SandboxRun = {
    exposed: [],
    invocations: [],
    listeners: new Map(),
    pathsAsked: [],
    ipcRenderer: {},
  };
  const ipcRenderer = {
    invoke(channel: string, ...args: unknown[]): Promise<unknown> {
      run.invocations.push({ channel, args });
      return Promise.resolve(null);
    },
    on(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      run.listeners.set(channel, [...(run.listeners.get(channel) ?? []), listener]);
      return ipcRenderer;
    },
    removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void) {
      run.listeners.set(
        channel,
        (run.listeners.get(channel) ?? []).filter((l) => l !== listener),
      );
      return ipcRenderer;
    },
  };
  run.ipcRenderer = ipcRenderer;
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, value: unknown) {
        run.exposed.push([key, value]);
      },
    },
    ipcRenderer,
    webUtils: {
      getPathForFile(file: unknown) {
        run.pathsAsked.push(file);
        return '/dropped/file.zip';
      },
    },
    crashReporter: {},
    nativeImage: {},
    webFrame: {},
  };
  const allowed: Record<(typeof SANDBOX_MODULES)[number], unknown> = { electron, events, timers, url };
  const sandboxRequire = (name: string): unknown => {
    if (Object.prototype.hasOwnProperty.call(allowed, name)) return allowed[name as keyof typeof allowed];
    throw new Error(`module not found: ${name}`);
  };
  const context = vm.createContext({});
  const wrapper = vm.runInContext(
    `(function (exports, require, module, process, Buffer, global, setImmediate, clearImmediate) {${code}\n})`,
    context,
    {
      filename,
    },
  ) as (...args: unknown[]) => void;
  const module = { exports: {} };
  const sandboxProcess = { platform: process.platform, versions: { ...process.versions }, env: {} };
  wrapper(
    module.exports,
    sandboxRequire,
    module,
    sandboxProcess,
    Buffer,
    context,
    setImmediate,
    clearImmediate,
  );
  return run;
}
