#!/usr/bin/env node
// Bundles the command line into dist/cli/ with esbuild, so that `pith` runs built JavaScript:
//   pith.mjs           the CLI and `pith serve` (every node_modules package stays external)
//   import-worker.mjs  the import worker the core starts with worker_threads, beside it
// Usage: node scripts/build-cli.js [--outdir DIR]. `bin/pith.js` calls buildCli when dist/ is stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CLI_BUNDLE = path.join(root, 'dist', 'cli', 'pith.mjs');
/** The folders whose TypeScript the CLI bundles: a change in any of them makes dist/cli stale. */
const SOURCE_DIRS = ['cli', 'core', 'db'];

export async function buildCli({ outdir = path.dirname(CLI_BUNDLE), logLevel = 'warning' } = {}) {
  const esbuild = await import('esbuild');
  fs.mkdirSync(outdir, { recursive: true });
  const options = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    legalComments: 'none',
    logLevel,
  };
  // Built beside each other and renamed into place, so a `pith` starting meanwhile never runs
  // half a bundle.
  const stage = fs.mkdtempSync(path.join(outdir, '.build-'));
  try {
    // Split at the CLI's dynamic imports, so that a quick command loads only what it runs. The
    // chunks sit beside the entry points: the core finds its worker beside the module it runs in.
    await esbuild.build({
      ...options,
      entryPoints: { pith: 'cli/main.ts', 'import-worker': 'core/import/worker.ts' },
      outdir: stage,
      splitting: true,
      chunkNames: 'chunk-[name]-[hash]',
      outExtension: { '.js': '.mjs' },
    });
    // Chunks are named by their content hash: new ones go in beside the old, then the entry
    // points (the CLI bundle last: it is what marks the build fresh), then the old chunks go.
    const entries = ['import-worker.mjs', 'import-worker.mjs.map', 'pith.mjs.map', 'pith.mjs'];
    const chunks = fs.readdirSync(stage).filter((name) => name.startsWith('chunk-'));
    for (const name of [...chunks, ...entries]) fs.renameSync(path.join(stage, name), path.join(outdir, name));
    const fresh = new Set(chunks);
    for (const name of fs.readdirSync(outdir)) {
      if (name.startsWith('chunk-') && !fresh.has(name)) fs.rmSync(path.join(outdir, name), { force: true });
    }
  } finally {
    fs.rmSync(stage, { recursive: true, force: true });
  }
  return outdir;
}

/** The newest modification time of the CLI's sources (tests excluded), in ms. */
function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'fixtures' && entry.name !== 'node_modules') newest = Math.max(newest, newestSource(full));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) {
      newest = Math.max(newest, fs.statSync(full).mtimeMs);
    }
  }
  return newest;
}

/** Why dist/cli cannot be used as it is ('missing' or 'stale'), or null when it is up to date. */
export function cliBuildState() {
  let built;
  try {
    built = fs.statSync(CLI_BUNDLE).mtimeMs;
  } catch {
    return 'missing';
  }
  // A checkout without sources (a packaged app) runs what it has.
  const dirs = SOURCE_DIRS.map((d) => path.join(root, d)).filter((d) => fs.existsSync(d));
  for (const dir of dirs) if (newestSource(dir) > built) return 'stale';
  return null;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf('--outdir');
  try {
    const outdir = await buildCli(outIndex >= 0 ? { outdir: path.resolve(args[outIndex + 1]) } : {});
    console.error(`pith: built the command line into ${path.relative(process.cwd(), outdir) || '.'}`);
  } catch (error) {
    console.error(`pith: the command line could not be built: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
    process.exitCode = 1;
  }
}
