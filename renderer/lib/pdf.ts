// pdf.js, loaded only when a PDF is opened, with its worker bundled by Vite (no remote fetch:
// no CMap, font or wasm URLs are given, so pdf.js never asks for anything).
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { OriginalSource } from './api.ts';
import type { PageLayout } from '../../core/api.ts';
import type { Annotation } from '../../core/types.ts';
import { pageOfOffset as corePageOfOffset, PdfTextMap } from '../../core/anchoring/pdf-quads.ts';

type PdfJs = typeof import('pdfjs-dist');
let loading: Promise<PdfJs> | null = null;

export function pdfjs(): Promise<PdfJs> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib;
  });
  return loading;
}

type PdfWorker = InstanceType<PdfJs['PDFWorker']>;
let worker: Promise<PdfWorker> | null = null;

/**
 * Loads pdf.js and starts its worker (parsing its 1.2 MB script takes a while on a slow machine),
 * so that a PDF's bytes arriving later find both ready; the worker is kept for the next PDF.
 */
export function warmPdf(): Promise<PdfWorker> {
  worker ??= pdfjs().then((lib) => new lib.PDFWorker());
  return worker;
}

/** Up to this size a PDF is fetched whole, in one binary response; a larger one by ranges. */
const WHOLE_FETCH_BYTES = 64 * 1024 * 1024;

/**
 * Opens a PDF from its bytes, or from a URL of `pith serve`. There it is fetched whole in one
 * binary response when it is not huge (pdf.js then parses it without a round trip per part: a
 * 13 MB manual arrives in tens of milliseconds over loopback); a larger one is read by range
 * requests, so only the parts shown are ever in memory.
 */
export async function openPdf(source: OriginalSource): Promise<PDFDocumentProxy> {
  // The bytes travel while pdf.js and its worker load.
  const fetched = 'data' in source ? Promise.resolve(source) : fetchOriginal(source);
  const [lib, port] = await Promise.all([pdfjs(), warmPdf()]);
  const got = await fetched;
  const options = { worker: port, isEvalSupported: false, enableXfa: false, useSystemFonts: true };
  if ('data' in got) return lib.getDocument({ ...options, data: got.data, disableAutoFetch: true, disableStream: true }).promise;
  return lib.getDocument({ ...options, url: got.url, httpHeaders: got.httpHeaders, withCredentials: false, rangeChunkSize: 256 * 1024, disableStream: true, disableAutoFetch: true }).promise;
}

/** The bytes of an original over HTTP; past WHOLE_FETCH_BYTES the URL, for range requests. */
async function fetchOriginal(source: { url: string; httpHeaders: Record<string, string> }): Promise<OriginalSource> {
  const controller = new AbortController();
  const response = await fetch(source.url, { headers: source.httpHeaders, credentials: 'omit', cache: 'no-store', signal: controller.signal });
  if (!response.ok) {
    const reply = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(reply?.error?.message ?? `Pith answered ${response.status}.`);
  }
  if (Number(response.headers.get('content-length') ?? 0) <= WHOLE_FETCH_BYTES) return { data: new Uint8Array(await response.arrayBuffer()) };
  controller.abort();
  return source;
}

// A PDF the user is about to read (its library row was clicked) starts opening while the reader
// fetches the document's text, instead of after it: one at a time, let go if it is not taken.
let prepared: { id: string; pdf: Promise<PDFDocumentProxy>; timer: ReturnType<typeof setTimeout> } | null = null;

function dropPrepared(): void {
  if (!prepared) return;
  clearTimeout(prepared.timer);
  void prepared.pdf.then((p) => p.destroy()).catch(() => {});
  prepared = null;
}

/** Starts opening document `id`'s PDF from `source`, for the reader to take (takePreparedPdf). */
export function preparePdf(id: string, source: () => Promise<OriginalSource>): void {
  if (prepared?.id === id) return;
  dropPrepared();
  const pdf = source().then(openPdf);
  pdf.catch(() => {}); // the reader opens it again and says what failed
  prepared = { id, pdf, timer: setTimeout(dropPrepared, 30_000) };
}

/** The PDF preparePdf started for `id`, now the caller's to destroy; null when there is none. */
export function takePreparedPdf(id: string): Promise<PDFDocumentProxy> | null {
  if (prepared?.id !== id) return null;
  clearTimeout(prepared.timer);
  const { pdf } = prepared;
  prepared = null;
  return pdf;
}

