// Temporary files of `pith serve`: a download is deleted once fetched or after its expiry, a
// failed job at once, everything on close, and what a killed server left is cleared at start.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_METHODS, PithError, type CallContext, type PithApi } from '../../core/api.ts';
import { Downloads, clearLeftovers } from './downloads.ts';
import { startServer, type RunningServer } from './server.ts';

const cleanup: string[] = [];
let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
  for (const d of cleanup.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Resolves once `dir` is empty: the server deletes after its response has left, or at expiry. */
function emptied(dir: string): Promise<void> {
  return new Promise((resolve) => {
    const empty = () => fs.readdirSync(dir).length === 0;
    const watcher = fs.watch(dir, () => {
      if (empty()) {
        watcher.close();
        resolve();
      }
    });
    if (empty()) {
      watcher.close();
      resolve();
    }
  });
}

function tmp(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  cleanup.push(dir);
  return dir;
}

/** An API whose exportAnnotations writes a file, or fails after creating its output as `fail` says. */
function api(): PithApi {
  const methods: Record<string, unknown> = {};
  for (const m of API_METHODS) methods[m] = async () => ({});
  methods.exportAnnotations = async (req: { out: string; format: string; tag?: string }) => {
    if (req.tag === 'fail') {
      fs.mkdirSync(req.out, { recursive: true }); // a half-made folder, as a failing export leaves
      throw new PithError('internal', 'The export failed.');
    }
    fs.writeFileSync(req.out, 'exported');
    return { out: req.out, cancelled: false };
  };
  methods.backup = async (req: { file: string }, _ctx?: CallContext) => {
    fs.writeFileSync(req.file, Buffer.alloc(1024 * 1024, 1));
    return { file: req.file, bytes: 1024 * 1024 };
  };
  return methods as unknown as PithApi;
}

function post(port: number, token: string, method: string, body: unknown): Promise<{ status: number; body: string }> {
  return fetchText(port, { method: 'POST', path: `/api/${method}`, token, body: JSON.stringify(body) });
}

function fetchText(port: number, o: { method?: string; path: string; token: string; body?: string }): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        agent: false,
        method: o.method ?? 'GET',
        path: o.path,
        headers: { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${o.token}`, 'Content-Type': 'application/json' },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

async function serve(ttl?: number): Promise<{ s: RunningServer; work: string }> {
  const work = path.join(tmp('pith-dl-'), 'work');
  const staticDir = tmp('pith-dl-static-');
  server = await startServer({ api: api(), staticDir, workDir: work, downloadTtlMs: ttl });
  return { s: server, work };
}

describe('pith serve downloads', () => {
  it('deletes a download once it was fetched whole', async () => {
    const { s, work } = await serve();
    const reply = JSON.parse((await post(s.port, s.token, 'exportAnnotations', { format: 'csv' })).body) as { download: string };
    expect(fs.readdirSync(work)).toHaveLength(1);
    const first = await fetchText(s.port, { path: reply.download, token: s.token });
    expect(first).toEqual({ status: 200, body: 'exported' });
    await emptied(work);
    const again = await fetchText(s.port, { path: reply.download, token: s.token });
    expect(again.status).toBe(404);
    expect(JSON.parse(again.body).error.message).toMatch(/expired, or been downloaded already/);
  });

  it('deletes a download nobody fetched after its expiry', async () => {
    const { s, work } = await serve(200);
    const reply = JSON.parse((await post(s.port, s.token, 'backup', {})).body) as { download: string };
    expect(reply.download).toMatch(/^\/api\/download\//);
    expect(fs.readdirSync(work)).toHaveLength(1);
    await emptied(work);
    expect((await fetchText(s.port, { path: reply.download, token: s.token })).status).toBe(404);
  });

  it('deletes a failed job at once', async () => {
    const { s, work } = await serve();
    const failed = await post(s.port, s.token, 'exportAnnotations', { format: 'md', tag: 'fail' });
    expect(failed.status).toBe(500);
    expect(fs.readdirSync(work)).toEqual([]);
  });

  it('keeps only the zip of a folder, and deletes everything on close', async () => {
    const d = new Downloads({ dir: path.join(tmp('pith-dl-'), 'w') });
    const job = d.job();
    fs.mkdirSync(path.join(job.dir, 'out'));
    fs.writeFileSync(path.join(job.dir, 'out', 'a.md'), '# a');
    await d.register(job.id, path.join(job.dir, 'out'), 'pith-export');
    expect(fs.readdirSync(job.dir)).toEqual(['out.zip']);
    d.dispose();
    expect(fs.existsSync(d.dir)).toBe(false);
  });
});

describe('leftovers of servers that were killed', () => {
  it('are deleted at start; a running server’s folder is kept', () => {
    const base = tmp('pith-leftovers-');
    // A pid that surely ran and ended: a child that exited.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout.trim();
    const stale = path.join(base, `pith-serve-${dead}-AbC123`);
    fs.mkdirSync(path.join(stale, 'job'), { recursive: true });
    fs.writeFileSync(path.join(stale, 'job', 'pith-backup.pith'), 'a whole archive');
    const alive = path.join(base, `pith-serve-${process.ppid}-XyZ789`);
    fs.mkdirSync(alive);
    const mine = path.join(base, `pith-serve-${process.pid}-Mine00`);
    fs.mkdirSync(mine);
    const other = path.join(base, 'pith-serve-test-keep');
    fs.mkdirSync(other);
    expect(clearLeftovers(base)).toEqual([stale]);
    expect(fs.readdirSync(base).sort()).toEqual([path.basename(alive), path.basename(mine), 'pith-serve-test-keep'].sort());
  });

  it('the default folder carries the server’s pid', () => {
    const d = new Downloads();
    try {
      expect(path.basename(d.dir)).toMatch(new RegExp(`^pith-serve-${process.pid}-\\w+$`));
    } finally {
      d.dispose();
    }
  });
});
