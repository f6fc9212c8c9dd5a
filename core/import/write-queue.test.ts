import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/open.ts';
import { WriteQueue } from './write-queue.ts';

let db: Db;
afterEach(() => db?.close());

function open(): Db {
  db = openDatabase(fs.mkdtempSync(path.join(os.tmpdir(), 'pith-wq-')));
  db.exec('CREATE TABLE t (x TEXT NOT NULL UNIQUE)');
  return db;
}

const rows = () => (db.prepare('SELECT x FROM t ORDER BY x').all() as { x: string }[]).map((r) => r.x);

describe('WriteQueue', () => {
  it('commits a group in one transaction and resolves each write with its value', async () => {
    open();
    const queue = new WriteQueue(db, { maxDocuments: 3 });
    const written = ['a', 'b', 'c'].map((x) => queue.enqueue(() => db.prepare('INSERT INTO t VALUES (?)').run(x).changes));
    await expect(Promise.all(written)).resolves.toEqual([1, 1, 1]);
    expect(rows()).toEqual(['a', 'b', 'c']);
  });

  it('keeps the other writes of a group when one fails, and undoes all of the failing one', async () => {
    open();
    db.prepare('INSERT INTO t VALUES (?)').run('taken');
    const queue = new WriteQueue(db, { maxDocuments: 100 });
    const insert = (...xs: string[]) => () => xs.forEach((x) => db.prepare('INSERT INTO t VALUES (?)').run(x));
    const first = queue.enqueue(insert('a'));
    // Writes 'b' and then fails on 'taken': 'b' must not stay.
    const failing = queue.enqueue(insert('b', 'taken'));
    const last = queue.enqueue(insert('c'));
    queue.flush();
    await expect(first).resolves.toBeUndefined();
    await expect(failing).rejects.toThrow(/UNIQUE/);
    await expect(last).resolves.toBeUndefined();
    expect(rows()).toEqual(['a', 'c', 'taken']);
  });

  it('commits what waits after maxDelayMs without a flush', async () => {
    open();
    const queue = new WriteQueue(db, { maxDocuments: 100, maxDelayMs: 5 });
    await queue.enqueue(() => db.prepare('INSERT INTO t VALUES (?)').run('later'));
    expect(db.inTransaction).toBe(false);
    expect(rows()).toEqual(['later']);
  });
});
