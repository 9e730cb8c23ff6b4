// Layering (design.md): shared → electron/core → electron/{cli,serve,main} ; renderer → shared only.
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
      { group: ['**/cli/**', '**/serve/**', '**/main/**', '**/preload/**', '**/renderer/**'], message: 'electron/core imports only shared/ and electron/core.' },
    ],
  },
  renderer: {
    patterns: [
      { group: [...nodeBuiltins, 'electron', 'electron/*', 'better-sqlite3'], message: 'renderer/ reaches services only through the contract in shared/.' },
      { group: ['**/electron/**'], message: 'renderer/ imports only shared/.' },
    ],
  },
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
  { files: ['renderer/**/*.ts', 'renderer/**/*.tsx'], rules: { 'no-restricted-imports': ['error', layerRules.renderer] } },
  { files: ['*.config.ts', '*.config.js', 'eslint.config.js'], rules: { 'no-restricted-exports': 'off' } },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js', '.ci/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
);
