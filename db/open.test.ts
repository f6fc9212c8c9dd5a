import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ArchiveError, latestVersion, openDatabase, type Db } from './open.ts';
import { migrations } from './migrations.ts';
import { compactPageRuns, getPageLayout, getPageLayouts, insertDocument, insertPageLayouts, pdfDocumentsWithoutGlyphEdges, replacePageLayouts } from './documents.ts';

const dirs: string[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-db-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function addDocument(db: Db, title: string, body: string): number {
  const at = new Date().toISOString();
  return insertDocument(db, {
    uuid: `${title}-uuid`,
    title,
    authors: '[]',
    published: null,
    source_path: null,
    source_url: null,
    kind: 'txt',
    mime: 'text/plain',
    sha256: `${title}-sha`,
    size: body.length,
    pages: null,
    page_starts: null,
    body,
    note: null,
    imported_at: at,
    created_at: at,
    updated_at: at,
  });
}

describe('openDatabase', () => {
  it('creates an archive folder with pith.db in WAL mode and files/', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    expect(fs.existsSync(path.join(dir, 'pith.db'))).toBe(true);
    expect(fs.statSync(path.join(dir, 'files')).isDirectory()).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    db.close();
  });

  it('keeps the full-text index in sync and folds diacritics both ways', () => {
    const db = openDatabase(tempDir());
    const id = addDocument(db, 'Visit', 'Rutte visited Priština and Sarajevo.');
    addDocument(db, 'Other', 'Nothing about that city.');
    const match = (q: string) =>
      (db.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?').all(q) as { rowid: number }[]).map((r) => r.rowid);
    expect(match('pristina')).toEqual([id]);
    expect(match('"Priština"')).toEqual([id]);
    db.prepare('UPDATE documents SET body = ? WHERE id = ?').run('Now about Belgrade only.', id);
    expect(match('pristina')).toEqual([]);
    expect(match('belgrade')).toEqual([id]);
    db.prepare('DELETE FROM documents WHERE id = ?').run(id);
    expect(match('belgrade')).toEqual([]);
    expect(db.prepare("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')").run()).toBeTruthy();
    db.close();
  });

  it('keeps tag names in the index when tags are added and renamed', () => {
    const db = openDatabase(tempDir());
    const id = addDocument(db, 'Tagged', 'Body text.');
    const at = new Date().toISOString();
    db.prepare("INSERT INTO tags (uuid, name, color, created_at, updated_at) VALUES ('t1', 'security', 'red', ?, ?)").run(at, at);
    db.prepare('INSERT INTO document_tags (document_id, tag_id) VALUES (?, 1)').run(id);
    const match = (q: string) => db.prepare('SELECT count(*) AS n FROM documents_fts WHERE documents_fts MATCH ?').get(q) as { n: number };
    expect(match('tags_text:security').n).toBe(1);
    db.prepare("UPDATE tags SET name = 'defence' WHERE id = 1").run();
    expect(match('tags_text:security').n).toBe(0);
    expect(match('tags_text:defence').n).toBe(1);
    db.prepare('DELETE FROM tags WHERE id = 1').run();
    expect(match('tags_text:defence').n).toBe(0);
    db.close();
  });

  it('migrates an older archive after copying its database aside', () => {
    const dir = tempDir();
    const v0 = [{ version: 1, description: 'first', sql: 'CREATE TABLE a (x INTEGER);' }];
    openDatabase(dir, { migrations: v0 }).close();
    const v1 = [...v0, { version: 2, description: 'second', sql: 'ALTER TABLE a ADD COLUMN y TEXT;' }];
    const db = openDatabase(dir, { migrations: v1 });
    expect(db.pragma('user_version', { simple: true })).toBe(2);
    db.close();
    const backups = fs.readdirSync(dir).filter((f) => f.startsWith('pith.db.v1-') && f.endsWith('.bak'));
    expect(backups).toHaveLength(1);
  });

  it('migration 6: page runs stored before it stay readable, new ones are stored compactly', () => {
    const dir = tempDir();
    const old = openDatabase(dir, { migrations: migrations.filter((m) => m.version <= 5) });
    const id = addDocument(old, 'manual', 'Hello world');
    old.prepare('INSERT INTO pdf_pages (document_id, page, width, height, runs) VALUES (?, 1, 612, 792, ?)').run(id, '[[0,5,72,700,25,10],[6,11,100,700,25,10]]');
    old.close();
    const db = openDatabase(dir);
    expect(db.pragma('user_version', { simple: true })).toBe(latestVersion());
    expect(getPageLayout(db, id, 1)).toEqual({ page: 1, width: 612, height: 792, runs: [[0, 5, 72, 700, 25, 10], [6, 11, 100, 700, 25, 10]] });
    const runs = [[0, 5, 72, 700, 25, 10, 5.5, 11, 16.25, 20.5]];
    insertPageLayouts(db, id, [{ page: 2, width: 612, height: 792, runs }]);
    expect(getPageLayouts(db, id).map((p) => p.runs)).toEqual([[[0, 5, 72, 700, 25, 10], [6, 11, 100, 700, 25, 10]], runs]);
    expect(db.prepare('SELECT typeof(runs) AS t FROM pdf_pages WHERE page = 2').get()).toEqual({ t: 'blob' });
    db.prepare("UPDATE documents SET kind = 'pdf' WHERE id = ?").run(id);
    expect(pdfDocumentsWithoutGlyphEdges(db, 0, 10).map((d) => d.id)).toEqual([id]); // page 1 is JSON
    compactPageRuns(db, id);
    expect(pdfDocumentsWithoutGlyphEdges(db, 0, 10)).toEqual([]);
    expect(getPageLayout(db, id, 1)?.runs).toEqual([[0, 5, 72, 700, 25, 10], [6, 11, 100, 700, 25, 10]]);
    replacePageLayouts(db, id, [{ page: 1, width: 600, height: 800, runs }]);
    expect(getPageLayouts(db, id)).toEqual([{ page: 1, width: 600, height: 800, runs }]);
    db.prepare('DELETE FROM documents WHERE id = ?').run(id);
    expect(db.prepare('SELECT count(*) AS n FROM pdf_pages').get()).toEqual({ n: 0 }); // still cascades
    db.close();
  });

  it('rolls a failing migration back and leaves the archive as it was', () => {
    const dir = tempDir();
    const v0 = [{ version: 1, description: 'first', sql: 'CREATE TABLE a (x INTEGER);' }];
    openDatabase(dir, { migrations: v0 }).close();
    const broken = [...v0, { version: 2, description: 'broken', sql: 'CREATE TABLE b (x); THIS IS NOT SQL;' }];
    expect(() => openDatabase(dir, { migrations: broken })).toThrow(ArchiveError);
    const db = openDatabase(dir, { migrations: v0 });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'b'").get()).toBeUndefined();
    db.close();
  });

  it('refuses an archive made by a newer version and leaves it untouched', () => {
    const dir = tempDir();
    const db = openDatabase(dir);
    db.pragma(`user_version = ${migrations.length + 5}`);
    db.close();
    const before = fs.readFileSync(path.join(dir, 'pith.db'));
    expect(() => openDatabase(dir)).toThrow(/newer version of Pith/);
    expect(fs.readFileSync(path.join(dir, 'pith.db')).equals(before)).toBe(true);
  });

  it('says plainly when the database file is not an archive', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'pith.db'), 'this is not a database at all, just text '.repeat(100));
    expect(() => openDatabase(dir)).toThrow(/not a Pith archive database/);
  });
});
