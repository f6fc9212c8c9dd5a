import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, LONG_METHODS, PithError, type CallContext, type PithApi, type ProgressEvent } from '../core/api.ts';
import { INTERNAL_MESSAGE, createDispatcher, isTrustedSender, type IpcSender } from './bridge.ts';
import { PROGRESS_CHANNEL } from './ipc.ts';

type Calls = { name: string; request: unknown; ctx: CallContext | undefined }[];

/** A PithApi whose every method records its call and answers with its own name. */
function fakeApi(overrides: Partial<Record<keyof PithApi, (request: never, ctx?: CallContext) => Promise<unknown>>> = {}) {
  const calls: Calls = [];
  const api: Record<string, unknown> = {};
  for (const name of API_METHODS) {
    api[name] = async (request: unknown, ctx?: CallContext) => {
      calls.push({ name, request, ctx });
      const override = overrides[name];
      if (override) return override(request as never, ctx);
      return name === 'cancel' ? { cancelled: false } : { method: name };
    };
  }
  return { api: api as unknown as PithApi, calls };
}

function sender(overrides: Partial<IpcSender> = {}) {
  const sent: { channel: string; payload: unknown }[] = [];
  const value: IpcSender = {
    id: 1,
    url: 'app://pith/index.html',
    isMainFrame: true,
    send: (channel, payload) => sent.push({ channel, payload }),
    ...overrides,
  };
  return { sender: value, sent };
}

const quiet = () => undefined;

describe('the IPC dispatcher', () => {
  it('routes every method of the contract to the implementation, with the request', async () => {
    const { api, calls } = fakeApi();
    const dispatcher = createDispatcher(api, { log: quiet });
    expect(dispatcher.methods).toEqual(API_METHODS);
    for (const name of API_METHODS) {
      if (name === 'cancel') continue;
      const reply = await dispatcher.handle(name, [{ probe: name }], sender().sender);
      expect(reply, name).toEqual({ ok: true, value: { method: name } });
      expect(calls.at(-1)?.name).toBe(name);
      expect(calls.at(-1)?.request).toMatchObject({ probe: name });
    }
    expect(new Set(calls.map((call) => call.name)).size).toBe(API_METHODS.length - 1);
  });

  it('passes a CallContext to the long methods only', async () => {
    const { api, calls } = fakeApi();
    const dispatcher = createDispatcher(api, { log: quiet });
    for (const name of API_METHODS) if (name !== 'cancel') await dispatcher.handle(name, [{}], sender().sender);
    for (const call of calls) {
      if ((LONG_METHODS as readonly string[]).includes(call.name)) {
        expect(call.ctx?.signal, call.name).toBeInstanceOf(AbortSignal);
        expect(typeof call.ctx?.onProgress, call.name).toBe('function');
      } else expect(call.ctx, call.name).toBeUndefined();
    }
  });

  it('accepts a call without a request for methods that take none', async () => {
    const { api, calls } = fakeApi();
    const reply = await createDispatcher(api, { log: quiet }).handle('listTags', [], sender().sender);
    expect(reply.ok).toBe(true);
    expect(calls[0]?.request).toBeUndefined();
  });

  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'close', 'open', 'db', 'task', 'restore', '', 'pith:search'])(
    'refuses the unknown method %j without touching the implementation',
    async (name) => {
      const { api, calls } = fakeApi();
      const reply = await createDispatcher(api, { log: quiet }).handle(name, [{}], sender().sender);
      expect(reply.ok).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('invalid');
      expect(calls).toHaveLength(0);
    },
  );

  it.each([
    ['another site', { url: 'https://evil.example/' }],
    ['a local file', { url: 'file:///home/user/evil.html' }],
    ['another app host', { url: 'app://evil/index.html' }],
    ['a subframe of the app', { isMainFrame: false }],
    ['a closed frame', { url: '' }],
    ['a devtools page', { url: 'devtools://devtools/bundled/devtools_app.html' }],
  ])('refuses calls from %s', async (_label, overrides) => {
    const { api, calls } = fakeApi();
    const log = vi.fn();
    const reply = await createDispatcher(api, { log }).handle('search', [{ query: 'x' }], sender(overrides).sender);
    expect(reply).toEqual({ ok: false, error: { code: 'invalid', message: 'This call did not come from the Pith window.' } });
    expect(calls).toHaveLength(0);
    expect(log).toHaveBeenCalledOnce();
  });

  it('trusts only the main frame of the app', () => {
    expect(isTrustedSender({ url: 'app://pith/index.html', isMainFrame: true })).toBe(true);
    expect(isTrustedSender({ url: 'app://pith/index.html', isMainFrame: false })).toBe(false);
    expect(isTrustedSender({ url: 'http://127.0.0.1:1234/', isMainFrame: true })).toBe(false);
  });

  it('refuses more than one argument (a renderer cannot pass its own CallContext) and non-object requests', async () => {
    const { api, calls } = fakeApi();
    const dispatcher = createDispatcher(api, { log: quiet });
    const s = sender().sender;
    for (const args of [[{ paths: [] }, { onProgress: 1 }], ['text'], [42], [null], [[1, 2]]]) {
      const reply = await dispatcher.handle('importPaths', args, s);
      expect(reply.ok, JSON.stringify(args)).toBe(false);
      if (!reply.ok) expect(reply.error.code).toBe('invalid');
    }
    expect(await dispatcher.handle('search', 'not an array' as unknown as unknown[], s)).toMatchObject({ ok: false });
    expect(calls).toHaveLength(0);
  });

  it('carries a PithError as its code and message', async () => {
    const { api } = fakeApi({
      getDocument: async () => {
        throw new PithError('not-found', 'There is no document abc in this archive.');
      },
    });
    const reply = await createDispatcher(api, { log: quiet }).handle('getDocument', [{ id: 'abc' }], sender().sender);
    expect(reply).toEqual({ ok: false, error: { code: 'not-found', message: 'There is no document abc in this archive.' } });
  });

  it('hides any other error behind a generic message, and logs it in main', async () => {
    const failure = new Error('SQLITE_CORRUPT: database disk image is malformed at /home/ana/.local/share/pith/pith.db');
    const { api } = fakeApi({
      search: async () => {
        throw failure;
      },
    });
    const log = vi.fn();
    const reply = await createDispatcher(api, { log }).handle('search', [{ query: 'x' }], sender().sender);
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } });
    expect(JSON.stringify(reply)).not.toContain('/home/ana');
    expect(log).toHaveBeenCalledWith(expect.stringContaining('search'), failure);
  });

  it('hides non-Error throws too', async () => {
    const { api } = fakeApi({
      listTags: async () => {
        throw 'a string';
      },
    });
    const reply = await createDispatcher(api, { log: quiet }).handle('listTags', [], sender().sender);
    expect(reply).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } });
  });

  it('runs the transport policy before the call, and maps its refusals', async () => {
    const { api, calls } = fakeApi();
    const prepare = vi.fn(async (name: string, request: unknown) => {
      if (name === 'importPaths') throw new PithError('invalid', 'Not a path you gave.');
      return { ...(request as object), prepared: true };
    });
    const dispatcher = createDispatcher(api, { prepare, log: quiet });
    expect(await dispatcher.handle('importPaths', [{ paths: ['/etc/passwd'] }], sender().sender)).toEqual({
      ok: false,
      error: { code: 'invalid', message: 'Not a path you gave.' },
    });
    await dispatcher.handle('search', [{ query: 'q' }], sender().sender);
    expect(calls).toEqual([{ name: 'search', request: { query: 'q', prepared: true }, ctx: undefined }]);
  });
});

