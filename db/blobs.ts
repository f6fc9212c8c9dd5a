// The originals, stored once each under files/ by their SHA-256 (files/ab/abcdef…).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
// Not imported from open.ts: import workers load this module, and must not load SQLite for it.
export const FILES_DIR = 'files';

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export function blobPath(archiveDir: string, sha256: string): string {
  return path.join(archiveDir, FILES_DIR, sha256.slice(0, 2), sha256);
}

const madeFolders = new Set<string>();

/**
 * Writes an original under its hash, atomically: a temporary file renamed into place, so a killed
 * process leaves either no file or the whole file (a stray *.tmp at most, never read as an
 * original). Like the database (WAL, synchronous=NORMAL) it does not fsync each file: that guards
 * against power loss, at a cost of milliseconds per file, and a re-import repairs what was lost.
 * Writing the same hash twice is a no-op.
 */
export function storeBlob(archiveDir: string, sha256: string, bytes: Uint8Array): string {
  const target = blobPath(archiveDir, sha256);
  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing && existing.size === bytes.byteLength) return target;
  const folder = path.dirname(target);
  if (!madeFolders.has(folder)) {
    fs.mkdirSync(folder, { recursive: true });
    madeFolders.add(folder);
  }
  const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    try {
      fs.writeFileSync(temp, bytes);
    } catch (error) {
      if ((error as { code?: string }).code !== 'ENOENT') throw error;
      fs.mkdirSync(folder, { recursive: true }); // the folder went away since we made it
      fs.writeFileSync(temp, bytes);
    }
    fs.renameSync(temp, target);
  } catch (error) {
    // A partial file (disk full) must not stay to fill the disk further.
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return target;
}
