// The Electron main process: one locked-down window on the app:// protocol, native menus and
// dialogs, file grants, and nothing slow. The core (SQLite, imports, exports, typesetting,
// zipping, backup and restore checks) runs in its own Electron utilityProcess, the core host
// (core-host.ts, started and restarted by core-process.ts); the window reaches it through a
// MessagePort main hands the preload (MessageChannelMain), so a long export or backup never
// freezes the window or its menus. Originals reach the reader as streams on pith-original://
// (original-protocol.ts), read from the archive path the core host reports. Every decision worth
// testing lives in a pure module beside this one (security, app-files, bridge, grants, menu,
// core-process, core-service, original-protocol); this file only wires them to Electron.
// Bundled to dist/electron/main.mjs by scripts/build-electron.js, beside core-host.mjs.
import { app, BrowserWindow, dialog, ipcMain, Menu, MessageChannelMain, nativeTheme, protocol, session, shell, utilityProcess } from 'electron';
import type { IpcMainEvent, IpcMainInvokeEvent, Session, WebContents } from 'electron';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveArchiveDir } from '../core/paths.ts';
import { serveAppRequest } from './app-files.ts';
import { planRestore } from './archive-swap.ts';
import { isTrustedSender, toBridgeError } from './bridge.ts';
import { CoreProcess, type MainPort, type UtilityLike } from './core-process.ts';
import { backupChoice, PathGrants, type SaveChoice } from './grants.ts';
import { CONNECT_CHANNEL, CORE_CHANNEL, GRANT_CHANNEL, MENU_CHANNEL, PORT_CHANNEL, type MenuAction, type MenuDetail } from './ipc.ts';
import { menuTemplate } from './menu.ts';
import { serveOriginal, type OriginalFile } from './original-protocol.ts';
import {
  APP_ENTRY,
  APP_SCHEME,
  ORIGINAL_SCHEME,
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
const coreHostPath = path.join(here, 'core-host.mjs');
const development = !app.isPackaged;

const log = (message: string, error?: unknown) => console.error(message, error ?? '');

// Before `ready`: the app's scheme behaves like https (origin, fetch, module scripts, workers);
// originals' scheme may be fetched (with CORS, from the app) and streamed.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: ORIGINAL_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } },
]);
app.enableSandbox();
app.setName('Pith');

let win: BrowserWindow | null = null;
let archiveDir = '';
let core: CoreProcess | null = null;
const grants = new PathGrants();
let externalDialogOpen = false;
// One of each at a time: the notice of an automatic restart, and the offer to restart by hand.
let restartNoticeOpen = false;
let restartOfferOpen = false;

function createCore(): CoreProcess {
  return new CoreProcess({
    fork: () =>
      utilityProcess.fork(coreHostPath, [], { serviceName: 'Pith archive', stdio: 'inherit', env: { ...process.env } }) as unknown as UtilityLike,
    channel: () => new MessageChannelMain() as unknown as { port1: MainPort; port2: MainPort },
    archiveDir,
    choose: chooseSavePath,
    log,
    onStopped: (restarting) => {
      // The window's waiting calls end with one sentence (the preload's), never a stack trace.
      if (win && !win.isDestroyed()) win.webContents.send(CORE_CHANNEL, { state: 'stopped' });
      if (restarting) void tellRestarted();
      else void offerRestart();
    },
    onRestarted: () => connectWindow(),
  });
}

/** The core host died and is starting again by itself: the window says so, once. */
async function tellRestarted(): Promise<void> {
  if (restartNoticeOpen || !win || win.isDestroyed()) return;
  restartNoticeOpen = true;
  try {
    await dialog.showMessageBox(win, {
      type: 'warning',
      buttons: ['OK'],
      noLink: true,
      message: "Pith's archive process stopped unexpectedly and has been started again.",
      detail: 'An import, export or backup that was running when it stopped did not finish; start it again.',
    });
  } finally {
    restartNoticeOpen = false;
  }
}

