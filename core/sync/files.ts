// Originals as content-addressed chunks of 1 MB (`chunk:<sha256>`, one attachment each): a
// single large attachment costs PouchDB gigabytes of memory, chunks a few megabytes; the same
// chunk in two files travels once. The manifest (the chunks' hashes in order) is in the
// document's text record. Received files are assembled chunk by chunk into a temporary file,
// checked against the document's SHA-256, then renamed into files/: never half an original.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { blobPath } from '../../db/blobs.ts';
import { isNotFound, type PouchDatabase } from './pouch.ts';

export const CHUNK_SIZE = 1024 * 1024;

/** Puts the chunks of an original into the replica (those not there yet); returns their hashes in order. */
export async function putChunks(replica: PouchDatabase, file: string): Promise<string[]> {
  const hashes: string[] = [];
  const fd = fs.openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(CHUNK_SIZE);
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, CHUNK_SIZE, null);
      if (n === 0) break;
      const bytes = Buffer.from(buffer.subarray(0, n));
      const hash = crypto.createHash('sha256').update(bytes).digest('hex');
      hashes.push(hash);
      const id = `chunk:${hash}`;
      if (await exists(replica, id)) continue;
      try {
        await replica.put({ _id: id, _attachments: { data: { content_type: 'application/octet-stream', data: bytes } } });
      } catch (error) {
        if ((error as { status?: number }).status !== 409) throw error; // 409: already there
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return hashes;
}

async function exists(db: PouchDatabase, id: string): Promise<boolean> {
  try {
    await db.get(id);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

export type AssembleOutcome = 'received' | 'incomplete' | 'mismatch';

/** Writes the original `sha256` of `archiveDir` from its chunks in the replica, if they are all there. */
export async function assembleOriginal(replica: PouchDatabase, archiveDir: string, sha256: string, chunks: readonly string[]): Promise<AssembleOutcome> {
  const target = blobPath(archiveDir, sha256);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temp = `${target}.${process.pid}.sync.tmp`;
  const fd = fs.openSync(temp, 'w');
  const whole = crypto.createHash('sha256');
  let ok = true;
  try {
    for (const chunk of chunks) {
      let bytes: Buffer;
      try {
        bytes = await replica.getAttachment(`chunk:${chunk}`, 'data');
      } catch (error) {
        if (isNotFound(error)) {
          ok = false;
          break;
        }
        throw error;
      }
      fs.writeSync(fd, bytes);
      whole.update(bytes);
    }
  } finally {
    fs.closeSync(fd);
  }
  if (!ok) {
    fs.rmSync(temp, { force: true });
    return 'incomplete';
  }
  if (whole.digest('hex') !== sha256) {
    fs.rmSync(temp, { force: true });
    return 'mismatch';
  }
  fs.renameSync(temp, target);
  return 'received';
}
