// A stand-in for the parts of Electron that main.ts uses, so the bundled main process can run
// under plain Node in tests (Electron's binary cannot be downloaded here). It records what main
// does and lets a test play the user (dialogs) and the renderer (IPC events).
type Listener = (...args: unknown[]) => unknown;

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
  openedExternally: [] as string[],
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
  showSaveDialog: async () => state.saveDialogResult,
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

// The renderer side, for building the preload with this stand-in (tests of the preload itself run
// the real bundle with their own `require`; see preload.test.ts).
export const contextBridge = {
  exposeInMainWorld: (key: string, value: unknown) => ((globalThis as Record<string, unknown>)[key] = value),
};
export const ipcRenderer = {
  invoke: async () => undefined,
  on: () => undefined,
  removeListener: () => undefined,
  send: () => undefined,
};
export const webUtils = { getPathForFile: () => '' };
