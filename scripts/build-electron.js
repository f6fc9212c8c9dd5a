#!/usr/bin/env node
// Bundles the Electron side into dist/electron/ with esbuild:
//   main.mjs           the main process (ESM; every node_modules package stays external)
//   core-host.mjs      the core host: the utilityProcess main starts, which owns the archive
//   import-worker.mjs  the import worker the core starts with worker_threads, beside core-host.mjs
//   preload.cjs        the sandboxed preload: one CommonJS file whose only require is 'electron'
// Usage: node scripts/build-electron.js [--production] [--outdir DIR]
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Node of Electron 45 is 22.x; Chromium is 140. */
const NODE_TARGET = 'node22';
const CHROME_TARGET = 'chrome140';

function externalImports(metafile) {
  const found = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external) found.add(imported.path);
  }
  return [...found].sort();
}

/**
 * Builds the four bundles. Fails when the preload would need anything but 'electron' (a
 * sandboxed preload cannot require Node modules or packages).
 */
export async function buildElectron({ outdir = path.join(root, 'dist', 'electron'), production = false, logLevel = 'warning', alias } = {}) {
  fs.mkdirSync(outdir, { recursive: true });
  const common = {
    absWorkingDir: root,
    bundle: true,
    sourcemap: production ? false : 'linked',
    legalComments: 'none',
    logLevel,
    metafile: true,
    // Tests swap 'electron' for a stand-in (electron/test-support/fake-electron.ts).
    ...(alias ? { alias } : {}),
  };
  const node = {
    ...common,
    platform: 'node',
    format: 'esm',
    target: NODE_TARGET,
    packages: 'external',
  };
  const [main, host, worker, preload] = await Promise.all([
    esbuild.build({ ...node, entryPoints: ['electron/main.ts'], outfile: path.join(outdir, 'main.mjs') }),
    esbuild.build({ ...node, entryPoints: ['electron/core-host.ts'], outfile: path.join(outdir, 'core-host.mjs') }),
    esbuild.build({ ...node, entryPoints: ['core/import/worker.ts'], outfile: path.join(outdir, 'import-worker.mjs') }),
    esbuild.build({
      ...common,
      // The preload keeps requiring the real 'electron' (tests run it with their own require).
      alias: undefined,
      entryPoints: ['electron/preload.ts'],
      outfile: path.join(outdir, 'preload.cjs'),
      // 'browser' makes any Node built-in a build error instead of a runtime one.
      platform: 'browser',
      format: 'cjs',
      target: CHROME_TARGET,
      external: ['electron'],
    }),
  ]);
  const preloadExternals = externalImports(preload.metafile);
  const stray = preloadExternals.filter((name) => name !== 'electron');
  if (stray.length > 0) throw new Error(`the preload must require only 'electron', but it needs: ${stray.join(', ')}`);
  return {
    outdir,
    files: ['main.mjs', 'core-host.mjs', 'import-worker.mjs', 'preload.cjs'].map((name) => path.join(outdir, name)),
    externals: {
      main: externalImports(main.metafile),
      host: externalImports(host.metafile),
      worker: externalImports(worker.metafile),
      preload: preloadExternals,
    },
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--outdir');
  try {
    const result = await buildElectron({
      production: args.includes('--production'),
      outdir: outIndex >= 0 ? path.resolve(args[outIndex + 1]) : undefined,
    });
    console.log(`Built ${result.files.map((file) => path.relative(root, file)).join(', ')}`);
  } catch (error) {
    console.error(`Could not build the Electron bundles: ${error.message}`);
    process.exit(1);
  }
}
