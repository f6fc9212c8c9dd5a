// PDF → text per page with the position of every text item (pdf.js, in-process: pdf.js's
// "fake worker" runs its parser on this thread, which is what we want inside a worker_thread).
import { createRequire } from 'node:module';
import path from 'node:path';
import { ExtractError } from './errors.ts';
import { loadWorkerModule } from './pdfjs-patch.ts';
import { clampTitle, dedupe, findDate, normalizeDate, splitAuthors, titleFromFileName, titleFromText } from '../metadata.ts';
import type { Extracted, PdfPageLayout } from './types.ts';

type Pdfjs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PDFDocumentProxy = import('pdfjs-dist/legacy/build/pdf.mjs').PDFDocumentProxy;

export interface PdfInfo {
  title: string | null;
  authors: string[];
  published: string | null;
  url: string | null;
}

export interface PdfChunkPage {
  page: number;
  text: string;
  width: number;
  height: number;
  /** [start, end, x, y, w, h]; start/end relative to this page's text. */
  runs: number[][];
}

export interface PdfChunk {
  numPages: number;
  info: PdfInfo;
  pages: PdfChunkPage[];
  /** Pages in this chunk that pdf.js could not read (kept with empty text). */
  failed?: number[];
  /** The file has no end-of-file marker: it was probably cut short. */
  incomplete?: boolean;
  /** The PDF's page labels (/PageLabels), read by the chunk holding page 1; null when it has none. */
  pageLabels?: string[] | null;
}

// ---------------------------------------------------------------------------------------------
// Loading pdf.js

let loading: Promise<Pdfjs> | null = null;

/**
 * pdf.js's legacy build ships core-js polyfills that globally replace Array.prototype.push,
 * JSON.parse and JSON.stringify with slow, spec-pedantic versions on Node 20, and define a
 * global `self` (which makes other libraries think they run in a browser). We load it once and
 * put those back: the built-ins are correct for everything pdf.js does, and faster for all.
 */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= (async () => {
    const push = Array.prototype.push;
    const parse = JSON.parse;
    const stringify = JSON.stringify;
    const hadSelf = Object.prototype.hasOwnProperty.call(globalThis, 'self');
    try {
      // Loading the worker module first sets globalThis.pdfjsWorker, so pdf.js's fake worker
      // uses it directly instead of import()ing a path relative to pdf.mjs (which breaks when
      // bundled, and under some loaders). It is patched for speed when it can be.
      await loadWorkerModule();
      return await import('pdfjs-dist/legacy/build/pdf.mjs');
    } catch (err) {
      loading = null;
      throw err;
    } finally {
      if (Array.prototype.push !== push) {
        Object.defineProperty(Array.prototype, 'push', { value: push, writable: true, configurable: true, enumerable: false });
      }
      if (JSON.parse !== parse) JSON.parse = parse;
      if (JSON.stringify !== stringify) JSON.stringify = stringify;
      if (!hadSelf && Object.prototype.hasOwnProperty.call(globalThis, 'self')) {
        delete (globalThis as { self?: unknown }).self;
      }
    }
  })();
  return loading;
}

let dataDirs: { cMapUrl?: string; standardFontDataUrl?: string } | null = null;
function pdfjsDataDirs(): { cMapUrl?: string; standardFontDataUrl?: string } {
  if (!dataDirs) {
    try {
      const dir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
      // pdf.js wants a trailing "/"; in Node it reads these with fs.
      dataDirs = { cMapUrl: path.join(dir, 'cmaps') + '/', standardFontDataUrl: path.join(dir, 'standard_fonts') + '/' };
    } catch {
      dataDirs = {};
    }
  }
  return dataDirs;
}

// ---------------------------------------------------------------------------------------------
// Opening

function looksLikePdf(bytes: Uint8Array): boolean {
  // "%PDF-" in the first 1 KB (some files carry junk before the header).
  const n = Math.min(bytes.length, 1024) - 5;
  for (let i = 0; i <= n; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return true;
  }
  return false;
}

/** Whether "%%EOF" occurs in the last 16 KB: a PDF cut short (an interrupted download) has none. */
function hasEof(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - 16384);
  for (let i = bytes.length - 5; i >= from; i--) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x25 && bytes[i + 2] === 0x45 && bytes[i + 3] === 0x4f && bytes[i + 4] === 0x46) return true;
  }
  return false;
}

const DAMAGED = 'the PDF is damaged or truncated';

