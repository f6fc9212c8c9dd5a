// For tests: a real CouchDB-protocol server (pouchdb-server) on 127.0.0.1, on a free port, with
// its working directory (config.json, log.txt, databases) in a temporary folder.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

export interface TestServer {
  url: string;
  dir: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startTestServer(): Promise<TestServer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-couch-'));
  const port = await freePort();
  const bin = createRequire(import.meta.url).resolve('pouchdb-server/bin/pouchdb-server');
  let child: ChildProcess | undefined;
  const url = `http://127.0.0.1:${port}`;
  const server: TestServer = {
    url,
    dir,
    async start() {
      child = spawn(process.execPath, [bin, '--host', '127.0.0.1', '--port', String(port), '--dir', dir, '--config', path.join(dir, 'config.json'), '--no-stdout-logs'], {
        cwd: dir,
        stdio: 'ignore',
      });
      const deadline = Date.now() + 30_000;
      for (;;) {
        try {
          const r = await fetch(`${url}/`);
          if (r.ok) return;
        } catch {
          /* not up yet */
        }
        if (Date.now() > deadline) throw new Error('pouchdb-server did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
  await server.start();
  return server;
}
