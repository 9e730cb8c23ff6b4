/**
 * The only bridge between the sandboxed renderer and main: named functions built from the
 * contract, never ipcRenderer itself (design.md "IPC").
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { METHOD_NAMES } from '../../shared/api/contract.js';
import type { MethodName } from '../../shared/api/contract.js';

export const API_CHANNEL = 'crosscheck:api';
export const PICK_CHANNEL = 'crosscheck:pick-file';
export const MENU_CHANNEL = 'crosscheck:menu';
export const SAVE_CHANNEL = 'crosscheck:save-file';

const api = Object.fromEntries(
  METHOD_NAMES.map((m) => [m, (args: unknown) => ipcRenderer.invoke(API_CHANNEL, m, args) as Promise<unknown>]),
) as Record<MethodName, (args: unknown) => Promise<unknown>>;

const MENU_COMMANDS = new Set(['import', 'open-store', 'export-package', 'about']);

contextBridge.exposeInMainWorld('crosscheck', {
  api,
  pickFile: (kind: 'bundle' | 'keyring') => ipcRenderer.invoke(PICK_CHANNEL, kind === 'keyring' ? 'keyring' : 'bundle') as Promise<string | null>,
  pickSavePath: (defaultName: string) => ipcRenderer.invoke(SAVE_CHANNEL, String(defaultName).slice(0, 200)) as Promise<string | null>,
  pathForFile: (file: File) => webUtils.getPathForFile(file),
  onMenu: (listener: (command: string) => void) => {
    const on = (_e: IpcRendererEvent, command: unknown) => {
      if (typeof command === 'string' && MENU_COMMANDS.has(command)) listener(command);
    };
    ipcRenderer.on(MENU_CHANNEL, on);
    return () => ipcRenderer.removeListener(MENU_CHANNEL, on);
  },
});
