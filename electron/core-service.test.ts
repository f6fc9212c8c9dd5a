// The core host's service on stand-in ports (no Electron, no utility process): what a window's
// port may do (calls of the contract only), what only main may do (grant paths, back up, restore),
// and that exports write only where main's Save dialog said.
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { API_METHODS, PithError, type CallContext } from '../core/api.ts';
import { createControlLink } from './control-link.ts';
import type { ControlMessage, PortMessage } from './core-protocol.ts';
import { startCoreService, type HostedCore, type HostPort } from './core-service.ts';

class Port extends EventEmitter implements HostPort {
  peer: Port | null = null;
  started = false;
  closed = false;
  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }
  postMessage(message: unknown) {
    queueMicrotask(() => this.peer?.emit('message', { data: structuredClone(message), ports: [] }));
  }
  start() {
    this.started = true;
  }
  close() {
    this.closed = true;
    this.emit('close');
  }
}

function channel() {
  const a = new Port();
  const b = new Port();
  a.peer = b;
  b.peer = a;
  return { host: a, window: b };
}

/** A HostedCore that records calls; importPaths and exportAnnotations answer what they were given. */
function fakeCore(log: { name: string; request: unknown }[]): HostedCore {
  const core: Record<string, unknown> = {};
  for (const name of API_METHODS) {
    core[name] = async (request: unknown, ctx?: CallContext) => {
      log.push({ name, request });
      if (name === 'exportAnnotations') ctx?.onProgress?.({ taskId: 'x', phase: 'export', done: 1, total: 1, current: null });
      return { method: name, request };
    };
  }
  core.originalFile = ({ id }: { id: string }) => {
    if (id !== 'doc-1') throw new PithError('not-found', 'There is no document doc-1.');
    return { name: 'a.pdf', mime: 'application/pdf', path: '/archive/files/ab/cd', missing: 'gone' };
  };
  core.close = async () => {
    log.push({ name: 'close', request: undefined });
  };
  return core as unknown as HostedCore;
}

function setUp(
  options: { restore?: (file: string, dir: string, ctx: CallContext) => Promise<{ documents: number }>; refuse?: (dir: string) => boolean } = {},
) {
  const parent = new Port();
  const main = new Port();
  parent.peer = main;
  main.peer = parent;
  const calls: { name: string; request: unknown }[] = [];
  const opened: string[] = [];
  const chosen: unknown[] = [];
  let answer: string | null = '/home/ana/notes.csv';
  const service = startCoreService(parent, {
    open: (dir) => {
      if (options.refuse?.(dir)) throw new PithError('archive', 'This archive cannot be opened.');
      opened.push(dir);
      return fakeCore(calls);
    },
    restore: options.restore ?? (async () => ({ documents: 3 })),
    log: () => undefined,
  });
  // Main's side of the parentPort: answers the host's dialog requests.
  const link = createControlLink(
    (message) => main.postMessage(message),
    async (op, args) => {
      chosen.push({ op, args });
      return answer;
    },
    () => undefined,
  );
  main.on('message', (event: { data: ControlMessage }) => link.receive(event.data));
  const control = (message: ControlMessage, ports: HostPort[] = []) => parent.emit('message', { data: message, ports });
  function connect(window = 7) {
    const { host, window: page } = channel();
    control({ kind: 'connect', window, url: 'app://pith/index.html' }, [host]);
    const received: PortMessage[] = [];
    page.on('message', (event: { data: PortMessage }) => received.push(event.data));
    let id = 0;
    const call = (method: string, request?: unknown) =>
      new Promise<PortMessage & { kind: 'reply' }>((resolve) => {
        const mine = ++id;
        const listener = (event: { data: PortMessage }) => {
          if (event.data.kind === 'reply' && event.data.id === mine) {
            page.off('message', listener);
            resolve(event.data);
          }
        };
        page.on('message', listener);
        page.postMessage({ kind: 'call', id: mine, method, request });
      });
    return { host, page, call, received };
  }
  return {
    service,
    link,
    calls,
    opened,
    chosen,
    control,
    connect,
    setAnswer: (path: string | null) => (answer = path),
  };
}

