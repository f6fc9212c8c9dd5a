import { describe, expect, it } from 'vitest';
import { HOST_STOPPED_MESSAGE } from './core-protocol.ts';
import { createPortClient, type RendererPort } from './port-client.ts';

function fakePort() {
  const posted: { id: number; method: string }[] = [];
  const port: RendererPort = {
    onmessage: null,
    postMessage: (message) => {
      if ((message as { method?: string }).method === 'unclonable') throw new DOMException('could not be cloned', 'DataCloneError');
      posted.push(message as { id: number; method: string });
    },
    close: () => undefined,
  };
  const reply = (id: number, value: unknown) => port.onmessage?.({ data: { kind: 'reply', id, envelope: { ok: true, value } } } as MessageEvent);
  return { port, posted, reply };
}

describe('the port client', () => {
  it('holds calls made after a grant until main says the core host knows the path', async () => {
    const client = createPortClient();
    const { port, posted } = fakePort();
    client.attach(port);
    let granted!: () => void;
    client.after(new Promise<void>((resolve) => (granted = resolve)));
    void client.call('importPaths', { paths: ['/home/ana/a.pdf'] });
    void client.call('listTags', undefined);
    await Promise.resolve();
    expect(posted).toEqual([]);
    granted();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(posted.map((m) => m.method)).toEqual(['importPaths', 'listTags']);
    // Once settled, calls go out at once again.
    void client.call('search', { query: 'x' });
    expect(posted.map((m) => m.method)).toEqual(['importPaths', 'listTags', 'search']);
  });

  it('does not hold calls forever when a grant fails', async () => {
    const client = createPortClient();
    const { port, posted } = fakePort();
    client.attach(port);
    client.after(Promise.reject(new Error('main is gone')));
    void client.call('listTags', undefined);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(posted.map((m) => m.method)).toEqual(['listTags']);
  });

  it('answers a request that cannot be sent as invalid, and pairs replies by id', async () => {
    const client = createPortClient();
    const { port, posted, reply } = fakePort();
    client.attach(port);
    expect(await client.call('unclonable' as never, {})).toMatchObject({ ok: false, error: { code: 'invalid' } });
    const a = client.call('listTags', undefined);
    const b = client.call('search', { query: 'q' });
    reply(posted[1]!.id, 'b');
    reply(posted[0]!.id, 'a');
    expect(await a).toEqual({ ok: true, value: 'a' });
    expect(await b).toEqual({ ok: true, value: 'b' });
  });

  it('fails waiting and queued calls with one sentence when the host stops', async () => {
    const client = createPortClient();
    const queued = client.call('listTags', undefined);
    client.detach();
    expect(await queued).toEqual({ ok: false, error: { code: 'archive', message: HOST_STOPPED_MESSAGE } });
  });
});
