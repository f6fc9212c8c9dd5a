// PDFium (compiled to WebAssembly, from @embedpdf/pdfium) for reading PDFs: open a document from
// bytes, read a page's characters, its metadata, page labels and annotations.
//
// One engine per thread, loaded on first use from the package's own pdfium.wasm (read from disk:
// nothing is ever fetched). The hot calls go straight to the wasm exports rather than through
// Emscripten's cwrap, and results come back through one scratch buffer in the wasm heap, so a
// page of a few thousand characters costs a few tens of thousands of cheap calls.
import fs from 'node:fs/promises';
import { createRequire } from 'node:module';
import { resourceLimits } from 'node:worker_threads';
import { ExtractError } from './errors.ts';
import { GLYPH_GENERATED, GLYPH_HYPHEN, GLYPH_MAP_ERROR, type PageGlyphs } from './pdf-glyphs.ts';
import type { PdfAnnotation } from './types.ts';

type Wrapped = Awaited<ReturnType<(typeof import('@embedpdf/pdfium'))['init']>>;

/** The raw wasm exports we call per character (pointers and handles are plain numbers). */
interface Exports {
  memory: WebAssembly.Memory;
  malloc(size: number): number;
  free(ptr: number): void;
  FPDF_LoadMemDocument64(buf: number, size: number, password: number): number;
  FPDF_CloseDocument(doc: number): void;
  FPDF_GetLastError(): number;
  FPDF_GetPageCount(doc: number): number;
  FPDF_LoadPage(doc: number, index: number): number;
  FPDF_ClosePage(page: number): void;
  FPDF_GetPageWidthF(page: number): number;
  FPDF_GetPageHeightF(page: number): number;
  FPDFPage_GetRotation(page: number): number;
  FPDFText_LoadPage(page: number): number;
  FPDFText_ClosePage(textPage: number): void;
  FPDFText_CountChars(textPage: number): number;
  FPDFText_GetUnicode(textPage: number, i: number): number;
  FPDFText_GetCharBox(textPage: number, i: number, left: number, right: number, bottom: number, top: number): number;
  FPDFText_GetCharOrigin(textPage: number, i: number, x: number, y: number): number;
  FPDFText_GetFontSize(textPage: number, i: number): number;
  FPDFText_GetCharAngle(textPage: number, i: number): number;
  FPDFText_IsGenerated(textPage: number, i: number): number;
  FPDFText_IsHyphen(textPage: number, i: number): number;
  FPDFText_HasUnicodeMapError(textPage: number, i: number): number;
  FPDF_GetMetaText(doc: number, tag: number, buf: number, len: number): number;
  FPDF_GetPageLabel(doc: number, index: number, buf: number, len: number): number;
  FPDFPage_GetAnnotCount(page: number): number;
  FPDFPage_GetAnnot(page: number, index: number): number;
  FPDFPage_CloseAnnot(annot: number): void;
  FPDFAnnot_GetSubtype(annot: number): number;
  FPDFAnnot_GetRect(annot: number, rect: number): number;
  FPDFAnnot_CountAttachmentPoints(annot: number): number;
  FPDFAnnot_GetAttachmentPoints(annot: number, index: number, quad: number): number;
  FPDFAnnot_GetStringValue(annot: number, key: number, buf: number, len: number): number;
  FPDFAnnot_GetColor(annot: number, type: number, r: number, g: number, b: number, a: number): number;
  /** embedpdf's: the /C colour even when the annotation has an appearance stream. */
  EPDFAnnot_GetColor(annot: number, type: number, r: number, g: number, b: number): number;
}

interface Engine {
  x: Exports;
  /** 64 bytes of scratch in the wasm heap for out-parameters (doubles, floats, ints). */
  scratch: number;
}

let loading: Promise<Engine> | null = null;
let loaded: Engine | null = null;

/** This thread's PDFium, loaded once. */
export function loadPdfium(): Promise<Engine> {
  loading ??= (async () => {
    try {
      const require = createRequire(import.meta.url);
      const wasmBinary = await fs.readFile(require.resolve('@embedpdf/pdfium/pdfium.wasm'));
      const { init } = await import('@embedpdf/pdfium');
      const wrapped: Wrapped = await init({ wasmBinary: wasmBinary as unknown as ArrayBuffer });
      wrapped.PDFiumExt_Init();
      const x = wrapped.pdfium.wasmExports as unknown as Exports;
      const scratch = x.malloc(64);
      if (!scratch) throw new Error('PDFium: out of memory');
      loaded = { x, scratch };
      return loaded;
    } catch (err) {
      loading = null;
      throw err;
    }
  })();
  return loading;
}

