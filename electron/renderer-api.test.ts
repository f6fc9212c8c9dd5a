import { describe, expect, it, vi } from 'vitest';
import { API_METHODS } from '../core/api.ts';
import type { ProgressEvent } from '../core/api.ts';
import { GRANT_CHANNEL, MENU_CHANNEL, type Envelope } from './ipc.ts';
import { createPithWindowApi, installDropFallback, type DragEventLike, type PreloadIpc } from './renderer-api.ts';

function fakeIpc(reply: (method: string, request: unknown) => unknown = () => ({ ok: true, value: 'v' })) {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const progress = new Set<(event: ProgressEvent) => void>();
  const sent: { channel: string; payload: unknown }[] = [];
  const invoked: { method: string; request: unknown }[] = [];
  const ipc: PreloadIpc = {
    call: async (method, request) => {
      invoked.push({ method, request });
      return reply(method, request);
    },
    onProgress(listener) {
      progress.add(listener);
      return () => progress.delete(listener);
    },
    on(channel, listener) {
      if (!listeners.has(channel)) listeners.set(channel, new Set());
      listeners.get(channel)!.add(listener);
      return () => listeners.get(channel)!.delete(listener);
    },
    grant: (path) => sent.push({ channel: GRANT_CHANNEL, payload: path }),
    pathForFile: (file) => (file as unknown as { path?: string }).path ?? '',
  };
  const emit = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((listener) => listener(payload));
  const emitProgress = (event: unknown) => progress.forEach((listener) => listener(event as ProgressEvent));
  return { ipc, sent, invoked, emit, emitProgress, listeners };
}

const file = (p: string) => ({ path: p }) as unknown as File;

describe('window.pith', () => {
  it('has one function per API method, and only the extra functions documented', () => {
    const { windowApi } = createPithWindowApi(fakeIpc().ipc);
    expect(Object.keys(windowApi).sort()).toEqual([...API_METHODS, 'onMenu', 'onProgress', 'originalUrl', 'pathForFile'].sort());
    for (const key of Object.keys(windowApi)) expect(typeof (windowApi as unknown as Record<string, unknown>)[key]).toBe('function');
  });

  it('sends each call by its method name with the request alone, and unwraps the value', async () => {
    const { ipc, invoked } = fakeIpc((method) => ({ ok: true, value: { method } }) satisfies Envelope);
    const { windowApi } = createPithWindowApi(ipc);
    await expect(windowApi.search({ query: 'vacuum' })).resolves.toEqual({ method: 'search' });
    await expect(windowApi.listTags()).resolves.toEqual({ method: 'listTags' });
    expect(invoked).toEqual([
      { method: 'search', request: { query: 'vacuum' } },
      { method: 'listTags', request: undefined },
    ]);
    // A CallContext the page might try to pass is dropped, never sent.
    await (windowApi.importPaths as (...args: unknown[]) => Promise<unknown>)({ paths: [] }, { onProgress: () => 1 });
    expect(invoked.at(-1)).toEqual({ method: 'importPaths', request: { paths: [] } });
  });

  it("gives the reader an original's pith-original:// address, escaped", () => {
    const { windowApi } = createPithWindowApi(fakeIpc().ipc);
    expect(windowApi.originalUrl('0b6f-1')).toBe('pith-original://original/0b6f-1');
    expect(windowApi.originalUrl('../x y')).toBe('pith-original://original/..%2Fx%20y');
  });

  it('rejects with the code and message of the error, as plain data that crosses the context bridge', async () => {
    const { ipc } = fakeIpc(() => ({ ok: false, error: { code: 'not-found', message: 'No such document.' } }));
    const { windowApi } = createPithWindowApi(ipc);
    const error = await windowApi.getDocument({ id: 'x' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'PithError', code: 'not-found', message: 'No such document.' });
    expect(String(error)).toBe('No such document.');
    expect(structuredClone({ ...(error as object), toString: undefined })).toMatchObject({ code: 'not-found' });
  });

  it('rejects as invalid when the request cannot be sent, and as internal on a reply it does not understand', async () => {
    const broken = fakeIpc();
    broken.ipc.call = async () => {
      throw new Error('An object could not be cloned.');
    };
    await expect(createPithWindowApi(broken.ipc).windowApi.search({ query: 'x' })).rejects.toMatchObject({ code: 'invalid' });
    const odd = fakeIpc(() => 'surprise');
    await expect(createPithWindowApi(odd.ipc).windowApi.search({ query: 'x' })).rejects.toMatchObject({ code: 'internal' });
  });

  it('delivers progress events until unsubscribed', () => {
    const { ipc, emitProgress } = fakeIpc();
    const { windowApi } = createPithWindowApi(ipc);
    const seen: unknown[] = [];
    const off = windowApi.onProgress((event) => seen.push(event));
    emitProgress({ taskId: 't', done: 1 });
    off();
    emitProgress({ taskId: 't', done: 2 });
    expect(seen).toEqual([{ taskId: 't', done: 1 }]);
    expect(() => windowApi.onProgress('nope' as never)).toThrow(TypeError);
  });

  it('delivers menu actions with their detail until unsubscribed', () => {
    const { ipc, emit } = fakeIpc();
    const { windowApi } = createPithWindowApi(ipc);
    const seen: unknown[] = [];
    const off = windowApi.onMenu((action, detail) => seen.push([action, detail]));
    emit(MENU_CHANNEL, { action: 'import-paths', detail: { paths: ['/a'] } });
    emit(MENU_CHANNEL, { action: 'export' });
    emit(MENU_CHANNEL, { nonsense: true });
    off();
    emit(MENU_CHANNEL, { action: 'library' });
    expect(seen).toEqual([
      ['import-paths', { paths: ['/a'] }],
      ['export', {}],
    ]);
  });

  it('grants the path of a real File to main, and nothing for a File made by script', () => {
    const { ipc, sent } = fakeIpc();
    const { windowApi } = createPithWindowApi(ipc);
    expect(windowApi.pathForFile(file('/home/ana/papers'))).toBe('/home/ana/papers');
    expect(windowApi.pathForFile(file(''))).toBe('');
    ipc.pathForFile = () => {
      throw new TypeError('not a File');
    };
    expect(windowApi.pathForFile({} as File)).toBe('');
    expect(sent).toEqual([{ channel: GRANT_CHANNEL, payload: '/home/ana/papers' }]);
  });
});

