// Opening an archive folder: pith.db (WAL) beside files/ (the originals, by SHA-256).
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { migrations, type Migration } from './migrations.ts';
import { FILES_DIR } from './blobs.ts';
import { describeFsError } from './fs-errors.ts';
import { describeDbError } from './db-errors.ts';

export type Db = Database.Database;

export const DB_FILE = 'pith.db';
export { FILES_DIR };

/** Raised for archives this version cannot open; the message is written for a person. */
export class ArchiveError extends Error {
  constructor(
    message: string,
    readonly code: 'newer-version' | 'not-an-archive' | 'unreadable' | 'read-only',
  ) {
    super(message);
    this.name = 'ArchiveError';
  }
}

export interface OpenOptions {
  /** Open without creating or migrating anything. */
  readonly?: boolean;
  /** better-sqlite3's native module to load (the desktop app's, built for Electron's Node). */
  nativeBinding?: string;
  /** Migrations to apply; tests pass a shorter list to make old archives. */
  migrations?: Migration[];
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per connection: for the statements run once per document
 * on import, where compiling the SQL each time cost more than running it. Not for statements that
 * are iterated while the same SQL may run again.
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let byText = statements.get(db);
  if (!byText) statements.set(db, (byText = new Map()));
  let statement = byText.get(sql);
  if (!statement) byText.set(sql, (statement = db.prepare(sql)));
  return statement;
}

export function latestVersion(list: Migration[] = migrations): number {
  return list.reduce((max, m) => Math.max(max, m.version), 0);
}

export function openDatabase(dir: string, options: OpenOptions = {}): Db {
  const list = options.migrations ?? migrations;
  const file = path.join(dir, DB_FILE);
  if (options.readonly) {
    if (!fs.existsSync(file)) throw new ArchiveError(`No Pith archive at ${dir}.`, 'not-an-archive');
  } else {
    try {
      fs.mkdirSync(path.join(dir, FILES_DIR), { recursive: true });
    } catch (error) {
      throw new ArchiveError(`Cannot create the archive folder ${dir}: ${describeFsError(error)}.`, 'unreadable');
    }
  }
  let db: Db;
  try {
    db = new Database(file, {
      readonly: options.readonly ?? false,
      fileMustExist: options.readonly ?? false,
      nativeBinding: options.nativeBinding,
    });
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('temp_store = MEMORY');
    db.pragma('cache_size = -65536');
    // No memory-mapped I/O: at 100,000 documents it made no difference to search (p95 within
    // noise) and kept up to 256 MB of database pages counted in the process's memory.
  } catch (error) {
    throw new ArchiveError(`Cannot open the archive database ${file}: ${describeDbError(error, dir)}.`, 'unreadable');
  }
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    const latest = latestVersion(list);
    if (version > latest) {
      throw new ArchiveError(
        `This archive was made by a newer version of Pith (schema ${version}, this one knows ${latest}); update Pith to open it. The archive was left untouched.`,
        'newer-version',
      );
    }
    if (version < latest && !options.readonly) migrate(db, file, version, list);
    return db;
  } catch (error) {
    db.close();
    if (error instanceof ArchiveError) throw error;
    throw new ArchiveError(`Cannot open the archive database ${file}: ${describeDbError(error, dir)}.`, 'unreadable');
  }
}

/** Applies pending migrations, each in its own transaction, after copying the database aside. */
function migrate(db: Db, file: string, from: number, list: Migration[]): void {
  const pending = list.filter((m) => m.version > from).sort((a, b) => a.version - b.version);
  if (from > 0) backupBeforeMigration(db, file, from);
  for (const migration of pending) {
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version | 0}`);
    })();
  }
}

function backupBeforeMigration(db: Db, file: string, version: number): void {
  db.pragma('wal_checkpoint(TRUNCATE)');
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const copy = `${file}.v${version}-${stamp}.bak`;
  // VACUUM INTO writes a consistent copy of the whole database, WAL included.
  db.prepare('VACUUM INTO ?').run(copy);
}

export { describeFsError };

export { describeDbError };

