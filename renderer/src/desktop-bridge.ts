/** The Electron preload's `window.crosscheck`, typed by shared/api/bridge.ts; absent in a browser under `crosscheck serve`. */
import type { DesktopBridge } from '../../shared/api/bridge.js';

export type { DesktopBridge, MenuCommand } from '../../shared/api/bridge.js';

declare global {
  interface Window {
    crosscheck?: DesktopBridge;
  }
}

export function desktopBridge(): DesktopBridge | null {
  return typeof window !== 'undefined' && window.crosscheck ? window.crosscheck : null;
}
