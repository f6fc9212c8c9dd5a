// The originals, stored once each under files/ by their SHA-256 (files/ab/abcdef…).
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { FILES_DIR } from './open.ts';

export function sha256Hex(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

export function blobPath(archiveDir: string, sha256: string): string {
  return path.join(archiveDir, FILES_DIR, sha256.slice(0, 2), sha256);
}

/**
 * Writes an original under its hash, atomically: a temporary file renamed into place, so a crash
 * leaves either no file or the whole file. Writing the same hash twice is a no-op.
 */
export function storeBlob(archiveDir: string, sha256: string, bytes: Uint8Array): string {
  const target = blobPath(archiveDir, sha256);
  if (fs.existsSync(target) && fs.statSync(target).size === bytes.byteLength) return target;
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  const fd = fs.openSync(temp, 'w');
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(temp, target);
  return target;
}

export function readBlob(archiveDir: string, sha256: string): Buffer {
  return fs.readFileSync(blobPath(archiveDir, sha256));
}
