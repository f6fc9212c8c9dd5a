// Runs extraction in the worker pool. A long PDF is read in page ranges on every worker at once.
import { assemblePdf, kindOf, type Extracted, type PdfChunk } from './extract/index.ts';
import type { WorkerPool } from './pool.ts';
import type { ExtractRequest } from './worker.ts';

export type { ExtractRequest };

/** Pages read by the first task; a PDF longer than this is split across the pool. */
const FIRST_CHUNK_PAGES = 48;

export async function extractInPool(
  pool: WorkerPool<ExtractRequest, unknown>,
  fileName: string,
  bytes: Uint8Array,
): Promise<Extracted> {
  if (kindOf(fileName) !== 'pdf') return (await pool.run({ type: 'extract', fileName, bytes })) as Extracted;
  const first = (await pool.run({ type: 'pdf-chunk', bytes, firstPage: 1, lastPage: FIRST_CHUNK_PAGES })) as PdfChunk;
  if (first.numPages <= FIRST_CHUNK_PAGES) return assemblePdf([first], fileName);
  const rest = first.numPages - FIRST_CHUNK_PAGES;
  const perChunk = Math.ceil(rest / pool.size);
  const ranges: [number, number][] = [];
  for (let start = FIRST_CHUNK_PAGES + 1; start <= first.numPages; start += perChunk) {
    ranges.push([start, Math.min(first.numPages, start + perChunk - 1)]);
  }
  const chunks = (await Promise.all(
    ranges.map(([firstPage, lastPage]) => pool.run({ type: 'pdf-chunk', bytes, firstPage, lastPage })),
  )) as PdfChunk[];
  return assemblePdf([first, ...chunks], fileName);
}
