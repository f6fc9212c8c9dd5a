// The desktop shell's serving and bridge, in a plain Node process, for driving the real UI in a
// browser where Electron cannot run (e2e/desktop-shell.spec.ts): the built renderer with the
// shell's security headers (app-files.ts, CSP included), and the IPC dispatcher (bridge.ts with
// the path policy of grants.ts) behind one POST route that stands in for ipcRenderer.invoke.
// Test use only; loopback only. Prints its URL as the first line on stdout.
//   node bin/run-ts.js electron/test-support/shell-harness.ts --archive DIR --renderer DIR
import http from 'node:http';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { Pith } from '../../core/pith.ts';
import { serveAppRequest } from '../app-files.ts';
import { createDispatcher, type IpcSender } from '../bridge.ts';
import { createPathPolicy, PathGrants } from '../grants.ts';
import { serveOriginal } from '../original-protocol.ts';
import { APP_ORIGIN, originalUrl } from '../security.ts';
import { decodeWire, encodeWire } from './wire.ts';

const { values } = parseArgs({ options: { archive: { type: 'string' }, renderer: { type: 'string' } } });
if (!values.archive || !values.renderer) throw new Error('usage: shell-harness --archive DIR --renderer DIR');
const rendererDir = path.resolve(values.renderer);
const api = Pith.open(values.archive);
const grants = new PathGrants();
// Save dialogs answer "cancel": the UI tests here do not export through the shell.
const dispatcher = createDispatcher(api, { prepare: createPathPolicy(grants, async () => null), log: () => undefined });
const sender: IpcSender = { id: 1, url: `${APP_ORIGIN}/index.html`, isMainFrame: true, send: () => undefined };

function readBody(request: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}

const server = http.createServer(async (request, response) => {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  try {
    if (request.method === 'POST' && url.pathname === '/__ipc') {
      const { method, request: payload } = decodeWire(await readBody(request)) as { method: string; request: unknown };
      const reply = await dispatcher.handle(method, payload === undefined ? [] : [payload], sender);
      response.writeHead(200, { 'Content-Type': 'application/json' }).end(encodeWire(reply));
      return;
    }
    if (request.method === 'POST' && url.pathname === '/__grant') {
      // What preload's pathForFile does for a dropped File.
      grants.grant(JSON.parse(await readBody(request)).path);
      response.writeHead(204).end();
      return;
    }
    if (url.pathname.startsWith('/__original/')) {
      // What main's pith-original:// handler answers, over HTTP.
      const id = decodeURIComponent(url.pathname.slice('/__original/'.length));
      const headers = new Headers();
      if (request.headers.range) headers.set('range', request.headers.range);
      const reply = await serveOriginal({ url: originalUrl(id), method: request.method ?? 'GET', headers }, async (doc) => api.originalFile({ id: doc }));
      response.writeHead(reply.status, Object.fromEntries(reply.headers));
      if (reply.body) Readable.fromWeb(reply.body as import('node:stream/web').ReadableStream).pipe(response);
      else response.end();
      return;
    }
    const reply = await serveAppRequest(rendererDir, { url: `${APP_ORIGIN}${url.pathname}`, method: request.method ?? 'GET' });
    response.writeHead(reply.status, reply.headers).end(reply.body ?? undefined);
  } catch (error) {
    response.writeHead(500).end(String(error));
  }
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${address.port}/\n`);
});

const stop = () => {
  server.close();
  void api.close().finally(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
