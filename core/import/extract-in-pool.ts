// Runs extraction in the worker pool. A long PDF is read in page ranges on every worker at once.
import type { Extracted } from './extract/index.ts';
import type { PackedPdfChunk } from './extract/pdf.ts';
import { kindOf } from './extract/kinds.ts';
import type { WorkerPool } from './pool.ts';
import { storeBlob } from '../../db/blobs.ts';
import type { ExtractRequest } from './worker.ts';

export type { ExtractRequest };

/** Pages read by the first task; a PDF longer than this is split across the pool. */
const FIRST_CHUNK_PAGES = 48;
/** A PDF this large is split across the pool before its page count is known (~100 pages of text). */
const SPLIT_BYTES = 512 * 1024;

/** Where the worker writes the original once it reads well; `bytes` may then be moved to it. */
export interface StoreOriginal {
  archiveDir: string;
  sha256: string;
  /** The caller will not use the bytes again: the worker may take them without a copy. */
  handOver: boolean;
}

/**
 * Extracts a file's text on the pool. With `store`, the original is written into the archive too —
 * by the worker for a single-task file (keeping the main thread free), else here — and only when it
 * reads well.
 */
export async function extractInPool(
  pool: WorkerPool<ExtractRequest, unknown>,
  fileName: string,
  bytes: Uint8Array,
  store: StoreOriginal,
): Promise<Extracted> {
  if (kindOf(fileName) !== 'pdf') {
    const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
    const transfer = store.handOver && whole ? [bytes.buffer as ArrayBuffer] : [];
    const storeOriginal = { archiveDir: store.archiveDir, sha256: store.sha256 };
    return (await pool.run({ type: 'extract', fileName, bytes, storeOriginal }, transfer)) as Extracted;
  }
  const extracted = await extractPdf(pool, fileName, bytes);
  storeBlob(store.archiveDir, store.sha256, bytes);
  return extracted;
}

async function extractPdf(pool: WorkerPool<ExtractRequest, unknown>, fileName: string, bytes: Uint8Array): Promise<Extracted> {
  // Loaded on first use: the extractors' module brings jsdom and PDFium, which only workers need.
  const { assemblePdf } = await import('./extract/index.ts');
  const { unpackPdfChunk } = await import('./extract/pdf.ts');
  // The workers post their chunks packed (see packPdfChunk).
  const chunk = async (task: Promise<unknown>) => unpackPdfChunk((await task) as PackedPdfChunk);
  if (bytes.byteLength >= SPLIT_BYTES && pool.size > 1) {
    // Likely long: every worker reads its share of the pages from the start. Each opening of the
    // file costs (its page tree, its fonts), so there is one per worker and no first pass.
    const parts = Array.from({ length: pool.size }, (_, part) => chunk(pool.run({ type: 'pdf-part', bytes, part, parts: pool.size })));
    return assemblePdf(await Promise.all(parts), fileName);
  }
  const first = await chunk(pool.run({ type: 'pdf-chunk', bytes, firstPage: 1, lastPage: FIRST_CHUNK_PAGES }));
  if (first.numPages <= FIRST_CHUNK_PAGES) return assemblePdf([first], fileName);
  const rest = first.numPages - FIRST_CHUNK_PAGES;
  const perChunk = Math.ceil(rest / pool.size);
  const ranges: [number, number][] = [];
  for (let start = FIRST_CHUNK_PAGES + 1; start <= first.numPages; start += perChunk) {
    ranges.push([start, Math.min(first.numPages, start + perChunk - 1)]);
  }
  const chunks = await Promise.all(ranges.map(([firstPage, lastPage]) => chunk(pool.run({ type: 'pdf-chunk', bytes, firstPage, lastPage }))));
  return assemblePdf([first, ...chunks], fileName);
}
