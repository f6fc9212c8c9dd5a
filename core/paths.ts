// Where an archive lives when the user does not say: the OS's per-user data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultArchiveDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', 'Pith');
  if (platform === 'win32') return path.join(env.APPDATA ?? path.join(home, 'AppData', 'Roaming'), 'Pith');
  return path.join(env.XDG_DATA_HOME || path.join(home, '.local', 'share'), 'pith');
}

/** The archive folder: an explicit choice, else $PITH_ARCHIVE, else the default. */
export function resolveArchiveDir(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(explicit || env.PITH_ARCHIVE || defaultArchiveDir(env));
}

/**
 * The folder of Pith's package.json, found upwards from a module's URL: the same from the
 * TypeScript sources (core/export/…) and from a bundle (dist/cli/pith.mjs), so that files shipped
 * beside the code (resources/, dist/renderer/) are found from either.
 */
export function packageRoot(moduleUrl: string): string {
  let dir = path.dirname(fileURLToPath(moduleUrl));
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.dirname(fileURLToPath(moduleUrl));
    dir = parent;
  }
}
