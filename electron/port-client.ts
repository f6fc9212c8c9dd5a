// The preload's end of the MessagePort to the core host: numbers each call, pairs replies with
// calls, hands progress events to listeners, and keeps calls made before the port arrives (the
// page may call during its first paint). When the host dies, main says so and every call still
// waiting gets one sentence instead of hanging; a new port arrives when the host is up again.
// Pure (a port is anything with postMessage/onmessage), so it is tested without Electron.
import type { ApiMethod, ProgressEvent } from '../core/api.ts';
import { HOST_STOPPED_MESSAGE, type PortCall, type PortMessage } from './core-protocol.ts';
import type { Envelope } from './ipc.ts';

/** The DOM MessagePort the preload receives, as far as it is used here. */
export interface RendererPort {
  postMessage(message: unknown): void;
  onmessage: ((event: MessageEvent) => void) | null;
  start?(): void;
  close(): void;
}

export interface PortClient {
  /** One call of the contract; resolves with its Envelope (never rejects). */
  call(method: ApiMethod, request: unknown): Promise<Envelope>;
  onProgress(listener: (event: ProgressEvent) => void): () => void;
  /**
   * Calls made from now on go out only after `pending` settles: a path the user just dropped is
   * granted through main, and the import that uses it must not reach the core host first.
   */
  after(pending: Promise<unknown>): void;
  /** A (new) port to the core host; calls queued meanwhile go out on it. */
  attach(port: RendererPort): void;
  /** The core host is gone: waiting calls get `message`, new ones wait for the next port. */
  detach(message?: string): void;
}

export function createPortClient(): PortClient {
  let port: RendererPort | null = null;
  let nextId = 1;
  const waiting = new Map<number, (envelope: Envelope) => void>();
  const queued: PortCall[] = [];
  const progress = new Set<(event: ProgressEvent) => void>();
  let gate: Promise<unknown> | null = null;

  function receive(data: unknown): void {
    const message = data as PortMessage | null;
    if (message?.kind === 'reply') {
      const resolve = waiting.get(message.id);
      waiting.delete(message.id);
      resolve?.(message.envelope);
    } else if (message?.kind === 'progress') {
      for (const listener of progress) {
        try {
          listener(message.event);
        } catch (error) {
          console.error('pith: a progress listener failed', error);
        }
      }
    }
  }

  function send(call: PortCall): void {
    try {
      port!.postMessage(call);
    } catch (error) {
      // Not plain data (a function, a DOM node…): the request cannot be sent.
      const resolve = waiting.get(call.id);
      waiting.delete(call.id);
      resolve?.({ ok: false, error: { code: 'invalid', message: `Could not send the request to ${call.method}: ${(error as Error)?.message ?? String(error)}` } });
    }
  }

  return {
    call(method, request) {
      const call: PortCall = { kind: 'call', id: nextId++, method, request };
      const reply = new Promise<Envelope>((resolve) => waiting.set(call.id, resolve));
      const go = () => {
        if (!waiting.has(call.id)) return; // failed meanwhile (the host stopped)
        if (port) send(call);
        else queued.push(call);
      };
      if (gate) void gate.then(go);
      else go();
      return reply;
    },
    after(pending) {
      const next: Promise<unknown> = Promise.all([gate, pending.catch(() => undefined)]).then(() => {
        if (gate === next) gate = null;
      });
      gate = next;
    },
    onProgress(listener) {
      progress.add(listener);
      return () => {
        progress.delete(listener);
      };
    },
    attach(next) {
      if (port && port !== next) this.detach();
      port = next;
      port.onmessage = (event) => receive(event.data);
      port.start?.();
      for (const call of queued.splice(0)) send(call);
    },
    detach(message = HOST_STOPPED_MESSAGE) {
      const old = port;
      port = null;
      if (old) {
        old.onmessage = null;
        old.close();
      }
      const lost = [...waiting.values()];
      waiting.clear();
      queued.length = 0;
      for (const resolve of lost) resolve({ ok: false, error: { code: 'archive', message } });
    },
  };
}
