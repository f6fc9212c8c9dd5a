// Builds the renderer (renderer/ → dist/renderer). Relative base so the same build loads from
// `pith serve` and from Electron's file:// or app:// origin; nothing is fetched from a network.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: path.join(here, 'renderer'),
  base: './',
  publicDir: false,
  plugins: [svelte()],
  build: {
    outDir: path.join(here, 'dist/renderer'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    // pdf.js is one big module and is loaded lazily only when a PDF is opened.
    chunkSizeWarningLimit: 1600,
    assetsInlineLimit: 0,
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
});
