// A small pool of worker threads running one kind of task, with a time and memory limit per task.
// A task whose worker dies (crash, out of memory, over time) fails alone; the worker is replaced.
import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import { startWorker } from '../workers.ts';

export interface PoolOptions {
  size?: number;
  /** Per-task time limit in milliseconds. */
  timeoutMs?: number;
  /** Heap limit of each worker, in MB. */
  memoryMb?: number;
}

export class TaskFailed extends Error {
  constructor(
    message: string,
    readonly remoteName?: string,
    /** The system or SQLite error code from the worker (ENOSPC, …), when it had one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TaskFailed';
  }
}

interface Job<Req, Res> {
  request: Req;
  transfer: Transferable[];
  resolve: (value: Res) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: boolean;
  /** Resolves when the worker has loaded its modules and says { ready: true }. */
  ready: Promise<void>;
}

/** A worker that has not loaded its modules in this long is taken as broken. */
const START_UP_LIMIT_MS = 120_000;

function readySignal(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: { ready?: boolean }) => {
      if (!message?.ready) return;
      worker.off('message', onMessage);
      resolve();
    };
    worker.on('message', onMessage);
  });
}

export class WorkerPool<Req, Res> {
  readonly size: number;
  private readonly timeoutMs: number;
  private readonly memoryMb: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job<Req, Res>[] = [];
  private nextId = 1;
  private closed = false;

  constructor(
    private readonly entry: URL,
    options: PoolOptions = {},
  ) {
    this.size = Math.max(1, options.size ?? Math.min(os.availableParallelism(), 4));
    this.timeoutMs = options.timeoutMs ?? 120_000;
    this.memoryMb = options.memoryMb ?? 2048;
  }

  /** Runs a task; buffers in `transfer` move to the worker instead of being copied. */
  run(request: Req, transfer: Transferable[] = []): Promise<Res> {
    if (this.closed) return Promise.reject(new TaskFailed('the worker pool is closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request, transfer, resolve, reject });
      this.pump();
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new TaskFailed('cancelled'));
    await Promise.all(this.slots.splice(0).map((slot) => slot.worker.terminate()));
  }

  private pump(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.busy);
      if (!slot && this.slots.length < this.size) {
        const worker = this.spawn();
        slot = { worker, busy: false, ready: readySignal(worker) };
        this.slots.push(slot);
      }
      if (!slot) return;
      this.dispatch(slot, this.queue.shift()!);
    }
  }

  private spawn(): Worker {
    const worker = startWorker(this.entry, { maxOldGenerationSizeMb: this.memoryMb });
    worker.unref();
    return worker;
  }

  private dispatch(slot: Slot, job: Job<Req, Res>): void {
    slot.busy = true;
    const id = this.nextId++;
    const worker = slot.worker;
    let settled = false;
    const finish = (fn: () => void, replace: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (replace) {
        void worker.terminate();
        const index = this.slots.indexOf(slot);
        if (index >= 0) this.slots.splice(index, 1);
      } else {
        slot.busy = false;
        worker.unref(); // an idle pool does not keep the process alive
      }
      fn();
      if (!this.closed) this.pump();
    };
    const onMessage = (message: { id: number; ok: boolean; value?: Res; error?: { name: string; message: string; code?: string } }) => {
      if (message.id !== id) return;
      if (message.ok) finish(() => job.resolve(message.value as Res), false);
      else finish(() => job.reject(new TaskFailed(message.error?.message ?? 'failed', message.error?.name, message.error?.code)), false);
    };
    const onError = (error: Error) => {
      const outOfMemory = (error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      const reason = outOfMemory ? `it needs more than ${this.memoryMb} MB of memory to read` : 'the reader crashed on it';
      finish(() => job.reject(new TaskFailed(reason)), true);
    };
    const onExit = () => finish(() => job.reject(new TaskFailed('the reader stopped unexpectedly')), true);
    // The time limit counts from when the worker is ready: its start-up is not the file's fault.
    const overTime = () =>
      finish(() => job.reject(new TaskFailed(`reading it took longer than ${Math.round(this.timeoutMs / 1000)} s`)), true);
    let timer = setTimeout(overTime, START_UP_LIMIT_MS);
    void slot.ready.then(() => {
      if (settled) return;
      clearTimeout(timer);
      timer = setTimeout(overTime, this.timeoutMs);
    });
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.ref();
    worker.postMessage({ id, request: job.request }, job.transfer as never);
  }
}