async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  if (bytes.length === 0) throw new ExtractError('the file is empty');
  if (!looksLikePdf(bytes)) throw new ExtractError('the file is not a PDF (it does not start like one)');
  const pdfjs = await loadPdfjs();
  let task: ReturnType<Pdfjs['getDocument']> | null = null;
  try {
    task = pdfjs.getDocument({
      // A copy, as a plain Uint8Array: pdf.js transfers (detaches) the buffer it is given, and
      // refuses Node Buffers (whose slice() would not copy anyway).
      data: new Uint8Array(bytes),
      ...pdfjsDataDirs(),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      useWorkerFetch: false,
      isOffscreenCanvasSupported: false,
      isImageDecoderSupported: false,
      stopAtErrors: false,
      verbosity: 0,
    });
    return await task.promise;
  } catch (err) {
    await task?.destroy().catch(() => {});
    const name = (err as { name?: string } | null)?.name;
    if (name === 'PasswordException') throw new ExtractError('the PDF is protected by a password');
    throw new ExtractError(DAMAGED);
  }
}

// ---------------------------------------------------------------------------------------------
// Metadata

const JUNK_TITLE = /^(?:untitled(?:\s*\d*)?|document\d*|title|no title|slide \d+|microsoft (?:word|powerpoint|excel) - .*|.*\.(?:docx?|pdf|tex|dvi|indd|rtf|odt|pptx?|xlsx?|qxd|ps|eps|txt|html?))$/i;

function str(v: unknown): string | null {
  if (typeof v === 'string') return v.trim() || null;
  return null;
}

async function readInfo(doc: PDFDocumentProxy): Promise<PdfInfo> {
  const info: PdfInfo = { title: null, authors: [], published: null, url: null };
  let meta: Awaited<ReturnType<PDFDocumentProxy['getMetadata']>> | null = null;
  try {
    meta = await doc.getMetadata();
  } catch {
    return info;
  }
  const dict = (meta?.info ?? {}) as Record<string, unknown>;
  const xmp = meta?.metadata ?? null;
  const xget = (k: string): unknown => {
    try {
      return xmp?.get(k) ?? null;
    } catch {
      return null;
    }
  };
  const titles = [str(xget('dc:title')), str(dict.Title)];
  for (const t of titles) {
    const c = clampTitle(t);
    if (c && JUNK_TITLE.test(c) === false && /[\p{L}\p{N}]/u.test(c)) {
      info.title = c;
      break;
    }
  }
  const creators = xget('dc:creator');
  if (Array.isArray(creators)) info.authors = dedupe(creators.flatMap((c) => splitAuthors(String(c))));
  if (!info.authors.length) info.authors = splitAuthors(str(dict.Author));
  info.published =
    normalizeDate(str(dict.CreationDate)) ??
    normalizeDate(str(xget('xmp:createdate'))) ??
    normalizeDate(str(xget('dc:date')));
  return info;
}

// ---------------------------------------------------------------------------------------------
// Text

function r2(v: number): number {
  return Math.round(v * 100) / 100;
}

interface TextItemLike {
  str?: string;
  transform?: number[];
  width?: number;
  height?: number;
  hasEOL?: boolean;
}

/**
 * One page's text from pdf.js text items: items on the same line joined (a space where there is
 * a gap and no space already), a newline at hasEOL or when the baseline moves; a run per item.
 */
export function pageText(items: readonly TextItemLike[]): { text: string; runs: number[][] } {
  const parts: string[] = [];
  const runs: number[][] = [];
  let pos = 0;
  let lastY = 0;
  let lastEndX = 0;
  let lastH = 0;
  let lastRotated = false;
  let eol = false;
  let endsWithSpace = true;
  for (let i = 0; i < items.length; i++) {
    const it = items[i]!;
    let s = it.str;
    if (s === undefined) continue; // marked content
    if (s.length === 0) {
      if (it.hasEOL) eol = true;
      continue;
    }
    if (s.indexOf('\u0000') >= 0) {
      s = s.replace(/\u0000/g, '');
      if (!s) continue;
    }
    const t = it.transform ?? [1, 0, 0, 1, 0, 0];
    const x = t[4] ?? 0;
    const y = t[5] ?? 0;
    const b = t[1] ?? 0;
    const c = t[2] ?? 0;
    let h = c === 0 ? Math.abs(t[3] ?? 0) : Math.hypot(c, t[3] ?? 0);
    if (!h) h = it.height ?? 0;
    const w = it.width ?? 0;
    const rotated = b !== 0 || c !== 0;
    if (pos > 0) {
      const first = s.charCodeAt(0);
      const startsWithSpace = first === 32 || first === 9 || first === 10;
      const em = h > lastH ? h : lastH;
      if (eol) {
        parts.push('\n');
        pos++;
        endsWithSpace = true;
      } else if (!rotated && !lastRotated) {
        const dy = y - lastY;
        if (dy > em * 0.7 || dy < -em * 0.7) {
          parts.push('\n');
          pos++;
          endsWithSpace = true;
        } else if (!endsWithSpace && !startsWithSpace && x - lastEndX > em * 0.12) {
          parts.push(' ');
          pos++;
        }
      }
    }
    runs.push([pos, pos + s.length, r2(x), r2(y), r2(w), r2(h)]);
    parts.push(s);
    pos += s.length;
    lastY = y;
    lastEndX = x + w;
    lastH = h;
    lastRotated = rotated;
    eol = it.hasEOL === true;
    const last = s.charCodeAt(s.length - 1);
    endsWithSpace = last === 32 || last === 9 || last === 10;
  }
  return { text: parts.join(''), runs };
}

