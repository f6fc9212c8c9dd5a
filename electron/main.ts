// The Electron main process: one locked-down window on the app:// protocol, the IPC bridge over
// the one API contract, native menus and dialogs. Every decision worth testing lives in a pure
// module beside this one (security, app-files, bridge, grants, menu); this file only wires them
// to Electron. Bundled to dist/electron/main.mjs by scripts/build-electron.js.
import { app, BrowserWindow, dialog, ipcMain, Menu, nativeTheme, protocol, session, shell } from 'electron';
import type { IpcMainEvent, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_METHODS } from '../core/api.ts';
import { restore } from '../core/backup/backup.ts';
import { resolveArchiveDir } from '../core/paths.ts';
import { Pith, type PithOptions } from '../core/pith.ts';
import { serveAppRequest } from './app-files.ts';
import { planRestore, swapInRestored } from './archive-swap.ts';
import { createDispatcher, isTrustedSender, toBridgeError, type Dispatcher, type IpcSender } from './bridge.ts';
import { backupChoice, createPathPolicy, PathGrants, type SaveChoice } from './grants.ts';
import { GRANT_CHANNEL, MENU_CHANNEL, PROGRESS_CHANNEL, methodChannel, type Envelope, type MenuAction, type MenuDetail } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import {
  APP_ENTRY,
  APP_SCHEME,
  isAllowedRequest,
  mainFrameNavigation,
  permissionAllowed,
  subframeNavigation,
  withSecurityHeaders,
} from './security.ts';

// dist/electron/ when bundled; the app's root (or app.asar) two levels up.
const here = path.dirname(fileURLToPath(import.meta.url));
const appRoot = path.resolve(here, '..', '..');
const rendererDir = path.join(appRoot, 'dist', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');
const development = !app.isPackaged;
process.env.PITH_FONTS_DIR ||= path.join(appRoot, 'resources', 'fonts');

/** Where the import worker's bundle sits beside this one (see scripts/build-electron.js). */
const pithOptions: PithOptions & { workerEntry?: URL } = { workerEntry: new URL('./import-worker.mjs', import.meta.url) };

const log = (message: string, error?: unknown) => console.error(message, error ?? '');

// Before `ready`: the app's scheme behaves like https (origin, fetch, module scripts, workers).
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);
app.enableSandbox();
app.setName('Pith');

let win: BrowserWindow | null = null;
let archiveDir = '';
// Both null while the archive is closed (quitting, or swapping in a restored backup).
let api: Pith | null = null;
let dispatcher: Dispatcher | null = null;
const grants = new PathGrants();
let externalDialogOpen = false;

const CLOSED: Envelope = { ok: false, error: { code: 'archive', message: 'The archive is closed for a moment (a restore or quitting); try again.' } };

function openArchive(): void {
  api = Pith.open(archiveDir, pithOptions);
  dispatcher = createDispatcher(api, { prepare: createPathPolicy(grants, chooseSavePath), log });
}

async function closeArchive(): Promise<void> {
  const open = api;
  if (win && !win.isDestroyed()) dispatcher?.releaseSender(win.webContents.id);
  api = null;
  dispatcher = null;
  await open?.close();
}

function archiveArgument(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--archive') return argv[i + 1];
    if (arg.startsWith('--archive=')) return arg.slice('--archive='.length);
  }
  return undefined;
}

function sendMenu(action: MenuAction, detail: MenuDetail = {}): void {
  if (win && !win.isDestroyed()) win.webContents.send(MENU_CHANNEL, { action, detail });
}

/** Links never open inside Pith; http(s) ones may open in the system browser if the user agrees. */
async function offerExternal(url: string): Promise<void> {
  const target = mainFrameNavigation(url).external;
  if (target === null || externalDialogOpen) return;
  externalDialogOpen = true;
  try {
    const options = {
      type: 'question' as const,
      buttons: ['Open in Browser', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      noLink: true,
      message: 'Open this link in your web browser?',
      detail: target,
    };
    const answer = win && !win.isDestroyed() ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
    // Reviewed: only http(s) URLs the user has just agreed to open reach this call.
    if (answer.response === 0) await shell.openExternal(target);
  } catch (error) {
    log('pith: could not open a link', error);
  } finally {
    externalDialogOpen = false;
  }
}

/** Every webContents (the window, devtools, anything else): no navigation, no new windows, no webviews. */
function guardContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    void offerExternal(event.url);
  });
  contents.on('will-redirect', (event) => {
    if (!event.isMainFrame && subframeNavigation(event.url).allow) return;
    event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (event.isMainFrame || subframeNavigation(event.url).allow) return;
    event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void offerExternal(url);
    return { action: 'deny' };
  });
}