/**
 * Whether an error is the engine's own fault: a trap inside the wasm code (a PDFium assertion, an
 * out-of-bounds access, memory exhausted). The instance may then be left half-way through a call
 * and is not to be used again (see discardEngine).
 */
export function isEngineFault(error: unknown): boolean {
  return error instanceof WebAssembly.RuntimeError || (error as { name?: string } | null)?.name === 'RuntimeError';
}

/** Forget this thread's engine after a fault: the next document loads a fresh instance. */
export function discardEngine(engine: Engine): void {
  if (loaded === engine) {
    loaded = null;
    loading = null;
  }
}

/**
 * PDFium's heap is WebAssembly memory, outside the worker's JS heap limit: it is held to the same
 * number of MB (the pool's per-file memory limit; 2 GB on the main thread). It never shrinks, so an
 * engine that grew past it is discarded once its document fails.
 */
let memoryLimitMb = resourceLimits.maxOldGenerationSizeMb || 2048;

/** For tests: another limit (null: back to the thread's). */
export function setEngineMemoryLimit(mb: number | null): void {
  memoryLimitMb = mb ?? (resourceLimits.maxOldGenerationSizeMb || 2048);
}

/** Throws (and discards the engine) when PDFium's heap has grown past the limit. */
export function checkEngineMemory(doc: PdfiumDocument): void {
  if (doc.engine.x.memory.buffer.byteLength <= memoryLimitMb * 1024 * 1024) return;
  discardEngine(doc.engine);
  throw new ExtractError(`it needs more than ${memoryLimitMb} MB of memory to read`);
}

// ---------------------------------------------------------------------------------------------
// Documents

export interface PdfiumDocument {
  readonly engine: Engine;
  /** FPDF_DOCUMENT; 0 once closed. */
  handle: number;
  /** The copy of the file's bytes in the wasm heap: PDFium reads from it until the document closes. */
  bytesPtr: number;
  readonly numPages: number;
}

function looksLikePdf(bytes: Uint8Array): boolean {
  // "%PDF-" in the first 1 KB (some files carry junk before the header).
  const n = Math.min(bytes.length, 1024) - 5;
  for (let i = 0; i <= n; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return true;
  }
  return false;
}

export const DAMAGED = 'the PDF is damaged or truncated';
export const PASSWORD = 'the PDF is protected by a password';
export const SECURITY = 'the PDF is protected by a security handler Pith cannot open';
export const NOT_PDF = 'the file is not a PDF (it does not start like one)';

// FPDF_GetLastError's codes (fpdfview.h).
const FPDF_ERR_FORMAT = 3;
const FPDF_ERR_PASSWORD = 4;
const FPDF_ERR_SECURITY = 5;

/** The sentence for one of FPDF_GetLastError's codes. */
export function loadErrorMessage(code: number): string {
  if (code === FPDF_ERR_PASSWORD) return PASSWORD;
  if (code === FPDF_ERR_SECURITY) return SECURITY;
  return DAMAGED; // FILE, FORMAT, UNKNOWN, PAGE: the bytes do not make a readable PDF
}

/**
 * Open a PDF from its bytes (copied into the wasm heap; the caller's bytes are left alone).
 * No password is given, which PDFium takes as the empty user password: files encrypted only with
 * an owner password (AES-256, AES-128 or RC4) open. Throws ExtractError with one sentence.
 */
