#!/usr/bin/env node
// `npm run build`: everything Pith runs, as built JavaScript, into dist/:
//   dist/cli/        the command line and `pith serve`, with the import worker (build-cli.js)
//   dist/electron/   the desktop app's main process, preload and workers (build-electron.js)
//   dist/renderer/   the UI (vite build)
// `npm install` runs `node scripts/build.js --cli` (prepare), so a checkout has a runnable `pith`.
// Usage: node scripts/build.js [--cli]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { buildCli, root } from './build-cli.js';

const cliOnly = process.argv.includes('--cli');

function fail(what, error) {
  console.error(`pith: ${what} could not be built: ${error instanceof Error ? error.message.split('\n')[0] : error}`);
  process.exit(1);
}

await buildCli().catch((error) => fail('the command line', error));
if (!cliOnly) {
  const { buildElectron } = await import('./build-electron.js');
  await buildElectron().catch((error) => fail('the desktop app', error));
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const ui = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (ui.status !== 0) fail('the UI', `vite build exited with ${ui.status}`);
}
console.error(`pith: built ${cliOnly ? 'the command line' : 'the command line, the desktop app and the UI'} into dist/`);
