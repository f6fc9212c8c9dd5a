#!/usr/bin/env node
// The `pith` command: runs the built CLI (dist/cli/pith.mjs). In a checkout whose build is
// missing or older than its sources, it says so in one line and rebuilds first (esbuild, a
// development dependency); nothing at run time needs TypeScript.
import { buildCli, cliBuildState, CLI_BUNDLE } from '../scripts/build-cli.js';
import { pathToFileURL } from 'node:url';

const state = cliBuildState();
if (state) {
  process.stderr.write(`pith: the built command line is ${state === 'missing' ? 'missing' : 'older than its sources'}; building it (npm run build)…\n`);
  try {
    await buildCli();
  } catch (error) {
    process.stderr.write(`pith: it could not be built (${error instanceof Error ? error.message.split('\n')[0] : error}); run npm install, then npm run build\n`);
    process.exit(1);
  }
}
const { main } = await import(pathToFileURL(CLI_BUNDLE).href);
process.exitCode = await main(process.argv.slice(2));
