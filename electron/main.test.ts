// The bundled main process (dist/electron/main.mjs as esbuild makes it), run under Node with a
// stand-in for Electron: the wiring of main.ts is exercised without Electron's binary, on a real
// archive: window options, the app:// protocol, the request filter, navigation guards, the bridge
// with its sender check, grants and dialogs, the menu, and closing the archive on quit.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_METHODS } from '../core/api.ts';
import { buildElectron } from '../scripts/build-electron.js';
import { GRANT_CHANNEL, MENU_CHANNEL, type Envelope } from './ipc.ts';
import { CONTENT_SECURITY_POLICY } from './security.ts';
import type { FakeBrowserWindow, FakeWebContents, state as FakeState } from './test-support/fake-electron.ts';

const root = path.resolve(import.meta.dirname, '..');
const sample = path.join(root, 'core', 'annotate', 'fixtures', 'nato-western-balkans-2025.txt');
let base: string;
let archive: string;
let docs: string;
let fake: typeof FakeState;
let win: FakeBrowserWindow;

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

async function call(name: string, request?: unknown, from = event(win.webContents)): Promise<Envelope> {
  const handler = fake.handlers.get(`pith:${name}`);
  if (!handler) throw new Error(`no handler for ${name}`);
  return (await handler(from, ...(request === undefined ? [] : [request]))) as Envelope;
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
  win = await until(() => fake.windows[0]);
}, 60_000);

afterAll(async () => {
  if (base) fs.rmSync(base, { recursive: true, force: true });
  if (archive) fs.rmSync(path.dirname(archive), { recursive: true, force: true });
});

describe('the main process, bundled', () => {
  it('registers app:// as privileged and sandboxes every renderer before ready', () => {
    expect(fake.privilegedSchemes).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
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
    expect(prefs.preload).toBe(path.join(base, 'dist', 'electron', 'preload.cjs'));
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

  it('registers one IPC handler per API method', () => {
    for (const name of API_METHODS) expect(fake.handlers.has(`pith:${name}`), name).toBe(true);
    expect(fake.handlers.size).toBe(API_METHODS.length);
  });

  it('answers the window, over the real archive', async () => {
    const reply = await call('listDocuments', {});
    expect(reply).toEqual({ ok: true, value: expect.objectContaining({ total: 0 }) });
    expect(fs.existsSync(archive)).toBe(true);
  });

  it('refuses calls from another webContents or a subframe', async () => {
    const stranger = new (fake.windows[0]!.constructor as new (o: object) => FakeBrowserWindow)({});
    fake.windows.pop();
    expect(await call('listDocuments', {}, event(stranger.webContents))).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await call('listDocuments', {}, event(win.webContents, 'app://pith/index.html', { url: 'app://pith/' }))).toMatchObject({ ok: false });
    expect(await call('listDocuments', {}, event(win.webContents, 'https://evil.example/'))).toMatchObject({ ok: false });
  });

  it('imports only what the user gave, then imports it through the worker bundle', async (ctx) => {
    if (!fs.readFileSync(path.join(root, 'core', 'pith.ts'), 'utf8').includes('workerEntry'))
      ctx.skip(true, 'core/pith.ts does not take options.workerEntry yet, so a bundled app cannot find its import worker');
    const file = path.join(docs, 'nato.txt');
    expect(await call('importPaths', { paths: [file] })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    // A grant from a subframe or another page does not count.
    fake.listeners.get(GRANT_CHANNEL)!(event(win.webContents, 'https://evil.example/'), file);
    expect(await call('importPaths', { paths: [file] })).toMatchObject({ ok: false, error: { code: 'invalid' } });
    // The preload's pathForFile grants the path of a dropped File.
    fake.listeners.get(GRANT_CHANNEL)!(event(win.webContents), docs);
    const reply = await call('importPaths', { paths: [file], taskId: 'drop-1' });
    expect(reply).toMatchObject({ ok: true, value: { imported: 1, failed: 0 } });
    const progress = win.webContents.sent.filter((m) => m.channel === 'pith:progress');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((m) => (m.payload as { taskId: string }).taskId === 'drop-1')).toBe(true);
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

  it('closes the archive when the app quits', async () => {
    fake.app.quit();
    await until(() => fake.app.quitCalls >= 2);
    expect(await call('listDocuments', {})).toMatchObject({ ok: false, error: { code: 'archive' } });
  });
});