export async function openDocument(bytes: Uint8Array): Promise<PdfiumDocument> {
  if (bytes.length === 0) throw new ExtractError('the file is empty');
  if (!looksLikePdf(bytes)) throw new ExtractError(NOT_PDF);
  const engine = await loadPdfium();
  const { x } = engine;
  const ptr = x.malloc(bytes.length);
  if (!ptr) throw new ExtractError('the PDF is too large to open');
  new Uint8Array(x.memory.buffer, ptr, bytes.length).set(bytes);
  let handle: number;
  try {
    handle = x.FPDF_LoadMemDocument64(ptr, bytes.length, 0);
  } catch (error) {
    if (!isEngineFault(error)) throw error;
    discardEngine(engine);
    throw new ExtractError(DAMAGED);
  }
  if (!handle) {
    const code = x.FPDF_GetLastError();
    x.free(ptr);
    throw new ExtractError(code === FPDF_ERR_FORMAT && !looksLikePdf(bytes) ? NOT_PDF : loadErrorMessage(code));
  }
  const numPages = x.FPDF_GetPageCount(handle);
  return { engine, handle, bytesPtr: ptr, numPages: Math.max(0, numPages) };
}

/** Close a document and free its bytes; closing twice is harmless, and so is closing after a fault. */
export function closeDocument(doc: PdfiumDocument): void {
  if (!doc.handle) return;
  const { x } = doc.engine;
  const handle = doc.handle;
  doc.handle = 0;
  try {
    x.FPDF_CloseDocument(handle);
    x.free(doc.bytesPtr);
  } catch (error) {
    if (!isEngineFault(error)) throw error;
    discardEngine(doc.engine); // its heap goes with it
  }
  doc.bytesPtr = 0;
}

/**
 * Open, run, close: the document never outlives `fn`. A fault of the engine while `fn` runs
 * discards the engine and fails as a damaged PDF (one sentence, not a wasm trap).
 */
export async function withDocument<T>(bytes: Uint8Array, fn: (doc: PdfiumDocument) => T | Promise<T>): Promise<T> {
  const doc = await openDocument(bytes);
  try {
    return await fn(doc);
  } catch (error) {
    if (!isEngineFault(error)) throw error;
    discardEngine(doc.engine);
    throw new ExtractError(DAMAGED);
  } finally {
    closeDocument(doc);
  }
}

// ---------------------------------------------------------------------------------------------
// Strings (UTF-16LE out of the heap)

/**
 * Call a PDFium getter of the "returns the byte length, fills buf when it is big enough" kind and
 * decode its UTF-16LE result (without the terminating NUL); null when empty or absent.
 */
function readUtf16(x: Exports, call: (buf: number, len: number) => number): string | null {
  const need = call(0, 0) >>> 0;
  if (need <= 2) return null;
  const buf = x.malloc(need);
  if (!buf) return null;
  try {
    const got = call(buf, need) >>> 0;
    if (got <= 2 || got > need) return null;
    const units = new Uint16Array(x.memory.buffer, buf, (got >> 1) - 1);
    let s = '';
    for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode(...units.subarray(i, i + 8192));
    return s;
  } finally {
    x.free(buf);
  }
}

/** A NUL-terminated ASCII string in the heap (keys such as "Title"); the caller frees it. */
function asciiZ(x: Exports, s: string): number {
  const p = x.malloc(s.length + 1);
  const heap = new Uint8Array(x.memory.buffer, p, s.length + 1);
  for (let i = 0; i < s.length; i++) heap[i] = s.charCodeAt(i) & 0x7f;
  heap[s.length] = 0;
  return p;
}

/** An entry of the document information dictionary (Title, Author, CreationDate, …), or null. */
export function metaText(doc: PdfiumDocument, key: string): string | null {
  const { x } = doc.engine;
  const tag = asciiZ(x, key);
  try {
    return readUtf16(x, (buf, len) => x.FPDF_GetMetaText(doc.handle, tag, buf, len));
  } finally {
    x.free(tag);
  }
}

/** The label /PageLabels gives page `index` (0-based), or null when it gives none. */
export function pageLabel(doc: PdfiumDocument, index: number): string | null {
  const { x } = doc.engine;
  return readUtf16(x, (buf, len) => x.FPDF_GetPageLabel(doc.handle, index, buf, len));
}

// ---------------------------------------------------------------------------------------------
// Pages

/** A loaded page, closed by withPage. */
export function withPage<T>(doc: PdfiumDocument, index: number, fn: (page: number) => T): T {
  const { x } = doc.engine;
  const page = x.FPDF_LoadPage(doc.handle, index);
  if (!page) throw new ExtractError(DAMAGED);
  try {
    return fn(page);
  } finally {
    x.FPDF_ClosePage(page);
  }
}

