// File names made from titles, and files written whole or not at all.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$/i;
/** Bytes kept of a title: room for " (123)", an extension and a temporary suffix under 255. */
const MAX_NAME_BYTES = 180;

/**
 * A file name from a title that every common file system accepts: no path separators, none of
 * Windows' forbidden characters or reserved names, no control characters, no leading dot
 * (hidden) or trailing dot or space (Windows drops them), at most 180 bytes of UTF-8.
 */
export function safeFileName(title: string, fallback = 'Untitled'): string {
  let name = title
    .normalize('NFC')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"/\\|?*\u2028\u2029\ufeff]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[.\s]+|[.\s]+$/g, '');
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) {
    const chars = Array.from(name);
    while (chars.length > 0 && Buffer.byteLength(chars.join('')) > MAX_NAME_BYTES) chars.pop();
    name = chars.join('').replace(/[.\s]+$/g, '');
  }
  if (name === '') name = fallback;
  if (WINDOWS_RESERVED.test(name)) name = `${name}_`;
  return name;
}

/** Names unique within one export, compared without case (macOS and Windows ignore it): "T.md", "T (2).md". */
export class UniqueNames {
  private readonly taken = new Set<string>();

  next(title: string, extension: string): string {
    const base = safeFileName(title);
    for (let i = 1; ; i += 1) {
      const name = i === 1 ? `${base}${extension}` : `${base} (${i})${extension}`;
      const key = name.normalize('NFC').toLowerCase();
      if (!this.taken.has(key)) {
        this.taken.add(key);
        return name;
      }
    }
  }
}

/**
 * Writes a file through a temporary file in the same folder renamed over the target, so a reader
 * (or a crash) never sees half a file. Not fsynced: an export can always be run again, and
 * syncing hundreds of files would cost more than the export itself.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const dir = path.dirname(file);
  const temp = path.join(dir, `.${path.basename(file).slice(0, 60)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  try {
    fs.writeFileSync(temp, data, { flag: 'wx' });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
