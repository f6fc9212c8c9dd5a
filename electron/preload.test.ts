// The bundled preload (dist/electron/preload.cjs) run as Electron's sandbox runs it: one CommonJS
// script whose `require` knows only 'electron'. It must expose window.pith and nothing else.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../core/api.ts';
import { buildElectron } from '../scripts/build-electron.js';
import { GRANT_CHANNEL, MENU_CHANNEL, PROGRESS_CHANNEL } from './ipc.ts';

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

  it('exposes window.pith only: every API method plus onProgress, onMenu and pathForFile', () => {
    const { exposed } = runPreload();
    expect([...exposed.keys()]).toEqual(['pith']);
    const pith = exposed.get('pith') as Record<string, unknown>;
    expect(Object.keys(pith).sort()).toEqual([...API_METHODS, 'onMenu', 'onProgress', 'pathForFile'].sort());
  });

  it('calls the main process on the method channel and strips the IPC event from what the page gets', async () => {
    const { exposed, invoked, subscriptions } = runPreload();
    const pith = exposed.get('pith') as Record<string, (...args: unknown[]) => unknown>;
    await expect(pith.search!({ query: 'vacuum' })).resolves.toEqual({ echoed: 'pith:search' });
    expect(invoked).toEqual([{ channel: 'pith:search', args: [{ query: 'vacuum' }] }]);
    const seen: unknown[][] = [];
    const off = pith.onProgress!((...args: unknown[]) => seen.push(args)) as () => void;
    const ipcEvent = { sender: 'ipcRenderer itself', ports: [] };
    for (const listener of subscriptions.get(PROGRESS_CHANNEL) ?? []) listener(ipcEvent, { taskId: 't', done: 1 });
    expect(seen).toEqual([[{ taskId: 't', done: 1 }]]);
    off();
    expect(subscriptions.get(PROGRESS_CHANNEL)).toEqual([]);
    expect(subscriptions.get(MENU_CHANNEL)).toHaveLength(1);
  });

  it('grants dropped paths to main and catches drops the page leaves alone', () => {
    const { exposed, sent, windowListeners } = runPreload();
    const pith = exposed.get('pith') as { pathForFile(file: unknown): string; onMenu(cb: (...a: unknown[]) => void): () => void };
    expect(pith.pathForFile({ fakePath: '/home/ana/paper.pdf' })).toBe('/home/ana/paper.pdf');
    expect(sent).toEqual([{ channel: GRANT_CHANNEL, payload: '/home/ana/paper.pdf' }]);
    expect([...windowListeners.keys()].sort()).toEqual(['dragover', 'drop']);
    const menu: unknown[][] = [];
    pith.onMenu((...args) => menu.push(args));
    const drop = windowListeners.get('drop') as (event: object) => void;
    drop({ defaultPrevented: false, preventDefault() {}, dataTransfer: { files: [{ fakePath: '/home/ana/folder' }], types: ['Files'] } });
    expect(menu).toEqual([['import-paths', { paths: ['/home/ana/folder'] }]]);
  });
});