/** The page's /Rotate in degrees clockwise from FPDFPage_GetRotation's quarter turns. */
function rotationOf(x: Exports, page: number): number {
  const q = x.FPDFPage_GetRotation(page);
  return q >= 0 && q <= 3 ? q * 90 : 0;
}

/**
 * The characters of page `index` (0-based) as PDFium's text page gives them, in typed arrays
 * (see PageGlyphs). With `annotations`, the page's annotations are added to it while the page is
 * loaded (loading a page parses its content: once is enough). Throws ExtractError when the page
 * cannot be loaded.
 */
export function readPageGlyphs(doc: PdfiumDocument, index: number, annotations?: PdfAnnotation[]): PageGlyphs {
  const { x, scratch } = doc.engine;
  return withPage(doc, index, (page) => {
    if (annotations) for (const a of annotationsOf(x, scratch, page, index)) annotations.push(a);
    const rotation = rotationOf(x, page);
    // PDFium gives the size as displayed (turned by /Rotate); PageGlyphs is in unrotated space.
    const turned = rotation === 90 || rotation === 270;
    const width = turned ? x.FPDF_GetPageHeightF(page) : x.FPDF_GetPageWidthF(page);
    const height = turned ? x.FPDF_GetPageWidthF(page) : x.FPDF_GetPageHeightF(page);
    const tp = x.FPDFText_LoadPage(page);
    if (!tp) throw new ExtractError(DAMAGED);
    try {
      const n = Math.max(0, x.FPDFText_CountChars(tp));
      const unicode = new Uint32Array(n);
      const box = new Float32Array(n * 4);
      const origin = new Float32Array(n * 2);
      const fontSize = new Float32Array(n);
      const angle = new Float32Array(n);
      const flags = new Uint8Array(n);
      // Out-parameters: left, right, bottom, top, origin x, origin y (doubles).
      const pL = scratch;
      const pR = scratch + 8;
      const pB = scratch + 16;
      const pT = scratch + 24;
      const pX = scratch + 32;
      const pY = scratch + 40;
      // The heap cannot grow during these calls (none allocates), so one view serves the page.
      const f64 = new Float64Array(x.memory.buffer, scratch, 6);
      for (let i = 0; i < n; i++) {
        const u = x.FPDFText_GetUnicode(tp, i) >>> 0;
        unicode[i] = u;
        if (x.FPDFText_GetCharBox(tp, i, pL, pR, pB, pT)) {
          box[i * 4] = f64[0]!;
          box[i * 4 + 1] = f64[2]!;
          box[i * 4 + 2] = f64[1]!;
          box[i * 4 + 3] = f64[3]!;
        }
        if (x.FPDFText_GetCharOrigin(tp, i, pX, pY)) {
          origin[i * 2] = f64[4]!;
          origin[i * 2 + 1] = f64[5]!;
        }
        fontSize[i] = x.FPDFText_GetFontSize(tp, i);
        // PDFium measures clockwise in [0, 2π) (-1 on error); PageGlyphs wants counter-clockwise,
        // in (-π, π] so that a baseline a hair off horizontal is a small angle either way.
        const a = x.FPDFText_GetCharAngle(tp, i);
        angle[i] = a <= 0 ? 0 : a < Math.PI ? -a : 2 * Math.PI - a;
        let fl = 0;
        // Only spaces and line breaks are ever generated; only a dash-like character is a hyphen.
        if ((u === 32 || u === 13 || u === 10) && x.FPDFText_IsGenerated(tp, i) === 1) fl |= GLYPH_GENERATED;
        if ((u === 0x2d || u === 0x2 || u === 0xad || u === 0x2010) && x.FPDFText_IsHyphen(tp, i) === 1) fl |= GLYPH_HYPHEN;
        if (x.FPDFText_HasUnicodeMapError(tp, i) === 1) fl |= GLYPH_MAP_ERROR;
        flags[i] = fl;
      }
      return { page: index + 1, width, height, rotation, count: n, unicode, box, origin, fontSize, angle, flags };
    } finally {
      x.FPDFText_ClosePage(tp);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Annotations already in the PDF

/**
 * FPDF_ANNOT_* subtypes (fpdf_annot.h) worth keeping: what a reader wrote or marked. Links, popups
 * (the window of another annotation), form widgets and multimedia are the document's own furniture.
 */
const KEPT_SUBTYPES: Record<number, string> = {
  1: 'Text',
  3: 'FreeText',
  4: 'Line',
  5: 'Square',
  6: 'Circle',
  7: 'Polygon',
  8: 'PolyLine',
  9: 'Highlight',
  10: 'Underline',
  11: 'Squiggly',
  12: 'StrikeOut',
  13: 'Stamp',
  14: 'Caret',
  15: 'Ink',
  17: 'FileAttachment',
  28: 'Redact',
};

const round2 = (v: number): number => Math.round(v * 100) / 100;

/** A string entry of an annotation dictionary (Contents, T, M, …), or null. */
function annotString(x: Exports, annot: number, key: string): string | null {
  const k = asciiZ(x, key);
  try {
    const s = readUtf16(x, (buf, len) => x.FPDFAnnot_GetStringValue(annot, k, buf, len));
    return s?.trim() ? s : null;
  } finally {
    x.free(k);
  }
}

/** The annotation's colour (/C) as #rrggbb, or null when it has none. */
function annotColor(x: Exports, annot: number, scratch: number): string | null {
  const u32 = () => new Uint32Array(x.memory.buffer, scratch, 4);
  const ok = x.EPDFAnnot_GetColor ? x.EPDFAnnot_GetColor(annot, 0, scratch, scratch + 4, scratch + 8) : 0;
  if (!ok && !x.FPDFAnnot_GetColor(annot, 0, scratch, scratch + 4, scratch + 8, scratch + 12)) return null;
  const [r, g, b] = u32();
  return '#' + [r!, g!, b!].map((c) => Math.min(255, c).toString(16).padStart(2, '0')).join('');
}

/**
 * The markup annotations of page `index` (0-based): highlights with their quads, notes, ink…, in
 * the page's order. A page that cannot be loaded has none.
 */
export function readPageAnnotations(doc: PdfiumDocument, index: number): PdfAnnotation[] {
  const { x, scratch } = doc.engine;
  const page = x.FPDF_LoadPage(doc.handle, index);
  if (!page) return [];
  try {
    return annotationsOf(x, scratch, page, index);
  } finally {
    x.FPDF_ClosePage(page);
  }
}

function annotationsOf(x: Exports, scratch: number, page: number, index: number): PdfAnnotation[] {
  const out: PdfAnnotation[] = [];
  const count = x.FPDFPage_GetAnnotCount(page);
  for (let i = 0; i < count; i++) {
    const annot = x.FPDFPage_GetAnnot(page, i);
    if (!annot) continue;
    try {
      const subtype = KEPT_SUBTYPES[x.FPDFAnnot_GetSubtype(annot)];
      if (!subtype) continue;
      // FS_RECTF: left, top, right, bottom (floats).
      let rect: [number, number, number, number] = [0, 0, 0, 0];
      if (x.FPDFAnnot_GetRect(annot, scratch)) {
        const f = new Float32Array(x.memory.buffer, scratch, 4);
        rect = [round2(Math.min(f[0]!, f[2]!)), round2(Math.min(f[1]!, f[3]!)), round2(Math.max(f[0]!, f[2]!)), round2(Math.max(f[1]!, f[3]!))];
      }
      // FS_QUADPOINTSF: x1 y1 x2 y2 x3 y3 x4 y4 (floats), in the file's order.
      const quads: number[][] = [];
      const nq = x.FPDFAnnot_CountAttachmentPoints(annot);
      for (let q = 0; q < nq && q < 10_000; q++) {
        if (!x.FPDFAnnot_GetAttachmentPoints(annot, q, scratch)) continue;
        quads.push(Array.from(new Float32Array(x.memory.buffer, scratch, 8), round2));
      }
      out.push({
        page: index + 1,
        subtype,
        rect,
        quads,
        contents: annotString(x, annot, 'Contents'),
        author: annotString(x, annot, 'T'),
        color: annotColor(x, annot, scratch),
        modified: annotString(x, annot, 'M'),
      });
    } finally {
      x.FPDFPage_CloseAnnot(annot);
    }
  }
  return out;
}
