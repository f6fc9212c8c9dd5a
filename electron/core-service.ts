// The core host's work, without Electron: it opens the archive and serves the whole contract to
// each window over that window's MessagePort, through the same dispatcher (bridge.ts) and path
// policy (grants.ts) the main process used to run. core-host.ts starts it on the utility
// process's parentPort; tests start it on stand-in ports.
//
// Trust: only main can reach the parentPort, so only main hands out ports (after checking that
// the window's main frame is Pith's page) and only main grants paths. A window's port carries
// calls of the contract and nothing else: a renderer that went wrong cannot grant itself a path,
// open another archive or restore a backup. Save dialogs for exports and backups are main's: the
// host asks for one over the parentPort and writes only where the user chose.
import fs from 'node:fs';
import { PithError, type CallContext, type PithApi, type ProgressEvent } from '../core/api.ts';
import { swapInRestored } from './archive-swap.ts';
import { createDispatcher, type Dispatcher, type IpcSender } from './bridge.ts';
import { createControlLink } from './control-link.ts';
import type { ControlMessage, HostOperations, PortCall, PortMessage } from './core-protocol.ts';
import { createPathPolicy, PathGrants, type SaveChoice } from './grants.ts';
import type { Envelope } from './ipc.ts';

/** Electron's MessagePortMain, as far as the host uses it. */
export interface HostPort {
  on(event: 'message', listener: (event: { data: unknown; ports: HostPort[] }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
}

/** process.parentPort in a utility process. */
export interface ParentLike {
  on(event: 'message', listener: (event: { data: unknown; ports: HostPort[] }) => void): unknown;
  postMessage(message: unknown): void;
}

/** What the host needs of the core: the contract, plus where originals are and closing. */
export interface HostedCore extends PithApi {
  originalFile(req: { id: string }): { name: string; mime: string; path: string; missing: string };
  close(): Promise<void>;
}

export interface CoreServiceOptions {
  open(archiveDir: string): HostedCore;
  restore(file: string, targetDir: string, ctx: CallContext): Promise<{ documents: number }>;
  log?: (message: string, error?: unknown) => void;
}

const CLOSED: Envelope = { ok: false, error: { code: 'archive', message: 'The archive is closed for a moment (a restore or quitting); try again.' } };

export function startCoreService(parent: ParentLike, options: CoreServiceOptions) {
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error ?? ''));
  const grants = new PathGrants();
  const windows = new Map<number, Set<HostPort>>();
  let archiveDir = '';
  let core: HostedCore | null = null;
  let dispatcher: Dispatcher | null = null;

  const link = createControlLink((message) => parent.postMessage(message), (op, args) => operate(op, args), log);
  const choose = async (choice: SaveChoice) => (await link.call('choose', choice)) as string | null;

  function openArchive(): void {
    core = options.open(archiveDir);
    dispatcher = createDispatcher(core, { prepare: createPathPolicy(grants, choose), log });
  }

  async function closeArchive(): Promise<void> {
    const open = core;
    for (const window of windows.keys()) dispatcher?.releaseSender(window);
    core = null;
    dispatcher = null;
    await open?.close();
  }

  function opened(): HostedCore {
    if (!core) throw new PithError('archive', 'The archive is closed for a moment (a restore or quitting); try again.');
    return core;
  }

  function broadcast(window: number, event: ProgressEvent): void {
    for (const port of windows.get(window) ?? []) post(port, { kind: 'progress', event });
  }

  function post(port: HostPort, message: PortMessage): void {
    try {
      port.postMessage(message);
    } catch (error) {
      log('pith: could not answer a window', error);
    }
  }

  async function operate(op: string, args: unknown): Promise<unknown> {
    switch (op as keyof HostOperations) {
      case 'open': {
        if (core) throw new PithError('conflict', 'An archive is open already.');
        archiveDir = (args as HostOperations['open']).archiveDir;
        openArchive();
        return { archiveDir };
      }
      case 'grant':
        return { granted: grants.grant((args as HostOperations['grant']).path) };
      case 'originalFile':
        return opened().originalFile({ id: (args as HostOperations['originalFile']).id });
      case 'backup': {
        const { file, window } = args as HostOperations['backup'];
        return opened().backup({ file, force: true }, { onProgress: (event) => broadcast(window, event) });
      }
      case 'restore':
        return restoreArchive(args as HostOperations['restore']);
      case 'close':
        await closeArchive();
        return { closed: true };
      default:
        throw new PithError('invalid', `The core host has no operation named ${String(op).slice(0, 40)}.`);
    }
  }

  /** Restores beside the archive (the slow, checked part), then swaps the folders while it is closed. */
  async function restoreArchive({ file, staging, previous, window }: HostOperations['restore']) {
    opened();
    let documents: number;
    try {
      ({ documents } = await options.restore(file, staging, { onProgress: (event) => broadcast(window, event) }));
    } catch (error) {
      fs.rmSync(staging, { recursive: true, force: true });
      throw error;
    }
    await closeArchive();
    let swapped = true;
    try {
      swapInRestored(archiveDir, { staging, previous });
    } catch (error) {
      swapped = false;
      log('pith: could not swap in the restored archive', error);
      fs.rmSync(staging, { recursive: true, force: true });
    }
    try {
      openArchive();
    } catch (error) {
      if (!swapped) throw error;
      // The restored archive does not open: the one that was open goes back in its place.
      log('pith: the restored archive does not open; putting the previous one back', error);
      fs.renameSync(archiveDir, `${staging}.unopenable`);
      fs.renameSync(previous, archiveDir);
      openArchive();
      throw new PithError('archive', 'The restored archive could not be opened, so the archive that was open is back in its place.');
    }
    return { documents, swapped };
  }

  function connect(window: number, url: string, port: HostPort | undefined): void {
    if (!port) return;
    const ports = windows.get(window) ?? new Set<HostPort>();
    windows.set(window, ports);
    ports.add(port);
    // Main handed this port out only to the main frame of Pith's window, at `url`.
    const sender: IpcSender = {
      id: window,
      url,
      isMainFrame: true,
      send: (_channel, event) => post(port, { kind: 'progress', event: event as ProgressEvent }),
    };
    port.on('message', (event) => {
      const call = event.data as PortCall | null;
      if (call?.kind !== 'call' || !Number.isSafeInteger(call.id)) return;
      const args = call.request === undefined ? [] : [call.request];
      void (dispatcher ? dispatcher.handle(call.method, args, sender) : Promise.resolve(CLOSED)).then((envelope) =>
        post(port, { kind: 'reply', id: call.id, envelope }),
      );
    });
    port.on('close', () => {
      ports.delete(port);
      if (ports.size === 0) disconnect(window);
    });
    port.start();
  }

  /** The window is gone or reloaded: what it started stops, its ports close. */
  function disconnect(window: number): void {
    dispatcher?.releaseSender(window);
    const ports = windows.get(window);
    windows.delete(window);
    for (const port of ports ?? []) port.close();
  }

  parent.on('message', (event) => {
    const message = event.data as ControlMessage;
    if (link.receive(message)) return;
    switch (message?.kind) {
      case 'connect':
        connect(message.window, message.url, event.ports[0]);
        break;
      case 'disconnect':
        disconnect(message.window);
        break;
      default:
        log(`pith: the core host ignored a message it does not know (${String((message as { kind?: unknown })?.kind).slice(0, 40)})`);
    }
  });

  return {
    /** Paths main granted, for tests. */
    grants,
    windows: () => [...windows.keys()],
  };
}
