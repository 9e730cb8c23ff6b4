/**
 * What the Electron preload needs to know, and nothing more: the method names, the IPC channel
 * names and the shape of `window.crosscheck`. It imports nothing at run time, so the sandboxed
 * preload (which may only `require('electron')` and a few polyfilled built-ins) can bundle it;
 * the zod contract in ./contract.ts stays out of the preload. test/unit/bridge-contract.test.ts
 * checks that this list and the contract's methods are the same set.
 */

/** Every method of the contract, by name (the contract's keys, in its order). */
export const METHOD_NAMES = [
  'app.info',
  'engagements.list',
  'engagements.get',
  'engagements.create',
  'engagements.update',
  'exports.list',
  'exports.report',
  'exports.continuity',
  'exports.void',
  'keys.list',
  'keys.add',
  'keys.remove',
  'imports.start',
  'jobs.get',
  'jobs.list',
  'jobs.cancel',
  'entries.facets',
  'entries.query',
  'entries.get',
  'entries.locate',
  'findings.groups',
  'findings.get',
  'findings.list',
  'agents.list',
  'agents.get',
  'controls.coverage',
  'documents.list',
  'documents.attach',
  'frameworks.view',
  'frameworks.catalogs',
  'frameworks.importCatalog',
  'soa.edit',
  'mapping.check',
  'responsibility.get',
  'responsibility.set',
  'responsibility.reset',
  'packages.list',
  'packages.generate',
  'packages.get',
  'packages.diff',
  'packages.export',
  'testing.list',
  'testing.draw',
  'testing.get',
  'testing.item',
  'testing.record',
  'testing.conclude',
  'testing.export',
  'checklist.get',
  'checklist.attach',
  'questionnaires.list',
  'questionnaires.add',
  'questionnaires.preview',
  'questionnaires.get',
  'questionnaires.review',
  'questionnaires.export',
  'answerLibrary.list',
  'answerLibrary.save',
  'answerLibrary.history',
  'custody.list',
  'custody.verify',
  'auditorKey.get',
  'auditorKey.export',
] as const;

/** A method name as the bridge knows it (the same union as the contract's MethodName). */
export type BridgeMethodName = (typeof METHOD_NAMES)[number];

/** The IPC channels between preload and main; nothing else is ever invoked or listened to. */
export const CHANNELS = {
  /** One channel for every contract method: (method, args) → ApiResult. */
  api: 'crosscheck:api',
  /** Native open dialog: ('bundle' | 'keyring') → path or null. */
  pickFile: 'crosscheck:pick-file',
  /** Native save dialog: (default base name) → path or null. */
  saveFile: 'crosscheck:save-file',
  /** Main → renderer: a menu command. */
  menu: 'crosscheck:menu',
} as const;

export type ChannelName = (typeof CHANNELS)[keyof typeof CHANNELS];

/** The menu commands main sends to the page; the preload drops any other string. */
export const MENU_COMMANDS = ['import', 'open-store', 'export-package', 'about'] as const;

export type MenuCommand = (typeof MENU_COMMANDS)[number];

/** True when `command` is one of MENU_COMMANDS (it arrives over IPC as an untrusted value). */
export function isMenuCommand(command: unknown): command is MenuCommand {
  return typeof command === 'string' && (MENU_COMMANDS as readonly string[]).includes(command);
}

/** The longest default file name the page may hand the save dialog. */
export const SAVE_NAME_MAX = 200;

/** What the Electron preload exposes on `window.crosscheck`; absent in a browser under `crosscheck serve`. */
export interface DesktopBridge {
  /** One named function per contract method. */
  api: Record<BridgeMethodName, (args: unknown) => Promise<unknown>>;
  /** Native open dialog; resolves to a path or null when the user cancelled. */
  pickFile(kind: 'bundle' | 'keyring'): Promise<string | null>;
  /** Native save dialog; resolves to the chosen path or null when the user cancelled. */
  pickSavePath(defaultName: string): Promise<string | null>;
  /** The path of a file dropped on the window (Electron's webUtils). */
  pathForFile(file: File): string;
  /** Subscribes to menu commands; returns the unsubscribe function. */
  onMenu(listener: (command: MenuCommand) => void): () => void;
}
