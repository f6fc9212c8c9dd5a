// `pith serve` as a person runs it: the first stdout line is the URL, the port is random unless
// given, bad options are usage errors, a busy port says so, and SIGTERM stops it cleanly.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-serve-cmd-'));
const renderer = path.join(base, 'renderer');
fs.mkdirSync(renderer);
fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Pith test build</title>');
const children: ChildProcess[] = [];

afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(base, { recursive: true, force: true });
});

function serve(args: string[]): { child: ChildProcess; firstLine: Promise<string>; exit: Promise<number | null>; stderr: () => string } {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin/pith.js'), '--archive', path.join(base, `archive-${children.length}`), 'serve', ...args], {
    cwd: ROOT,
    env: { ...process.env, PITH_RENDERER_DIR: renderer },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const firstLine = new Promise<string>((resolve) => {
    readline.createInterface({ input: child.stdout! }).once('line', resolve);
    void exit.then(() => resolve(''));
  });
  return { child, firstLine, exit, stderr: () => stderr };
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('pith serve (the command)', () => {
  it('prints the URL first, serves the app, and stops on SIGTERM', async () => {
    const run = serve([]);
    const url = await run.firstLine;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    const origin = new URL(url).origin;
    const page = await fetch(`${origin}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Pith test build');
    const token = url.split('#token=')[1]!;
    const tags = await fetch(`${origin}/api/listTags`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: '{}' });
    expect(await tags.json()).toEqual({ ok: true, value: { tags: [] } });
    run.child.kill('SIGTERM');
    expect(await run.exit).toBe(0);
  });

  it('takes --port, and says plainly when the port is taken', async () => {
    const port = await freePort();
    const first = serve(['--port', String(port)]);
    expect(await first.firstLine).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${port}/#token=`));
    const second = serve(['--port', String(port)]);
    expect(await second.exit).toBe(1);
    expect(second.stderr()).toMatch(/port \d+ is already in use/);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
  });

  it('keeps answering while a folder with link cycles imports, and stops on SIGTERM meanwhile', async () => {
    // The folder of the report (links back to itself) with enough files to take a while.
    const folder = path.join(base, 'cycles');
    fs.mkdirSync(folder);
    for (let i = 0; i < 800; i += 1) fs.writeFileSync(path.join(folder, `n${i}.txt`), `note ${i} about the harbor`);
    fs.symlinkSync('.', path.join(folder, 'l1'));
    fs.symlinkSync('.', path.join(folder, 'l2'));
    const run = serve([]);
    const url = await run.firstLine;
    const origin = new URL(url).origin;
    const headers = { Authorization: `Bearer ${url.split('#token=')[1]!}`, 'Content-Type': 'application/json' };
    let importEnded = false;
    const importing = fetch(`${origin}/api/importPaths`, { method: 'POST', headers, body: JSON.stringify({ paths: [folder], taskId: 'cycles' }) })
      .then((r) => r.json())
      .catch(() => null)
      .finally(() => (importEnded = true));
    await new Promise((r) => setTimeout(r, 300));
    // A synchronous scan of this folder never ended and answered nothing.
    const list = await fetch(`${origin}/api/listDocuments`, { method: 'POST', headers, body: '{"limit":1}' });
    expect(list.status).toBe(200);
    if (!importEnded) {
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
      await importing;
    } else {
      // A fast machine finished first: the cycles were skipped with one line each.
      const report = (await importing) as { value: { imported: number; results: { path: string; reason?: string }[] } };
      expect(report.value.imported).toBe(800);
      expect(report.value.results.filter((r) => /cycle/.test(r.reason ?? '')).map((r) => path.basename(r.path))).toEqual(['l1', 'l2']);
      run.child.kill('SIGTERM');
      expect(await run.exit).toBe(0);
    }
  });

  it('refuses a bad --port as a usage error', async () => {
    const run = serve(['--port', 'eighty']);
    expect(await run.exit).toBe(2);
    expect(run.stderr()).toMatch(/--port takes a number/);
  });
});
