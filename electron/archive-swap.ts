// File › Restore… in the desktop app: the backup is restored beside the open archive (the core
// restores only into an empty folder, all or nothing), then the folders are swapped while the
// archive is closed. The archive that was open is kept under a dated name, never deleted.
import fs from 'node:fs';
import path from 'node:path';

export interface RestorePlan {
  /** Where the backup is restored first: a hidden sibling of the archive (same file system). */
  staging: string;
  /** Where the archive open now is kept. */
  previous: string;
}

export function planRestore(archiveDir: string, now = new Date()): RestorePlan {
  const dir = path.dirname(path.resolve(archiveDir));
  const name = path.basename(path.resolve(archiveDir));
  const stamp = now.toISOString().slice(0, 19).replace(/[:T]/g, '-');
  let previous = path.join(dir, `${name} before restore ${stamp}`);
  for (let n = 2; fs.existsSync(previous); n++) previous = path.join(dir, `${name} before restore ${stamp} (${n})`);
  return { staging: path.join(dir, `.${name}.restoring-${stamp}-${process.pid}`), previous };
}

/**
 * Puts the restored folder in the archive's place, keeping the old one as `previous`. On failure
 * the old archive is put back where it was and the error is thrown.
 */
export function swapInRestored(archiveDir: string, plan: RestorePlan): void {
  const had = fs.existsSync(archiveDir);
  if (had) fs.renameSync(archiveDir, plan.previous);
  try {
    fs.renameSync(plan.staging, archiveDir);
  } catch (error) {
    if (had) fs.renameSync(plan.previous, archiveDir);
    throw error;
  }
}
