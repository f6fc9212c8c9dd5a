// A group library on a real CouchDB-protocol server: set up by `pith group`, a non-member is
// refused, and a member's edit of another member's annotation is refused by the server's own
// validation function (not only by the app).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pith } from '../pith.ts';
import { syncArchive } from './index.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const root = path.resolve(import.meta.dirname, '../..');
let server: TestServer;
let work: string;

beforeAll(async () => {
  server = await startTestServer();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-group-'));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(server?.dir ?? '', { recursive: true, force: true });
});

function pith(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [path.join(root, 'bin/pith.js'), '--archive', path.join(work, 'unused'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
  });
}

describe('group libraries', () => {
  it('lets members in, keeps others out, and lets only an annotation\'s author change it', async () => {
    const db = `${server.url}/lab`;
    // pouchdb-server crashes creating databases once an admin exists (pouchdb/pouchdb-server#374):
    // the group is set up first, in its "admin party", then the administrator is configured.
    expect(pith(['group', 'create', db]).status).toBe(0);
    for (const user of ['ana', 'bo', 'cy']) {
      const added = pith(['group', 'add', '--json', db, user], { PITH_MEMBER_PASSWORD: `pw-${user}` });
      expect(added.status, added.stderr).toBe(0);
    }
    const removed = pith(['group', 'remove', '--json', db, 'cy']);
    expect(JSON.parse(removed.stdout)).toEqual({ members: ['ana', 'bo'] });
    const admin = await fetch(`${server.url}/_config/admins/admin`, { method: 'PUT', body: JSON.stringify('admin-pw') });
    expect(admin.ok).toBe(true);

    const a = path.join(work, 'ana');
    const b = path.join(work, 'bo');
    const c = path.join(work, 'cy');
    const file = path.join(work, 'minutes.md');
    fs.writeFileSync(file, '# Lab minutes\n\nWe agreed to code the interviews from Prizren first.\n');
    const ids = await (async () => {
      const api = Pith.open(a);
      try {
        await api.importPaths({ paths: [file] });
        const doc = (await api.listDocuments()).documents[0]!;
        const h = await api.addAnnotation({ documentId: doc.id, quote: 'interviews from Prizren', comment: 'ana: start here' });
        return { doc: doc.id, h: h.id };
      } finally {
        await api.close();
      }
    })();

    expect((await syncArchive(a, { url: `http://ana@127.0.0.1:${new URL(server.url).port}/lab`, password: 'pw-ana' })).errors).toEqual([]);
    expect((await syncArchive(b, { url: db, user: 'bo', password: 'pw-bo' })).errors).toEqual([]);

    // Bo sees Ana's annotation, with her name on it, and may not change it: the server says no.
    const api = Pith.open(b);
    try {
      const h = (await api.listAnnotations({})).annotations.find((x) => x.id === ids.h)!;
      expect(h).toMatchObject({ comment: 'ana: start here', author: 'ana' });
      // The archive refuses at once, in words…
      await expect(api.updateAnnotation({ id: ids.h, comment: 'bo rewrote this' })).rejects.toThrow(
        /Only its author \(ana\) may change this annotation in the group library; add a note to it instead/,
      );
      await expect(api.deleteAnnotation({ id: ids.h })).rejects.toThrow(/Only its author \(ana\) may delete/);
      // …and the server refuses too: a change written past the app (here straight into pith.db).
      api.db.prepare('UPDATE annotations SET comment = ?, updated_at = ? WHERE uuid = ?').run('bo rewrote this', new Date().toISOString(), ids.h);
      const note = await api.addAnnotation({ documentId: h.documentId, kind: 'note', text: 'bo: agreed', parentId: ids.h });
      expect(note.parentId).toBe(ids.h);
    } finally {
      await api.close();
    }
    const refused = await syncArchive(b, { url: db, user: 'bo', password: 'pw-bo' });
    expect(refused.errors).toEqual([expect.stringMatching(/refused a change: Only its author \(ana\) may change or delete this annotation/)]);
    const server1 = (await (await fetch(`${db}/ann:${ids.h}`, { headers: { authorization: `Basic ${Buffer.from('ana:pw-ana').toString('base64')}` } })).json()) as {
      f: { comment: string };
    };
    expect(server1.f.comment).toBe('ana: start here');

    // Bo's reply (his own note) did travel.
    const back = await syncArchive(a, { url: db, user: 'ana', password: 'pw-ana' });
    expect(back.errors).toEqual([]);
    const onA = Pith.open(a);
    try {
      const notes = (await onA.listAnnotations({ kind: 'note' })).annotations;
      expect(notes).toMatchObject([{ text: 'bo: agreed', author: 'bo', parentId: ids.h }]);
    } finally {
      await onA.close();
    }

    // Not a member: refused, in words.
    await expect(syncArchive(c, { url: db, user: 'cy', password: 'pw-cy' })).rejects.toThrow(/does not let this user into the database/);
    await expect(syncArchive(c, { url: db, user: 'bo', password: 'wrong' })).rejects.toThrow(/refused the user name or password/);
  }, 120_000);
});
