// A database file outside the open archive (a backup's copy, a restore's staged file), opened by
// path and looked at without migrating it: whether SQLite finds it sound, which schema it has,
// whether it is a Pith archive and how many documents it holds.
import Database from 'better-sqlite3';

export interface DatabaseFileFacts {
  /** SQLite's verdict: 'ok', or what is wrong. */
  check: string;
  /** PRAGMA user_version: the schema version Pith gave it. */
  version: number;
  /** It has the documents table of a Pith archive. */
  isArchive: boolean;
  /** Documents in it (0 when it is no archive). */
  documents: number;
}

export interface InspectOptions {
  /** Open read-only (a WAL-mode file cannot be, without its -shm: open it read-write then). */
  readonly: boolean;
  /** The quick check instead of the full integrity check (for a copy just made from a sound archive). */
  quick?: boolean;
  /** Switch the file to a rollback journal first, so that it stands alone (no -wal to carry). */
  standAlone?: boolean;
}

/** Throws SQLite's error when the file cannot be opened or read at all. */
export function inspectDatabaseFile(file: string, options: InspectOptions): DatabaseFileFacts {
  const db = new Database(file, { readonly: options.readonly, fileMustExist: true });
  try {
    if (options.standAlone) db.pragma('journal_mode = DELETE');
    const check = String(db.pragma(options.quick ? 'quick_check' : 'integrity_check', { simple: true }));
    const version = db.pragma('user_version', { simple: true }) as number;
    const isArchive = check === 'ok' && Boolean(db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'documents'").get());
    const documents = isArchive ? (db.prepare('SELECT count(*) AS n FROM documents').get() as { n: number }).n : 0;
    return { check, version, isArchive, documents };
  } finally {
    db.close();
  }
}
