// The import pipeline through the API: outcomes, progress, cancel, duplicates, updates.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pith } from '../pith.ts';
import type { ProgressEvent } from '../types.ts';

let work: string;
let pith: Pith;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-import-'));
  pith = Pith.open(path.join(work, 'archive'));
});
afterEach(async () => {
  await pith.close();
  fs.rmSync(work, { recursive: true, force: true });
});

function writeDocs(count: number, folder = 'docs'): string {
  const dir = path.join(work, folder);
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) {
    fs.writeFileSync(path.join(dir, `doc-${String(i).padStart(3, '0')}.txt`), `Document number ${i}\n\nBody of document ${i} about topic${i % 7}.\n`);
  }
  return dir;
}

describe('importPaths', () => {
  it('refuses a second task under the id of a running one (the first stays cancellable)', async () => {
    const dir = writeDocs(40);
    const first = pith.importPaths({ paths: [dir], taskId: 'twice' });
    await expect(pith.importPaths({ paths: [dir], taskId: 'twice' })).rejects.toMatchObject({ code: 'conflict' });
    expect(await pith.cancel({ taskId: 'twice' })).toEqual({ cancelled: true });
    expect((await first).cancelled).toBe(true);
  });

  it('reports progress for every file and imports each once', async () => {
    const dir = writeDocs(12);
    const events: ProgressEvent[] = [];
    const report = await pith.importPaths({ paths: [dir], taskId: 't1' }, { onProgress: (e) => events.push(e) });
    expect(report).toMatchObject({ imported: 12, duplicates: 0, failed: 0, cancelled: false });
    expect(report.results.map((r) => path.basename(r.path))).toEqual(
      Array.from({ length: 12 }, (_, i) => `doc-${String(i).padStart(3, '0')}.txt`),
    );
    const last = events.at(-1)!;
    expect(last).toMatchObject({ taskId: 't1', phase: 'import', done: 12, total: 12 });
    expect(events.every((e, i) => i === 0 || e.done >= events[i - 1]!.done)).toBe(true);
    expect((await pith.listDocuments()).total).toBe(12);
  });

  it('stores a file met twice in one batch once, and calls the second a duplicate', async () => {
    const dir = writeDocs(1);
    fs.copyFileSync(path.join(dir, 'doc-000.txt'), path.join(dir, 'copy.txt'));
    const report = await pith.importPaths({ paths: [dir] });
    expect(report).toMatchObject({ imported: 1, duplicates: 1 });
    const [a, b] = report.results;
    expect(a!.documentId).toBe(b!.documentId);
  });

  it('stops when cancelled and a second run completes the batch', async () => {
    const dir = writeDocs(60);
    const controller = new AbortController();
    const first = await pith.importPaths(
      { paths: [dir] },
      // Abort as the first files start: the files already being read still finish whole.
      { signal: controller.signal, onProgress: () => controller.abort() },
    );
    expect(first.cancelled).toBe(true);
    expect(first.imported).toBeLessThan(60);
    const second = await pith.importPaths({ paths: [dir] });
    expect(second.imported + second.duplicates).toBe(60);
    expect(second.imported).toBe(60 - first.imported);
    expect((await pith.listDocuments()).total).toBe(60);
  });

  it('cancels through cancel({taskId}) as a transport would', async () => {
    const dir = writeDocs(60);
    const running = pith.importPaths(
      { paths: [dir], taskId: 'job' },
      { onProgress: () => void pith.cancel({ taskId: 'job' }) },
    );
    expect((await running).cancelled).toBe(true);
    expect(await pith.cancel({ taskId: 'job' })).toEqual({ cancelled: false });
  });

  it('updates a changed file in place with --update, keeping its id and annotations', async () => {
    const dir = path.join(work, 'docs');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'article.txt');
    fs.writeFileSync(file, 'Article\n\nThe alliance will not allow a security vacuum to emerge in the region.\n');
    const first = await pith.importPaths({ paths: [file] });
    const id = first.results[0]!.documentId!;
    const note = await pith.addAnnotation({ documentId: id, quote: 'security vacuum', occurrence: 1, comment: 'key' });
    fs.writeFileSync(file, 'Article\n\nA new opening paragraph.\n\nThe alliance will not allow a security vacuum to emerge in the region.\n');
    const plain = await pith.importPaths({ paths: [file] });
    expect(plain.imported).toBe(1); // without --update a changed file is a new document
    await pith.deleteDocument({ id: plain.results[0]!.documentId! });
    const updated = await pith.importPaths({ paths: [file], update: true });
    expect(updated.results[0]).toMatchObject({ status: 'updated', documentId: id });
    const doc = await pith.getDocument({ id });
    expect(doc.text).toContain('A new opening paragraph.');
    const moved = doc.annotations.find((a) => a.id === note.id)!;
    expect(moved.anchor).toBe('exact');
    expect(doc.text.slice(moved.position!.start, moved.position!.end)).toBe('security vacuum');
    expect((await pith.search({ query: 'opening' })).hits[0]!.documentId).toBe(id);
    const again = await pith.importPaths({ paths: [file], update: true });
    expect(again.results[0]!.status).toBe('duplicate');
  });

  it('imports uploaded bytes (the browser path) without a source path', async () => {
    const bytes = new TextEncoder().encode('# Uploaded\n\nText from the browser.\n');
    const report = await pith.importFiles({ files: [{ name: 'upload.md', bytes }] });
    expect(report.results[0]).toMatchObject({ path: 'upload.md', status: 'imported', title: 'Uploaded' });
    const doc = await pith.getDocument({ id: report.results[0]!.documentId! });
    expect(doc.source.path).toBeNull();
    expect(doc.kind).toBe('md');
    const original = await pith.getOriginal({ id: doc.id });
    expect(Buffer.from(original.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('keeps each original under files/ by its SHA-256', async () => {
    const dir = writeDocs(3);
    await pith.importPaths({ paths: [dir] });
    const { documents } = await pith.listDocuments();
    for (const d of documents) {
      const doc = await pith.getDocument({ id: d.id });
      const file = path.join(work, 'archive', 'files', doc.sha256.slice(0, 2), doc.sha256);
      expect(fs.existsSync(file)).toBe(true);
    }
  });
});
