// Images stored with an HTML/Markdown document, served to the reader by their hash: only those
// the document lists (document_images), never any other file of the archive.
import fs from 'node:fs';
import { blobPath } from '../../db/blobs.ts';
import type { Db } from '../../db/open.ts';
import { getDocumentImage } from '../../db/structure.ts';
import { PithError } from '../api.ts';
import { requireDocument } from './library.ts';

export function documentImage(db: Db, archiveDir: string, req: { id: string; sha256: string }): { mime: string; bytes: Uint8Array } {
  const row = requireDocument(db, req?.id);
  const sha256 = typeof req?.sha256 === 'string' && /^[0-9a-f]{64}$/.test(req.sha256) ? req.sha256 : null;
  const image = sha256 ? getDocumentImage(db, row.id, sha256) : undefined;
  if (!sha256 || !image) throw new PithError('not-found', `"${row.title}" has no such image.`);
  try {
    const bytes = fs.readFileSync(blobPath(archiveDir, sha256));
    return { mime: image.mime, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  } catch {
    throw new PithError('not-found', `An image of "${row.title}" is missing from the archive.`);
  }
}