/** The 1-based page an offset falls on, from the document's page starts (core's, page 1 without pages). */
export function pageOfOffset(pageStarts: readonly number[], offset: number): number {
  return corePageOfOffset(pageStarts, offset) ?? 1;
}

export interface PdfBox {
  annotation: Annotation;
  /** In PDF user space (origin bottom-left). */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/**
 * Boxes covering annotations' characters on one page, from the page's text runs: core's own
 * placement (one box per line, on the glyph edges where the runs have them), so the reader draws
 * each highlight where the exported PDF puts it.
 */
export function boxesFor(layout: PageLayout, annotations: readonly Annotation[]): PdfBox[] {
  const placed = annotations.filter((a) => a.position);
  return rangeBoxes(layout, placed.map((a) => a.position!)).map(({ index, x1, y1, x2, y2 }) => ({ annotation: placed[index]!, x1, y1, x2, y2 }));
}

/**
 * The page a typed page name points to: a label first (case-insensitive: "xii", "A-3"), else a
 * number read as the page's position in the file; null when it names no page.
 */
export function resolvePageInput(input: string, labels: readonly string[] | null, pages: number): number | null {
  const wanted = input.trim();
  if (!wanted) return null;
  if (labels) {
    let i = labels.indexOf(wanted);
    if (i === -1) {
      const lower = wanted.toLowerCase();
      i = labels.findIndex((l) => l.toLowerCase() === lower);
    }
    if (i !== -1) return i + 1;
  }
  if (/^\d+$/.test(wanted)) {
    const n = Number(wanted);
    if (n >= 1 && n <= pages) return n;
  }
  return null;
}

export interface OutlineEntry {
  title: string;
  /** 1-based, or null when the bookmark's destination could not be resolved. */
  page: number | null;
  /** The destination's top in PDF user space, when it gives one. */
  top: number | null;
  items: OutlineEntry[];
}

type RawOutline = Awaited<ReturnType<PDFDocumentProxy['getOutline']>>;

/** The PDF's bookmarks with each destination resolved to a page (pdf.js getOutline). */
export async function loadOutline(pdf: PDFDocumentProxy): Promise<OutlineEntry[]> {
  const raw = (await pdf.getOutline().catch(() => null)) ?? [];
  const resolve = async (dest: unknown): Promise<{ page: number | null; top: number | null }> => {
    try {
      const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : (dest as unknown[] | null);
      if (!Array.isArray(explicit) || explicit.length === 0) return { page: null, top: null };
      const ref = explicit[0];
      const index = typeof ref === 'number' ? ref : await pdf.getPageIndex(ref as { num: number; gen: number });
      const kind = (explicit[1] as { name?: string } | undefined)?.name;
      const top = kind === 'XYZ' && typeof explicit[3] === 'number' ? explicit[3] : kind === 'FitH' || kind === 'FitBH' ? ((explicit[2] as number | null) ?? null) : null;
      return { page: index + 1, top };
    } catch {
      return { page: null, top: null };
    }
  };
  const walk = async (items: RawOutline): Promise<OutlineEntry[]> =>
    Promise.all(
      (items ?? []).map(async (item) => ({
        title: item.title,
        ...(await resolve(item.dest)),
        items: await walk(item.items),
      })),
    );
  return walk(raw);
}

/** The outline entry holding the current page: the last one that starts at or before it, deepest first. */
export function currentEntry(entries: readonly OutlineEntry[], page: number): OutlineEntry | null {
  let found: OutlineEntry | null = null;
  for (const e of entries) {
    if (e.page != null && e.page <= page) found = e;
    else if (e.page != null && e.page > page) break;
  }
  if (found && found.items.length) return currentEntry(found.items, page) ?? found;
  return found;
}

/** Boxes of text ranges (find matches) on one page, from the page's text runs, in PDF user space. */
export function rangeBoxes(layout: PageLayout, ranges: readonly { start: number; end: number }[]): { index: number; x1: number; y1: number; x2: number; y2: number }[] {
  // On the glyphs, as highlights are (core's PdfTextMap: glyph edges where the runs have them).
  const boxes: { index: number; x1: number; y1: number; x2: number; y2: number }[] = [];
  const map = new PdfTextMap([layout]);
  ranges.forEach((r, index) => {
    for (const { x1, y1, x2, y2 } of map.place(r.start, r.end).quads) boxes.push({ index, x1, y1, x2, y2 });
  });
  return boxes;
}

/** A find match on a page (offsets in the document's text), and whether it is the current one. */
export interface FindSpan {
  start: number;
  end: number;
  current: boolean;
}
