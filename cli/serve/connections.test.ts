// Connections that do not do their part cannot hold `pith serve`: every refusal closes the
// connection (a client without the token used to keep it open by trickling its body, one byte
// every 5 s), headers and bodies must arrive in time, silent connections are closed, and the
// number of open connections is capped. Raw sockets on 127.0.0.1 only.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS, type PithApi } from '../../core/api.ts';
import { startServer, type RunningServer } from './server.ts';

let server: RunningServer;
let base: string;
const LIMITS = { headersTimeoutMs: 600, requestTimeoutMs: 1_200, idleTimeoutMs: 800, maxConnections: 8 };

beforeAll(async () => {
  base = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-conn-'));
  const api: Record<string, unknown> = {};
  for (const m of API_METHODS) api[m] = async () => ({ fine: true });
  // A call that takes longer than every timeout above: it must still be answered.
  api.listTags = async () => {
    await new Promise((r) => setTimeout(r, 2_500));
    return { tags: [] };
  };
  server = await startServer({ api: api as unknown as PithApi, staticDir: base, workDir: path.join(base, 'work'), limits: LIMITS });
});
afterAll(async () => {
  await server.close();
  fs.rmSync(base, { recursive: true, force: true });
});

interface Conn {
  socket: net.Socket;
  /** Everything the server sent. */
  received: () => string;
  /** Resolves when the server closed the connection, with ms since it was opened. */
  closed: Promise<number>;
}

function connect(): Promise<Conn> {
  return new Promise((resolve, reject) => {
    const opened = Date.now();
    const socket = net.connect({ host: '127.0.0.1', port: server.port });
    let data = '';
    socket.on('data', (c: Buffer) => (data += c.toString('latin1')));
    const closed = new Promise<number>((r) => socket.on('close', () => r(Date.now() - opened)));
    socket.on('error', () => {}); // a reset is one way of being closed
    socket.once('connect', () => resolve({ socket, received: () => data, closed }));
    socket.once('error', reject);
  });
}

function head(method: string, target: string, headers: Record<string, string | number>): string {
  const lines = [`${method} ${target} HTTP/1.1`, `Host: 127.0.0.1:${server.port}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/** Sends `head`, then one byte of a long body every 100 ms until the connection is closed. */
async function trickle(headText: string): Promise<Conn> {
  const c = await connect();
  c.socket.write(headText);
  const timer = setInterval(() => {
    if (!c.socket.destroyed) c.socket.write('x');
  }, 100);
  void c.closed.then(() => clearInterval(timer));
  return c;
}

const json = { 'Content-Type': 'application/json', 'Content-Length': 100_000 };
const auth = () => ({ Authorization: `Bearer ${server.token}` });

describe('refusals close the connection', () => {
  const cases: [string, () => string, number][] = [
    ['401 without the token', () => head('POST', '/api/search', json), 401],
    ['401 with a wrong token', () => head('POST', '/api/search', { ...json, Authorization: `Bearer ${'0'.repeat(64)}` }), 401],
    ['403 from a foreign page', () => head('POST', '/api/search', { ...json, ...auth(), Origin: 'http://evil.example' }), 403],
    ['415 for a body that is not JSON', () => head('POST', '/api/search', { ...auth(), 'Content-Type': 'text/plain', 'Content-Length': 100_000 }), 415],
    ['404 for no such method', () => head('POST', '/api/nope', { ...json, ...auth() }), 404],
    ['405 for the wrong verb', () => head('PUT', '/api/search', { ...json, ...auth() }), 405],
    ['413 for a declared body too large', () => head('POST', '/api/search', { ...auth(), 'Content-Type': 'application/json', 'Content-Length': 50_000_000 }), 413],
  ];
  for (const [label, make, status] of cases) {
    it(`${label}, while the client trickles its body`, async () => {
      const c = await trickle(make());
      const after = await c.closed;
      expect(c.received()).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
      expect(c.received()).toMatch(/\r\nConnection: close\r\n/i);
      // Closed on the refusal, long before any timeout could have done it.
      console.log(`${label}: closed after ${after} ms`);
    });
  }
});

describe('timeouts and the connection cap', () => {
  it('closes a connection whose headers never end', async () => {
    const c = await connect();
    c.socket.write(`POST /api/search HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nX-Slow: `);
    const timer = setInterval(() => c.socket.write('a'), 100);
    const after = await c.closed;
    clearInterval(timer);
    console.log(`unfinished headers: closed after ${after} ms`);
    expect(c.received()).not.toMatch(/^HTTP\/1\.1 200/);
  });

  it('closes an authenticated connection whose body trickles past the request timeout', async () => {
    const c = await trickle(head('POST', '/api/search', { ...json, ...auth() }));
    const after = await c.closed;
    console.log(`trickled body with the token: closed after ${after} ms`);
    expect(c.received()).not.toMatch(/^HTTP\/1\.1 200/);
  });

  it('closes a connection that sends nothing', async () => {
    const c = await connect();
    const after = await c.closed;
    console.log(`silent connection: closed after ${after} ms`);
    expect(c.received()).toMatch(/^(HTTP\/1\.1 408 |$)/);
  });

  it('still answers a call that runs longer than every timeout', async () => {
    const c = await connect();
    const body = '{}';
    c.socket.write(head('POST', '/api/listTags', { ...auth(), 'Content-Type': 'application/json', 'Content-Length': body.length, Connection: 'close' }) + body);
    const after = await c.closed;
    console.log(`a 2.5 s call: answered, closed after ${after} ms`);
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(c.received()).toContain('"tags":[]');
    c.socket.destroy();
  });

  it('caps open connections, and an authenticated call gets through once refused ones are gone', async () => {
    // Fill every slot with connections that send nothing.
    const idle = await Promise.all(Array.from({ length: LIMITS.maxConnections + 4 }, () => connect()));
    await new Promise((r) => setTimeout(r, 100));
    const open = idle.filter((c) => !c.socket.destroyed && c.socket.readyState === 'open');
    const dropped = await Promise.race([Promise.any(idle.map((c) => c.closed)), new Promise<number>((r) => setTimeout(() => r(-1), 300))]);
    console.log(`connection cap ${LIMITS.maxConnections}: ${idle.length} opened, first dropped after ${dropped} ms`);
    expect(dropped).toBeGreaterThanOrEqual(0); // some were dropped at once, not after the idle timeout
    expect(open.length).toBeGreaterThan(0);
    for (const c of idle) c.socket.destroy();
    await Promise.all(idle.map((c) => c.closed));
    // Unauthenticated tricklers are closed on their 401, so they cannot starve the owner.
    const tricklers = await Promise.all(Array.from({ length: LIMITS.maxConnections * 2 }, () => trickle(head('POST', '/api/search', json))));
    await Promise.all(tricklers.map((c) => c.closed));
    const c = await connect();
    const body = '{"query":"x"}';
    c.socket.write(head('POST', '/api/search', { ...auth(), 'Content-Type': 'application/json', 'Content-Length': body.length, Connection: 'close' }) + body);
    await c.closed;
    expect(c.received()).toMatch(/^HTTP\/1\.1 200 /);
  });
});
