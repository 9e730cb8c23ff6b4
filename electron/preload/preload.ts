/**
 * The only bridge between the sandboxed renderer and main: named functions, never ipcRenderer
 * itself (design.md "IPC"). A sandboxed preload may require only `electron` and a few polyfilled
 * built-ins, so it imports nothing but shared/api/bridge.ts (no zod) and the build bundles that in.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { BridgeMethodName, DesktopBridge, MenuCommand } from '../../shared/api/bridge.js';
import { CHANNELS, isMenuCommand, METHOD_NAMES, SAVE_NAME_MAX } from '../../shared/api/bridge.js';

const api = Object.fromEntries(
  METHOD_NAMES.map((m) => [
    m,
    (args: unknown) => ipcRenderer.invoke(CHANNELS.api, m, args) as Promise<unknown>,
  ]),
) as Record<BridgeMethodName, (args: unknown) => Promise<unknown>>;

const bridge = {
  api,
  pickFile: (kind: 'bundle' | 'keyring') =>
    ipcRenderer.invoke(CHANNELS.pickFile, kind === 'keyring' ? 'keyring' : 'bundle') as Promise<
      string | null
    >,
  pickSavePath: (defaultName: string) =>
    ipcRenderer.invoke(CHANNELS.saveFile, String(defaultName).slice(0, SAVE_NAME_MAX)) as Promise<
      string | null
    >,
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  onMenu: (listener: (command: MenuCommand) => void) => {
    const on = (_e: IpcRendererEvent, command: unknown) => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on(CHANNELS.menu, on);
    return () => {
      ipcRenderer.removeListener(CHANNELS.menu, on);
    };
  },
} satisfies DesktopBridge;

contextBridge.exposeInMainWorld('crosscheck', bridge);
