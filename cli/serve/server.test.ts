import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, LONG_METHODS, PithError, type CallContext, type PithApi } from '../../core/api.ts';
import { INTERNAL_MESSAGE } from '../../core/errors.ts';
import { exportName, startServer, type RunningServer } from './server.ts';
import { decodeJson, encodeJson } from './wire.ts';
import { CONTENT_SECURITY_POLICY } from './headers.ts';

type Call = { method: string; req: unknown; ctx?: CallContext };

/** A PithApi that records every call and answers with what the test needs. */
function fakeApi(calls: Call[]): PithApi {
  const tasks = new Map<string, AbortController>();
  const api: Record<string, unknown> = {};
  for (const method of API_METHODS) {
    api[method] = async (req: unknown, ctx?: CallContext) => {
      calls.push({ method, req, ctx });
      return { method };
    };
  }
  api.getOriginal = async (req: unknown) => {
    calls.push({ method: 'getOriginal', req });
    return { name: 'a.pdf', mime: 'application/pdf', bytes: new Uint8Array([0, 1, 2, 253, 254, 255]) };
  };
  api.getDocument = async (req: { id: string }) => {
    calls.push({ method: 'getDocument', req });
    if (req.id === 'missing') throw new PithError('not-found', 'No document with id missing.');
    if (req.id === 'boom') throw new Error('disk on fire');
    return { id: req.id };
  };
  api.importFiles = async (req: { files: { name: string; bytes: Uint8Array }[]; taskId: string }, ctx: CallContext) => {
    calls.push({ method: 'importFiles', req, ctx });
    const controller = new AbortController();
    tasks.set(req.taskId, controller);
    const total = req.files.length;
    for (let i = 0; i < total; i++) {
      ctx.onProgress?.({ taskId: req.taskId, phase: 'import', done: i, total, current: req.files[i]!.name });
      await new Promise((r) => setTimeout(r, req.files[i]!.name === 'slow' ? 400 : 20));
      if (controller.signal.aborted || ctx.signal?.aborted) return { cancelled: true, imported: i };
    }
    ctx.onProgress?.({ taskId: req.taskId, phase: 'import', done: total, total, current: null });
    return { cancelled: false, imported: total };
  };
  api.cancel = async (req: { taskId: string }) => {
    calls.push({ method: 'cancel', req });
    const c = tasks.get(req.taskId);
    c?.abort();
    return { cancelled: Boolean(c) };
  };
  api.exportAnnotations = async (req: { out: string; format: string }, ctx: CallContext) => {
    calls.push({ method: 'exportAnnotations', req, ctx });
    if (req.format === 'md' && !req.out.endsWith('.md')) {
      fs.mkdirSync(req.out, { recursive: true });
      fs.writeFileSync(path.join(req.out, 'one.md'), '# one\n');
      fs.writeFileSync(path.join(req.out, 'two.md'), '# two\n');
    } else fs.writeFileSync(req.out, 'exported');
    return { format: req.format, out: req.out, files: [req.out], documents: 1, annotations: 1, failed: [], cancelled: false };
  };
  return api as unknown as PithApi;
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, agent: false, method: options.method ?? 'GET', path: options.path, headers: { Host: `127.0.0.1:${port}`, ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => {
      // The server may close the socket on a refused oversized body before we finish sending it.
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') resolve({ status: -1, headers: {}, body: '' });
      else reject(e);
    });
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

let server: RunningServer;
let root: string;
let outside: string;
const calls: Call[] = [];

function api(method: string, body: unknown, headers: Record<string, string> = {}) {
  return request(server.port, {
    method: 'POST',
    path: `/api/${method}`,
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...headers },
    body: encodeJson(body),
  });
}

