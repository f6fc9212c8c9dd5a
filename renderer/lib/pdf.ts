// pdf.js, loaded only when a PDF is opened, with its worker bundled by Vite (no remote fetch:
// no CMap, font or wasm URLs are given, so pdf.js never asks for anything).
import type { PDFDocumentProxy } from 'pdfjs-dist';
import type { PageLayout } from '../../core/api.ts';
import type { Annotation } from '../../core/types.ts';

type PdfJs = typeof import('pdfjs-dist');
let loading: Promise<PdfJs> | null = null;

export function pdfjs(): Promise<PdfJs> {
  loading ??= Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]).then(([lib, worker]) => {
    lib.GlobalWorkerOptions.workerSrc = worker.default;
    return lib;
  });
  return loading;
}

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const lib = await pdfjs();
  return lib.getDocument({
    data: bytes,
    isEvalSupported: false,
    enableXfa: false,
    useSystemFonts: true,
    disableAutoFetch: true,
    disableStream: true,
  }).promise;
}

/** The 1-based page an offset falls on, from the document's page starts. */
export function pageOfOffset(pageStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = pageStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pageStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

export interface PdfBox {
  annotation: Annotation;
  /** In PDF user space (origin bottom-left). */
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

/** Boxes covering an annotation's characters on one page, from the page's text runs. */
export function boxesFor(layout: PageLayout, annotations: readonly Annotation[]): PdfBox[] {
  const boxes: PdfBox[] = [];
  for (const annotation of annotations) {
    const pos = annotation.position;
    if (!pos) continue;
    for (const run of layout.runs) {
      const [start, end, x, y, w, h] = run as [number, number, number, number, number, number];
      if (end <= pos.start || start >= pos.end || end <= start) continue;
      const from = (Math.max(start, pos.start) - start) / (end - start);
      const to = (Math.min(end, pos.end) - start) / (end - start);
      boxes.push({ annotation, x1: x + w * from, x2: x + w * to, y1: y, y2: y + h });
    }
  }
  return boxes;
}
