// What `pith serve` hands back is decided by the core, and task ids are one per running task:
// a web export of exactly one document (chosen by tag) downloads as that document's file (it was
// `pith-export`, no extension, application/octet-stream); a backup downloads as .zip, the name
// the desktop Restore dialog accepts; a second call under a running task's id is refused (409).
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pith } from '../../core/pith.ts';
import { addAnnotation, addDocument, makeArchive, SAMPLE_TEXT } from '../../core/export/test-fixtures.ts';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;
let pith: Pith;
let base: string;
let archive: string;

beforeAll(async () => {
  const made = makeArchive();
  archive = made.dir;
  const a = addDocument(made.db, archive, { title: 'NATO Rutte visit', body: SAMPLE_TEXT, tags: ['nato'] });
  addAnnotation(made.db, a.id, { quote: 'will not allow a security vacuum to emerge', comment: 'Key' });
  const b = addDocument(made.db, archive, { title: 'Other notes', body: 'Another text about the region.', tags: ['other'] });
  addAnnotation(made.db, b.id, { quote: 'the region' });
  made.db.close();
  pith = Pith.open(archive);
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-http-'));
  server = await startServer({ api: pith, staticDir: base, workDir: path.join(base, 'work') });
});
afterAll(async () => {
  await server.close();
  await pith.close();
  fs.rmSync(base, { recursive: true, force: true });
  fs.rmSync(archive, { recursive: true, force: true });
});

function send(method: 'GET' | 'POST', target: string, body?: unknown): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: server.port,
        agent: false,
        method,
        path: target,
        headers: { Host: `127.0.0.1:${server.port}`, Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

async function exported(request: Record<string, unknown>) {
  const reply = await send('POST', '/api/exportAnnotations', request);
  expect(reply.status, reply.body.toString()).toBe(200);
  const { download } = JSON.parse(reply.body.toString()) as { download: string };
  return send('GET', download);
}

describe('pith serve over HTTP', () => {
  it('downloads an export of exactly one document (chosen by tag) as that document’s Markdown file', async () => {
    const file = await exported({ format: 'md', tag: 'nato' });
    expect(file.headers['content-type']).toBe('text/markdown; charset=utf-8');
    expect(file.headers['content-disposition']).toBe('attachment; filename="NATO_Rutte_visit.md"');
    expect(file.body.toString()).toContain('security vacuum');
  });

  it('downloads an export of one document chosen by id, or of several, as the core wrote it', async () => {
    const ids = (await pith.listDocuments({})).documents.map((d) => d.id);
    const one = await exported({ format: 'md', documentIds: [ids[0]] });
    expect(one.headers['content-disposition']).toMatch(/filename="[^"]+\.md"$/);
    const both = await exported({ format: 'md', documentIds: ids });
    expect(both.headers['content-type']).toBe('application/zip');
    expect(both.headers['content-disposition']).toMatch(/^attachment; filename="pith-2-documents-\d{4}-\d\d-\d\d\.zip"$/);
    const csv = await exported({ format: 'csv', tag: 'nato' });
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="pith-nato-\d{4}-\d\d-\d\d\.csv"$/);
  });

  it('names a backup .zip, as the desktop Restore dialog expects', async () => {
    const reply = await send('POST', '/api/backup', {});
    const { download } = JSON.parse(reply.body.toString()) as { download: string };
    const file = await send('GET', download);
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="pith-backup-\d{4}-\d\d-\d\d\.zip"$/);
    expect(file.body.subarray(0, 2).toString()).toBe('PK');
  });

  it('refuses a second call under the id of a running task, and cancels the first by that id', async () => {
    const dir = path.join(base, 'docs');
    fs.mkdirSync(dir, { recursive: true });
    for (let i = 0; i < 1000; i += 1) fs.writeFileSync(path.join(dir, `n${i}.txt`), `Note ${i} about item ${i * 7}.`);
    const first = send('POST', '/api/importPaths', { paths: [dir], taskId: 'same' });
    await new Promise((r) => setTimeout(r, 150));
    const second = await send('POST', '/api/importPaths', { paths: [dir], taskId: 'same' });
    expect(second.status).toBe(409);
    expect(JSON.parse(second.body.toString()).error).toEqual({ code: 'conflict', message: 'A task named same is already running.' });
    const cancel = await send('POST', '/api/cancel', { taskId: 'same' });
    expect(JSON.parse(cancel.body.toString())).toEqual({ ok: true, value: { cancelled: true } });
    const report = JSON.parse((await first).body.toString()) as { value: { cancelled: boolean; imported: number } };
    expect(report.value.cancelled).toBe(true);
    // Once it ended, the id is free again.
    const again = await send('POST', '/api/importPaths', { paths: [path.join(dir, 'n0.txt')], taskId: 'same' });
    expect(again.status).toBe(200);
  });
});
