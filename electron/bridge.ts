// The bridge, generated from the one contract: the core host (core-service.ts) hands every call
// that arrives on a window's MessagePort to `dispatcher.handle`. This file knows nothing of Electron, so
// the routing, the sender check, the error mapping, progress and cancellation are unit-tested
// without it (bridge.test.ts).
import { randomUUID } from 'node:crypto';
import {
  API_METHODS,
  LONG_METHODS,
  PithError,
  type ApiMethod,
  type CallContext,
  type PithApi,
  type ProgressEvent,
} from '../core/api.ts';
import { INTERNAL_MESSAGE, toPithError } from '../core/errors.ts';
import { PROGRESS_CHANNEL, type BridgeError, type Envelope } from './ipc.ts';
import { isAppUrl } from './security.ts';

/** Who made an IPC call, as main sees it (built from the event by main.ts). */
export interface IpcSender {
  /** webContents id. */
  id: number;
  /** URL of the frame that sent the call ('' when the frame is gone). */
  url: string;
  /** True only for the main frame of Pith's own window. */
  isMainFrame: boolean;
  send(channel: string, payload: unknown): void;
}

/** Transport policy run before the API (grants.ts): may rewrite the request or refuse it. */
export type PrepareRequest = (name: ApiMethod, request: unknown, sender: IpcSender) => Promise<unknown> | unknown;

export interface DispatcherOptions {
  prepare?: PrepareRequest;
  /** Where unexpected errors go (main's console); the renderer only hears a generic message. */
  log?: (message: string, error?: unknown) => void;
  /** Minimum time between two progress events of one task; the last one is always delivered. */
  progressIntervalMs?: number;
}

export { INTERNAL_MESSAGE };

const METHODS: ReadonlySet<string> = new Set(API_METHODS);
const LONG: ReadonlySet<string> = new Set(LONG_METHODS);
/** Long methods whose request carries a taskId the core reports progress under. */
const TAKES_TASK_ID: ReadonlySet<string> = new Set(['importPaths', 'importFiles', 'exportAnnotations']);

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && METHODS.has(name);
}

/** Only Pith's page, in the main frame of Pith's window, may call the API. */
export function isTrustedSender(sender: Pick<IpcSender, 'url' | 'isMainFrame'>): boolean {
  return sender.isMainFrame === true && isAppUrl(sender.url);
}

/** The wire form of any failure: the one error model of core/errors.ts, as every transport sends it. */
export function toBridgeError(error: unknown, log?: DispatcherOptions['log'], where = 'call'): BridgeError {
  const failure = toPithError(error, (_, raw) => log?.(`pith: ${where} failed`, raw));
  return { code: failure.code, message: failure.message };
}

interface Task {
  controller: AbortController;
  senderId: number;
}

/** Sends progress at most every `intervalMs`, always delivering the latest event in the end. */
function throttledProgress(send: (event: ProgressEvent) => void, intervalMs: number) {
  let last = 0;
  let pending: ProgressEvent | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (pending) {
      const event = pending;
      pending = null;
      last = Date.now();
      send(event);
    }
  };
  const report = (event: ProgressEvent) => {
    pending = event;
    const finished = event.total > 0 && event.done >= event.total;
    if (finished || intervalMs <= 0 || Date.now() - last >= intervalMs) flush();
    else timer ??= setTimeout(flush, intervalMs - (Date.now() - last));
  };
  return { report, flush };
}

export interface Dispatcher {
  readonly methods: readonly ApiMethod[];
  /** One IPC call: `name` from the channel, `args` as the renderer passed them. Never throws. */
  handle(name: string, args: unknown[], sender: IpcSender): Promise<Envelope>;
  /** Cancels the tasks a window started (it closed, crashed or reloaded). */
  releaseSender(senderId: number): void;
  /** Tasks running now, by taskId (for tests and for quitting cleanly). */
  runningTasks(): string[];
}

export function createDispatcher(api: PithApi, options: DispatcherOptions = {}): Dispatcher {
  const log = options.log ?? ((message, error) => console.error(message, error));
  const interval = options.progressIntervalMs ?? 50;
  const tasks = new Map<string, Task>();

  const refuse = (code: BridgeError['code'], message: string): Envelope => ({ ok: false, error: { code, message } });

  async function cancel(request: { taskId?: unknown } | undefined, sender: IpcSender): Promise<{ cancelled: boolean }> {
    const taskId = request?.taskId;
    if (typeof taskId !== 'string') return { cancelled: false };
    const task = tasks.get(taskId);
    let cancelled = false;
    // A window cancels only its own tasks.
    if (task && task.senderId === sender.id) {
      task.controller.abort();
      cancelled = true;
    }
    if (!task || task.senderId === sender.id) {
      const viaCore = await api.cancel({ taskId });
      cancelled ||= viaCore.cancelled;
    }
    return { cancelled };
  }

  async function runLong(name: ApiMethod, request: Record<string, unknown>, sender: IpcSender): Promise<unknown> {
    let taskId = request.taskId;
    if (taskId !== undefined && (typeof taskId !== 'string' || taskId.length === 0 || taskId.length > 200))
      throw new PithError('invalid', 'A taskId is a short string.');
    if (typeof taskId !== 'string') taskId = randomUUID();
    const id = taskId as string;
    if (tasks.has(id)) throw new PithError('conflict', `A task named ${id} is already running.`);
    const call = TAKES_TASK_ID.has(name) ? { ...request, taskId: id } : request;

    const controller = new AbortController();
    tasks.set(id, { controller, senderId: sender.id });
    const progress = throttledProgress((event) => {
      try {
        sender.send(PROGRESS_CHANNEL, event);
      } catch (error) {
        log('pith: could not send progress', error);
      }
    }, interval);
    const ctx: CallContext = {
      signal: controller.signal,
      onProgress: (event) => progress.report({ ...event, taskId: event.taskId || id }),
    };
    try {
      const method = api[name] as (req: unknown, ctx: CallContext) => Promise<unknown>;
      return await method.call(api, call, ctx);
    } finally {
      progress.flush();
      tasks.delete(id);
    }
  }

  async function handle(name: string, args: unknown[], sender: IpcSender): Promise<Envelope> {
    if (!isTrustedSender(sender)) {
      log(`pith: refused a call to ${String(name).slice(0, 60)} from ${String(sender.url).slice(0, 200) || 'a closed frame'}`);
      return refuse('invalid', 'This call did not come from the Pith window.');
    }
    if (!isApiMethod(name)) return refuse('invalid', `Pith has no method named "${String(name).slice(0, 60)}".`);
    if (!Array.isArray(args) || args.length > 1) return refuse('invalid', `${name} takes one request object.`);
    let request: unknown = args[0];
    if (request !== undefined && (typeof request !== 'object' || request === null || Array.isArray(request)))
      return refuse('invalid', `The request to ${name} must be an object.`);
    try {
      if (options.prepare) request = await options.prepare(name, request, sender);
      let value: unknown;
      if (name === 'cancel') value = await cancel(request as { taskId?: unknown } | undefined, sender);
      else if (LONG.has(name)) value = await runLong(name, (request ?? {}) as Record<string, unknown>, sender);
      else value = await (api[name] as (req: unknown) => Promise<unknown>).call(api, request);
      return { ok: true, value };
    } catch (error) {
      return { ok: false, error: toBridgeError(error, log, name) };
    }
  }

  return {
    methods: API_METHODS,
    handle,
    releaseSender(senderId) {
      for (const task of tasks.values()) if (task.senderId === senderId) task.controller.abort();
    },
    runningTasks: () => [...tasks.keys()],
  };
}
