/** What the Electron preload exposes on `window.crosscheck`; absent in a browser under `crosscheck serve`. */
import type { MethodName } from '../../shared/api/contract.js';

export type MenuCommand = 'import' | 'open-store' | 'export-package' | 'about';

export interface DesktopBridge {
  /** One named function per contract method (built from the contract in the preload). */
  api: Record<MethodName, (args: unknown) => Promise<unknown>>;
  /** Native open dialog; resolves to a path or null when the user cancelled. */
  pickFile(kind: 'bundle' | 'keyring'): Promise<string | null>;
  /** Native save dialog; resolves to the chosen path or null when the user cancelled. */
  pickSavePath(defaultName: string): Promise<string | null>;
  /** The path of a file dropped on the window (Electron's webUtils). */
  pathForFile(file: File): string;
  /** Subscribes to menu commands; returns the unsubscribe function. */
  onMenu(listener: (command: MenuCommand) => void): () => void;
}

declare global {
  interface Window {
    crosscheck?: DesktopBridge;
  }
}

export function desktopBridge(): DesktopBridge | null {
  return typeof window !== 'undefined' && window.crosscheck ? window.crosscheck : null;
}
