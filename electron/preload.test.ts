// The bundled preload (dist/electron/preload.cjs) run as Electron's sandbox runs it: one CommonJS
// script whose `require` knows only 'electron'. It must expose window.pith and nothing else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../core/api.ts';
import { buildElectron } from '../scripts/build-electron.js';
import { HOST_STOPPED_MESSAGE } from './core-protocol.ts';
import { CONNECT_CHANNEL, CORE_CHANNEL, GRANT_CHANNEL, MENU_CHANNEL, PORT_CHANNEL } from './ipc.ts';

let outdir: string;
let code: string;
let externals: string[];

beforeAll(async () => {
  outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-preload-'));
  const result = await buildElectron({ outdir, logLevel: 'silent' }).catch(async () => {
    // main.mjs may not build while the core is mid-change; the preload is what this file tests.
    const esbuild = await import('esbuild');
    await esbuild.build({
      entryPoints: [path.resolve(import.meta.dirname, 'preload.ts')],
      outfile: path.join(outdir, 'preload.cjs'),
      bundle: true,
      platform: 'browser',
      format: 'cjs',
      external: ['electron'],
      logLevel: 'silent',
    });
    return { externals: { preload: ['electron'] } };
  });
  externals = result.externals.preload;
  code = fs.readFileSync(path.join(outdir, 'preload.cjs'), 'utf8');
}, 60_000);

afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

function runPreload() {
  const exposed = new Map<string, unknown>();
  const invoked: { channel: string; args: unknown[] }[] = [];
  const sent: { channel: string; payload: unknown }[] = [];
  const subscriptions = new Map<string, ((event: unknown, payload: unknown) => void)[]>();
  const windowListeners = new Map<string, unknown>();
  const required: string[] = [];
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => exposed.set(key, value) },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push({ channel, args });
        return { ok: true, value: { echoed: channel } };
      },
      on: (channel: string, listener: (event: unknown, payload: unknown) => void) =>
        subscriptions.set(channel, [...(subscriptions.get(channel) ?? []), listener]),
      removeListener: (channel: string, listener: unknown) =>
        subscriptions.set(channel, (subscriptions.get(channel) ?? []).filter((l) => l !== listener)),
      send: (channel: string, payload: unknown) => sent.push({ channel, payload }),
    },
    webUtils: { getPathForFile: (file: { fakePath?: string }) => file.fakePath ?? '' },
  };
  const module = { exports: {} };
  const context = vm.createContext({
    module,
    exports: module.exports,
    require: (name: string) => {
      required.push(name);
      if (name !== 'electron') throw new Error(`a sandboxed preload cannot require ${name}`);
      return electron;
    },
    window: { addEventListener: (type: string, listener: unknown) => windowListeners.set(type, listener) },
    console,
  });
  vm.runInContext(code, context, { filename: 'preload.cjs' });
  return { exposed, invoked, sent, subscriptions, windowListeners, required };
}

