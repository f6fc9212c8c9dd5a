// pith-original://original/<id> as main's protocol handler answers it: streamed, with ranges, CORS
// for the app's origin only, and nothing for URLs that are not an original.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PithError } from '../core/api.ts';
import { serveOriginal, type OriginalFile } from './original-protocol.ts';
import { isAllowedRequest, originalId, originalUrl } from './security.ts';

let dir: string;
let file: OriginalFile;
const bytes = Buffer.from(Array.from({ length: 5000 }, (_, i) => i % 251));

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-original-'));
  file = { name: 'a report.pdf', mime: 'application/pdf', path: path.join(dir, 'blob'), missing: 'The original file of "A report" is missing from the archive.' };
  fs.writeFileSync(file.path, bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const locate = async (id: string) => {
  if (id === 'doc-1') return file;
  if (id === 'gone') return { ...file, path: path.join(dir, 'nothing') };
  throw new PithError('not-found', `There is no document ${id} in this archive.`);
};

function get(url: string, init: { method?: string; headers?: Record<string, string> } = {}) {
  return serveOriginal({ url, method: init.method ?? 'GET', headers: new Headers(init.headers) }, locate);
}

describe('pith-original:// addresses', () => {
  it('names a document by id, and nothing else', () => {
    expect(originalUrl('doc-1')).toBe('pith-original://original/doc-1');
    expect(originalId(originalUrl('doc-1'))).toBe('doc-1');
    expect(originalId(originalUrl('0b6f9c1e-6a8e-4a59-9d0b-7d3b2b8d2f11'))).toBe('0b6f9c1e-6a8e-4a59-9d0b-7d3b2b8d2f11');
    for (const url of [
      'pith-original://other/doc-1',
      'pith-original://original/doc-1/more',
      'pith-original://original/doc-1?x=1',
      'pith-original://original:8080/doc-1',
      'pith-original://user@original/doc-1',
      'pith-original://original/..%2Fetc',
      'pith-original://original/',
      'app://pith/doc-1',
    ])
      expect(originalId(url), url).toBeNull();
  });

  it('passes the request filter; nothing else of the scheme does', () => {
    expect(isAllowedRequest(originalUrl('doc-1'))).toBe(true);
    expect(isAllowedRequest('pith-original://evil/doc-1')).toBe(false);
    expect(isAllowedRequest('https://example.org/doc-1')).toBe(false);
  });
});

describe('serving an original', () => {
  it('sends the whole file, saying ranges are accepted, readable by the app across origins', async () => {
    const res = await get(originalUrl('doc-1'));
    expect(res.status).toBe(200);
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('content-length')).toBe('5000');
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('access-control-allow-origin')).toBe('app://pith');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Content-Range/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toMatch(/sandbox/);
    expect(res.headers.get('content-disposition')).toBe('inline; filename="a_report.pdf"');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes)).toBe(true);
  });

  it('answers a range with 206 and its Content-Range, and 416 past the end', async () => {
    const res = await get(originalUrl('doc-1'), { headers: { Range: 'bytes=1000-1999' } });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-range')).toBe('bytes 1000-1999/5000');
    expect(Buffer.from(await res.arrayBuffer()).equals(bytes.subarray(1000, 2000))).toBe(true);
    const tail = await get(originalUrl('doc-1'), { headers: { Range: 'bytes=-10' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(bytes.subarray(4990))).toBe(true);
    const past = await get(originalUrl('doc-1'), { headers: { Range: 'bytes=5000-' } });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe('bytes */5000');
  });

  it('answers HEAD without a body and the CORS preflight pdf.js needs', async () => {
    const head = await get(originalUrl('doc-1'), { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe('5000');
    expect(head.body).toBeNull();
    const preflight = await get(originalUrl('doc-1'), { method: 'OPTIONS' });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toBe('Range');
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
    expect((await get(originalUrl('doc-1'), { method: 'POST' })).status).toBe(405);
  });

  it('says in one sentence when there is no such document or its file is gone', async () => {
    const unknown = await get(originalUrl('doc-9'));
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toBe('There is no document doc-9 in this archive.');
    const gone = await get(originalUrl('gone'));
    expect(gone.status).toBe(404);
    expect(await gone.text()).toBe(file.missing);
    expect((await get('pith-original://original/a/b')).status).toBe(404);
  });

  it('says the archive is not answering, without details, when the core host is down', async () => {
    const res = await serveOriginal({ url: originalUrl('doc-1'), method: 'GET', headers: new Headers() }, async () => {
      throw new Error('the core host is not running at /internal/path');
    });
    expect(res.status).toBe(503);
    expect(await res.text()).toBe('The original could not be read.');
  });
});