function hardenSession(ses: Session): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url);
    if (!allowed) log(`pith: blocked a request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders ?? {}) });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(permissionAllowed(permission, details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permissionAllowed(permission, details.requestingUrl ?? requestingOrigin),
  );
  ses.setDevicePermissionHandler(() => false);
  ses.setSpellCheckerEnabled(false);
  ses.on('will-download', (event, item) => {
    // Only files the page itself made (blob: of the app) may be saved, through a Save dialog.
    if (!item.getURL().startsWith(`blob:${APP_SCHEME}:`)) event.preventDefault();
  });
  ses.protocol.handle(APP_SCHEME, async (request) => {
    const reply = await serveAppRequest(rendererDir, { url: request.url, method: request.method });
    return new Response(reply.body as BodyInit | null, { status: reply.status, headers: reply.headers });
  });
}

function senderOf(event: IpcMainInvokeEvent | IpcMainEvent): IpcSender {
  const contents = event.sender;
  let frameUrl = '';
  let topFrame = false;
  try {
    const frame = event.senderFrame;
    if (frame) {
      frameUrl = frame.url;
      topFrame = frame.parent === null;
    }
  } catch {
    // The frame navigated away or was destroyed meanwhile: not trusted.
  }
  const ours = win !== null && !win.isDestroyed() && contents === win.webContents;
  return {
    id: contents.id,
    url: frameUrl,
    isMainFrame: ours && topFrame,
    send: (channel, payload) => {
      if (!contents.isDestroyed()) contents.send(channel, payload);
    },
  };
}

async function chooseSavePath(choice: SaveChoice): Promise<string | null> {
  if (!win || win.isDestroyed()) return null;
  if (choice.kind === 'folder') {
    const result = await dialog.showOpenDialog(win, {
      title: choice.title,
      buttonLabel: 'Export Here',
      properties: ['openDirectory', 'createDirectory', 'promptToCreate'],
    });
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }
  const result = await dialog.showSaveDialog(win, {
    title: choice.title,
    defaultPath: path.join(app.getPath('documents'), choice.defaultName ?? ''),
    filters: choice.filters,
    properties: ['createDirectory', 'showOverwriteConfirmation'],
  });
  return result.canceled || !result.filePath ? null : result.filePath;
}

/** File › Import Folder…: the page's file picker cannot choose folders, so main asks. */
async function importFolderFromDialog(): Promise<void> {
  if (!win || win.isDestroyed()) return;
  const result = await dialog.showOpenDialog(win, {
    title: 'Import Folders into Pith',
    buttonLabel: 'Import',
    properties: ['openDirectory', 'multiSelections'],
  });
  if (result.canceled || result.filePaths.length === 0) return;
  for (const chosen of result.filePaths) grants.grant(chosen);
  sendMenu('import-paths', { paths: result.filePaths });
}

async function backupFromMenu(): Promise<void> {
  if (!api || !win || win.isDestroyed()) return;
  const file = await chooseSavePath(backupChoice(undefined));
  if (!file) return;
  const contents = win.webContents;
  try {
    const result = await api.backup(
      { file, force: true },
      { onProgress: (event) => !contents.isDestroyed() && contents.send(PROGRESS_CHANNEL, event) },
    );
    const message = `Backed up the archive to ${result.file} (${(result.bytes / 1e6).toFixed(1)} MB).`;
    sendMenu('backup-done', { message });
    await dialog.showMessageBox(win, { type: 'info', message: 'Backup saved', detail: message });
  } catch (error) {
    const { message } = toBridgeError(error, log, 'backup');
    await dialog.showMessageBox(win, { type: 'error', message: 'The backup failed', detail: message });
  }
}

/** File › Restore…: the backup replaces the open archive, which is kept under a dated name. */
async function restoreFromMenu(): Promise<void> {
  if (!api || !win || win.isDestroyed()) return;
  const window = win;
  const chosen = await dialog.showOpenDialog(window, {
    title: 'Restore a Pith Backup',
    buttonLabel: 'Restore',
    properties: ['openFile'],
    // .zip is what Pith names backups (desktop and browser); .pith is what `pith serve` named them before.
    filters: [{ name: 'Pith backup', extensions: ['zip', 'pith'] }],
  });
  const file = chosen.canceled ? undefined : chosen.filePaths[0];
  if (!file) return;
  const plan = planRestore(archiveDir);
  const answer = await dialog.showMessageBox(window, {
    type: 'warning',
    buttons: ['Restore', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    noLink: true,
    message: 'Replace the open archive with this backup?',
    detail: `${file}\n\nThe archive open now is kept, renamed to:\n${plan.previous}`,
  });
  if (answer.response !== 0) return;
  const contents = window.webContents;
  let documents = 0;
  try {
    const report = await restore(file, plan.staging, {
      onProgress: (event) => !contents.isDestroyed() && contents.send(PROGRESS_CHANNEL, event),
    });
    documents = report.documents;
  } catch (error) {
    fs.rmSync(plan.staging, { recursive: true, force: true });
    await dialog.showMessageBox(window, { type: 'error', message: 'The backup was not restored', detail: toBridgeError(error, log, 'restore').message });
    return;
  }
  await closeArchive();
  let swapped = true;
  try {
    swapInRestored(archiveDir, plan);
  } catch (error) {
    swapped = false;
    log('pith: could not swap in the restored archive', error);
    fs.rmSync(plan.staging, { recursive: true, force: true });
  }
  try {
    openArchive();
  } catch (error) {
    dialog.showErrorBox('Pith cannot open its archive', `${archiveDir}\n\n${toBridgeError(error, log, 'open').message}`);
    app.exit(1);
    return;
  }
  if (!window.isDestroyed()) window.webContents.reload();
  await dialog.showMessageBox(window, swapped
    ? { type: 'info', message: 'Backup restored', detail: `${documents} document${documents === 1 ? '' : 's'} restored from ${file}.\nThe previous archive is kept in ${plan.previous}.` }
    : { type: 'error', message: 'The backup was not restored', detail: 'The restored archive could not take the place of the open one; the open archive is unchanged.' });
}

function installMenu(): void {
  const template = menuTemplate(
    {
      importFiles: () => sendMenu('import'),
      importFolder: () => void importFolderFromDialog(),
      exportNotes: () => sendMenu('export'),
      backup: () => void backupFromMenu(),
      restore: () => void restoreFromMenu(),
      show: (view) => sendMenu(view),
      about: () =>
        void dialog.showMessageBox({
          type: 'info',
          message: `Pith ${app.getVersion()}`,
          detail: `An offline research archive.\nArchive: ${archiveDir}`,
        }),
      openArchiveFolder: () => void shell.openPath(archiveDir),
    },
    { platform: process.platform, development, canRestore: true },
  );
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}

function registerBridge(): void {
  for (const name of API_METHODS) {
    ipcMain.handle(methodChannel(name), (event, ...args: unknown[]) => (dispatcher ? dispatcher.handle(name, args, senderOf(event)) : CLOSED));
  }
  ipcMain.on(GRANT_CHANNEL, (event, candidate: unknown) => {
    if (isTrustedSender(senderOf(event))) grants.grant(candidate);
  });
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 720,
    minHeight: 480,
    show: false,
    title: 'Pith',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#1c1c1f' : '#fbfbfa',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
      // Middle clicks would ask for new windows; those are denied anyway, this stops them earlier.
      disableBlinkFeatures: 'Auxclick',
      devTools: development,
    },
  });
  const contentsId = window.webContents.id;
  window.once('ready-to-show', () => {
    window.show();
    // scripts/start.js waits for this line to know the app started.
    console.log('pith: the app window is open');
  });
  window.webContents.on('render-process-gone', () => dispatcher?.releaseSender(contentsId));
  window.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) dispatcher?.releaseSender(contentsId);
  });
  window.on('closed', () => {
    dispatcher?.releaseSender(contentsId);
    win = null;
  });
  void window.loadURL(APP_ENTRY);
  return window;
}

async function start(): Promise<void> {
  archiveDir = resolveArchiveDir(archiveArgument(process.argv));
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    dialog.showErrorBox('Pith is not built', `The app's files are missing (${rendererDir}). Run \`npm start\`, which builds them.`);
    app.exit(1);
    return;
  }
  try {
    openArchive();
  } catch (error) {
    dialog.showErrorBox('Pith cannot open its archive', `${archiveDir}\n\n${toBridgeError(error, log, 'open').message}`);
    app.exit(1);
    return;
  }
  hardenSession(session.defaultSession);
  registerBridge();
  installMenu();
  win = createWindow();
}

app.on('web-contents-created', (_event, contents) => guardContents(contents));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (win && !win.isDestroyed()) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed || !api) return;
    // Let running imports stop and the database close before the process ends.
    event.preventDefault();
    closed = true;
    closeArchive()
      .catch((error) => log('pith: closing the archive failed', error))
      .finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((error) => {
      log('pith: could not start', error);
      dialog.showErrorBox('Pith could not start', String((error as Error)?.message ?? error));
      app.exit(1);
    });
}
