// Originals travel as 1 MB chunks, and a sync killed with SIGKILL mid-way leaves both archives
// whole, the next sync finishing the job. A real pouchdb-server on 127.0.0.1; the killed sync is
// the `pith sync` command in a child process.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { Pith } from '../pith.ts';
import { blobPath } from '../../db/blobs.ts';
import { syncArchive } from './index.ts';
import { startTestServer, type TestServer } from './test-server.ts';

const root = path.resolve(import.meta.dirname, '../..');
let server: TestServer;
let work: string;
let bigPdf: string;

/** A one-page PDF of about 20 MB: its text is short, an embedded file of random bytes makes the size. */
async function makeBigPdf(file: string): Promise<void> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  page.drawText('Chunked travel of a large original', { x: 72, y: 760, size: 14, font: await pdf.embedFont(StandardFonts.Helvetica) });
  await pdf.attach(crypto.randomBytes(20 * 1024 * 1024), 'noise.bin', { mimeType: 'application/octet-stream' });
  fs.writeFileSync(file, await pdf.save({ useObjectStreams: false }));
}

beforeAll(async () => {
  server = await startTestServer();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-sync-chunks-'));
  bigPdf = path.join(work, 'large.pdf');
  await makeBigPdf(bigPdf);
}, 60_000);

afterAll(async () => {
  await server?.stop();
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(server?.dir ?? '', { recursive: true, force: true });
});

function sha256File(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

async function importInto(dir: string, paths: string[]): Promise<void> {
  const api = Pith.open(dir);
  try {
    const report = await api.importPaths({ paths });
    expect(report.imported).toBe(paths.length);
  } finally {
    await api.close();
  }
}

function integrity(dir: string): string {
  const db = new Database(path.join(dir, 'pith.db'), { readonly: true });
  try {
    return String(db.pragma('integrity_check', { simple: true }));
  } finally {
    db.close();
  }
}

function documents(dir: string) {
  const db = new Database(path.join(dir, 'pith.db'), { readonly: true });
  try {
    return db.prepare('SELECT sha256, title, body FROM documents ORDER BY sha256').all() as { sha256: string; title: string; body: string }[];
  } finally {
    db.close();
  }
}

describe('originals over sync', () => {
  it('sends a 20 MB PDF in 1 MB chunks and the other archive gets it byte for byte', async () => {
    const a = path.join(work, 'A');
    const b = path.join(work, 'B');
    await importInto(a, [bigPdf]);
    const sha = sha256File(bigPdf);
    expect(fs.statSync(bigPdf).size).toBeGreaterThan(20 * 1024 * 1024);

    expect((await syncArchive(a, { url: `${server.url}/big` })).files.sent).toBe(1);
    const chunks = (await (await fetch(`${server.url}/big/_all_docs?startkey=%22chunk:%22&endkey=%22chunk:%EF%BF%B0%22`)).json()) as { rows: unknown[] };
    expect(chunks.rows.length).toBe(Math.ceil(fs.statSync(bigPdf).size / (1024 * 1024)));

    const result = await syncArchive(b, { url: `${server.url}/big` });
    expect(result.files).toEqual({ sent: 0, received: 1, pending: 0 });
    expect(sha256File(blobPath(b, sha))).toBe(sha);
    expect(documents(b)).toEqual(documents(a));
  }, 120_000);

  it('leaves both archives whole when a sync is killed mid-way, and the next sync finishes', async () => {
    const a = path.join(work, 'killA');
    const b = path.join(work, 'killB');
    const md = path.join(work, 'notes.md');
    fs.writeFileSync(md, '# Field notes\n\nInterviews in Prizren and Peja, March 2025.\n');
    await importInto(a, [bigPdf, md]);
    const url = `${server.url}/killed`;

    // Killed once it has started replicating: the replica, the server and pith.db are mid-write.
    const child = spawn(process.execPath, [path.join(root, 'bin/pith.js'), '--archive', a, 'sync', url], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const killed = new Promise<NodeJS.Signals | null>((resolve) => child.once('exit', (_code, signal) => resolve(signal)));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('Replicating') && !child.killed) setTimeout(() => child.kill('SIGKILL'), 300);
    });
    expect(await killed).toBe('SIGKILL');

    expect(integrity(a)).toBe('ok');
    // B syncs from whatever reached the server: whole records only.
    await syncArchive(b, { url });
    expect(integrity(b)).toBe('ok');

    // The next sync of A finishes the job; B then has everything.
    const again = await syncArchive(a, { url });
    expect(again.errors).toEqual([]);
    const last = await syncArchive(b, { url });
    expect(last.errors).toEqual([]);
    expect(documents(b)).toEqual(documents(a));
    for (const d of documents(a)) expect(sha256File(blobPath(b, d.sha256))).toBe(d.sha256);
    expect(integrity(a)).toBe('ok');
    expect(integrity(b)).toBe('ok');
  }, 180_000);
});
