// The core host: the entry of the Electron utilityProcess that owns the archive. main.ts starts
// it (utilityProcess.fork of dist/electron/core-host.mjs, bundled by scripts/build-electron.js),
// and it serves the contract to windows over MessagePorts (core-service.ts says how). SQLite,
// imports, typesetting, zipping and restore checks all run here, never on the main process, so a
// long export or backup cannot freeze the window or its menus.
import { restore } from '../core/backup/backup.ts';
import { Pith } from '../core/pith.ts';
import { startCoreService, type ParentLike } from './core-service.ts';

const parent = (process as unknown as { parentPort?: ParentLike }).parentPort;
if (!parent) {
  console.error('pith: the core host runs only as the desktop app starts it (an Electron utility process).');
  process.exit(2);
}

startCoreService(parent, {
  // The import worker's bundle sits beside this one.
  // What this process is given by main, read here at its entry and passed in: `npm start` points
  // PITH_SQLITE_BINDING at a copy of better-sqlite3 built for Electron's Node.
  open: (archiveDir) =>
    Pith.open(archiveDir, { workerEntry: new URL('./import-worker.mjs', import.meta.url), sqliteBinding: process.env.PITH_SQLITE_BINDING || undefined }),
  restore,
});
