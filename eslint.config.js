// Layering (design.md): shared → electron/core → electron/services → electron/shell (code the shells share)
// → the shells electron/{cli,serve,main}, which do not import each other; preload → shared/api/bridge only;
// renderer → shared only. test/unit/layering.test.ts has a case for each rule.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = ['node:*', 'fs', 'path', 'crypto', 'os', 'child_process', 'worker_threads', 'stream', 'url', 'zlib'];

export const layerRules = {
  shared: {
    patterns: [
      { group: nodeBuiltins, message: 'shared/ is pure TypeScript: no Node built-ins.' },
      { group: ['electron', 'electron/*'], message: 'shared/ never imports electron.' },
      { group: ['**/electron/**', '**/renderer/**', 'react', 'react-dom', 'better-sqlite3'], message: 'shared/ imports nothing but shared/ and pure libraries.' },
    ],
  },
  core: {
    patterns: [
      { group: ['electron', 'electron/*'], message: 'electron/core runs under plain Node: never import electron.' },
      { group: ['**/cli/**', '**/serve/**', '**/main/**', '**/preload/**', '**/renderer/**', '**/services/**', '**/shell/**'], message: 'electron/core imports only shared/ and electron/core.' },
    ],
  },
  services: {
    patterns: [
      { group: ['electron', 'electron/*'], message: 'electron/services runs under plain Node (serve, CLI, workers): never import electron.' },
      { group: ['**/cli/**', '**/serve/**', '**/main/**', '**/preload/**', '**/renderer/**', '**/shell/**'], message: 'electron/services imports only shared/, electron/core and electron/services.' },
    ],
  },
  shell: {
    patterns: [
      { group: ['electron', 'electron/*'], message: 'electron/shell is shared by serve and the CLI too: never import electron.' },
      { group: ['**/cli/**', '**/serve/**', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'electron/shell is what the shells share: it imports no shell.' },
    ],
  },
  cli: {
    patterns: [
      // `crosscheck serve` is a CLI command: it may start the serve shell through its one entry, serve/serve.js.
      { group: ['**/serve/**', '!**/serve/serve.js', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'the CLI imports no other shell (shared shell code goes to electron/shell).' },
    ],
  },
  serve: {
    patterns: [
      { group: ['electron', 'electron/*'], message: 'serve runs under plain Node: never import electron.' },
      { group: ['**/cli/**', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'serve imports no other shell (shared shell code goes to electron/shell).' },
    ],
  },
  main: {
    patterns: [
      { group: ['**/cli/**', '**/serve/**', '**/preload/**', '**/renderer/**'], message: 'Electron main imports no other shell (shared shell code goes to electron/shell).' },
    ],
  },
  renderer: {
    patterns: [
      { group: [...nodeBuiltins, 'electron', 'electron/*', 'better-sqlite3'], message: 'renderer/ reaches services only through the contract in shared/.' },
      { group: ['**/electron/**'], message: 'renderer/ imports only shared/.' },
    ],
  },
};

// The sandboxed preload may require only `electron`: anything else it imports must be bundled in,
// and the contract would bring zod; types from it are fine (they vanish in the build).
export const preloadRule = {
  patterns: [
    { group: nodeBuiltins, message: 'a sandboxed preload has no Node built-ins.' },
    { group: ['**/core/**', '**/services/**', '**/shell/**', '**/cli/**', '**/serve/**', '**/main/**', '**/renderer/**'], message: 'the preload imports only shared/api/bridge.ts and electron.' },
    { group: ['zod', '**/api/contract.js', '**/api/client.js'], allowTypeImports: true, message: 'the preload stays zod-free: import shared/api/bridge.ts (types from the contract are fine).' },
  ],
};

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'release/**', 'bench/out/**', 'test-results/**', 'playwright-report/**', 'resources/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-exports': ['error', { restrictDefaultExports: { direct: true } }],
    },
  },
  { files: ['shared/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.shared] } },
  { files: ['electron/core/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.core] } },
  { files: ['electron/services/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.services] } },
  { files: ['electron/shell/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.shell] } },
  { files: ['electron/cli/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.cli] } },
  { files: ['electron/serve/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.serve] } },
  { files: ['electron/main/**/*.ts'], rules: { 'no-restricted-imports': ['error', layerRules.main] } },
  { files: ['electron/preload/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': ['error', preloadRule] } },
  { files: ['renderer/**/*.ts', 'renderer/**/*.tsx'], rules: { 'no-restricted-imports': ['error', layerRules.renderer] } },
  { files: ['*.config.ts', '*.config.js', 'eslint.config.js'], rules: { 'no-restricted-exports': 'off' } },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js', '.ci/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
