// A stand-in for the parts of Electron that main.ts uses, so the bundled main process can run
// under plain Node in tests (Electron's binary cannot be downloaded here). It records what main
// does and lets a test play the user (dialogs) and the renderer (IPC events, its MessagePort).
//
// utilityProcess.fork runs the module in a worker thread: like a utility process it has its own
// event loop (so what it does cannot hold main's), a `process.parentPort` that receives
// {data, ports} message events, and MessagePortMain-like ports transferred to it. Crashing it is
// `terminate()`, which main sees as an 'exit', as it would a dead utility process.
import { EventEmitter } from 'node:events';
import { MessageChannel, Worker, type MessagePort as NodePort } from 'node:worker_threads';

type Listener = (...args: unknown[]) => unknown;

/** Electron's MessagePortMain over a Node MessagePort: 'message' events are {data, ports}. */
export class FakeMessagePortMain extends EventEmitter {
  constructor(readonly raw: NodePort) {
    super();
    raw.on('message', (message: { data: unknown; ports?: NodePort[] }) =>
      this.emit('message', { data: message.data, ports: (message.ports ?? []).map((port) => new FakeMessagePortMain(port)) }),
    );
    raw.on('close', () => this.emit('close'));
  }
  postMessage(data: unknown, transfer: FakeMessagePortMain[] = []) {
    const ports = transfer.map((port) => port.raw);
    this.raw.postMessage({ data, ports }, ports);
  }
  start() {
    this.raw.start();
  }
  close() {
    this.raw.close();
  }
}

export class MessageChannelMain {
  readonly port1: FakeMessagePortMain;
  readonly port2: FakeMessagePortMain;
  constructor() {
    const { port1, port2 } = new MessageChannel();
    this.port1 = new FakeMessagePortMain(port1);
    this.port2 = new FakeMessagePortMain(port2);
  }
}

/** Runs in the worker before the module: the utility process's `process.parentPort`. */
const UTILITY_BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
const { EventEmitter } = require('node:events');
class PortMain extends EventEmitter {
  constructor(raw) {
    super();
    this.raw = raw;
    raw.on('message', (m) => this.emit('message', { data: m.data, ports: (m.ports || []).map((p) => new PortMain(p)) }));
    raw.on('close', () => this.emit('close'));
  }
  postMessage(data, transfer = []) { const ports = transfer.map((p) => p.raw); this.raw.postMessage({ data, ports }, ports); }
  start() { this.raw.start(); }
  close() { this.raw.close(); }
}
// As Electron's parentPort, messages wait until a handler is registered.
const parent = new EventEmitter();
const early = [];
parent.postMessage = (data) => parentPort.postMessage({ data });
parent.on('newListener', (name) => {
  if (name === 'message') setImmediate(() => early.splice(0).forEach((event) => parent.emit('message', event)));
});
parentPort.on('message', (m) => {
  const event = { data: m.data, ports: (m.ports || []).map((p) => new PortMain(p)) };
  if (parent.listenerCount('message') === 0) early.push(event);
  else parent.emit('message', event);
});
process.parentPort = parent;
import(workerData.entry);
`;

export class FakeUtilityProcess extends EventEmitter {
  readonly worker: Worker;
  exited = false;
  constructor(
    readonly modulePath: string,
    readonly options: { env?: Record<string, string | undefined>; serviceName?: string } = {},
  ) {
    super();
    this.worker = new Worker(UTILITY_BOOT, {
      eval: true,
      workerData: { entry: pathToFileHref(modulePath) },
      env: (options.env ?? process.env) as NodeJS.ProcessEnv,
    });
    this.worker.on('message', (message: { data: unknown }) => this.emit('message', message.data));
    this.worker.on('error', (error) => console.error('pith (stand-in): the utility process failed', error));
    this.worker.on('exit', (code) => {
      this.exited = true;
      this.emit('exit', code);
    });
    state.utilityProcesses.push(this);
  }
  postMessage(data: unknown, transfer: FakeMessagePortMain[] = []) {
    const ports = transfer.map((port) => port.raw);
    this.worker.postMessage({ data, ports }, ports);
  }
  kill() {
    void this.worker.terminate();
    return true;
  }
}

function pathToFileHref(file: string): string {
  return new URL(`file://${file.split('/').map(encodeURIComponent).join('/')}`).href;
}

export const utilityProcess = {
  fork: (modulePath: string, _args: string[] = [], options: ConstructorParameters<typeof FakeUtilityProcess>[1] = {}) =>
    new FakeUtilityProcess(modulePath, options),
};

class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(event: string, listener: Listener) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  once(event: string, listener: Listener) {
    return this.on(event, listener);
  }
  emit(event: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(event) ?? []).map((listener) => listener(...args));
  }
}

let nextId = 1;

