// Main's side of the core host, with a stand-in utility process: it opens the archive, forwards
// and replays grants, hands out ports, and restarts a host that died (automatically a few times,
// then by the user's choice), failing what was waiting with one sentence.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { PithError } from '../core/api.ts';
import { HOST_STOPPED_MESSAGE, type ControlMessage } from './core-protocol.ts';
import { CoreProcess, type MainPort, type UtilityLike } from './core-process.ts';

class Child extends EventEmitter implements UtilityLike {
  readonly received: { message: ControlMessage; ports: MainPort[] }[] = [];
  killed = false;
  /** How the stand-in host answers requests; null leaves them waiting. */
  answer: ((message: ControlMessage & { kind: 'request' }) => unknown) | null = () => ({});
  override on(event: string, listener: (...args: never[]) => void): this {
    return super.on(event, listener as (...args: unknown[]) => void);
  }
  postMessage(message: unknown, transfer: MainPort[] = []) {
    const m = message as ControlMessage;
    this.received.push({ message: m, ports: transfer });
    if (m.kind === 'request' && this.answer) {
      const value = this.answer(m);
      queueMicrotask(() => this.emit('message', { kind: 'response', id: m.id, envelope: { ok: true, value } }));
    }
  }
  kill() {
    this.killed = true;
    return true;
  }
  die(code = 1) {
    this.emit('exit', code);
  }
}

function setUp(options: { maxRestarts?: number } = {}) {
  const children: Child[] = [];
  const events: string[] = [];
  let clock = 0;
  const core = new CoreProcess({
    fork: () => {
      const child = new Child();
      children.push(child);
      return child;
    },
    channel: () => ({ port1: { close() {} }, port2: { close() {} } }),
    archiveDir: '/data/pith',
    choose: async () => '/home/ana/out.csv',
    onStopped: (restarting) => events.push(restarting ? 'stopped, restarting' : 'stopped, asking'),
    onRestarted: () => events.push('restarted'),
    log: () => undefined,
    maxRestarts: options.maxRestarts,
    now: () => clock,
  });
  return { core, children, events, tick: (ms: number) => (clock += ms) };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the core process, from main', () => {
  it('starts the host and opens the archive in it', async () => {
    const { core, children } = setUp();
    await core.start();
    expect(core.running).toBe(true);
    expect(children[0]!.received[0]!.message).toMatchObject({ kind: 'request', op: 'open', args: { archiveDir: '/data/pith' } });
  });

  it("rejects start with the host's sentence when the archive cannot open, and does not restart it", async () => {
    const { core, children, events } = setUp();
    const starting = core.start();
    const child = children[0]!;
    const request = child.received[0]!.message as ControlMessage & { kind: 'request' };
    child.emit('message', { kind: 'response', id: request.id, envelope: { ok: false, error: { code: 'archive', message: 'The archive is locked.' } } });
    await expect(starting).rejects.toMatchObject({ code: 'archive', message: 'The archive is locked.' });
    child.die();
    await flush();
    expect(events).toEqual([]);
    expect(children).toHaveLength(1);
  });

  it('forwards grants, and replays them to a host started again', async () => {
    const { core, children } = setUp();
    await core.start();
    await core.grant('/home/ana/papers');
    expect(children[0]!.received.at(-1)!.message).toMatchObject({ kind: 'request', op: 'grant', args: { path: '/home/ana/papers' } });
    children[0]!.die();
    await flush();
    await flush();
    expect(children).toHaveLength(2);
    // Before the archive opens, so before any window's call can use it.
    expect(children[1]!.received[0]!.message).toMatchObject({ kind: 'request', op: 'grant', args: { path: '/home/ana/papers' } });
    expect(children[1]!.received[1]!.message).toMatchObject({ kind: 'request', op: 'open' });
  });

  it("hands the host one end of a new channel per window, and the window the other", async () => {
    const { core, children } = setUp();
    await core.start();
    const port = core.connect(3, 'app://pith/index.html');
    const sent = children[0]!.received.at(-1)!;
    expect(sent.message).toEqual({ kind: 'connect', window: 3, url: 'app://pith/index.html' });
    expect(sent.ports).toHaveLength(1);
    expect(sent.ports[0]).not.toBe(port);
  });

  it('fails waiting calls with one sentence when the host dies, restarts it, and asks the user after three deaths in a minute', async () => {
    const { core, children, events, tick } = setUp();
    await core.start();
    children[0]!.answer = null;
    const waiting = core.call('backup', { file: '/b.zip', window: 1 });
    children[0]!.die();
    await expect(waiting).rejects.toEqual(new PithError('archive', HOST_STOPPED_MESSAGE));
    await flush();
    expect(events).toEqual(['stopped, restarting', 'restarted']);
    for (let i = 1; i <= 3; i++) {
      tick(1000);
      children[i]!.die();
      await flush();
    }
    expect(events.at(-1)).toBe('stopped, asking');
    expect(children).toHaveLength(4);
    // A minute later the count starts again; the user's Restart works too.
    await core.restart();
    expect(children).toHaveLength(5);
    expect(events.at(-1)).toBe('restarted');
  });

  it('closes the archive before ending the host, and does not restart a host it stopped', async () => {
    const { core, children, events } = setUp();
    await core.start();
    await core.stop();
    expect(children[0]!.received.at(-1)!.message).toMatchObject({ kind: 'request', op: 'close' });
    expect(children[0]!.killed).toBe(true);
    children[0]!.die(0);
    await flush();
    expect(events).toEqual([]);
    await expect(core.call('originalFile', { id: 'x' })).rejects.toMatchObject({ code: 'archive' });
  });
});
