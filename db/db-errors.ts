// SQLite's errors in a person's words. Apart from db/open.ts so that what only words an error
// (core/errors.ts, and through it Electron's main process) does not load SQLite itself.
import fs from 'node:fs';

/**
 * SQLite's error in a person's words. `dir` is the archive folder: when SQLite only says it cannot
 * open or write (as on a read-only or full file system), the folder itself tells why.
 */
export function describeDbError(error: unknown, dir?: string): string {
  const code = (error as { code?: string }).code ?? '';
  if (code.startsWith('SQLITE_NOTADB')) return 'the file is not a Pith archive database (or it is damaged)';
  if (code.startsWith('SQLITE_CORRUPT')) return 'the database is damaged';
  if (code.startsWith('SQLITE_READONLY')) return 'the archive is read-only';
  if (code.startsWith('SQLITE_FULL')) return 'the disk is full';
  const why = dir ? folderTrouble(dir) : null;
  if (why && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_IOERR'))) return why;
  if (code.startsWith('SQLITE_CANTOPEN')) return 'the file cannot be opened (missing folder or no permission)';
  return (error as Error).message ?? String(error);
}

/** Why a folder cannot be written, if it cannot: read-only or full. */
function folderTrouble(dir: string): string | null {
  try {
    const stats = fs.statfsSync(dir);
    if (stats.bavail === 0) return 'the disk is full';
  } catch {
    /* no answer: go on */
  }
  try {
    fs.accessSync(dir, fs.constants.W_OK);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'EROFS' || code === 'EACCES' || code === 'EPERM') return 'the archive is read-only';
  }
  return null;
}

