// Starts a TypeScript worker: registers tsx in this thread (loader hooks are per thread), then
// loads the worker module named in workerData. Messages wait on the port until it listens.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.pithWorkerEntry);
