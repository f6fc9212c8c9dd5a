// A backup of an archive whose database is over 2 GiB restores byte-identically.
//
// Before, restore read the staged database whole into one Buffer to check it, and Node refuses
// files over 2 GiB ("File size (…) is greater than 2 GiB"): such a backup could be made but never
// restored. The filler table of zeroblobs makes the big database in seconds (zeros deflate to
// almost nothing, so the zip stays small); every temporary file is removed at the end.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { openDatabase } from '../../db/open.ts';
import { addAnnotation, addDocument, makePdf, SAMPLE_TEXT } from '../export/test-fixtures.ts';
import { backup, restore } from './backup.ts';

const GIB = 1024 ** 3;
const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

/** SHA-256 of a file's bytes from `start` on, streamed (the files here are bigger than a Buffer may be). */
async function hashFrom(file: string, start = 0): Promise<string> {
  const hash = crypto.createHash('sha256');
  for await (const chunk of fs.createReadStream(file, { start, highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * Where the big files go: RAM-backed /dev/shm when it and the machine's memory have room (the
 * test then takes seconds of CPU instead of minutes of disk), else the temp folder if its disk
 * has room; null when neither has (about 4.2 GB at the peak: the archive, and the backup's copy of
 * the database or the restored one).
 */
function bigPlace(): string | null {
  const need = 6 * GIB;
  const free = (dir: string) => {
    try {
      const s = fs.statfsSync(dir);
      return s.bavail * s.bsize;
    } catch {
      return 0;
    }
  };
  if (free('/dev/shm') > need && os.freemem() > need + 2 * GIB) return '/dev/shm';
  return free(os.tmpdir()) > need ? os.tmpdir() : null;
}
const place = bigPlace();
if (!place) console.warn('skipped: the restore of a database over 2 GiB needs 6 GB free in /dev/shm or the temp folder');

function bigTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(place!, prefix));
}

it.skipIf(!place)('restores a backup whose database is over 2 GiB, byte for byte', { timeout: 600_000 }, async () => {
  const t0 = Date.now();
  const dir = bigTempDir('pith-large-archive-');
  const work = bigTempDir('pith-large-');
  cleanup.push(dir, work);
  const db = openDatabase(dir);
  const made = await makePdf([['A PDF page about Priština.']]);
  const a = addDocument(db, dir, { title: 'NATO Rutte visit', body: SAMPLE_TEXT, tags: ['nato'] });
  addAnnotation(db, a.id, { quote: 'will not allow a security vacuum to emerge', comment: 'Key' });
  addDocument(db, dir, { title: 'A PDF', kind: 'pdf', body: made.body, original: made.bytes, pageStarts: made.pageStarts, layouts: made.layouts });
  // 2.06 GiB of zeroblobs in 33 rows of 64 MiB (SQLite's default limit on one value is 1 GB).
  // Written once, not through the WAL and then again by a checkpoint.
  db.pragma('journal_mode = DELETE');
  db.pragma('synchronous = OFF');
  db.exec('CREATE TABLE filler (n INTEGER PRIMARY KEY, b BLOB)');
  const insert = db.prepare('INSERT INTO filler (n, b) VALUES (?, zeroblob(?))');
  db.transaction(() => {
    for (let n = 0; n < 33; n += 1) insert.run(n, 64 * 1024 * 1024);
  })();
  db.pragma('synchronous = NORMAL');
  const dbFile = path.join(dir, 'pith.db');
  const size = fs.statSync(dbFile).size;
  expect(size).toBeGreaterThan(2 * GIB);
  const tFilled = Date.now();

  const file = path.join(work, 'large.pith');
  await backup(db, dir, file);
  const tBackup = Date.now();
  const target = path.join(work, 'restored');
  const restored = await restore(file, target);
  const tRestore = Date.now();
  expect(restored).toMatchObject({ dir: target, documents: 2, originals: 2 });
  expect(restored.bytes).toBeGreaterThan(2 * GIB);

  // The database: every page as it was (the backup's copy differs only in the 100-byte file
  // header, where SQLite keeps its change counter and journal mode), and its rows.
  const restoredDb = path.join(target, 'pith.db');
  expect(fs.statSync(restoredDb).size).toBe(size);
  expect(await hashFrom(restoredDb, 100)).toBe(await hashFrom(dbFile, 100));
  const copy = openDatabase(target);
  try {
    expect(copy.prepare('SELECT count(*) AS n, sum(length(b)) AS bytes FROM filler').get()).toEqual({ n: 33, bytes: 33 * 64 * 1024 * 1024 });
    expect(copy.prepare('SELECT title FROM documents ORDER BY id').all()).toEqual([{ title: 'NATO Rutte visit' }, { title: 'A PDF' }]);
    expect(copy.prepare('SELECT comment FROM annotations').all()).toEqual([{ comment: 'Key' }]);
    // Every original, byte for byte.
    const shas = (copy.prepare('SELECT sha256 FROM documents').all() as { sha256: string }[]).map((r) => r.sha256);
    for (const sha of shas) {
      const rel = path.join('files', sha.slice(0, 2), sha);
      expect(fs.readFileSync(path.join(target, rel)).equals(fs.readFileSync(path.join(dir, rel)))).toBe(true);
    }
  } finally {
    copy.close();
    db.close();
  }
  expect(fs.readdirSync(work).sort()).toEqual(['large.pith', 'restored']); // no staging folder left
  console.log(
    `large restore: database ${(size / GIB).toFixed(2)} GiB, backup ${(fs.statSync(file).size / 1024 ** 2).toFixed(1)} MiB; ` +
      `fill ${((tFilled - t0) / 1000).toFixed(1)} s, backup ${((tBackup - tFilled) / 1000).toFixed(1)} s, restore ${((tRestore - tBackup) / 1000).toFixed(1)} s, ` +
      `checks ${((Date.now() - tRestore) / 1000).toFixed(1)} s`,
  );
});
