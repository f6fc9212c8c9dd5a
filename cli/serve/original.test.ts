// GET /api/original/<id>: streamed originals with range requests, behind the token.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PithError, type PithApi } from '../../core/api.ts';
import { byteRange } from './original.ts';
import { startServer, type RunningServer } from './server.ts';

describe('byteRange', () => {
  it('reads one range of a Range header as RFC 9110 says', () => {
    expect(byteRange(undefined, 100)).toBeNull();
    expect(byteRange('bytes=0-9', 100)).toEqual({ start: 0, end: 9 });
    expect(byteRange('bytes=90-', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=90-500', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=-10', 100)).toEqual({ start: 90, end: 99 });
    expect(byteRange('bytes=-500', 100)).toEqual({ start: 0, end: 99 });
    expect(byteRange('bytes=100-', 100)).toBe('unsatisfiable');
    expect(byteRange('bytes=5-2', 100)).toBe('unsatisfiable');
    // Several ranges or another unit: the whole file.
    expect(byteRange('bytes=0-1,5-6', 100)).toBeNull();
    expect(byteRange('items=0-1', 100)).toBeNull();
  });
});

describe('GET /api/original/<id>', () => {
  let dir: string;
  let server: RunningServer;
  const bytes = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 251));

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-original-'));
    fs.writeFileSync(path.join(dir, 'blob'), bytes);
    const originalFile = (req: { id: string }) => {
      if (req.id === 'gone') return { name: 'gone.pdf', mime: 'application/pdf', path: path.join(dir, 'nothing'), missing: 'The original file of "Gone" is missing from the archive.' };
      if (req.id !== 'doc-1') throw new PithError('not-found', 'No document with the id "' + req.id + '".');
      return { name: 'Manual (2024).pdf', mime: 'application/pdf', path: path.join(dir, 'blob'), missing: 'missing' };
    };
    server = await startServer({ api: {} as PithApi, originalFile, staticDir: dir, workDir: path.join(dir, 'work') });
  });
  afterAll(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const get = (id: string, headers: Record<string, string> = {}) =>
    fetch(`${server.url.replace(/\/#.*$/, '')}/api/original/${id}`, { headers: { Authorization: `Bearer ${server.token}`, ...headers } });

  it('sends the whole file, saying ranges are accepted', async () => {
    const res = await get('doc-1');
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(Number(res.headers.get('content-length'))).toBe(bytes.length);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('sends a range as 206 with its Content-Range, and 416 past the end', async () => {
    const res = await get('doc-1', { Range: 'bytes=1000-1999' });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe(`bytes 1000-1999/${bytes.length}`);
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
    const past = await get('doc-1', { Range: `bytes=${bytes.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${bytes.length}`);
  });

  it('refuses without the token, and says what is missing in the API’s words', async () => {
    const anonymous = await fetch(`${server.url.replace(/\/#.*$/, '')}/api/original/doc-1`);
    expect(anonymous.status).toBe(401);
    const unknown = await get('nope');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ ok: false, error: { code: 'not-found', message: 'No document with the id "nope".' } });
    const gone = await get('gone');
    expect(gone.status).toBe(404);
    expect((await gone.json()).error.message).toMatch(/missing from the archive/);
  });
});
