// Images beside an imported HTML or Markdown file, stored with the document: an <img src> that
// is a relative path resolving inside the imported file's folder, read, checked to be an image
// (by its bytes, not its name), and kept under files/ by its hash. Anything else (a path leaving
// the folder, a missing file, not an image, an import from bytes with no folder) is dropped: the
// reader shows a placeholder with the alt text. Remote images are never fetched.
import fs from 'node:fs/promises';
import path from 'node:path';
import { sha256Hex, storeBlob } from '../../db/blobs.ts';
import type { DocumentStructure } from '../types.ts';
import { PENDING_FILE } from './extract/structure.ts';
import { sniffImageType } from './extract/sanitize.ts';

export interface StoredImage {
  sha256: string;
  mime: string;
}

/** Largest image file stored with a document. */
const MAX_IMAGE_BYTES = 20 * 1024 * 1024;

/** An asset reference in a structure's image src. */
export const ASSET_PREFIX = 'asset:';

/**
 * Resolves the structure's pending image files (src `file:…`) against the folder of `sourcePath`,
 * storing those that are images under `archiveDir`'s files/ and pointing their src at them
 * (`asset:<sha256>`); the others get src null. Changes `structure`; returns the stored images.
 */
export async function storeLocalImages(archiveDir: string, sourcePath: string | null, structure: DocumentStructure | null | undefined): Promise<StoredImage[]> {
  if (!structure) return [];
  const stored = new Map<string, StoredImage>();
  const folder = sourcePath ? await realFolder(path.dirname(sourcePath)) : null;
  for (const image of structure.images) {
    if (!image.src?.startsWith(PENDING_FILE)) continue;
    const relative = image.src.slice(PENDING_FILE.length);
    image.src = null;
    if (!folder) continue;
    const found = await readInside(folder, relative);
    if (!found) continue;
    const mime = sniffImageType(found);
    if (!mime) continue;
    const sha256 = sha256Hex(found);
    storeBlob(archiveDir, sha256, found);
    stored.set(sha256, { sha256, mime });
    image.src = `${ASSET_PREFIX}${sha256}`;
  }
  return [...stored.values()];
}

async function realFolder(folder: string): Promise<string | null> {
  try {
    return await fs.realpath(folder);
  } catch {
    return null;
  }
}

/** The bytes of `relative` under `folder`, if it is a regular file that really lies inside it (symlinks followed). */
async function readInside(folder: string, relative: string): Promise<Uint8Array | null> {
  if (relative.includes('\0')) return null;
  try {
    const real = await fs.realpath(path.resolve(folder, relative));
    if (!real.startsWith(folder + path.sep)) return null;
    const stat = await fs.stat(real);
    if (!stat.isFile() || stat.size === 0 || stat.size > MAX_IMAGE_BYTES) return null;
    return new Uint8Array(await fs.readFile(real));
  } catch {
    return null;
  }
}
