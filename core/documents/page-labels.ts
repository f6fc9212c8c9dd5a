// Page labels for PDFs imported before Pith kept them (archive schema < 5): read once from the
// stored original, on the import worker pool, the first time the document is opened or exported.
import fs from 'node:fs';
import { blobPath } from '../../db/blobs.ts';
import { findDocumentById, setPageLabels, type DocumentRow } from '../../db/documents.ts';
import type { Db } from '../../db/open.ts';

/** Reads a PDF's labels from its bytes (null when it has none); the pool's 'pdf-labels' task. */
export type ReadLabels = (bytes: Uint8Array) => Promise<string[] | null>;

/** Readings under way, by archive and document, so that two calls read a file once. */
const pending = new Map<string, Promise<void>>();

/**
 * Makes sure the document's page labels have been read (a no-op for new imports and non-PDFs).
 * A file that cannot be read leaves the labels unread, to try again next time; the document is
 * shown with page numbers meanwhile.
 */
export function ensurePageLabels(db: Db, archiveDir: string, row: Pick<DocumentRow, 'id' | 'kind' | 'sha256' | 'page_labels'>, read: ReadLabels): Promise<void> {
  if (row.kind !== 'pdf' || row.page_labels !== null) return Promise.resolve();
  const key = `${archiveDir}\u0000${row.id}`;
  let job = pending.get(key);
  if (!job) {
    job = (async () => {
      let bytes: Buffer;
      try {
        bytes = await fs.promises.readFile(blobPath(archiveDir, row.sha256));
      } catch {
        return;
      }
      let labels: string[] | null;
      try {
        labels = await read(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      } catch {
        return;
      }
      if (!db.open) return;
      const now = findDocumentById(db, row.id);
      if (!now || now.page_labels !== null || now.sha256 !== row.sha256) return;
      db.transaction(() => setPageLabels(db, row.id, labels ?? []))();
    })().finally(() => pending.delete(key));
    pending.set(key, job);
  }
  return job;
}