const PREFETCH = 2;

/** One page's text and runs; the page number when the page cannot be read. */
async function readPage(doc: PDFDocumentProxy, p: number): Promise<PdfChunkPage | number> {
  let page: Awaited<ReturnType<PDFDocumentProxy['getPage']>>;
  try {
    page = await doc.getPage(p);
  } catch {
    return p;
  }
  try {
    const view = page.view;
    const width = r2(Math.abs((view[2] ?? 0) - (view[0] ?? 0)));
    const height = r2(Math.abs((view[3] ?? 0) - (view[1] ?? 0)));
    const content = await page.getTextContent();
    const { text, runs } = pageText(content.items as TextItemLike[]);
    return { page: p, text, width, height, runs };
  } catch {
    return p;
  } finally {
    page.cleanup();
  }
}

/** Text and runs of pages firstPage..lastPage (1-based, inclusive; lastPage clamped to the page count). */
export function extractPdfChunk(bytes: Uint8Array, firstPage: number, lastPage: number): Promise<PdfChunk> {
  return readChunk(bytes, () => [firstPage, lastPage]);
}

/** Part `part` (from 0) of `parts` equal shares of the pages: for when the page count is not known yet. */
export function extractPdfPart(bytes: Uint8Array, part: number, parts: number): Promise<PdfChunk> {
  return readChunk(bytes, (numPages) => [Math.floor((numPages * part) / parts) + 1, Math.floor((numPages * (part + 1)) / parts)]);
}

async function readChunk(bytes: Uint8Array, range: (numPages: number) => [number, number]): Promise<PdfChunk> {
  const doc = await openPdf(bytes);
  try {
    const numPages = doc.numPages;
    const info = await readInfo(doc);
    const [firstPage, lastPage] = range(numPages);
    const first = Math.max(1, Math.floor(firstPage) || 1);
    const last = Math.min(numPages, Number.isFinite(lastPage) ? Math.floor(lastPage) : numPages);
    const pages: PdfChunkPage[] = [];
    const failed: number[] = [];
    // Keep a few pages in flight: pdf.js inflates each page's content stream asynchronously
    // (zlib on libuv's thread pool), so while one page's stream is being inflated the next
    // page's text is being built instead of this thread sitting idle.
    const inFlight: Promise<PdfChunkPage | number>[] = [];
    let next = first;
    while (next <= last && inFlight.length < PREFETCH) inFlight.push(readPage(doc, next++));
    while (inFlight.length) {
      const r = await inFlight.shift()!;
      if (next <= last) inFlight.push(readPage(doc, next++));
      if (typeof r === 'number') {
        failed.push(r);
        pages.push({ page: r, text: '', width: 0, height: 0, runs: [] });
      } else pages.push(r);
    }
    const chunk: PdfChunk = { numPages, info, pages };
    if (first === 1) chunk.pageLabels = await readPageLabels(doc);
    if (failed.length) chunk.failed = failed;
    if (failed.length && failed.length === pages.length) throw new ExtractError(DAMAGED);
    const complete = hasEof(bytes);
    if (failed.length && !complete) throw new ExtractError(DAMAGED);
    if (!complete) chunk.incomplete = true;
    return chunk;
  } finally {
    await doc.destroy();
  }
}

/**
 * The page labels of a PDF as its /PageLabels tree names them ("i", "ii", …, "1", "2"; "A-1"), one
 * per page; null when the PDF has none, or when they only repeat the page numbers. A page its
 * ranges give no label (a range with neither style nor prefix) gets its 1-based number.
 */
