// The bundled main process (dist/electron/main.mjs as esbuild makes it), run under Node with a
// stand-in for Electron: the wiring of main.ts is exercised without Electron's binary, on a real
// archive opened by the bundled core host (dist/electron/core-host.mjs, in the stand-in's utility
// process): window options, the app:// and pith-original:// protocols, the request filter,
// navigation guards, the port to the core host with its sender check, grants and dialogs, the
// menu, restarting a core host that died, and closing the archive on quit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../core/api.ts';
import { buildElectron } from '../scripts/build-electron.js';
import { HOST_STOPPED_MESSAGE } from './core-protocol.ts';
import { CONNECT_CHANNEL, CORE_CHANNEL, GRANT_CHANNEL, MENU_CHANNEL, PORT_CHANNEL, type Envelope } from './ipc.ts';
import { createPortClient, type PortClient, type RendererPort } from './port-client.ts';
import { CONTENT_SECURITY_POLICY, originalUrl } from './security.ts';
import type { FakeBrowserWindow, FakeMessagePortMain, FakeWebContents, state as FakeState } from './test-support/fake-electron.ts';

const root = path.resolve(import.meta.dirname, '..');
const sample = path.join(root, 'core', 'annotate', 'fixtures', 'nato-western-balkans-2025.txt');
let base: string;
let archive: string;
let docs: string;
let fake: typeof FakeState;
let win: FakeBrowserWindow;
/** The renderer's end of the port to the core host, as the preload holds it. */
let renderer: PortClient;
const progress: { taskId: string; done: number }[] = [];