/** The core host died several times in a row: the user decides whether to try again. */
async function offerRestart(): Promise<void> {
  if (restartOfferOpen || !win || win.isDestroyed()) return;
  restartOfferOpen = true;
  try {
    const answer = await dialog.showMessageBox(win, {
      type: 'error',
      buttons: ['Restart', 'Quit Pith'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
      message: "Pith's archive process keeps stopping, so the archive cannot be read right now.",
      detail: 'Restart it to try again. Nothing already saved in the archive is lost.',
    });
    if (answer.response === 0) await core?.restart();
    else app.quit();
  } finally {
    restartOfferOpen = false;
  }
}

/** Gives the window's preload a (new) MessagePort to the core host. */
function connectWindow(contents: WebContents | undefined = win?.webContents, url = APP_ENTRY): void {
  if (!contents || contents.isDestroyed() || !core) return;
  const port = core.connect(contents.id, url);
  if (port) contents.postMessage(PORT_CHANNEL, null, [port as unknown as Electron.MessagePortMain]);
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
  ses.protocol.handle(ORIGINAL_SCHEME, (request) =>
    serveOriginal(request, async (id) => {
      if (!core) throw new Error('the core host is not running');
      return (await core.call('originalFile', { id })) as OriginalFile;
    }),
  );
}

/** Who sent an IPC message: its frame's URL, and whether it is the main frame of Pith's window. */
function senderOf(event: IpcMainEvent | IpcMainInvokeEvent): { url: string; isMainFrame: boolean } {
  let url = '';
  let topFrame = false;
  try {
    const frame = event.senderFrame;
    if (frame) {
      url = frame.url;
      topFrame = frame.parent === null;
    }
  } catch {
    // The frame navigated away or was destroyed meanwhile: not trusted.
  }
  const ours = win !== null && !win.isDestroyed() && event.sender === win.webContents;
  return { url, isMainFrame: ours && topFrame };
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
  await Promise.all(result.filePaths.map((chosen) => grant(chosen)));
  sendMenu('import-paths', { paths: result.filePaths });
}

/** A path the user gave: main's record, and the core host's (which imports only granted paths). */
async function grant(candidate: unknown): Promise<void> {
  if (grants.grant(candidate)) await core?.grant(path.resolve(candidate as string));
}

async function backupFromMenu(): Promise<void> {
  if (!core || !win || win.isDestroyed()) return;
  const file = await chooseSavePath(backupChoice(undefined));
  if (!file) return;
  try {
    // The core host zips; its progress goes to the window over the window's port.
    const result = (await core.call('backup', { file, window: win.webContents.id })) as { file: string; bytes: number };
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
  if (!core || !win || win.isDestroyed()) return;
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
  // The core host restores (checking every entry), closes the archive, swaps the folders and
  // opens the restored one; main only waits.
  let documents = 0;
  let swapped = false;
  try {
    ({ documents, swapped } = (await core.call('restore', { file, ...plan, window: window.webContents.id })) as { documents: number; swapped: boolean });
  } catch (error) {
    await dialog.showMessageBox(window, { type: 'error', message: 'The backup was not restored', detail: toBridgeError(error, log, 'restore').message });
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

/**
 * The renderer's two messages to main: a port to the core host, and a path the user gave. Only
 * the main frame of Pith's window, on Pith's page, gets either; the contract itself goes over
 * the port, to the core host.
 */
function registerBridge(): void {
  ipcMain.on(CONNECT_CHANNEL, (event) => {
    const sender = senderOf(event);
    if (!isTrustedSender(sender)) {
      log(`pith: refused a port to ${sender.url.slice(0, 200) || 'a closed frame'}`);
      return;
    }
    // A page asks once per load: what it had before (a reload) is let go first.
    core?.disconnect(event.sender.id);
    connectWindow(event.sender, sender.url);
  });
  // Answered once the core host knows the path: the preload holds calls until then.
  ipcMain.handle(GRANT_CHANNEL, async (event, candidate: unknown) => {
    if (isTrustedSender(senderOf(event))) await grant(candidate);
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
  // What a page started stops when it goes: the core host releases its tasks and ports.
  window.webContents.on('render-process-gone', () => core?.disconnect(contentsId));
  window.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) core?.disconnect(contentsId);
  });
  window.on('closed', () => {
    core?.disconnect(contentsId);
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
  core = createCore();
  try {
    await core.start();
  } catch (error) {
    dialog.showErrorBox('Pith cannot open its archive', `${archiveDir}\n\n${toBridgeError(error, log, 'open').message}`);
    await core.stop();
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
    if (closed || !core?.running) return;
    // Let running imports stop and the database close before the processes end.
    event.preventDefault();
    closed = true;
    core
      .stop()
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
