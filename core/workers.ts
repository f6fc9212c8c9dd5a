// Starting worker threads from TypeScript sources (through tsx) or from a built bundle alike.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

const require = createRequire(import.meta.url);

export function startWorker(entry: URL, resourceLimits?: ResourceLimits): Worker {
  if (entry.pathname.endsWith('.ts')) {
    // A worker does not inherit the loader hooks of its parent: register tsx in it too.
    const tsx = pathToFileURL(require.resolve('tsx/esm')).href;
    return new Worker(entry, { execArgv: ['--import', tsx], resourceLimits });
  }
  return new Worker(entry, { resourceLimits });
}
