// Whole-archive backup to one zip file, and restore into an empty or new folder.
//
// backup: the database through SQLite's online backup API (safe while Pith runs: other
// connections keep reading and writing), then every original under files/. The database is
// copied first, so every original it refers to is already on disk when the files are listed.
// restore: every entry name and the manifest are checked from the central directory; then the
// entries are streamed into a hidden folder beside the target (the database first, its header
// judged from its first bytes), each checksum and the database's integrity are checked there,
// and the folder is renamed into place, so the target is either the whole archive or untouched.
// Memory stays bounded whatever the sizes: nothing is held whole but the manifest.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import yazl from 'yazl';
import yauzl from 'yauzl';
import type { Db } from '../../db/open.ts';
import { DB_FILE, FILES_DIR, describeFsError, latestVersion } from '../../db/open.ts';
import { isFsError } from '../../db/fs-errors.ts';
import { inspectDatabaseFile, type DatabaseFileFacts } from '../../db/database-file.ts';
import { PithError, type CallContext } from '../api.ts';
import {
  BACKUP_FORMAT,
  BACKUP_VERSION,
  BLOB_ENTRY,
  DB_ENTRY,
  MANIFEST_NAME,
  isExpectedDirectory,
  isExpectedName,
  parseManifest,
  unsafeNameReason,
  type BackupManifest,
  type ManifestEntry,
} from './manifest.ts';

const TASK = 'backup';
const MANIFEST_LIMIT = 64 * 1024 * 1024;

export interface BackupOptions {
  force?: boolean;
}

