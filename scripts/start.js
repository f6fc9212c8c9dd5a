#!/usr/bin/env node
// `npm start [-- --archive DIR] [--port N]`: builds what the app needs and opens Pith in Electron.
// Where Electron cannot start here (its binary was never downloaded, there is no display, we run
// as root, better-sqlite3 cannot be built for it, or it quits before its window opens), it says
// why in ONE line on stdout and serves the same UI with `pith serve`, whose first stdout line is
// the URL to open.
//   PITH_RENDERER_DIR=DIR  use an already built UI from DIR (no `vite build`; as `pith serve` does)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { buildElectron } from './build-electron.js';
import { locateElectron, prepareNativeModules, rendererIsStale, root, sessionProblem } from './electron-runtime.js';

/** main.ts prints this once its window is shown. */
const READY = 'pith: the app window is open';
const args = process.argv.slice(2);

/** Builds the UI when needed. Build output goes to stderr: stdout is for the reason and the URL. */
function ensureRenderer() {
  if (process.env.PITH_RENDERER_DIR) return true;
  if (!rendererIsStale()) return true;
  if (!fs.existsSync(path.join(root, 'vite.config.ts'))) {
    console.error('pith: the UI is not built and vite.config.ts is missing; continuing without it.');
    return true;
  }
  console.error("pith: building the app's UI (vite build)…");
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 2, 2] });
  return result.status === 0;
}

function firstLine(text) {
  return String(text).trim().split('\n').map((line) => line.trim()).filter(Boolean).at(-1)?.slice(0, 200) ?? '';
}

/** Runs Electron; resolves { started: true, code } once it ran, or { started: false, reason }. */
function launchElectron(binary, env) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const mainFile = path.join(root, 'dist', 'electron', 'main.mjs');
  // The app folder when package.json points at the bundle (so Electron reads its name and version).
  const entry = path.resolve(root, manifest.main ?? '') === mainFile ? root : mainFile;
  return new Promise((resolve) => {
    const child = spawn(binary, [entry, ...args], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let started = false;
    let errors = '';
    child.stdout.on('data', (chunk) => {
      if (!started && String(chunk).includes(READY)) started = true;
      process.stdout.write(chunk);
    });
    // Until the window opens, Electron's complaints are kept for the one-line reason.
    child.stderr.on('data', (chunk) => {
      if (started) process.stderr.write(chunk);
      else errors = (errors + chunk).slice(-4000);
    });
    const forward = (signal) => child.kill(signal);
    process.on('SIGTERM', forward);
    process.on('SIGINT', () => undefined);
    child.on('error', (error) => {
      process.off('SIGTERM', forward);
      resolve({ started: false, reason: `Electron could not be run (${error.message})` });
    });
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      if (started) resolve({ started: true, code: code ?? (signal ? 1 : 0) });
      else {
        const why = firstLine(errors);
        resolve({ started: false, reason: `Electron quit before its window opened (${signal ?? `exit code ${code}`}${why ? `: ${why}` : ''})` });
      }
    });
  });
}

/** `pith serve` in the foreground; resolves with its exit code. */
function serve() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'bin', 'pith.js'), 'serve', ...args], { cwd: root, stdio: 'inherit' });
    // Ctrl-C reaches the child by itself (same process group); a TERM sent to us is passed on.
    process.on('SIGINT', () => undefined);
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const electron = locateElectron();
  let reason = electron.ok ? sessionProblem() : electron.reason;
  if (!ensureRenderer()) {
    console.error('pith: the UI could not be built (see above).');
    return 1;
  }
  const env = { ...process.env };
  if (reason === null) {
    try {
      await buildElectron({ logLevel: 'error' });
    } catch (error) {
      reason = `the Electron bundles could not be built (${firstLine(error.message)})`;
    }
  }
  if (reason === null) {
    const native = await prepareNativeModules(electron.version);
    if (native.ok) env.PITH_SQLITE_BINDING = native.binding;
    else reason = native.reason;
  }
  if (reason === null) {
    const outcome = await launchElectron(electron.path, env);
    if (outcome.started) return outcome.code;
    reason = outcome.reason;
  }
  console.log(`${reason}, so Pith opens in your browser instead:`);
  return serve();
}

process.exitCode = await main();
