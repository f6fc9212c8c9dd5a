// The import worker: turns a file's bytes into text and metadata, off the main thread.
import { parentPort } from 'node:worker_threads';
import { storeBlob } from '../../db/blobs.ts';
import { extract, extractPdfChunk, extractPdfPart, pdfPageLabels } from './extract/index.ts';
import { packPdfChunk } from './extract/pdf.ts';

export type ExtractRequest =
  /** With `storeOriginal`, the worker also writes the original into the archive once it reads well. */
  | { type: 'extract'; fileName: string; bytes: Uint8Array; storeOriginal?: { archiveDir: string; sha256: string } }
  | { type: 'pdf-chunk'; bytes: Uint8Array; firstPage: number; lastPage: number }
  | { type: 'pdf-part'; bytes: Uint8Array; part: number; parts: number }
  /** Only the page labels (documents imported before they were kept). */
  | { type: 'pdf-labels'; bytes: Uint8Array };

parentPort!.on('message', async (message: { id: number; request: ExtractRequest }) => {
  const { id, request } = message;
  try {
    let value;
    let transfer: ArrayBuffer[] = [];
    if (request.type === 'extract') {
      value = await extract(request.fileName, request.bytes);
      const store = request.storeOriginal;
      if (store) storeBlob(store.archiveDir, store.sha256, request.bytes);
    } else if (request.type === 'pdf-chunk') {
      ({ packed: value, transfer } = packPdfChunk(await extractPdfChunk(request.bytes, request.firstPage, request.lastPage)));
    } else if (request.type === 'pdf-labels') {
      value = await pdfPageLabels(request.bytes);
    } else {
      ({ packed: value, transfer } = packPdfChunk(await extractPdfPart(request.bytes, request.part, request.parts)));
    }
    parentPort!.postMessage({ id, ok: true, value }, transfer);
  } catch (error) {
    const e = error as Error;
    parentPort!.postMessage({
      id,
      ok: false,
      error: { name: e?.constructor?.name ?? e?.name ?? 'Error', message: e?.message ?? String(error), code: (e as { code?: string })?.code },
    });
  }
});

// Modules loaded: the pool starts counting a task's time limit from here.
parentPort!.postMessage({ ready: true });
