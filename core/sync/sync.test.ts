// Two archives and a real CouchDB-protocol server (pouchdb-server on 127.0.0.1): what one archive
// does reaches the other, offline edits on both settle as a researcher expects, originals travel
// in chunks, and a sync killed mid-way leaves both archives whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Pith } from '../pith.ts';
import type { Annotation } from '../types.ts';
import { syncArchive, syncStatus } from './index.ts';
import { startTestServer, type TestServer } from './test-server.ts';

let server: TestServer;
let work: string;

beforeAll(async () => {
  server = await startTestServer();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-sync-'));
}, 60_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(server?.dir ?? '', { recursive: true, force: true });
});

const root = path.resolve(import.meta.dirname, '../..');

function pith(dir: string, ...args: string[]) {
  return spawnSync(process.execPath, [path.join(root, 'bin/pith.js'), '--archive', dir, ...args], { encoding: 'utf8' });
}

function archive(name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

async function withPith<T>(dir: string, run: (api: Pith) => Promise<T>): Promise<T> {
  const api = Pith.open(dir);
  try {
    return await run(api);
  } finally {
    await api.close();
  }
}

async function sync(dir: string, db: string) {
  return syncArchive(dir, { url: `${server.url}/${db}` });
}

/** What two archives must agree on: annotations by id with their content, tags and sync facts. */
function annotationState(dir: string) {
  const db = new Database(path.join(dir, 'pith.db'), { readonly: true });
  try {
    return db
      .prepare(
        `SELECT a.uuid, d.sha256, a.kind, a.color, a.exact, a.start, a."end", a.text, a.comment,
           (SELECT group_concat(name, ' ') FROM (SELECT t.name FROM annotation_tags x JOIN tags t ON t.id = x.tag_id WHERE x.annotation_id = a.id ORDER BY t.name)) AS tags,
           m.author, m.restored, m.conflicts
         FROM annotations a JOIN documents d ON d.id = a.document_id LEFT JOIN sync_annotation_meta m ON m.uuid = a.uuid
         ORDER BY a.uuid`,
      )
      .all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

function documentState(dir: string) {
  const db = new Database(path.join(dir, 'pith.db'), { readonly: true });
  try {
    // tags_text lists tags in the order they were linked; the set is what must agree.
    return (db.prepare('SELECT sha256, title, authors, kind, size, body, tags_text, page_starts FROM documents ORDER BY sha256').all() as { tags_text: string }[]).map(
      (d) => ({ ...d, tags_text: d.tags_text.split(' ').sort().join(' ') }),
    );
  } finally {
    db.close();
  }
}

const ARTICLE = `# Western Balkans security

NATO will not allow a security vacuum to emerge in Priština or anywhere in the region.

## Key Takeaways

- Allies reaffirmed the KFOR mission.
- The dialogue between Belgrade and Priština continues.
`;

describe('sync over CouchDB replication', () => {
  it('carries documents, originals, annotations and tags to a second archive, and settles offline edits on both', async () => {
    const a = archive('A');
    const b = archive('B');
    const md = path.join(work, 'balkans.md');
    fs.writeFileSync(md, ARTICLE);
    const pdf = '/usr/share/R/doc/manual/R-data.pdf';

    const ids = await withPith(a, async (api) => {
      const report = await api.importPaths({ paths: [md, pdf] });
      expect(report.imported).toBe(2);
      const docs = (await api.listDocuments()).documents;
      const article = docs.find((d) => d.title.includes('Western Balkans'))!;
      const manual = docs.find((d) => d.id !== article.id)!;
      await api.tagDocument({ id: article.id, add: ['kosovo'] });
      const h1 = await api.addAnnotation({ documentId: article.id, quote: 'security vacuum', comment: 'the key phrase', tags: ['quote'], color: 'yellow' });
      const h2 = await api.addAnnotation({ documentId: article.id, quote: 'KFOR mission', color: 'green' });
      const note = await api.addAnnotation({ documentId: article.id, kind: 'note', text: 'Compare with the 2024 communiqué.' });
      const onPdf = await api.addAnnotation({ documentId: manual.id, quote: 'R Data Import/Export', comment: 'manual title' });
      return { article: article.id, manual: manual.id, h1: h1.id, h2: h2.id, note: note.id, onPdf: onPdf.id };
    });

    const first = await sync(a, 'library');
    expect(first.errors).toEqual([]);
    expect(first.pushed).toBeGreaterThanOrEqual(2 + 4 + 2); // documents, annotations, tags
    expect(first.files.sent).toBe(2);

    const intoB = await sync(b, 'library');
    expect(intoB.errors).toEqual([]);
    expect(intoB.pulled).toBeGreaterThanOrEqual(8);
    expect(intoB.files).toEqual({ sent: 0, received: 2, pending: 0 });

    // B has the same documents, their originals byte for byte, annotations and tags.
    expect(documentState(b)).toEqual(documentState(a));
    expect(annotationState(b)).toEqual(annotationState(a));
    await withPith(b, async (api) => {
      const docs = (await api.listDocuments()).documents;
      expect(docs).toHaveLength(2);
      const shas = new Map((documentState(a) as unknown as { title: string; sha256: string }[]).map((x) => [x.title, x.sha256]));
      for (const d of docs) {
        const original = await api.getOriginal({ id: d.id });
        const sha = crypto.createHash('sha256').update(original.bytes).digest('hex');
        expect(sha).toBe(shas.get(d.title));
      }
      expect(Buffer.from((await api.getOriginal({ id: docs.find((d) => d.kind === 'pdf')!.id })).bytes).equals(fs.readFileSync(pdf))).toBe(true);
      // Searchable at once: the body, a comment, a tag.
      const body = await api.search({ query: 'Pristina vacuum' });
      expect(body.hits.length).toBeGreaterThan(0);
      const comment = await api.search({ query: '"key phrase"' });
      expect(comment.hits.some((r) => r.kind === 'annotation')).toBe(true);
      expect((await api.search({ query: 'tag:kosovo' })).hits.length).toBeGreaterThan(0);
      const notes = (await api.listAnnotations({ kind: 'note' })).annotations;
      expect(notes.map((n) => n.text)).toEqual(['Compare with the 2024 communiqué.']);
    });

    // Offline on both sides: the server is down.
    await server.stop();
    await withPith(a, async (api) => {
      await api.updateAnnotation({ id: ids.h1, comment: 'edited on A' });
      await api.deleteAnnotation({ id: ids.h2 });
      await api.tagDocument({ id: ids.article, add: ['alpha'] });
    });
    await new Promise((r) => setTimeout(r, 5)); // B's edits are later, by the clock
    const articleOnB = await withPith(b, async (api) => {
      const doc = (await api.listDocuments()).documents.find((d) => d.title.includes('Western Balkans'))!;
      await api.updateAnnotation({ id: ids.h1, comment: 'edited on B' });
      await api.updateAnnotation({ id: ids.h2, comment: 'B still needs this', color: 'red' });
      await api.tagDocument({ id: doc.id, add: ['beta'] });
      return doc.id;
    });
    await expect(sync(a, 'library')).rejects.toThrow(/Cannot reach the sync server at http:\/\/127\.0\.0\.1:\d+\/library/);
    expect(syncStatus(a).lastError).toMatch(/Cannot reach the sync server/);
    expect(syncStatus(a).pendingChanges).toBeGreaterThan(0);
    await server.start();

    for (let round = 0; round < 2; round++) {
      expect((await sync(a, 'library')).errors).toEqual([]);
      expect((await sync(b, 'library')).errors).toEqual([]);
    }

    // Both agree.
    expect(annotationState(b)).toEqual(annotationState(a));
    expect(documentState(b)).toEqual(documentState(a));
    for (const dir of [a, b]) {
      await withPith(dir, async (api) => {
        const all = (await api.listAnnotations({})).annotations;
        const h1 = all.find((x) => x.id === ids.h1)!;
        const h2 = all.find((x) => x.id === ids.h2);
        // The later edit shows; the other is kept as a conflicting version.
        expect(h1.comment).toBe('edited on B');
        const meta = annotationState(dir).find((r) => r.uuid === ids.h1)!;
        expect(JSON.parse(String(meta.conflicts)).map((c: { value: string }) => c.value)).toEqual(['edited on A']);
        // Deleted on A, edited on B: back, with B's edit, marked restored.
        expect(h2).toBeDefined();
        expect(h2!.comment).toBe('B still needs this');
        expect(h2!.color).toBe('red');
        expect(annotationState(dir).find((r) => r.uuid === ids.h2)!.restored).toMatch(/"device"/);
        const docs = (await api.listDocuments()).documents;
        const article = docs.find((d) => d.title.includes('Western Balkans'))!;
        expect([...article.tags].sort()).toEqual(['alpha', 'beta', 'kosovo']);
      });
    }
    expect(articleOnB).toBeTruthy();
    expect(syncStatus(a)).toMatchObject({ configured: true, pendingChanges: 0, filesPending: 0, conflicts: 1, lastError: null });

    // The conflict as `pith annotations --json` shows it, settled from the command line on A.
    const listed = JSON.parse(pith(a, 'annotations', '--json', ids.article).stdout) as { annotations: Annotation[] } | Annotation[];
    const h1 = (Array.isArray(listed) ? listed : listed.annotations).find((x) => x.id === ids.h1)!;
    expect(h1.author).toBe(os.userInfo().username);
    expect(h1.conflicts).toEqual([{ n: 1, field: 'comment', value: 'edited on A', at: expect.any(String), device: os.hostname() }]);
    expect(pith(a, 'annotation', 'resolve', ids.h1, '--keep', '1').status).toBe(0);
    const cli = pith(a, 'sync', '--json', `${server.url}/library`);
    expect(cli.status).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual({ pushed: 1, pulled: 0, conflicts: 0, files: { sent: 0, received: 0, pending: 0 }, errors: [] });
    await sync(b, 'library');
    await withPith(b, async (api) => {
      const settled = (await api.listAnnotations({})).annotations.find((x) => x.id === ids.h1)!;
      expect(settled.comment).toBe('edited on A');
      expect(settled.conflicts).toEqual([]);
    });
    expect(annotationState(b)).toEqual(annotationState(a));
  }, 120_000);
});