async function until<T>(get: () => T | undefined | null | false, ms = 10_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = get();
    if (value) return value;
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function event(contents: FakeWebContents, url = 'app://pith/index.html', parent: unknown = null) {
  return { sender: contents, senderFrame: { url, parent } };
}

/** A DOM-like MessagePort over the stand-in's MessagePortMain, as the preload receives it. */
function rendererPort(port: FakeMessagePortMain): RendererPort {
  const adapter: RendererPort = { onmessage: null, postMessage: (m) => port.postMessage(m), start: () => port.start(), close: () => port.close() };
  port.on('message', (e: { data: unknown }) => adapter.onmessage?.({ data: e.data } as MessageEvent));
  return adapter;
}

/** Plays the preload asking main for a port (CONNECT_CHANNEL); returns the ports posted since. */
function askForPort(from: ReturnType<typeof event>): number {
  const before = (from.sender as FakeWebContents).posted.length;
  fake.listeners.get(CONNECT_CHANNEL)!(from);
  return before;
}

async function connectRenderer(): Promise<void> {
  const before = askForPort(event(win.webContents));
  const posted = await until(() => win.webContents.posted.slice(before).find((p) => p.channel === PORT_CHANNEL));
  renderer.attach(rendererPort(posted.ports[0]!));
}

function call(name: string, request?: unknown): Promise<Envelope> {
  return renderer.call(name as never, request);
}

beforeAll(async () => {
  // Inside the repository, so that the bundle's packages resolve from node_modules.
  base = fs.mkdtempSync(path.join(root, 'node_modules', '.cache-pith-electron-test-'));
  const outdir = path.join(base, 'dist', 'electron');
  await buildElectron({ outdir, logLevel: 'error', alias: { electron: path.join(root, 'electron', 'test-support', 'fake-electron.ts') } });
  fs.mkdirSync(path.join(base, 'dist', 'renderer', 'assets'), { recursive: true });
  fs.writeFileSync(path.join(base, 'dist', 'renderer', 'index.html'), '<!doctype html><title>Pith</title><script type="module" src="./assets/app.js"></script>');
  fs.writeFileSync(path.join(base, 'dist', 'renderer', 'assets', 'app.js'), 'export {}');
  fs.writeFileSync(path.join(base, 'secret.txt'), 'not for the page');
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-electron-main-'));
  archive = path.join(temp, 'archive');
  docs = path.join(temp, 'docs');
  fs.mkdirSync(docs);
  fs.copyFileSync(sample, path.join(docs, 'nato.txt'));
  process.env.PITH_ARCHIVE = archive;

  await import(pathToFileURL(path.join(outdir, 'main.mjs')).href);
  fake = (globalThis as unknown as { __pithFakeElectron: typeof FakeState }).__pithFakeElectron;
  fake.app.makeReady();
  win = await until(() => fake.windows[0], 30_000);
  renderer = createPortClient();
  renderer.onProgress((e) => progress.push(e));
  await connectRenderer();
}, 60_000);

afterAll(async () => {
  // The last test quit the app; should it not have run, the core hosts end here.
  for (const child of fake?.utilityProcesses ?? []) if (!child.exited) child.kill();
  if (base) fs.rmSync(base, { recursive: true, force: true });
  if (archive) fs.rmSync(path.dirname(archive), { recursive: true, force: true });
});

describe('the main process, bundled', () => {
  it('registers app:// as privileged and sandboxes every renderer before ready', () => {
    expect(fake.privilegedSchemes).toEqual([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
      // Originals: fetched by the app across origins (CORS), streamed; nothing more.
      { scheme: 'pith-original', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
    ]);
    expect(fake.app.sandboxed).toBe(true);
    expect(fake.app.name).toBe('Pith');
  });

  it('opens one locked-down window on app://pith/index.html with the bundled preload', () => {
    expect(fake.windows).toHaveLength(1);
    const prefs = win.options.webPreferences!;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
    });
    expect(prefs.allowRunningInsecureContent).toBeUndefined();
    expect(prefs.experimentalFeatures).toBeUndefined();
    expect(prefs.preload).toBe(path.join(fs.realpathSync(base), 'dist', 'electron', 'preload.cjs'));
    expect(fs.existsSync(prefs.preload as string)).toBe(true);
    expect(win.loadedUrl).toBe('app://pith/index.html');
    expect(fake.errorBoxes).toEqual([]);
  });

  it('serves the built renderer over app:// with the CSP, and nothing outside it', async () => {
    const handler = fake.session.protocolHandlers.get('app')!;
    const ok = await handler(new Request('app://pith/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await ok.text()).toContain('<title>Pith</title>');
    const js = await handler(new Request('app://pith/assets/app.js'));
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    for (const url of ['app://pith/..%2fsecret.txt', 'app://pith/%2e%2e/%2e%2e/secret.txt', 'app://pith/assets/..%2f..%2f..%2fsecret.txt']) {
      const refused = await handler(new Request(url));
      expect(refused.status, url).toBe(404);
      expect(await refused.text()).not.toContain('not for the page');
    }
  });

  it('cancels every request that is not the app', () => {
    const decide = (url: string) => {
      let answer: unknown;
      fake.session.beforeRequest!({ url }, (response: unknown) => (answer = response));
      return answer;
    };
    expect(decide('app://pith/assets/app.js')).toEqual({ cancel: false });
    expect(decide('https://www.nato.int/')).toEqual({ cancel: true });
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true });
    expect(decide('http://127.0.0.1:9/')).toEqual({ cancel: true });
  });

  it('puts the CSP on any response that reaches the headers hook', () => {
    let answer: { responseHeaders: Record<string, string[]> } | undefined;
    fake.session.headersReceived!({ responseHeaders: { 'Content-Security-Policy': ['default-src *'] } }, (r: typeof answer) => (answer = r));
    expect(answer!.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
  });

  it('refuses permissions and turns off spellcheck downloads', () => {
    let granted: unknown;
    fake.session.permissionRequest!(win.webContents, 'media', (ok: boolean) => (granted = ok), { requestingUrl: 'app://pith/index.html' });
    expect(granted).toBe(false);
    expect(fake.session.permissionCheck!(win.webContents, 'geolocation', 'app://pith', { requestingUrl: 'app://pith/' })).toBe(false);
    expect(fake.session.devicePermission!()).toBe(false);
    expect(fake.session.spellChecker).toBe(false);
  });

  it('blocks navigation and new windows, offering http(s) links to the browser after asking', async () => {
    const contents = win.webContents;
    const navigate = (url: string) => {
      const e = { url, isMainFrame: true, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
      contents.emit('will-navigate', e);
      return e.defaultPrevented;
    };
    fake.messageBoxResponse = 1; // Cancel
    expect(navigate('https://www.nato.int/news')).toBe(true);
    await until(() => fake.messageBoxes.length === 1);
    expect(fake.openedExternally).toEqual([]);

    fake.messageBoxResponse = 0; // Open in Browser
    expect(contents.windowOpenHandler!({ url: 'https://example.org/a' })).toEqual({ action: 'deny' });
    await until(() => fake.openedExternally.length === 1);
    expect(fake.openedExternally).toEqual(['https://example.org/a']);

    const asked = fake.messageBoxes.length;
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(contents.windowOpenHandler!({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(fake.messageBoxes.length).toBe(asked);

    const frame = { url: 'https://evil.example/', isMainFrame: false, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-frame-navigate', frame);
    expect(frame.defaultPrevented).toBe(true);
    const srcdoc = { url: 'about:srcdoc', isMainFrame: false, defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-frame-navigate', srcdoc);
    expect(srcdoc.defaultPrevented).toBe(false);
    const webview = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    contents.emit('will-attach-webview', webview);
    expect(webview.defaultPrevented).toBe(true);
  });

  it('runs the core in its own utility process, and answers no API call itself', () => {
    expect(fake.utilityProcesses).toHaveLength(1);
    expect(fake.utilityProcesses[0]!.modulePath).toBe(path.join(fs.realpathSync(base), 'dist', 'electron', 'core-host.mjs'));
    expect([...fake.handlers.keys()]).toEqual([GRANT_CHANNEL]);
    expect([...fake.listeners.keys()]).toEqual([CONNECT_CHANNEL]);
    // Nothing of the core is in main's bundle: no SQLite, no import, no export.
    const mainBundle = fs.readFileSync(path.join(base, 'dist', 'electron', 'main.mjs'), 'utf8');
    expect(mainBundle).not.toMatch(/better-sqlite3|pdf-lib|yazl/);
  });

  it('answers the window over its port, every method of the contract routed, over the real archive', async () => {
    const reply = await call('listDocuments', {});
    expect(reply).toEqual({ ok: true, value: expect.objectContaining({ total: 0 }) });
    expect(fs.existsSync(archive)).toBe(true);
    for (const name of API_METHODS) {
      const answer = await call(name, { id: 'no-such-id' });
      expect(JSON.stringify(answer), name).not.toContain('no method named');
    }
    expect(await call('constructor', {})).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('hands a port only to the main frame of its window on the app', async () => {
    const stranger = new (fake.windows[0]!.constructor as new (o: object) => FakeBrowserWindow)({});
    fake.windows.pop();
    for (const from of [
      event(stranger.webContents),
      event(win.webContents, 'app://pith/index.html', { url: 'app://pith/' }),
      event(win.webContents, 'https://evil.example/'),
    ]) {
      // Main answers a port request at once (synchronously), or never.
      const before = askForPort(from);
      expect((from.sender as FakeWebContents).posted.slice(before)).toEqual([]);
    }
  });

  it('imports only what the user gave, then imports it through the worker bundle', async (ctx) => {
    if (!fs.readFileSync(path.join(root, 'core', 'pith.ts'), 'utf8').includes('workerEntry'))
      ctx.skip(true, 'core/pith.ts does not take options.workerEntry yet, so a bundled app cannot find its import worker');
    const file = path.join(docs, 'nato.txt');
    // The core host refuses a path main did not grant.
    expect(await call('importPaths', { paths: [file] })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    // A grant from a subframe or another page does not count.
    await fake.handlers.get(GRANT_CHANNEL)!(event(win.webContents, 'https://evil.example/'), file);
    expect(await call('importPaths', { paths: [file] })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    // Nor does a "grant" the page sends the core host itself over its port.
    const posted = win.webContents.posted.filter((p) => p.channel === PORT_CHANNEL).at(-1)!;
    posted.ports[0]!.postMessage({ kind: 'grant', path: docs });
    expect(await call('importPaths', { paths: [file] })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    // The preload's pathForFile grants the path of a dropped File, through main.
    await fake.handlers.get(GRANT_CHANNEL)!(event(win.webContents), docs);
    const reply = await call('importPaths', { paths: [file], taskId: 'drop-1' });
    expect(reply).toMatchObject({ ok: true, value: { imported: 1, failed: 0 } });
    // Progress came over the port, from the core host.
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((e) => e.taskId === 'drop-1')).toBe(true);
    const found = await call('search', { query: 'security vacuum' });
    expect(found).toMatchObject({ ok: true, value: { total: expect.any(Number) } });
    expect((found as { value: { total: number } }).value.total).toBeGreaterThan(0);
  });

  it('asks where to export, and reports a dismissed dialog as cancelled', async () => {
    fake.saveDialogResult = { canceled: true, filePath: undefined };
    expect(await call('exportAnnotations', { format: 'csv', out: '/etc/passwd' })).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    const out = path.join(docs, 'notes.csv');
    fake.saveDialogResult = { canceled: false, filePath: out };
    expect(await call('exportAnnotations', { format: 'csv' })).toMatchObject({ ok: true, value: { out } });
    expect(fs.existsSync(out)).toBe(true);
  });

  it('imports folders chosen from the File menu through the page, by path', async () => {
    const template = (fake.menu as { template: { label?: string; submenu?: { id?: string; click?: () => void }[] }[] }).template;
    const items = template.flatMap((menu) => menu.submenu ?? []);
    expect(items.map((item) => item.id)).toEqual(expect.arrayContaining(['import', 'import-folder', 'export', 'backup', 'restore', 'quit']));
    const other = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-folder-'));
    fake.openDialogResult = { canceled: false, filePaths: [other] };
    items.find((item) => item.id === 'import-folder')!.click!();
    await until(() => win.webContents.sent.some((m) => m.channel === MENU_CHANNEL && (m.payload as { action: string }).action === 'import-paths'));
    expect(win.webContents.sent.at(-1)).toEqual({ channel: MENU_CHANNEL, payload: { action: 'import-paths', detail: { paths: [other] } } });
    expect(await call('importPaths', { paths: [other] })).toMatchObject({ ok: true });
    items.find((item) => item.id === 'export')!.click!();
    expect(win.webContents.sent.at(-1)).toEqual({ channel: MENU_CHANNEL, payload: { action: 'export', detail: {} } });
    fs.rmSync(other, { recursive: true, force: true });
  });

  it('backs up, then restores the backup over the open archive from File › Restore…, keeping the old one', async () => {
    const before = ((await call('listDocuments', {})) as { value: { total: number } }).value.total;
    const backupFile = path.join(docs, 'pith-backup.zip');
    fake.saveDialogResult = { canceled: false, filePath: backupFile };
    expect(await call('backup', {})).toMatchObject({ ok: true, value: { file: backupFile } });
    // Something in the archive after the backup: the restore takes it away, the kept copy has it.
    fs.writeFileSync(path.join(archive, 'after-backup.txt'), 'later');

    const items = (fake.menu as { template: { submenu?: { id?: string; click?: () => void }[] }[] }).template.flatMap((m) => m.submenu ?? []);
    fake.openDialogResult = { canceled: false, filePaths: [backupFile] };
    fake.messageBoxResponse = 0;
    const boxes = fake.messageBoxes.length;
    items.find((item) => item.id === 'restore')!.click!();
    await until(() => win.webContents.reloads === 1, 30_000);
    await until(() => fake.messageBoxes.length >= boxes + 2);
    expect(fake.messageBoxes.at(-1)).toMatchObject({ type: 'info', message: 'Backup restored' });
    expect(((await call('listDocuments', {})) as { value: { total: number } }).value.total).toBe(before);
    const kept = fs.readdirSync(path.dirname(archive)).filter((name) => name.startsWith('archive before restore '));
    expect(kept).toHaveLength(1);
    expect(fs.existsSync(path.join(archive, 'after-backup.txt'))).toBe(false);
    expect(fs.existsSync(path.join(path.dirname(archive), kept[0]!, 'after-backup.txt'))).toBe(true);
    expect(fs.readdirSync(path.dirname(archive)).filter((name) => name.includes('.restoring-'))).toEqual([]);
  });

  it('streams an original over pith-original:// with range requests, for a 500 MB file too', async () => {
    const handler = fake.session.protocolHandlers.get('pith-original')!;
    const listed = (await call('listDocuments', {})) as { value: { documents: { id: string; title: string }[] } };
    const id = listed.value.documents[0]!.id;
    const whole = await handler(new Request(originalUrl(id)));
    expect(whole.status).toBe(200);
    expect(whole.headers.get('access-control-allow-origin')).toBe('app://pith');
    const text = await whole.text();
    expect(text).toContain('security vacuum');

    // The same file grown to 500 MB (sparse: holes read as zeros) still opens by ranges.
    const blobs: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(dir, entry.name));
        else blobs.push(path.join(dir, entry.name));
      }
    };
    walk(path.join(archive, 'files'));
    const blob = blobs.find((file) => fs.readFileSync(file, 'utf8') === text)!;
    const size = fs.statSync(blob).size;
    const big = 500 * 1024 * 1024;
    fs.chmodSync(blob, 0o644);
    fs.truncateSync(blob, big);
    try {
      const range = await handler(new Request(originalUrl(id), { headers: { Range: `bytes=${big - 1024}-` } }));
      expect(range.status).toBe(206);
      expect(range.headers.get('content-range')).toBe(`bytes ${big - 1024}-${big - 1}/${big}`);
      expect(range.headers.get('content-length')).toBe('1024');
      expect((await range.arrayBuffer()).byteLength).toBe(1024);
      const head = await handler(new Request(originalUrl(id), { headers: { Range: 'bytes=0-99' } }));
      expect(head.status).toBe(206);
      expect(await head.text()).toBe(text.slice(0, 100));
      // The whole file is a stream: its length is announced, and only what is read is read.
      const full = await handler(new Request(originalUrl(id)));
      expect(full.headers.get('content-length')).toBe(String(big));
      const reader = full.body!.getReader();
      expect((await reader.read()).value!.byteLength).toBeGreaterThan(0);
      await reader.cancel();
      const past = await handler(new Request(originalUrl(id), { headers: { Range: `bytes=${big}-` } }));
      expect(past.status).toBe(416);
    } finally {
      fs.truncateSync(blob, size);
    }
    expect((await handler(new Request(originalUrl('no-such-document')))).status).toBe(404);
    expect((await handler(new Request('pith-original://original/../../etc/passwd'))).status).toBe(404);
  });

  it('says so when the core host dies, starts it again, and gives the window a new port', async () => {
    // A call waiting for the user's Save dialog when the core host dies.
    let answer!: (value: unknown) => void;
    fake.saveDialogResult = new Promise((resolve) => (answer = resolve)) as never;
    const dialogs = fake.saveDialogs;
    const waiting = call('exportAnnotations', { format: 'csv' });
    await until(() => fake.saveDialogs > dialogs);
    const ports = win.webContents.posted.length;
    const boxes = fake.messageBoxes.length;
    fake.utilityProcesses[0]!.kill();
    // Main tells the preload (which fails what was waiting with one sentence) and the user.
    await until(() => win.webContents.sent.some((m) => m.channel === CORE_CHANNEL));
    renderer.detach();
    expect(await waiting).toEqual({ ok: false, error: { code: 'archive', message: HOST_STOPPED_MESSAGE } });
    await until(() => fake.messageBoxes.length > boxes);
    expect(fake.messageBoxes.at(-1)).toMatchObject({ type: 'warning', message: expect.stringMatching(/^Pith's archive process stopped unexpectedly/) });
    expect(JSON.stringify(fake.messageBoxes.at(-1))).not.toMatch(/at .*\.m?js|Error:/);
    // A new host, a new port: the archive answers again, and what main granted still holds.
    const posted = await until(() => win.webContents.posted.slice(ports).find((p) => p.channel === PORT_CHANNEL), 30_000);
    expect(fake.utilityProcesses).toHaveLength(2);
    renderer.attach(rendererPort(posted.ports[0]!));
    expect(await call('listDocuments', {})).toMatchObject({ ok: true, value: { total: expect.any(Number) } });
    expect(await call('importPaths', { paths: [path.join(docs, 'nato.txt')] })).toMatchObject({ ok: true, value: { duplicates: 1 } });
    answer({ canceled: true, filePath: undefined });
    fake.saveDialogResult = { canceled: true, filePath: undefined };
  });

  it('closes the archive when the app quits', async () => {
    fake.app.quit();
    await until(() => fake.app.quitCalls >= 2);
    await until(() => fake.utilityProcesses.every((child) => child.exited));
    // Closed cleanly: SQLite folded its write-ahead log back into the database.
    expect(fs.existsSync(path.join(archive, 'pith.db-wal'))).toBe(false);
  });
});
