// Requests with replies over a one-way message channel (the utility process's parentPort, either
// way): each request carries an id, its reply carries the same id and an Envelope, so errors
// travel as {code, message} data. Pure, so both ends are unit-tested without Electron.
import { PithError } from '../core/api.ts';
import { toBridgeError } from './bridge.ts';
import type { ControlMessage } from './core-protocol.ts';
import type { Envelope } from './ipc.ts';

export type Handler = (op: string, args: unknown) => Promise<unknown> | unknown;

export interface ControlLink {
  /** Asks the other side to do `op`; resolves with its value, rejects with a PithError. */
  call(op: string, args: unknown): Promise<unknown>;
  /** Feeds a message that arrived; true when it was a request or a response (handled here). */
  receive(message: ControlMessage): boolean;
  /** The other side is gone: every call waiting for it fails with `message`. */
  failAll(message: string): void;
}

export function createControlLink(
  post: (message: ControlMessage) => void,
  handle: Handler,
  log: (message: string, error?: unknown) => void,
): ControlLink {
  let nextId = 1;
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();

  async function answer(id: number, op: string, args: unknown): Promise<void> {
    let envelope: Envelope;
    try {
      envelope = { ok: true, value: await handle(op, args) };
    } catch (error) {
      envelope = { ok: false, error: toBridgeError(error, log, op) };
    }
    try {
      post({ kind: 'response', id, envelope });
    } catch (error) {
      log(`pith: could not answer ${op}`, error);
    }
  }

  return {
    call(op, args) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        try {
          post({ kind: 'request', id, op, args });
        } catch (error) {
          pending.delete(id);
          reject(error);
        }
      });
    },
    receive(message) {
      if (message?.kind === 'request') {
        void answer(message.id, message.op, message.args);
        return true;
      }
      if (message?.kind === 'response') {
        const waiting = pending.get(message.id);
        if (!waiting) return true;
        pending.delete(message.id);
        const { envelope } = message;
        if (envelope?.ok === true) waiting.resolve(envelope.value);
        else waiting.reject(new PithError(envelope?.error?.code ?? 'internal', envelope?.error?.message ?? 'No answer.'));
        return true;
      }
      return false;
    },
    failAll(message) {
      const waiting = [...pending.values()];
      pending.clear();
      for (const { reject } of waiting) reject(new PithError('archive', message));
    },
  };
}
