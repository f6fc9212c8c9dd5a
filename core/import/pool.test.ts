import { afterEach, describe, expect, it } from 'vitest';
import { TaskFailed, WorkerPool } from './pool.ts';

type Req = { do: string; value?: number };
const entry = new URL('./fixtures/pool-worker.ts', import.meta.url);
const pools: WorkerPool<Req, unknown>[] = [];
function pool(options = {}) {
  const p = new WorkerPool<Req, unknown>(entry, { size: 2, ...options });
  pools.push(p);
  return p;
}
afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
});

describe('WorkerPool', () => {
  it('runs tasks on several workers and returns their answers in order', async () => {
    const p = pool();
    const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => p.run({ do: 'echo', value: i })));
    expect(answers).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('passes a thrown error back with its class name', async () => {
    const p = pool();
    const error = (await p.run({ do: 'throw' }).catch((e: unknown) => e)) as TaskFailed;
    expect(error).toBeInstanceOf(TaskFailed);
    expect(error.remoteName).toBe('ExtractError');
    expect(error.message).toBe('the file is damaged');
  });

  it('fails a task over its time limit alone and keeps serving others', async () => {
    const p = pool({ timeoutMs: 300 }); // counted from when a worker is ready, not from its start-up
    const [hung, ok] = await Promise.allSettled([p.run({ do: 'hang' }), p.run({ do: 'echo', value: 7 })]);
    expect(hung.status).toBe('rejected');
    expect((hung as PromiseRejectedResult).reason.message).toMatch(/took longer than/);
    expect(ok).toEqual({ status: 'fulfilled', value: 7 });
    expect(await p.run({ do: 'echo', value: 8 })).toBe(8);
  });

  it('survives a worker that exits or runs out of memory', async () => {
    const p = pool({ memoryMb: 64 });
    await expect(p.run({ do: 'exit' })).rejects.toThrow(/stopped unexpectedly/);
    await expect(p.run({ do: 'oom' })).rejects.toThrow(/more than 64 MB|crashed|stopped/);
    expect(await p.run({ do: 'echo', value: 1 })).toBe(1);
  });
});
