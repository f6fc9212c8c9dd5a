import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import Database from 'better-sqlite3';
import { openDatabase } from '../../db/open.ts';
import { isPithError, type ProgressEvent } from '../api.ts';
import { addAnnotation, addDocument, hasTool, makeArchive, makePdf, run, SAMPLE_TEXT, tempDir } from '../export/test-fixtures.ts';
import { backup, restore } from './backup.ts';

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

async function archiveWithDocuments() {
  const { dir, db } = makeArchive();
  const work = tempDir('pith-backup-');
  cleanup.push(dir, work);
  const made = await makePdf([['A PDF page about Priština.']]);
  const a = addDocument(db, dir, { title: 'NATO Rutte visit', body: SAMPLE_TEXT, tags: ['nato'] });
  addAnnotation(db, a.id, { quote: 'will not allow a security vacuum to emerge', comment: 'Key' });
  addDocument(db, dir, { title: 'A PDF', kind: 'pdf', body: made.body, original: made.bytes, pageStarts: made.pageStarts, layouts: made.layouts });
  // A stray temporary file from an interrupted import is not an original.
  fs.writeFileSync(path.join(dir, 'files', 'stray.tmp'), 'x');
  return { dir, db, work };
}

function sha(bytes: Uint8Array): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/** A zip made with yazl, which lets a test give any (non-traversing) name and Unix mode. */
function yazlZip(entries: { name: string; data: Buffer; mode?: number }[]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const e of entries) zip.addBuffer(e.data, e.name, e.mode ? { mode: e.mode } : {});
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** A zip written byte by byte (stored entries), for names yazl refuses to write: "../x", "/x", "C:\x". */
function rawZip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const crc = zlib.crc32(e.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(0, 8); // stored
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(e.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += 30 + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

function manifestFor(entries: { name: string; data: Buffer }[]): Buffer {
  return Buffer.from(
    JSON.stringify({
      format: 'pith-backup',
      version: 1,
      created: new Date().toISOString(),
      schemaVersion: 1,
      documents: 0,
      entries: entries.map((e) => ({ name: e.name, size: e.data.length, sha256: sha(e.data) })),
    }),
  );
}

/** A valid, tiny Pith database image. */
function dbImage(): Buffer {
  const dir = tempDir('pith-img-');
  cleanup.push(dir);
  const db = openDatabase(dir);
  db.pragma('journal_mode = DELETE');
  db.close();
  return fs.readFileSync(path.join(dir, 'pith.db'));
}

/** Restoring `zip` must fail with a message matching `reason` and leave no trace. */
async function expectRefused(zip: Buffer, reason: RegExp) {
  const work = tempDir('pith-hostile-');
  cleanup.push(work);
  const file = path.join(work, 'backup.zip');
  fs.writeFileSync(file, zip);
  const target = path.join(work, 'restored');
  const error = await restore(file, target).catch((e: unknown) => e);
  expect(isPithError(error), String(error)).toBe(true);
  expect((error as Error).message).toMatch(reason);
  expect((error as Error).message).toContain('Nothing was written');
  expect(fs.readdirSync(work)).toEqual(['backup.zip']); // no target, no staging folder
  // Nothing escaped either.
  expect(fs.existsSync(path.join(path.dirname(work), 'evil'))).toBe(false);
}

describe('backup and restore', () => {
  it('backs up the database and every original, and restores them into a new folder', async () => {
    const { dir, db, work } = await archiveWithDocuments();
    const file = path.join(work, 'archive.pithbackup');
    const events: ProgressEvent[] = [];
    const result = await backup(db, dir, file, {}, { onProgress: (e) => events.push(e) });
    expect(result.file).toBe(file);
    expect(result.bytes).toBe(fs.statSync(file).size);
    expect(events.at(-1)).toMatchObject({ phase: 'backup', done: events.at(-1)!.total });
    expect(fs.readdirSync(work)).toEqual(['archive.pithbackup']); // no temporary files left

    if (hasTool('unzip')) {
      // Info-ZIP reads it and checks every entry's CRC.
      expect(run('unzip', ['-t', file])).toMatch(/No errors detected/);
      const names = run('unzip', ['-Z1', file]).trim().split('\n').sort();
      const originals = (db.prepare('SELECT sha256 FROM documents').all() as { sha256: string }[]).map((r) => `files/${r.sha256.slice(0, 2)}/${r.sha256}`);
      expect(names).toEqual(['manifest.json', 'pith.db', ...originals].sort());
    } else console.warn('skipped: unzip is not installed; the zip is checked by the restore only');

    const target = path.join(work, 'restored');
    const restored = await restore(file, target);
    expect(restored).toMatchObject({ dir: target, documents: 2, originals: 2 });
    const copy = openDatabase(target);
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      const rows = copy.prepare('SELECT title, sha256 FROM documents ORDER BY id').all() as { title: string; sha256: string }[];
      expect(rows.map((r) => r.title)).toEqual(['NATO Rutte visit', 'A PDF']);
      for (const r of rows) expect(sha(fs.readFileSync(path.join(target, 'files', r.sha256.slice(0, 2), r.sha256)))).toBe(r.sha256);
      expect((copy.prepare('SELECT comment FROM annotations').get() as { comment: string }).comment).toBe('Key');
      expect(copy.prepare("SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH 'Pristina'").get()).toEqual({ n: 2 });
    } finally {
      copy.close();
    }
    expect(fs.existsSync(path.join(target, 'files', 'stray.tmp'))).toBe(false);
  });

  it('backs up while the archive is being written to', async () => {
    const { dir, db, work } = await archiveWithDocuments();
    const writer = new Database(path.join(dir, 'pith.db'));
    const file = path.join(work, 'live.zip');
    const running = backup(db, dir, file);
    for (let i = 0; i < 20; i += 1) addDocument(writer, dir, { title: `Written during backup ${i}`, body: `text ${i}` });
    await running;
    writer.close();
    const target = path.join(work, 'live-restored');
    const restored = await restore(file, target);
    expect(restored.documents).toBeGreaterThanOrEqual(2);
    const copy = openDatabase(target);
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    copy.close();
  });

  it('never overwrites a file without force, and restores only into an empty folder', async () => {
    const { dir, db, work } = await archiveWithDocuments();
    const file = path.join(work, 'b.zip');
    fs.writeFileSync(file, 'mine');
    await expect(backup(db, dir, file)).rejects.toMatchObject({ code: 'exists' });
    expect(fs.readFileSync(file, 'utf8')).toBe('mine');
    await backup(db, dir, file, { force: true });
    const busy = path.join(work, 'busy');
    fs.mkdirSync(busy);
    fs.writeFileSync(path.join(busy, 'keep.txt'), 'keep');
    await expect(restore(file, busy)).rejects.toMatchObject({ code: 'exists' });
    expect(fs.readdirSync(busy)).toEqual(['keep.txt']);
    const empty = path.join(work, 'empty');
    fs.mkdirSync(empty);
    await restore(file, empty);
    expect(fs.existsSync(path.join(empty, 'pith.db'))).toBe(true);
  });

  it('cancels a backup and leaves nothing behind', async () => {
    const { dir, db, work } = await archiveWithDocuments();
    const controller = new AbortController();
    controller.abort();
    await expect(backup(db, dir, path.join(work, 'c.zip'), {}, { signal: controller.signal })).rejects.toMatchObject({ code: 'cancelled' });
    expect(fs.readdirSync(work)).toEqual([]);
  });
});

describe('restore refuses damaged and hostile backups, writing nothing', () => {
  const db = () => ({ name: 'pith.db', data: dbImage() });

  it('a truncated backup', async () => {
    const { dir, db: handle, work } = await archiveWithDocuments();
    const file = path.join(work, 'whole.zip');
    await backup(handle, dir, file);
    const bytes = fs.readFileSync(file);
    await expectRefused(bytes.subarray(0, Math.floor(bytes.length / 2)), /not a zip file, or it is damaged or truncated/);
  });

  it('a backup with a damaged entry', async () => {
    const { dir, db: handle, work } = await archiveWithDocuments();
    const file = path.join(work, 'whole.zip');
    await backup(handle, dir, file);
    const bytes = Buffer.from(fs.readFileSync(file));
    // Flip bytes inside the PDF original (stored uncompressed, so no inflate error gives it away).
    const at = bytes.indexOf('%PDF-');
    expect(at).toBeGreaterThan(0);
    bytes.write('XXXX', at + 200, 'latin1');
    await expectRefused(bytes, /does not match its checksum|damaged/);
  });

  it('a backup without a manifest', async () => {
    await expectRefused(await yazlZip([db()]), /no manifest\.json/);
  });

  it('a manifest listing an entry the backup lacks', async () => {
    const entries = [db()];
    const manifest = JSON.parse(manifestFor([...entries, { name: `files/ab/ab${'0'.repeat(62)}`, data: Buffer.from('x') }]).toString());
    manifest.entries[1].sha256 = `ab${'0'.repeat(62)}`;
    await expectRefused(await yazlZip([...entries, { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }]), /is missing/);
  });

  it('an entry whose checksum does not match', async () => {
    const entries = [db()];
    const manifest = manifestFor(entries);
    entries[0]!.data = Buffer.concat([entries[0]!.data.subarray(0, 100), Buffer.alloc(16, 7), entries[0]!.data.subarray(116)]);
    await expectRefused(await yazlZip([...entries, { name: 'manifest.json', data: manifest }]), /pith\.db does not match its checksum/);
  });

  it('a database that fails the integrity check', async () => {
    const image = dbImage();
    // Scribble over the b-tree page headers after the first page, keeping the file header intact.
    const damaged = Buffer.from(image);
    const pageSize = damaged.readUInt16BE(16);
    for (let p = pageSize; p < damaged.length; p += pageSize) damaged.fill(0xee, p, p + 12);
    const entries = [{ name: 'pith.db', data: damaged }];
    await expectRefused(await yazlZip([...entries, { name: 'manifest.json', data: manifestFor(entries) }]), /integrity check|database is damaged/);
  });

  it('a file that is not a database', async () => {
    const entries = [{ name: 'pith.db', data: Buffer.from('hello') }];
    await expectRefused(await yazlZip([...entries, { name: 'manifest.json', data: manifestFor(entries) }]), /not an SQLite database/);
  });

  it('an entry that does not belong in a backup', async () => {
    const entries = [db(), { name: 'run-me.sh', data: Buffer.from('#!/bin/sh\n') }];
    await expectRefused(await yazlZip([...entries, { name: 'manifest.json', data: manifestFor(entries) }]), /does not belong in a Pith backup|unexpected entry/);
  });

  it('a symbolic link', async () => {
    const name = `files/ab/ab${'1'.repeat(62)}`;
    const entries = [db(), { name, data: Buffer.from('/etc/passwd'), mode: 0o120777 }];
    await expectRefused(await yazlZip([...entries, { name: 'manifest.json', data: manifestFor(entries) }]), /symbolic link/);
  });

  it('the same entry twice', async () => {
    const entries = [db(), db()];
    await expectRefused(await yazlZip([...entries, { name: 'manifest.json', data: manifestFor([entries[0]!]) }]), /appears twice/);
  });

  const hostile: [string, RegExp][] = [
    ['../evil', /points outside the folder/],
    ['files/../../evil', /points outside the folder/],
    ['/tmp/evil', /absolute path/],
    ['C:/evil', /drive letter/],
    ['C:\\evil', /backslash/],
    ['files\\..\\..\\evil', /backslash/],
    ['files//ab', /empty or "\." path segment/],
    ['./pith.db', /empty or "\." path segment/],
    ['evil\u0000.txt', /control characters/],
  ];
  for (const [name, reason] of hostile) {
    it(`an entry named ${JSON.stringify(name)}`, async () => {
      const entries = [db(), { name, data: Buffer.from('pwned') }];
      await expectRefused(rawZip([...entries, { name: 'manifest.json', data: manifestFor([entries[0]!]) }]), reason);
    });
  }

  it('a manifest that names a hostile path', async () => {
    const entries = [db()];
    const manifest = JSON.parse(manifestFor(entries).toString());
    manifest.entries.push({ name: '../evil', size: 5, sha256: sha(Buffer.from('pwned')) });
    await expectRefused(await yazlZip([...entries, { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }]), /points outside/);
  });

  it('a backup from a newer Pith', async () => {
    const entries = [db()];
    const manifest = JSON.parse(manifestFor(entries).toString());
    manifest.version = 99;
    await expectRefused(await yazlZip([...entries, { name: 'manifest.json', data: Buffer.from(JSON.stringify(manifest)) }]), /newer version of Pith/);
  });

  it('a file that is not a zip at all', async () => {
    await expectRefused(Buffer.from('just some text, not a backup'), /not a zip file/);
  });

  it('says so when the backup file does not exist', async () => {
    const work = tempDir('pith-missing-');
    cleanup.push(work);
    await expect(restore(path.join(work, 'nope.zip'), path.join(work, 't'))).rejects.toMatchObject({ code: 'not-found' });
  });
});