describe('long tasks over the bridge', () => {
  it('forwards progress to the window that started the task, under its taskId', async () => {
    const { api } = fakeApi({
      importPaths: async (_req, ctx) => {
        for (let done = 1; done <= 3; done++) ctx?.onProgress?.({ taskId: 'T1', phase: 'import', done, total: 3, current: `f${done}.txt` });
        return { imported: 3 };
      },
    });
    const { sender: s, sent } = sender();
    const other = sender({ id: 2 });
    const dispatcher = createDispatcher(api, { log: quiet, progressIntervalMs: 0 });
    const reply = await dispatcher.handle('importPaths', [{ paths: ['/a'], taskId: 'T1' }], s);
    expect(reply).toEqual({ ok: true, value: { imported: 3 } });
    expect(sent.map((m) => m.channel)).toEqual([PROGRESS_CHANNEL, PROGRESS_CHANNEL, PROGRESS_CHANNEL]);
    expect(sent.map((m) => (m.payload as ProgressEvent).done)).toEqual([1, 2, 3]);
    expect(sent.every((m) => (m.payload as ProgressEvent).taskId === 'T1')).toBe(true);
    expect(other.sent).toHaveLength(0);
  });

  it('gives a task without a taskId one, so that its progress can be told apart', async () => {
    const { api, calls } = fakeApi({
      exportAnnotations: async (req: { taskId?: string }, ctx) => {
        ctx?.onProgress?.({ taskId: req.taskId!, phase: 'export', done: 1, total: 1, current: null });
        return {};
      },
    });
    const { sender: s, sent } = sender();
    await createDispatcher(api, { log: quiet, progressIntervalMs: 0 }).handle('exportAnnotations', [{ format: 'md', out: '/x' }], s);
    const taskId = (calls[0]?.request as { taskId?: string }).taskId;
    expect(taskId).toMatch(/^[0-9a-f-]{36}$/);
    expect((sent[0]?.payload as ProgressEvent).taskId).toBe(taskId);
  });

  it('does not add a taskId to a request that has none in the contract (backup)', async () => {
    const { api, calls } = fakeApi();
    await createDispatcher(api, { log: quiet }).handle('backup', [{ file: '/b.zip' }], sender().sender);
    expect(calls[0]?.request).toEqual({ file: '/b.zip' });
  });

  it('throttles progress but always delivers the last event', async () => {
    vi.useFakeTimers();
    try {
      let finish!: () => void;
      const { api } = fakeApi({
        importPaths: (_req, ctx) =>
          new Promise((resolve) => {
            for (let done = 1; done <= 50; done++) ctx?.onProgress?.({ taskId: 'T', phase: 'import', done, total: 100, current: null });
            finish = () => {
              ctx?.onProgress?.({ taskId: 'T', phase: 'import', done: 99, total: 100, current: null });
              resolve({});
            };
          }),
      });
      const { sender: s, sent } = sender();
      const pending = createDispatcher(api, { log: quiet, progressIntervalMs: 100 }).handle('importPaths', [{ paths: [], taskId: 'T' }], s);
      await vi.advanceTimersByTimeAsync(0);
      expect(sent.map((m) => (m.payload as ProgressEvent).done)).toEqual([1]);
      await vi.advanceTimersByTimeAsync(150);
      expect(sent.map((m) => (m.payload as ProgressEvent).done)).toEqual([1, 50]);
      finish();
      await pending;
      expect(sent.map((m) => (m.payload as ProgressEvent).done)).toEqual([1, 50, 99]);
    } finally {
      vi.useRealTimers();
    }
  });

  function cancellableImport() {
    return fakeApi({
      importPaths: (_req, ctx) =>
        new Promise((_resolve, reject) => {
          ctx?.signal?.addEventListener('abort', () => reject(new PithError('cancelled', 'Import cancelled.')));
        }),
    });
  }

  it('cancels a running task through cancel({taskId}), and tells the core too', async () => {
    const { api, calls } = cancellableImport();
    const dispatcher = createDispatcher(api, { log: quiet });
    const s = sender().sender;
    const running = dispatcher.handle('importPaths', [{ paths: ['/a'], taskId: 'job-1' }], s);
    await Promise.resolve();
    expect(dispatcher.runningTasks()).toEqual(['job-1']);
    expect(await dispatcher.handle('cancel', [{ taskId: 'job-1' }], s)).toEqual({ ok: true, value: { cancelled: true } });
    expect(await running).toEqual({ ok: false, error: { code: 'cancelled', message: 'Import cancelled.' } });
    expect(calls.map((c) => c.name)).toEqual(['importPaths', 'cancel']);
    expect(dispatcher.runningTasks()).toEqual([]);
  });

  it("does not let one window cancel another's task", async () => {
    const { api, calls } = cancellableImport();
    const dispatcher = createDispatcher(api, { log: quiet });
    const running = dispatcher.handle('importPaths', [{ paths: ['/a'], taskId: 'job-2' }], sender({ id: 1 }).sender);
    expect(await dispatcher.handle('cancel', [{ taskId: 'job-2' }], sender({ id: 7 }).sender)).toEqual({ ok: true, value: { cancelled: false } });
    expect(calls.map((c) => c.name)).toEqual(['importPaths']);
    dispatcher.releaseSender(1);
    expect((await running).ok).toBe(false);
  });

  it('cancels what a window started when it goes away', async () => {
    const { api } = cancellableImport();
    const dispatcher = createDispatcher(api, { log: quiet });
    const running = dispatcher.handle('importPaths', [{ paths: ['/a'], taskId: 'job-3' }], sender().sender);
    dispatcher.releaseSender(1);
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('reports an AbortError from the core as cancelled', async () => {
    const { api } = fakeApi({
      backup: async () => {
        throw new DOMException('The operation was aborted.', 'AbortError');
      },
    });
    const reply = await createDispatcher(api, { log: quiet }).handle('backup', [{ file: '/b.zip' }], sender().sender);
    expect(reply).toEqual({ ok: false, error: { code: 'cancelled', message: 'Cancelled.' } });
  });

  it('refuses a second task under a taskId that is running, and a taskId that is not a short string', async () => {
    const { api } = cancellableImport();
    const dispatcher = createDispatcher(api, { log: quiet });
    const s = sender().sender;
    const first = dispatcher.handle('importPaths', [{ paths: [], taskId: 'same' }], s);
    expect(await dispatcher.handle('importPaths', [{ paths: [], taskId: 'same' }], s)).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await dispatcher.handle('importPaths', [{ paths: [], taskId: 'x'.repeat(500) }], s)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(await dispatcher.handle('importPaths', [{ paths: [], taskId: 12 }], s)).toMatchObject({ ok: false, error: { code: 'invalid' } });
    dispatcher.releaseSender(1);
    await first;
  });

  it('passes cancel of an unknown task on to the core (tasks started elsewhere)', async () => {
    const { api, calls } = fakeApi({ cancel: async () => ({ cancelled: true }) });
    const reply = await createDispatcher(api, { log: quiet }).handle('cancel', [{ taskId: 'cli-task' }], sender().sender);
    expect(reply).toEqual({ ok: true, value: { cancelled: true } });
    expect(calls).toEqual([{ name: 'cancel', request: { taskId: 'cli-task' }, ctx: undefined }]);
  });
});
