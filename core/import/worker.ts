// The import worker: turns a file's bytes into text and metadata, off the main thread.
import { parentPort } from 'node:worker_threads';
import { extract, extractPdfChunk } from './extract/index.ts';

export type ExtractRequest =
  | { type: 'extract'; fileName: string; bytes: Uint8Array }
  | { type: 'pdf-chunk'; bytes: Uint8Array; firstPage: number; lastPage: number };

parentPort!.on('message', async (message: { id: number; request: ExtractRequest }) => {
  const { id, request } = message;
  try {
    const value =
      request.type === 'extract'
        ? await extract(request.fileName, request.bytes)
        : await extractPdfChunk(request.bytes, request.firstPage, request.lastPage);
    parentPort!.postMessage({ id, ok: true, value });
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({ id, ok: false, error: { name: e?.constructor?.name ?? e?.name ?? 'Error', message: e?.message ?? String(error) } });
  }
});

// Modules loaded: the pool starts counting a task's time limit from here.
parentPort!.postMessage({ ready: true });
