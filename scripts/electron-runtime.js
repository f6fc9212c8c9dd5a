// What running Electron from the sources needs, for `npm start` and the Electron e2e spec:
// - finding Electron's binary WITHOUT `require('electron')`, which tries to download it when
//   it is missing (and nothing outside the npm registry is reachable on some machines);
// - telling why Electron cannot start here (no binary, no display, root);
// - better-sqlite3 built for Electron's ABI, kept apart from node_modules (the CLI and the tests
//   keep using the Node build there); main finds it through $PITH_SQLITE_BINDING.
// Packaged apps need none of this: electron-builder rebuilds native modules when it packages.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const NOT_DOWNLOADED = "Electron's binary is not installed (it downloads from outside the npm registry)";

function readText(file) {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return null;
  }
}

/** Electron's executable, or why there is none. Never downloads anything. */
export function locateElectron(env = process.env, base = root) {
  const dir = path.join(base, 'node_modules', 'electron');
  const manifest = readText(path.join(dir, 'package.json'));
  if (manifest === null) return { ok: false, reason: 'Electron is not installed (run npm install)' };
  const version = JSON.parse(manifest).version;
  const relative = readText(path.join(dir, 'path.txt'));
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    const binary = path.join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || (process.platform === 'win32' ? 'electron.exe' : 'electron'));
    return fs.existsSync(binary) ? { ok: true, path: binary, version } : { ok: false, reason: `Electron's binary is not at ${binary}`, version };
  }
  if (!relative) return { ok: false, reason: NOT_DOWNLOADED, version };
  const binary = path.join(dir, 'dist', relative);
  if (!fs.existsSync(binary)) return { ok: false, reason: NOT_DOWNLOADED, version };
  return { ok: true, path: binary, version };
}

/** Why Electron's window cannot open in this session, or null. */
export function sessionProblem(env = process.env, platform = process.platform, uid = process.getuid?.()) {
  if (platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) return 'there is no display to open a window on (DISPLAY is not set)';
  if (platform === 'linux' && uid === 0) return 'Electron will not run as root with its sandbox on, and Pith keeps the sandbox on';
  return null;
}

/**
 * better-sqlite3 compiled for this Electron, in node_modules/.cache (built once per Electron and
 * better-sqlite3 version; needs Electron's headers, so the network, the first time).
 * Returns { ok, binding } or { ok: false, reason }.
 */
export async function prepareNativeModules(electronVersion, base = root) {
  const sourceDir = path.join(base, 'node_modules', 'better-sqlite3');
  const sqliteVersion = JSON.parse(fs.readFileSync(path.join(sourceDir, 'package.json'), 'utf8')).version;
  const buildPath = path.join(base, 'node_modules', '.cache', 'pith-electron-native', `electron-${electronVersion}-better-sqlite3-${sqliteVersion}`);
  const binding = path.join(buildPath, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
  if (fs.existsSync(binding)) return { ok: true, binding };
  try {
    fs.rmSync(buildPath, { recursive: true, force: true });
    fs.mkdirSync(path.join(buildPath, 'node_modules'), { recursive: true });
    fs.writeFileSync(
      path.join(buildPath, 'package.json'),
      JSON.stringify({ name: 'pith-electron-native', version: '0.0.0', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }),
    );
    fs.cpSync(sourceDir, path.join(buildPath, 'node_modules', 'better-sqlite3'), {
      recursive: true,
      filter: (src) => !src.includes(`${path.sep}build${path.sep}`),
    });
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath, electronVersion, onlyModules: ['better-sqlite3'], force: true });
    if (!fs.existsSync(binding)) throw new Error('the build left no better_sqlite3.node');
    return { ok: true, binding };
  } catch (error) {
    fs.rmSync(buildPath, { recursive: true, force: true });
    const first = String(error?.message ?? error).split('\n')[0];
    return { ok: false, reason: `better-sqlite3 could not be built for Electron ${electronVersion} (${first})` };
  }
}

function newestChange(target) {
  let stat;
  try {
    stat = fs.statSync(target);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(target)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestChange(path.join(target, entry)));
  }
  return newest;
}

/** dist/renderer is missing, or older than renderer/ or vite.config.ts. */
export function rendererIsStale(base = root) {
  const built = path.join(base, 'dist', 'renderer', 'index.html');
  if (!fs.existsSync(built)) return true;
  const sources = Math.max(newestChange(path.join(base, 'renderer')), newestChange(path.join(base, 'vite.config.ts')));
  return sources > fs.statSync(built).mtimeMs;
}