describe('the bundled preload', () => {
  it('is one CommonJS file that requires only electron', () => {
    expect(externals).toEqual(['electron']);
    expect([...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(code).not.toMatch(/\bimport\s*\(/);
    const { required } = runPreload();
    expect(required).toEqual(['electron']);
  });

  it('exposes window.pith only: every API method plus onProgress, onMenu, pathForFile and originalUrl', () => {
    const { exposed } = runPreload();
    expect([...exposed.keys()]).toEqual(['pith']);
    const pith = exposed.get('pith') as Record<string, unknown>;
    expect(Object.keys(pith).sort()).toEqual([...API_METHODS, 'onMenu', 'onProgress', 'originalUrl', 'pathForFile'].sort());
  });

  /** A DOM MessagePort as main hands it to the preload: what is posted on it is recorded. */
  function fakePort() {
    const posted: { kind: string; id: number; method: string; request: unknown }[] = [];
    const port = {
      onmessage: null as ((event: { data: unknown }) => void) | null,
      started: false,
      closed: false,
      postMessage: (message: (typeof posted)[number]) => posted.push(message),
      start() {
        port.started = true;
      },
      close() {
        port.closed = true;
      },
    };
    return { port, posted, reply: (data: unknown) => port.onmessage?.({ data }) };
  }

  it('asks main for a port to the core host, and calls the contract over it, never over IPC', async () => {
    const { exposed, invoked, sent, subscriptions } = runPreload();
    expect(sent).toEqual([{ channel: CONNECT_CHANNEL, payload: undefined }]);
    const pith = exposed.get('pith') as Record<string, (...args: unknown[]) => unknown>;
    // A call made before the port arrives waits for it.
    const early = pith.search!({ query: 'vacuum' }) as Promise<unknown>;
    const { port, posted, reply } = fakePort();
    for (const listener of subscriptions.get(PORT_CHANNEL) ?? []) listener({ sender: 'ipcRenderer itself', ports: [port] }, null);
    expect(port.started).toBe(true);
    expect(posted).toEqual([{ kind: 'call', id: 1, method: 'search', request: { query: 'vacuum' } }]);
    reply({ kind: 'reply', id: 1, envelope: { ok: true, value: { total: 3 } } });
    await expect(early).resolves.toEqual({ total: 3 });
    expect(invoked).toEqual([]);

    // Progress arrives on the port; the page gets the event alone.
    const seen: unknown[][] = [];
    const off = pith.onProgress!((...args: unknown[]) => seen.push(args)) as () => void;
    reply({ kind: 'progress', event: { taskId: 't', done: 1 } });
    off();
    reply({ kind: 'progress', event: { taskId: 't', done: 2 } });
    expect(seen).toEqual([[{ taskId: 't', done: 1 }]]);
    expect(subscriptions.get(MENU_CHANNEL)).toHaveLength(1);

    // The core host died: what was waiting fails with one sentence, and a new port takes over.
    const waiting = pith.listTags!() as Promise<unknown>;
    for (const listener of subscriptions.get(CORE_CHANNEL) ?? []) listener({}, { state: 'stopped' });
    await expect(waiting).rejects.toMatchObject({ code: 'archive', message: HOST_STOPPED_MESSAGE });
    expect(port.closed).toBe(true);
    const next = fakePort();
    for (const listener of subscriptions.get(PORT_CHANNEL) ?? []) listener({ ports: [next.port] }, null);
    const again = pith.listTags!() as Promise<unknown>;
    expect(next.posted).toEqual([{ kind: 'call', id: 3, method: 'listTags', request: undefined }]);
    next.reply({ kind: 'reply', id: 3, envelope: { ok: true, value: { tags: [] } } });
    await expect(again).resolves.toEqual({ tags: [] });
  });

  it('grants dropped paths to main and catches drops the page leaves alone', () => {
    const { exposed, sent, invoked, windowListeners } = runPreload();
    const pith = exposed.get('pith') as { pathForFile(file: unknown): string; onMenu(cb: (...a: unknown[]) => void): () => void };
    expect(pith.pathForFile({ fakePath: '/home/ana/paper.pdf' })).toBe('/home/ana/paper.pdf');
    expect(sent.filter((m) => m.channel !== CONNECT_CHANNEL)).toEqual([]);
    expect(invoked).toEqual([{ channel: GRANT_CHANNEL, args: ['/home/ana/paper.pdf'] }]);
    expect([...windowListeners.keys()].sort()).toEqual(['dragover', 'drop']);
    const menu: unknown[][] = [];
    pith.onMenu((...args) => menu.push(args));
    const drop = windowListeners.get('drop') as (event: object) => void;
    drop({ defaultPrevented: false, preventDefault() {}, dataTransfer: { files: [{ fakePath: '/home/ana/folder' }], types: ['Files'] } });
    expect(menu).toEqual([['import-paths', { paths: ['/home/ana/folder'] }]]);
  });
});