beforeAll(async () => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-serve-test-'));
  root = path.join(base, 'renderer');
  outside = path.join(base, 'secret.txt');
  fs.mkdirSync(path.join(root, 'assets'), { recursive: true });
  fs.writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>Pith</title>');
  fs.writeFileSync(path.join(root, 'assets', 'app.js'), 'console.log(1)');
  fs.writeFileSync(outside, 'do not serve me');
  fs.symlinkSync(outside, path.join(root, 'assets', 'link.txt'));
  fs.symlinkSync(base, path.join(root, 'up'));
  server = await startServer({ api: fakeApi(calls), staticDir: root, workDir: path.join(base, 'work'), uploadLimit: 256 * 1024, bodyLimit: 16 * 1024 });
});

afterAll(async () => {
  await server.close();
  fs.rmSync(path.dirname(root), { recursive: true, force: true }); // the renderer, the secret and the work folder
});

describe('pith serve', () => {
  it('binds to 127.0.0.1 and prints a URL with a 64-hex-digit token', () => {
    expect((server.server.address() as { address: string }).address).toBe('127.0.0.1');
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
  });

  it('serves the app with the security headers', async () => {
    const r = await request(server.port, { path: '/' });
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Pith</title>');
    expect(r.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['referrer-policy']).toBe('no-referrer');
    const js = await request(server.port, { path: '/assets/app.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
  });

  it('refuses API calls without the right token (401)', async () => {
    const none = await request(server.port, { method: 'POST', path: '/api/listTags', headers: { 'Content-Type': 'application/json' }, body: '{}' });
    expect(none.status).toBe(401);
    expect(JSON.parse(none.body)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const wrong = await api('listTags', {}, { Authorization: `Bearer ${'0'.repeat(64)}` });
    expect(wrong.status).toBe(401);
    const events = await request(server.port, { path: '/api/events?token=nope' });
    expect(events.status).toBe(401);
    const download = await request(server.port, { path: '/api/download/x' });
    expect(download.status).toBe(401);
    expect(none.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });

  it('refuses a foreign Host (DNS rebinding) and a foreign Origin (403)', async () => {
    const rebound = await request(server.port, { path: '/', headers: { Host: `evil.example:${server.port}` } });
    expect(rebound.status).toBe(403);
    const otherPort = await api('listTags', {}, { Host: `127.0.0.1:${server.port + 1}` });
    expect(otherPort.status).toBe(403);
    const crossSite = await api('listTags', {}, { Origin: 'http://evil.example' });
    expect(crossSite.status).toBe(403);
    const nullOrigin = await api('listTags', {}, { Origin: 'null' });
    expect(nullOrigin.status).toBe(403);
    const fetchSite = await api('listTags', {}, { 'Sec-Fetch-Site': 'cross-site' });
    expect(fetchSite.status).toBe(403);
    const ours = await api('listTags', {}, { Origin: `http://127.0.0.1:${server.port}` });
    expect(ours.status).toBe(200);
    const localhost = await api('listTags', {}, { Host: `localhost:${server.port}`, Origin: `http://localhost:${server.port}` });
    expect(localhost.status).toBe(200);
  });

  it('limits request bodies (413)', async () => {
    const big = await api('search', { query: 'x'.repeat(20 * 1024) });
    expect([413, -1]).toContain(big.status);
    if (big.status === 413) expect(JSON.parse(big.body).error.message).toMatch(/larger than/);
    // Uploads get the larger limit…
    const upload = await api('importFiles', { files: [{ name: 'a.txt', bytes: new Uint8Array(100 * 1024) }] });
    expect(upload.status).toBe(200);
    // …but not an unlimited one.
    const tooBig = await api('importFiles', { files: [{ name: 'a.txt', bytes: new Uint8Array(300 * 1024) }] });
    expect([413, -1]).toContain(tooBig.status);
    const chunked = await request(server.port, {
      method: 'POST',
      path: '/api/search',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' },
      body: JSON.stringify({ query: 'y'.repeat(40 * 1024) }),
    });
    expect([413, -1]).toContain(chunked.status);
  });

  it('refuses traversal on static routes: plain, encoded, absolute, symlinks', async () => {
    const attempts = [
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/%2e%2e/secret.txt',
      '/%2E%2E%2fsecret.txt',
      '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
      '/..%5csecret.txt',
      `/${encodeURIComponent(outside)}`,
      `//${outside.slice(1)}`,
      '/%00index.html',
      '/assets/link.txt',
      '/up/secret.txt',
    ];
    for (const p of attempts) {
      const r = await request(server.port, { path: p });
      expect([400, 403, 404], p).toContain(r.status);
      expect(r.body, p).not.toContain('do not serve me');
    }
    const unknown = await request(server.port, { path: '/nope.js' });
    expect(unknown.status).toBe(404);
    const post = await request(server.port, { method: 'POST', path: '/index.html' });
    expect(post.status).toBe(405);
  });

  it('dispatches every method of the contract, with bytes as base64 both ways', async () => {
    for (const method of API_METHODS) {
      calls.length = 0;
      const body =
        method === 'importFiles'
          ? { files: [{ name: 'x.txt', bytes: new Uint8Array([104, 105]) }] }
          : method === 'exportAnnotations'
            ? { format: 'json', out: '/etc/passwd' }
            : method === 'getDocument'
              ? { id: 'doc-1' }
              : { probe: method };
      const r = await api(method, body);
      expect(r.status, method).toBe(200);
      const reply = decodeJson(r.body) as { ok: boolean; value: unknown; taskId?: string };
      expect(reply.ok, method).toBe(true);
      const call = calls.find((c) => c.method === method);
      expect(call, method).toBeDefined();
      if (LONG_METHODS.includes(method)) {
        expect(typeof reply.taskId, method).toBe('string');
        expect((call!.req as { taskId: string }).taskId).toBe(reply.taskId);
        expect(typeof call!.ctx?.onProgress).toBe('function');
      }
      if (method === 'importFiles') {
        const bytes = (call!.req as { files: { bytes: Uint8Array }[] }).files[0]!.bytes;
        expect(bytes).toBeInstanceOf(Uint8Array);
        expect(Array.from(bytes)).toEqual([104, 105]);
      }
      if (method === 'getOriginal') {
        const value = reply.value as { bytes: Uint8Array };
        expect(Array.from(value.bytes)).toEqual([0, 1, 2, 253, 254, 255]);
        expect(r.body).toContain('"$bytes":"AAEC/f7/"');
      }
    }
    const missing = await api('nonsense', {});
    expect(missing.status).toBe(404);
    const get = await request(server.port, { path: '/api/listTags', headers: { Authorization: `Bearer ${server.token}` } });
    expect(get.status).toBe(405);
    const form = await api('listTags', {}, { 'Content-Type': 'text/plain' });
    expect(form.status).toBe(415);
    const bad = await request(server.port, {
      method: 'POST',
      path: '/api/search',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: '{"query": ',
    });
    expect(bad.status).toBe(400);
  });

  it('answers errors as {ok:false,error:{code,message}} with a fitting status', async () => {
    const notFound = await api('getDocument', { id: 'missing' });
    expect(notFound.status).toBe(404);
    expect(JSON.parse(notFound.body)).toEqual({ ok: false, error: { code: 'not-found', message: 'No document with id missing.' } });
    const internal = await api('getDocument', { id: 'boom' });
    expect(internal.status).toBe(500);
    expect(JSON.parse(internal.body).error.code).toBe('internal');
    // An unforeseen error's raw message stays in the server's log, never on the wire.
    expect(JSON.parse(internal.body).error.message).toBe(INTERNAL_MESSAGE);
    expect(internal.body).not.toContain('disk on fire');
  });

  it('writes exports into its own folder and hands them back as downloads (folders zipped)', async () => {
    calls.length = 0;
    const r = await api('exportAnnotations', { format: 'csv', out: '/etc/passwd', documentIds: [] });
    const reply = JSON.parse(r.body) as { ok: boolean; download: string };
    const out = (calls[0]!.req as { out: string }).out;
    expect(out).not.toBe('/etc/passwd');
    expect(out.startsWith(path.dirname(path.dirname(out)))).toBe(true);
    expect(reply.download).toMatch(/^\/api\/download\//);
    const file = await request(server.port, { path: reply.download, headers: { Authorization: `Bearer ${server.token}` } });
    expect(file.status).toBe(200);
    expect(file.body).toBe('exported');
    expect(file.headers['content-disposition']).toMatch(/attachment; filename="pith-archive-\d{4}-\d\d-\d\d\.csv"/);

    const folder = await api('exportAnnotations', { format: 'md', tag: 'x' });
    const zipUrl = (JSON.parse(folder.body) as { download: string }).download;
    const zip = await new Promise<Buffer>((resolve) => {
      http.get(
        { host: '127.0.0.1', port: server.port, path: zipUrl, headers: { Authorization: `Bearer ${server.token}`, Host: `127.0.0.1:${server.port}` } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve(Buffer.concat(chunks)));
        },
      );
    });
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(zip.includes(Buffer.from('one.md'))).toBe(true);
  });

  it('streams progress as Server-Sent Events and cancels a task', async () => {
    const received: { taskId: string; done: number; current: string | null }[] = [];
    const stream = await new Promise<http.IncomingMessage>((resolve) => {
      http.get({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}`, headers: { Host: `127.0.0.1:${server.port}` } }, resolve);
    });
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    let buffer = '';
    let ready!: () => void;
    const isReady = new Promise<void>((r) => (ready = r));
    stream.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (block.includes('event: ready')) ready();
        const data = /^event: progress\ndata: (.*)$/m.exec(block);
        if (data) received.push(JSON.parse(data[1]!));
      }
    });
    await isReady;
    const files = ['a.txt', 'b.txt', 'c.txt'].map((name) => ({ name, bytes: new Uint8Array([1]) }));
    const done = await api('importFiles', { files, taskId: 'task-1' });
    expect(JSON.parse(done.body)).toMatchObject({ ok: true, taskId: 'task-1', value: { cancelled: false, imported: 3 } });
    await new Promise((r) => setTimeout(r, 50));
    expect(received.filter((e) => e.taskId === 'task-1').map((e) => e.current)).toEqual(['a.txt', 'b.txt', 'c.txt', null]);

    const slow = api('importFiles', { files: [{ name: 'slow', bytes: new Uint8Array(1) }, { name: 'slow', bytes: new Uint8Array(1) }], taskId: 'task-2' });
    await new Promise((r) => setTimeout(r, 100));
    const cancel = await api('cancel', { taskId: 'task-2' });
    expect(JSON.parse(cancel.body)).toEqual({ ok: true, value: { cancelled: true } });
    expect(JSON.parse((await slow).body).value.cancelled).toBe(true);
    stream.destroy();
  });
});

describe('an export download', () => {
  it('is named after what it holds and the day', () => {
    const day = new Date('2026-12-08T10:00:00Z');
    expect(exportName({ format: 'md', tag: 'Priština talks' }, day)).toBe('pith-pristina-talks-2026-12-08');
    expect(exportName({ format: 'csv', annotationTag: 'defence', tag: 'balkans' }, day)).toBe('pith-defence-2026-12-08');
    expect(exportName({ format: 'json', query: '"security vacuum" -draft' }, day)).toBe('pith-search-security-vacuum-draft-2026-12-08');
    expect(exportName({ format: 'pdf', documentIds: ['a', 'b', 'c'] }, day)).toBe('pith-3-documents-2026-12-08');
    expect(exportName({ format: 'md' }, day)).toBe('pith-archive-2026-12-08');
    // Nothing of a tag survives as a name: the scope is the archive.
    expect(exportName({ format: 'md', tag: '???' }, day)).toBe('pith-archive-2026-12-08');
  });
});
