// Starting worker threads from TypeScript sources (through tsx) or from a built bundle alike.
import { Worker, type ResourceLimits } from 'node:worker_threads';

export function startWorker(entry: URL, resourceLimits?: ResourceLimits): Worker {
  if (entry.pathname.endsWith('.ts')) {
    // A worker does not inherit the loader hooks of its parent: boot it through tsx.
    return new Worker(new URL('./worker-boot.mjs', import.meta.url), {
      workerData: { pithWorkerEntry: entry.href },
      resourceLimits,
    });
  }
  return new Worker(entry, { resourceLimits });
}