export async function readPageLabels(doc: PDFDocumentProxy): Promise<string[] | null> {
  let labels: string[] | null;
  try {
    labels = await doc.getPageLabels();
  } catch {
    return null; // A damaged label tree costs the labels, never the document.
  }
  if (!labels || labels.length === 0) return null;
  const out: string[] = new Array(doc.numPages);
  let plain = true;
  for (let i = 0; i < doc.numPages; i++) {
    const label = (labels[i] ?? '').trim() || String(i + 1);
    out[i] = label;
    if (label !== String(i + 1)) plain = false;
  }
  return plain ? null : out;
}

/** The page labels of a PDF's bytes (for documents imported before labels were kept). */
export async function pdfPageLabels(bytes: Uint8Array): Promise<string[] | null> {
  const doc = await openPdf(bytes);
  try {
    return await readPageLabels(doc);
  } finally {
    await doc.destroy();
  }
}

/** Whether the bytes look complete (end with %%EOF); exported for the tests. */
export const pdfLooksComplete = hasEof;

// ---------------------------------------------------------------------------------------------
// Assembling chunks into one document

export const NO_TEXT_LAYER_NOTE = 'This PDF has no text layer (scanned images?); it was imported without text.';

function pageList(pages: number[]): string {
  const ranges: string[] = [];
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    ranges.push(i === j ? String(pages[i]) : `${pages[i]}–${pages[j]}`);
    i = j + 1;
  }
  return ranges.join(', ');
}

/**
 * Join chunks (in any order) into one document: pages in order with "\n\n" between them, runs
 * shifted to offsets in the whole text, pageStarts, metadata with its fallbacks, and a note when
 * there is no text at all or some pages could not be read.
 */
export function assemblePdf(chunks: PdfChunk[], fileName: string): Extracted {
  if (chunks.length === 0) throw new ExtractError(DAMAGED);
  const byPage = new Map<number, PdfChunkPage>();
  const failed = new Set<number>();
  let incomplete = false;
  let numPages = 0;
  let pageLabels: string[] | null = null;
  for (const c of chunks) {
    if (c.pageLabels) pageLabels = c.pageLabels;
    numPages = Math.max(numPages, c.numPages);
    for (const p of c.pages) if (!byPage.has(p.page)) byPage.set(p.page, p);
    for (const f of c.failed ?? []) failed.add(f);
    if (c.incomplete) incomplete = true;
  }
  const pages = [...byPage.values()].sort((a, b) => a.page - b.page);
  const info = [...chunks].sort((a, b) => (a.pages[0]?.page ?? 0) - (b.pages[0]?.page ?? 0))[0]!.info;

  let hasText = false;
  for (const p of pages) {
    if (/\S/.test(p.text)) {
      hasText = true;
      break;
    }
  }

  const parts: string[] = [];
  const pageStarts: number[] = [];
  const layout: PdfPageLayout[] = [];
  let pos = 0;
  for (let i = 0; i < pages.length; i++) {
    const p = pages[i]!;
    if (hasText && i > 0) {
      parts.push('\n\n');
      pos += 2;
    }
    pageStarts.push(hasText ? pos : 0);
    const runs: number[][] = new Array(hasText ? p.runs.length : 0);
    if (hasText) {
      for (let k = 0; k < p.runs.length; k++) {
        const r = p.runs[k]!;
        runs[k] = [r[0]! + pos, r[1]! + pos, r[2]!, r[3]!, r[4]!, r[5]!];
      }
      parts.push(p.text);
      pos += p.text.length;
    }
    layout.push({ page: p.page, width: p.width, height: p.height, runs });
  }
  const text = parts.join('');

  const notes: string[] = [];
  if (!hasText) notes.push(NO_TEXT_LAYER_NOTE);
  else if (failed.size) {
    const list = [...failed].sort((a, b) => a - b);
    notes.push(`${list.length === 1 ? 'Page' : 'Pages'} ${pageList(list)} could not be read (the PDF may be damaged); imported without ${list.length === 1 ? 'its' : 'their'} text.`);
  }
  if (incomplete && !failed.size) notes.push('The PDF seems to be cut short (it has no end-of-file marker); some text may be missing.');

  return {
    kind: 'pdf',
    mime: 'application/pdf',
    title: info.title ?? (hasText ? titleFromText(text.length > 4000 ? text.slice(0, 4000) : text) : null) ?? titleFromFileName(fileName),
    authors: info.authors,
    published: info.published ?? (hasText ? findDate(text) : null),
    url: info.url,
    text,
    pages: numPages || pages.length,
    pageStarts,
    pageLabels,
    layout,
    note: notes.length ? notes.join(' ') : null,
  };
}
