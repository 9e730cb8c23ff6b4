// The renderer build: one static folder (dist/renderer) served by `crosscheck serve` and by app:// in Electron.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: path.join(root, 'renderer'),
  // Relative asset URLs work under both http://127.0.0.1:N/ and app://crosscheck/.
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(root, 'dist', 'renderer'),
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 4000,
    // No inline scripts or eval: the CSP is script-src 'self'.
    modulePreload: { polyfill: false },
  },
  server: { host: '127.0.0.1' },
});