export async function backup(
  db: Db,
  archiveDir: string,
  file: string,
  options: BackupOptions = {},
  ctx: CallContext = {},
): Promise<{ file: string; bytes: number }> {
  if (typeof file !== 'string' || file.trim() === '') throw new PithError('invalid', 'Say which file to write the backup to.');
  const out = path.resolve(file);
  if (fs.existsSync(out)) {
    if (!options.force) throw new PithError('exists', `${out} already exists; nothing was written. Back up with force (--force) to overwrite it.`);
    if (fs.statSync(out).isDirectory()) throw new PithError('invalid', `${out} is a folder; give a file name for the backup.`);
  }
  const dir = path.dirname(out);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (error) {
    throw new PithError('invalid', `Cannot create the folder ${dir}: ${describeFsError(error)}.`);
  }
  const stamp = `${process.pid}.${crypto.randomBytes(4).toString('hex')}`;
  const dbCopy = path.join(dir, `.${path.basename(out)}.${stamp}.db`);
  const tempZip = path.join(dir, `.${path.basename(out)}.${stamp}.tmp`);
  const progress = (done: number, total: number, current: string | null) =>
    ctx.onProgress?.({ taskId: TASK, phase: 'backup', done, total, current });
  const cancelled = () => new PithError('cancelled', 'Backup cancelled; nothing was written.');

  try {
    progress(0, 1, DB_FILE);
    await db.backup(dbCopy, {
      progress: () => {
        if (ctx.signal?.aborted) throw cancelled();
        return 4096;
      },
    });
    // A self-contained copy: no WAL to carry along, and it reads the same everywhere.
    const facts = inspectDatabaseFile(dbCopy, { readonly: false, quick: true, standAlone: true });
    if (facts.check !== 'ok') throw new PithError('archive', `The archive's database is damaged (${facts.check}); back up cannot continue. Nothing was written.`);
    const schemaVersion = facts.version;
    const documents = facts.documents;

    const sources: { name: string; file: string }[] = [{ name: DB_ENTRY, file: dbCopy }];
    for (const blob of listOriginals(path.join(archiveDir, FILES_DIR))) sources.push(blob);
    const total = sources.length;
    const entries: ManifestEntry[] = [];
    for (const [i, s] of sources.entries()) {
      if (ctx.signal?.aborted) throw cancelled();
      const { sha256, size } = await hashFile(s.file);
      entries.push({ name: s.name, size, sha256 });
      if (i % 16 === 0) progress(i, total * 2, s.name);
    }
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      created: new Date().toISOString(),
      schemaVersion,
      documents,
      entries,
    };

    const zip = new yazl.ZipFile();
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 1)}\n`), MANIFEST_NAME, { compress: true });
    for (const [i, s] of sources.entries()) {
      const compress = s.name === DB_ENTRY || !(await isCompressedFormat(s.file));
      zip.addReadStreamLazy(s.name, { compress, size: entries[i]!.size, mtime: new Date(manifest.created) }, (cb) => {
        if (ctx.signal?.aborted) return cb(cancelled(), undefined as unknown as Readable);
        progress(total + i, total * 2, s.name);
        cb(null, fs.createReadStream(s.file));
      });
    }
    zip.end();
    const zipDone = new Promise<void>((_resolve, reject) => zip.on('error', reject));
    await Promise.race([pipeline(zip.outputStream as Readable, fs.createWriteStream(tempZip, { flags: 'wx' })), zipDone]);
    const fd = fs.openSync(tempZip, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tempZip, out);
    progress(total * 2, total * 2, null);
    return { file: out, bytes: fs.statSync(out).size };
  } catch (error) {
    if (error instanceof PithError) throw error;
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('E')) throw new PithError('internal', `Backup failed: ${describeFsError(error)}. Nothing was written.`);
    throw new PithError('internal', `Backup failed: ${(error as Error)?.message ?? String(error)}. Nothing was written.`);
  } finally {
    fs.rmSync(dbCopy, { force: true });
    fs.rmSync(`${dbCopy}-journal`, { force: true });
    fs.rmSync(tempZip, { force: true });
  }
}

/** Originals under files/: regular files named by their SHA-256 (temporary and stray files are not originals). */
function listOriginals(filesDir: string): { name: string; file: string }[] {
  const out: { name: string; file: string }[] = [];
  let folders: fs.Dirent[];
  try {
    folders = fs.readdirSync(filesDir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const folder of folders.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!folder.isDirectory() || !/^[0-9a-f]{2}$/.test(folder.name)) continue;
    for (const f of fs.readdirSync(path.join(filesDir, folder.name), { withFileTypes: true })) {
      const name = `files/${folder.name}/${f.name}`;
      if (f.isFile() && BLOB_ENTRY.test(name)) out.push({ name, file: path.join(filesDir, folder.name, f.name) });
    }
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : 1));
}

async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const chunk of fs.createReadStream(file, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** PDFs, EPUBs and DOCX files are compressed already: stored as they are, they back up faster. */
async function isCompressedFormat(file: string): Promise<boolean> {
  const fd = await fs.promises.open(file, 'r');
  try {
    const head = Buffer.alloc(5);
    await fd.read(head, 0, 5, 0);
    return head.toString('latin1') === '%PDF-' || head.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]));
  } finally {
    await fd.close();
  }
}

// -------------------------------------------------------------------------------------------
// Restore

export interface RestoreReport {
  dir: string;
  documents: number;
  originals: number;
  bytes: number;
}

interface CheckedEntry {
  name: string;
  entry: yauzl.Entry;
  manifest: ManifestEntry;
}

export async function restore(file: string, targetDir: string, ctx: CallContext = {}): Promise<RestoreReport> {
  if (typeof file !== 'string' || file.trim() === '') throw new PithError('invalid', 'Say which backup file to restore.');
  const source = path.resolve(file);
  const target = path.resolve(targetDir);
  checkTarget(target);
  const refuse = (why: string) => new PithError('invalid', `${source} cannot be restored: ${why}. Nothing was written.`);
  const cancelled = () => new PithError('cancelled', 'Restore cancelled; nothing was written.');

  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(source, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true });
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new PithError('not-found', `No backup file at ${source}.`);
    if (code?.startsWith('E')) throw new PithError('invalid', `${source} cannot be read: ${describeFsError(error)}.`);
    throw refuse(`it is not a zip file, or it is damaged or truncated (${(error as Error).message})`);
  }
  try {
    // 1. Names, kinds and the manifest, from the central directory alone.
    const byName = new Map<string, yauzl.Entry>();
    const seen = new Set<string>();
    try {
      for await (const entry of zip.eachEntry()) {
        const name = entryName(entry);
        const shown = JSON.stringify(name);
        const unsafe = unsafeNameReason(name);
        if (unsafe) throw refuse(`an entry ${unsafe}: ${shown}`);
        const key = name.normalize('NFC').toLowerCase();
        if (seen.has(key)) throw refuse(`the entry ${shown} appears twice`);
        seen.add(key);
        const kind = entryKind(entry);
        if (kind === 'symlink') throw refuse(`the entry ${shown} is a symbolic link`);
        if (kind === 'other') throw refuse(`the entry ${shown} is not a regular file`);
        if (name.endsWith('/')) {
          if (isExpectedDirectory(name) && entry.uncompressedSize === 0) continue;
          throw refuse(`the entry ${shown} is an unexpected folder`);
        }
        if (kind === 'directory') throw refuse(`the entry ${shown} is an unexpected folder`);
        if (!isExpectedName(name)) throw refuse(`the entry ${shown} does not belong in a Pith backup`);
        if (entry.isEncrypted()) throw refuse(`the entry ${shown} is encrypted`);
        if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw refuse(`the entry ${shown} uses an unknown compression method`);
        byName.set(name, entry);
      }
    } catch (error) {
      if (error instanceof PithError) throw error;
      throw refuse(`it is damaged or truncated (${(error as Error).message})`);
    }
    const manifestEntry = byName.get(MANIFEST_NAME);
    if (!manifestEntry) throw refuse('it has no manifest.json (it is not a Pith backup)');
    if (manifestEntry.uncompressedSize > MANIFEST_LIMIT) throw refuse('its manifest.json is implausibly large');
    let manifest: BackupManifest;
    try {
      manifest = parseManifest(await readEntry(zip, manifestEntry, Math.min(MANIFEST_LIMIT, manifestEntry.uncompressedSize)));
    } catch (error) {
      if (error instanceof PithError) throw error;
      throw refuse((error as Error).message);
    }
    const listed = new Set(manifest.entries.map((e) => e.name));
    for (const name of byName.keys()) {
      if (name !== MANIFEST_NAME && !listed.has(name)) throw refuse(`the entry ${name} is not in its manifest`);
    }
    const checked: CheckedEntry[] = [];
    for (const m of manifest.entries) {
      const entry = byName.get(m.name);
      if (!entry) throw refuse(`${m.name} is missing (the backup is incomplete)`);
      if (entry.uncompressedSize !== m.size) throw refuse(`${m.name} has a different size than its manifest says`);
      checked.push({ name: m.name, entry, manifest: m });
    }
    const totalBytes = checked.reduce((sum, c) => sum + c.manifest.size, 0);
    checkSpace(path.dirname(target), totalBytes);
    // The database first: its header is judged from its first bytes, so a hostile one is refused
    // before gigabytes of originals are inflated.
    checked.sort((a, b) => (a.name === DB_ENTRY ? -1 : b.name === DB_ENTRY ? 1 : 0));

    // 2. Stream every entry into a hidden folder beside the target: hashed as it flows, with no
    //    more than a chunk of it in memory, cut off past the size its manifest declares. Then the
    //    database's integrity, checked on the staged file by path (a database of any size), and
    //    the folder is renamed into place. Any refusal removes the folder: nothing was written.
    const total = checked.length + 1;
    let documents = 0;
    let staging: string;
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      staging = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.restore-`));
    } catch (error) {
      throw new PithError('invalid', `Cannot create ${target}: ${describeFsError(error)}. Nothing was written.`);
    }
    try {
      fs.mkdirSync(path.join(staging, FILES_DIR));
      for (const [i, c] of checked.entries()) {
        if (ctx.signal?.aborted) throw cancelled();
        ctx.onProgress?.({ taskId: 'restore', phase: 'restore', done: i, total, current: c.name });
        const dest = path.join(staging, ...(c.name === DB_ENTRY ? [DB_FILE] : c.name.split('/')));
        if (!dest.startsWith(staging + path.sep)) throw refuse(`the entry ${c.name} points outside the folder`);
        fs.mkdirSync(path.dirname(dest), { recursive: true });
        const head = c.name === DB_ENTRY ? (first: Buffer) => checkDatabaseHeader(first, c.manifest.size, refuse) : undefined;
        const sha256 = await extractEntry(zip, c.entry, dest, c.manifest.size, head).catch((error: Error) => {
          if (error instanceof PithError) throw error;
          // yauzl counts the inflated bytes against the zip's header too, and may notice first.
          if (error instanceof EntryTooLarge || /^too many bytes in the stream/.test(error.message)) throw refuse(`${c.name} inflates to more than the ${c.manifest.size} bytes its manifest declares`);
          // The disk (full, read-only, failing) rather than the backup: said in words.
          if (isFsError(error)) throw new PithError('internal', `Restore failed: ${describeFsError(error)}. Nothing was written to ${target}.`);
          throw refuse(`${c.name} cannot be read: it is damaged or truncated (${error.message})`);
        });
        if (sha256 !== c.manifest.sha256) throw refuse(`${c.name} does not match its checksum (the backup is damaged)`);
      }
      if (ctx.signal?.aborted) throw cancelled();
      ctx.onProgress?.({ taskId: 'restore', phase: 'restore', done: checked.length, total, current: DB_ENTRY });
      documents = checkDatabase(path.join(staging, DB_FILE), refuse);
      if (ctx.signal?.aborted) throw cancelled();
      if (fs.existsSync(target)) fs.rmdirSync(target); // empty, checked above; fails if someone wrote to it since
      fs.renameSync(staging, target);
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      if (error instanceof PithError) throw error;
      throw new PithError('internal', `Restore failed: ${describeFsError(error)}. Nothing was written to ${target}.`);
    }
    ctx.onProgress?.({ taskId: 'restore', phase: 'restore', done: total, total, current: null });
    return { dir: target, documents, originals: checked.length - 1, bytes: totalBytes };
  } finally {
    zip.close();
  }
}