export class FakeWebContents extends Emitter {
  readonly id = nextId++;
  readonly sent: { channel: string; payload: unknown }[] = [];
  /** Ports main posted to this renderer (webContents.postMessage), with their channel. */
  readonly posted: { channel: string; message: unknown; ports: FakeMessagePortMain[] }[] = [];
  windowOpenHandler: ((details: { url: string }) => { action: string }) | null = null;
  destroyed = false;
  reloads = 0;
  mainFrame = { url: 'app://pith/index.html', parent: null, routingId: 1 };
  reload() {
    this.reloads++;
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, payload: unknown) {
    this.sent.push({ channel, payload });
  }
  postMessage(channel: string, message: unknown, ports: FakeMessagePortMain[] = []) {
    this.posted.push({ channel, message, ports });
  }
  isDestroyed() {
    return this.destroyed;
  }
}

class FakeApp extends Emitter {
  isPackaged = false;
  sandboxed = false;
  name = '';
  quitCalls = 0;
  exitCode: number | null = null;
  private readyResolve!: () => void;
  private readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  enableSandbox() {
    this.sandboxed = true;
  }
  setName(name: string) {
    this.name = name;
  }
  requestSingleInstanceLock() {
    return true;
  }
  whenReady() {
    return this.ready;
  }
  /** The test decides when Electron is ready. */
  makeReady() {
    this.readyResolve();
  }
  quit() {
    this.quitCalls++;
    const event = { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; } };
    this.emit('will-quit', event);
  }
  exit(code: number) {
    this.exitCode = code;
  }
  getPath(_name: string) {
    return '/tmp';
  }
  getVersion() {
    return '0.0.0-test';
  }
}

class FakeSession extends Emitter {
  beforeRequest: Listener | null = null;
  headersReceived: Listener | null = null;
  permissionRequest: Listener | null = null;
  permissionCheck: Listener | null = null;
  devicePermission: Listener | null = null;
  spellChecker = true;
  protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  readonly webRequest = {
    onBeforeRequest: (listener: Listener) => (this.beforeRequest = listener),
    onHeadersReceived: (listener: Listener) => (this.headersReceived = listener),
  };
  readonly protocol = {
    handle: (scheme: string, handler: (request: Request) => Promise<Response>) => this.protocolHandlers.set(scheme, handler),
  };
  setPermissionRequestHandler(listener: Listener) {
    this.permissionRequest = listener;
  }
  setPermissionCheckHandler(listener: Listener) {
    this.permissionCheck = listener;
  }
  setDevicePermissionHandler(listener: Listener) {
    this.devicePermission = listener;
  }
  setSpellCheckerEnabled(enabled: boolean) {
    this.spellChecker = enabled;
  }
}

export const state = {
  app: new FakeApp(),
  session: new FakeSession(),
  privilegedSchemes: [] as unknown[],
  windows: [] as FakeBrowserWindow[],
  handlers: new Map<string, Listener>(),
  listeners: new Map<string, Listener>(),
  menu: null as unknown,
  errorBoxes: [] as { title: string; content: string }[],
  messageBoxes: [] as unknown[],
  messageBoxResponse: 0,
  openDialogResult: { canceled: true, filePaths: [] as string[] },
  saveDialogResult: { canceled: true, filePath: '' as string | undefined },
  saveDialogs: 0,
  openedExternally: [] as string[],
  utilityProcesses: [] as FakeUtilityProcess[],
  openedPaths: [] as string[],
};

export class FakeBrowserWindow extends Emitter {
  readonly webContents = new FakeWebContents();
  loadedUrl = '';
  shown = false;
  constructor(readonly options: { webPreferences?: Record<string, unknown> } & Record<string, unknown>) {
    super();
    state.windows.push(this);
    state.app.emit('web-contents-created', {}, this.webContents);
  }
  loadURL(url: string) {
    this.loadedUrl = url;
    return Promise.resolve();
  }
  show() {
    this.shown = true;
  }
  isDestroyed() {
    return false;
  }
  isMinimized() {
    return false;
  }
  restore() {}
  focus() {}
}

export const app = state.app;
export const BrowserWindow = FakeBrowserWindow;
export const protocol = {
  registerSchemesAsPrivileged: (schemes: unknown[]) => state.privilegedSchemes.push(...schemes),
};
export const session = { defaultSession: state.session };
export const ipcMain = {
  handle: (channel: string, listener: Listener) => state.handlers.set(channel, listener),
  on: (channel: string, listener: Listener) => state.listeners.set(channel, listener),
};
export const Menu = {
  buildFromTemplate: (template: unknown) => ({ template }),
  setApplicationMenu: (menu: unknown) => (state.menu = menu),
};
export const dialog = {
  showMessageBox: async (...args: unknown[]) => {
    state.messageBoxes.push(args.at(-1));
    return { response: state.messageBoxResponse };
  },
  showOpenDialog: async () => state.openDialogResult,
  showSaveDialog: async () => {
    state.saveDialogs++;
    return state.saveDialogResult;
  },
  showErrorBox: (title: string, content: string) => state.errorBoxes.push({ title, content }),
};
export const shell = {
  openExternal: async (url: string) => {
    state.openedExternally.push(url);
  },
  openPath: async (target: string) => {
    state.openedPaths.push(target);
    return '';
  },
};
export const nativeTheme = { shouldUseDarkColors: false };

(globalThis as { __pithFakeElectron?: typeof state }).__pithFakeElectron = state;