describe('the core host service', () => {
  it('opens the archive main names, and serves the contract over a window port', async () => {
    const host = setUp();
    expect(await host.link.call('open', { archiveDir: '/data/pith' })).toEqual({ archiveDir: '/data/pith' });
    expect(host.opened).toEqual(['/data/pith']);
    const { call, host: port } = host.connect();
    expect(port.started).toBe(true);
    expect((await call('listTags')).envelope).toEqual({ ok: true, value: { method: 'listTags', request: undefined } });
    expect((await call('search', { query: 'vacuum' })).envelope).toMatchObject({ ok: true, value: { request: { query: 'vacuum' } } });
    expect((await call('__proto__', {})).envelope).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('answers a window before the archive is open with one sentence', async () => {
    const host = setUp();
    const { call } = host.connect();
    expect((await call('listTags')).envelope).toMatchObject({ ok: false, error: { code: 'archive', message: expect.stringMatching(/closed/) } });
  });

  it('imports only paths main granted; a window cannot grant itself one', async () => {
    const host = setUp();
    await host.link.call('open', { archiveDir: '/data/pith' });
    const { call, page } = host.connect();
    expect((await call('importPaths', { paths: ['/home/ana/papers/a.pdf'] })).envelope).toMatchObject({ ok: false, error: { code: 'invalid' } });
    // Control messages on a window's port are not control messages.
    page.postMessage({ kind: 'grant', path: '/home/ana/papers' });
    page.postMessage({ kind: 'request', id: 1, op: 'restore', args: { file: '/tmp/evil.zip' } });
    expect((await call('importPaths', { paths: ['/home/ana/papers/a.pdf'] })).envelope).toMatchObject({ ok: false, error: { code: 'invalid' } });
    expect(host.calls.map((c) => c.name)).toEqual([]);
    expect(await host.link.call('grant', { path: '/home/ana/papers' })).toEqual({ granted: true });
    expect(await host.link.call('grant', { path: 'relative/path' })).toEqual({ granted: false });
    expect((await call('importPaths', { paths: ['/home/ana/papers/a.pdf'] })).envelope).toMatchObject({ ok: true });
    expect(host.calls).toEqual([{ name: 'importPaths', request: { paths: ['/home/ana/papers/a.pdf'], taskId: expect.any(String) } }]);
  });

  it("exports where main's Save dialog says, never where the page says, with progress on the port", async () => {
    const host = setUp();
    await host.link.call('open', { archiveDir: '/data/pith' });
    const { call, received } = host.connect();
    const reply = await call('exportAnnotations', { format: 'csv', out: '/etc/passwd' });
    expect(reply.envelope).toMatchObject({ ok: true, value: { request: { out: '/home/ana/notes.csv', force: true } } });
    expect(host.chosen).toEqual([{ op: 'choose', args: expect.objectContaining({ kind: 'file', defaultName: 'passwd' }) }]);
    expect(received.some((m) => m.kind === 'progress')).toBe(true);
    host.setAnswer(null);
    expect((await call('backup', { file: '/etc/shadow' })).envelope).toMatchObject({ ok: false, error: { code: 'cancelled' } });
  });

  it('locates originals for main, and says not-found for an unknown document', async () => {
    const host = setUp();
    await host.link.call('open', { archiveDir: '/data/pith' });
    expect(await host.link.call('originalFile', { id: 'doc-1' })).toMatchObject({ path: '/archive/files/ab/cd' });
    await expect(host.link.call('originalFile', { id: 'nope' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('stops what a window started when main says it went, and closes its ports', async () => {
    const host = setUp();
    await host.link.call('open', { archiveDir: '/data/pith' });
    const { host: port } = host.connect(9);
    expect(host.service.windows()).toEqual([9]);
    host.control({ kind: 'disconnect', window: 9 });
    expect(port.closed).toBe(true);
    expect(host.service.windows()).toEqual([]);
  });

  describe('restoring from File › Restore…', () => {
    let dir = '';
    afterEach(() => dir && fs.rmSync(dir, { recursive: true, force: true }));

    it('restores beside the archive, swaps the folders and opens the restored one', async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-host-restore-'));
      const archive = path.join(dir, 'archive');
      fs.mkdirSync(archive);
      fs.writeFileSync(path.join(archive, 'old.txt'), 'old');
      const staging = path.join(dir, '.archive.restoring');
      const previous = path.join(dir, 'archive before restore');
      const host = setUp({
        restore: async (_file, target) => {
          fs.mkdirSync(target);
          fs.writeFileSync(path.join(target, 'new.txt'), 'new');
          return { documents: 2 };
        },
      });
      await host.link.call('open', { archiveDir: archive });
      expect(await host.link.call('restore', { file: '/b.zip', staging, previous, window: 1 })).toEqual({ documents: 2, swapped: true });
      expect(fs.readFileSync(path.join(archive, 'new.txt'), 'utf8')).toBe('new');
      expect(fs.readFileSync(path.join(previous, 'old.txt'), 'utf8')).toBe('old');
      expect(host.opened).toEqual([archive, archive]);
      expect(host.calls.at(-1)).toEqual({ name: 'close', request: undefined });
    });

    it('puts the previous archive back when the restored one does not open', async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-host-restore-'));
      const archive = path.join(dir, 'archive');
      fs.mkdirSync(archive);
      fs.writeFileSync(path.join(archive, 'old.txt'), 'old');
      const staging = path.join(dir, '.archive.restoring');
      const previous = path.join(dir, 'archive before restore');
      const host = setUp({
        restore: async (_file, target) => {
          fs.mkdirSync(target);
          fs.writeFileSync(path.join(target, 'broken'), '');
          return { documents: 1 };
        },
        refuse: (folder) => fs.existsSync(path.join(folder, 'broken')),
      });
      await host.link.call('open', { archiveDir: archive });
      await expect(host.link.call('restore', { file: '/b.zip', staging, previous, window: 1 })).rejects.toMatchObject({
        code: 'archive',
        message: 'The restored archive could not be opened, so the archive that was open is back in its place.',
      });
      expect(fs.readFileSync(path.join(archive, 'old.txt'), 'utf8')).toBe('old');
      expect(host.opened).toEqual([archive, archive]);
    });

    it('leaves the open archive alone and removes the staging folder when the backup is refused', async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-host-restore-'));
      const archive = path.join(dir, 'archive');
      fs.mkdirSync(archive);
      const staging = path.join(dir, '.archive.restoring');
      const host = setUp({
        restore: async (_file, target) => {
          fs.mkdirSync(target);
          throw new PithError('invalid', '/b.zip cannot be restored: it is not a Pith backup. Nothing was written.');
        },
      });
      await host.link.call('open', { archiveDir: archive });
      await expect(host.link.call('restore', { file: '/b.zip', staging, previous: path.join(dir, 'prev'), window: 1 })).rejects.toMatchObject({
        code: 'invalid',
        message: expect.stringMatching(/not a Pith backup/),
      });
      expect(fs.existsSync(staging)).toBe(false);
      expect(host.opened).toEqual([archive]);
    });
  });
});