function checkTarget(target: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(target);
  } catch {
    return; // absent: fine
  }
  if (!stat.isDirectory()) throw new PithError('exists', `${target} exists and is not a folder; restore into an empty or new folder.`);
  if (fs.readdirSync(target).length > 0)
    throw new PithError('exists', `${target} is not empty; restore into an empty or new folder. Nothing was written.`);
}

function checkSpace(dir: string, bytes: number): void {
  let free: number;
  let existing = dir;
  while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
  try {
    const s = fs.statfsSync(existing);
    free = s.bavail * s.bsize;
  } catch {
    return; // free space cannot be read here (some file systems); the writes will say
  }
  if (free < bytes * 1.02 + 16 * 1024 * 1024)
    throw new PithError('invalid', `Not enough free disk space to restore: ${fmt(bytes)} needed, ${fmt(free)} free. Nothing was written.`);
}

function fmt(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GB` : `${Math.ceil(bytes / 1024 ** 2)} MB`;
}

/** The entry's name as stored: UTF-8 when flagged so, else bytes as Latin-1 (any non-ASCII then fails the name rules). */
function entryName(entry: yauzl.Entry): string {
  const raw = entry.fileName as unknown as Buffer | string;
  if (typeof raw === 'string') return raw;
  return (entry.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

/** File type from the Unix mode in the external attributes (zips made on Unix), else from the DOS bits. */
function entryKind(entry: yauzl.Entry): 'file' | 'directory' | 'symlink' | 'other' {
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  const mode = (entry.externalFileAttributes >>> 16) & 0o170000;
  if (madeOnUnix && mode !== 0) {
    if (mode === 0o120000) return 'symlink';
    if (mode === 0o040000) return 'directory';
    if (mode === 0o100000) return 'file';
    return 'other';
  }
  return (entry.externalFileAttributes & 0x10) !== 0 ? 'directory' : 'file';
}

/** A small entry (the manifest) read whole, never past `limit` bytes whatever its header says. */
async function readEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, limit: number): Promise<Buffer> {
  const stream = await zip.openReadStreamPromise(entry);
  const chunks: Buffer[] = [];
  let bytes = 0;
  for await (const chunk of stream) {
    bytes += (chunk as Buffer).length;
    if (bytes > limit) {
      stream.destroy();
      throw new Error('it inflates past its declared size');
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Thrown when an entry inflates past the size its manifest declares (a zip bomb, or a lying manifest). */
class EntryTooLarge extends Error {}

/** Bytes of the database header judged before the rest of the database is inflated. */
const DB_HEADER_BYTES = 100;

/**
 * Streams one entry into `dest` (a fresh file), hashing it as it flows; fails past `size` bytes
 * (yauzl checks the zip's own sizes too; this does not trust them). `head`, when given, sees the
 * first DB_HEADER_BYTES bytes before anything else is written and may throw to refuse the entry.
 */
async function extractEntry(zip: yauzl.ZipFile, entry: yauzl.Entry, dest: string, size: number, head?: (first: Buffer) => void): Promise<string> {
  const stream = await zip.openReadStreamPromise(entry);
  const hash = crypto.createHash('sha256');
  let seen = 0;
  let pending: Buffer[] | null = head ? [] : null;
  let pendingBytes = 0;
  /** The first bytes gathered so far, handed to `head` once; an Error when it refuses them. */
  const releaseHead = (): Buffer | Error => {
    const first = Buffer.concat(pending!);
    pending = null;
    try {
      head!(first);
      return first;
    } catch (error) {
      return error as Error;
    }
  };
  const tap = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      seen += chunk.length;
      if (seen > size) return cb(new EntryTooLarge());
      hash.update(chunk);
      if (!pending) return cb(null, chunk);
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes < DB_HEADER_BYTES && seen < size) return cb();
      const first = releaseHead();
      if (first instanceof Error) return cb(first);
      cb(null, first);
    },
    flush(cb) {
      if (pending) {
        const first = releaseHead();
        if (first instanceof Error) return cb(first);
        this.push(first);
      }
      cb();
    },
  });
  // 'wx': a fresh file in our own fresh folder; never follows or replaces anything already there.
  const out = fs.createWriteStream(dest, { flags: 'wx', mode: 0o600, highWaterMark: 1 << 20 });
  await pipeline(stream, tap, out);
  if (seen !== size) throw new Error(`${seen} bytes instead of ${size}`);
  const fd = fs.openSync(dest, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

/**
 * Judges an SQLite database from its first 100 bytes and the size its manifest declares: the
 * magic string, a page size SQLite can have, a size that is a whole number of pages, and (where
 * the header's page count is valid) that count times the page size. A hostile entry (a header,
 * then a gigabyte of zeros) is refused here, before it is inflated.
 */
export function checkDatabaseHeader(head: Buffer, size: number, refuse: (why: string) => PithError): void {
  if (head.length < DB_HEADER_BYTES || head.toString('latin1', 0, 16) !== 'SQLite format 3\u0000') throw refuse('its database is not an SQLite database');
  const raw = head.readUInt16BE(16);
  const pageSize = raw === 1 ? 65536 : raw;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw refuse('its database has an impossible page size (it is damaged)');
  if (size % pageSize !== 0) throw refuse(`its database is not a whole number of ${pageSize}-byte pages (it is damaged)`);
  const pages = head.readUInt32BE(28);
  const countValid = head.readUInt32BE(24) === head.readUInt32BE(92);
  if (countValid && pages !== 0 && pages * pageSize !== size)
    throw refuse(`its database header says ${pages} pages of ${pageSize} bytes, but the entry holds ${size} bytes (it is damaged)`);
}

/**
 * Opens the staged database by path (any size; nothing of it is loaded into memory) and runs
 * the full PRAGMA integrity_check; also refuses a schema newer than this Pith knows. Returns its
 * document count. The staged file is ours alone, in a folder nobody else knows yet.
 */
function checkDatabase(file: string, refuse: (why: string) => PithError): number {
  const head = Buffer.alloc(DB_HEADER_BYTES);
  const fd = fs.openSync(file, 'r');
  try {
    fs.readSync(fd, head, 0, DB_HEADER_BYTES, 0);
  } finally {
    fs.closeSync(fd);
  }
  checkDatabaseHeader(head, fs.statSync(file).size, refuse);
  // A WAL-mode header (file format 2) cannot be opened read-only without its -shm; the staged
  // copy is opened read-write then (integrity_check only reads), and SQLite tidies its -wal/-shm.
  const wal = head[18] === 2 || head[19] === 2;
  let facts: DatabaseFileFacts;
  try {
    facts = inspectDatabaseFile(file, { readonly: !wal });
  } catch (error) {
    throw refuse(`its database is damaged (${(error as Error).message})`);
  }
  if (facts.check !== 'ok') throw refuse(`its database fails SQLite's integrity check (${facts.check})`);
  if (facts.version > latestVersion())
    throw refuse(`it was made by a newer version of Pith (schema ${facts.version}, this one knows ${latestVersion()}); update Pith to restore it`);
  if (!facts.isArchive) throw refuse('its database is not a Pith archive');
  return facts.documents;
}
