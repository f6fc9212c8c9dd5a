// PDF → text per page with the position of every run of text, on PDFium (pdfium.ts): each page's
// characters (PageGlyphs) are laid out into text and runs by pdf-layout.ts. Synchronous engine
// calls, run on a worker thread by the pool; a long file is read in page ranges by several.
import { ExtractError } from './errors.ts';
import type { PdfRun } from './pdf-glyphs.ts';
import { layoutPage } from './pdf-layout.ts';
import { checkEngineMemory, DAMAGED, isEngineFault, metaText, pageLabel, readPageGlyphs, withDocument, type PdfiumDocument } from './pdfium.ts';
import { readXmp } from './xmp.ts';
import { clampTitle, dedupe, findDate, normalizeDate, splitAuthors, titleFromFileName, titleFromText } from '../metadata.ts';
import type { Extracted, PdfAnnotation, PdfPageLayout } from './types.ts';

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
  /** PdfRun: [start, end, x, y, w, h, ...edges]; start/end relative to this page's text. */
  runs: PdfRun[];
}

export interface PdfChunk {
  numPages: number;
  info: PdfInfo;
  pages: PdfChunkPage[];
  /** Pages in this chunk that could not be read (kept with empty text). */
  failed?: number[];
  /** The file has no end-of-file marker: it was probably cut short. */
  incomplete?: boolean;
  /** The PDF's page labels (/PageLabels), read by the chunk holding page 1; null when it has none. */
  pageLabels?: string[] | null;
  /** Annotations already in the file, on this chunk's pages. */
  annotations?: PdfAnnotation[];
}

/** Whether "%%EOF" occurs in the last 16 KB: a PDF cut short (an interrupted download) has none. */
function hasEof(bytes: Uint8Array): boolean {
  const from = Math.max(0, bytes.length - 16384);
  for (let i = bytes.length - 5; i >= from; i--) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x25 && bytes[i + 2] === 0x45 && bytes[i + 3] === 0x4f && bytes[i + 4] === 0x46) return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Metadata

const JUNK_TITLE = /^(?:untitled(?:\s*\d*)?|document\d*|title|no title|slide \d+|microsoft (?:word|powerpoint|excel) - .*|.*\.(?:docx?|pdf|tex|dvi|indd|rtf|odt|pptx?|xlsx?|qxd|ps|eps|txt|html?))$/i;

function usableTitle(t: string | null): string | null {
  const c = clampTitle(t);
  return c && JUNK_TITLE.test(c) === false && /[\p{L}\p{N}]/u.test(c) ? c : null;
}

/** Title, authors and date: XMP (dc:title, dc:creator) first, then the information dictionary. */
function readInfo(doc: PdfiumDocument, bytes: Uint8Array): PdfInfo {
  const xmp = readXmp(bytes);
  const info: PdfInfo = { title: null, authors: [], published: null, url: null };
  info.title = usableTitle(xmp?.title ?? null) ?? usableTitle(metaText(doc, 'Title'));
  info.authors = dedupe((xmp?.creators ?? []).flatMap((c) => splitAuthors(c)));
  if (!info.authors.length) info.authors = splitAuthors(metaText(doc, 'Author'));
  info.published = normalizeDate(metaText(doc, 'CreationDate')) ?? normalizeDate(xmp?.created ?? null);
  return info;
}

// ---------------------------------------------------------------------------------------------
// Text

function r2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** One page's text and runs; the page number when the page cannot be read. */
function readPage(doc: PdfiumDocument, p: number, annotations: PdfAnnotation[]): PdfChunkPage | number {
  try {
    const glyphs = readPageGlyphs(doc, p - 1, annotations);
    const { text, runs } = layoutPage(glyphs);
    return { page: p, text, width: r2(glyphs.width), height: r2(glyphs.height), runs };
  } catch (error) {
    if (isEngineFault(error)) throw error; // not this page's fault alone: the engine is done for
    return p;
  }
}

/** Pages read between two yields to the event loop (the engine is synchronous). */
const PAGES_PER_TURN = 32;

/** Text and runs of pages firstPage..lastPage (1-based, inclusive; lastPage clamped to the page count). */
export function extractPdfChunk(bytes: Uint8Array, firstPage: number, lastPage: number): Promise<PdfChunk> {
  return readChunk(bytes, () => [firstPage, lastPage]);
}