describe('the drop fallback', () => {
  function dropTarget() {
    const handlers = new Map<string, (event: DragEventLike) => void>();
    return { addEventListener: (type: string, handler: (event: DragEventLike) => void) => handlers.set(type, handler), handlers };
  }

  function dragEvent(paths: string[], defaultPrevented = false): DragEventLike & { prevented: boolean } {
    const event = {
      defaultPrevented,
      prevented: false,
      preventDefault() {
        event.prevented = true;
      },
      dataTransfer: { files: paths.map(file), types: ['Files'] },
    };
    return event;
  }

  it('imports what the page did not handle, by path, through onMenu', () => {
    const { ipc, sent } = fakeIpc();
    const side = createPithWindowApi(ipc);
    const target = dropTarget();
    installDropFallback(target, side);
    const menu = vi.fn();
    side.windowApi.onMenu(menu);

    const over = dragEvent([]);
    target.handlers.get('dragover')!(over);
    expect(over.prevented).toBe(true);

    const drop = dragEvent(['/home/ana/a.pdf', '/home/ana/folder']);
    target.handlers.get('drop')!(drop);
    expect(drop.prevented).toBe(true);
    expect(menu).toHaveBeenCalledWith('import-paths', { paths: ['/home/ana/a.pdf', '/home/ana/folder'] });
    expect(sent.map((m) => m.payload)).toEqual(['/home/ana/a.pdf', '/home/ana/folder']);
  });

  it('leaves drops the page handled alone', () => {
    const side = createPithWindowApi(fakeIpc().ipc);
    const target = dropTarget();
    installDropFallback(target, side);
    const menu = vi.fn();
    side.windowApi.onMenu(menu);
    target.handlers.get('drop')!(dragEvent(['/home/ana/a.pdf'], true));
    expect(menu).not.toHaveBeenCalled();
  });

  it('still prevents the navigation when the drop has no files with paths', () => {
    const side = createPithWindowApi(fakeIpc().ipc);
    const target = dropTarget();
    installDropFallback(target, side);
    const menu = vi.fn();
    side.windowApi.onMenu(menu);
    const drop = dragEvent(['']);
    target.handlers.get('drop')!(drop);
    expect(drop.prevented).toBe(true);
    expect(menu).not.toHaveBeenCalled();
  });
});