/** Part `part` (from 0) of `parts` equal shares of the pages: for when the page count is not known yet. */
export function extractPdfPart(bytes: Uint8Array, part: number, parts: number): Promise<PdfChunk> {
  return readChunk(bytes, (numPages) => [Math.floor((numPages * part) / parts) + 1, Math.floor((numPages * (part + 1)) / parts)]);
}

function readChunk(bytes: Uint8Array, range: (numPages: number) => [number, number]): Promise<PdfChunk> {
  return withDocument(bytes, (doc) => readPages(doc, bytes, range));
}

async function readPages(doc: PdfiumDocument, bytes: Uint8Array, range: (numPages: number) => [number, number]): Promise<PdfChunk> {
  const numPages = doc.numPages;
  if (numPages === 0) throw new ExtractError(DAMAGED);
  const info = readInfo(doc, bytes);
  const [firstPage, lastPage] = range(numPages);
  const first = Math.max(1, Math.floor(firstPage) || 1);
  const last = Math.min(numPages, Number.isFinite(lastPage) ? Math.floor(lastPage) : numPages);
  const pages: PdfChunkPage[] = [];
  const failed: number[] = [];
  const annotations: PdfAnnotation[] = [];
  for (let p = first; p <= last; p++) {
    // Let the thread breathe now and then (a cancelled import, the pool's messages).
    if ((p - first) % PAGES_PER_TURN === PAGES_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
    const r = readPage(doc, p, annotations);
    checkEngineMemory(doc);
    if (typeof r === 'number') {
      failed.push(r);
      pages.push({ page: r, text: '', width: 0, height: 0, runs: [] });
    } else pages.push(r);
  }
  const chunk: PdfChunk = { numPages, info, pages };
  if (first === 1) chunk.pageLabels = readPageLabels(doc);
  if (failed.length) chunk.failed = failed;
  if (annotations.length) chunk.annotations = annotations;
  if (failed.length && failed.length === pages.length) throw new ExtractError(DAMAGED);
  const complete = hasEof(bytes);
  if (failed.length && !complete) throw new ExtractError(DAMAGED);
  if (!complete) chunk.incomplete = true;
  return chunk;
}

/**
 * The page labels of a PDF as its /PageLabels tree names them ("i", "ii", …, "1", "2"; "A-1"), one
 * per page; null when the PDF has none, or when they only repeat the page numbers. A page its
 * ranges give no label (a range with neither style nor prefix) gets its 1-based number.
 */
export function readPageLabels(doc: PdfiumDocument): string[] | null {
  const out: string[] = new Array(doc.numPages);
  let plain = true;
  let any = false;
  for (let i = 0; i < doc.numPages; i++) {
    const given = pageLabel(doc, i)?.trim();
    if (given) any = true;
    const label = given || String(i + 1);
    out[i] = label;
    if (label !== String(i + 1)) plain = false;
  }
  return !any || plain ? null : out;
}

/** The page labels of a PDF's bytes (for documents imported before labels were kept). */
export function pdfPageLabels(bytes: Uint8Array): Promise<string[] | null> {
  return withDocument(bytes, readPageLabels);
}

/**
 * A chunk whose runs travel as two typed arrays instead of a million small arrays: a worker posts
 * it with the buffers transferred (no copy, no structured clone of every run), the main thread
 * turns it back into a PdfChunk. On the 2,400-page generated manual this is ~1 s of CPU and
 * ~100 MB of serialized copy less per worker.
 */
export interface PackedPdfChunk extends Omit<PdfChunk, 'pages'> {
  pages: (Omit<PdfChunkPage, 'runs'> & { runCount: number })[];
  /** The length of every run of every page, in order. */
  runLengths: Uint16Array;
  /** Every run's numbers, one after the other. */
  runValues: Float64Array;
}

export function packPdfChunk(chunk: PdfChunk): { packed: PackedPdfChunk; transfer: ArrayBuffer[] } {
  let runs = 0;
  let values = 0;
  for (const p of chunk.pages) {
    runs += p.runs.length;
    for (const r of p.runs) values += r.length;
  }
  const runLengths = new Uint16Array(runs);
  const runValues = new Float64Array(values);
  let i = 0;
  let v = 0;
  const pages = chunk.pages.map(({ runs: pageRuns, ...page }) => {
    for (const r of pageRuns) {
      // A run longer than a Uint16 cannot happen (a run is one line of one page); cut to be safe.
      const n = Math.min(r.length, 0xffff);
      runLengths[i++] = n;
      for (let k = 0; k < n; k++) runValues[v++] = r[k]!;
    }
    return { ...page, runCount: pageRuns.length };
  });
  const packed: PackedPdfChunk = { ...chunk, pages, runLengths, runValues: v === values ? runValues : runValues.slice(0, v) };
  return { packed, transfer: [packed.runLengths.buffer as ArrayBuffer, packed.runValues.buffer as ArrayBuffer] };
}

export function unpackPdfChunk(packed: PackedPdfChunk): PdfChunk {
  const { runLengths, runValues, pages, ...rest } = packed;
  let i = 0;
  let v = 0;
  return {
    ...rest,
    pages: pages.map(({ runCount, ...page }) => {
      const runs: PdfRun[] = new Array(runCount);
      for (let k = 0; k < runCount; k++) {
        const n = runLengths[i++]!;
        const r: number[] = new Array(n);
        for (let j = 0; j < n; j++) r[j] = runValues[v++]!;
        runs[k] = r;
      }
      return { ...page, runs };
    }),
  };
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
 * A line as a running header repeats it: the page number at either end (and spacing) does not
 * count; numbers inside do ("Chapter 1: …" and "Chapter 2: …" are headings, not one header).
 */
function headerKey(line: string): string {
  return line
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^(?:(?:\d+|[ivxlc]+)\s+)+|(?:\s+(?:\d+|[ivxlc]+))+$/gi, '')
    .toLowerCase();
}

/** How many lines at the top of a page may be its running header. */
const HEADER_LINES = 2;

/**
 * The first few thousand characters of the text to take a title from, without the running
 * headers: lines that open most pages (with the page number changing), such as "TUGboat, Volume 30
 * (2009), No. 1 7", which are the journal's or the book's and not the document's title.
 */
function leadingText(pages: readonly PdfChunkPage[]): string {
  const tops = pages.map((p) => {
    const lines: string[] = [];
    for (const line of p.text.split('\n', 12)) {
      if (/\S/.test(line)) lines.push(line);
      if (lines.length === HEADER_LINES) break;
    }
    return lines;
  });
  const withText = tops.filter((t) => t.length).length;
  const counts = new Map<string, number>();
  for (const t of tops) for (const key of new Set(t.map(headerKey))) if (key) counts.set(key, (counts.get(key) ?? 0) + 1);
  const running = new Set<string>();
  if (withText >= 3) for (const [key, n] of counts) if (n >= Math.max(3, withText / 2)) running.add(key);
  const out: string[] = [];
  let length = 0;
  for (let i = 0; i < pages.length && length < 4000; i++) {
    let skip = running.size ? HEADER_LINES : 0;
    for (const line of pages[i]!.text.split('\n')) {
      if (skip > 0 && /\S/.test(line)) {
        skip--;
        if (running.has(headerKey(line))) continue;
      }
      out.push(line);
      length += line.length + 1;
      if (length >= 4000) break;
    }
  }
  return out.join('\n');
}

/**
 * Join chunks (in any order) into one document (their runs are reused, shifted in place: pass
 * each chunk once): pages in order with "\n\n" between them, runs
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
  const annotations: PdfAnnotation[] = [];
  for (const c of chunks) {
    if (c.pageLabels) pageLabels = c.pageLabels;
    if (c.annotations) annotations.push(...c.annotations);
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
        // Shifted in place (the chunks are this call's to use up: copying a million runs costs
        // seconds of GC); glyph edges, when the run has them, are relative and stay as they are.
        const r = p.runs[k]!;
        r[0]! += pos;
        r[1]! += pos;
        runs[k] = r;
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
    title: info.title ?? (hasText ? titleFromText(leadingText(pages)) : null) ?? titleFromFileName(fileName),
    authors: info.authors,
    published: info.published ?? (hasText ? findDate(text) : null),
    url: info.url,
    text,
    pages: numPages || pages.length,
    pageStarts,
    pageLabels,
    layout,
    // Chunks arrive in any order; a page's annotations keep the page's own order (a stable sort).
    pdfAnnotations: annotations.sort((a, b) => a.page - b.page),
    note: notes.length ? notes.join(' ') : null,
  };
}
