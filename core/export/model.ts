// What the exporters work on: a document as the API shows it, whose annotations may also carry
// their PDF quads (the API's Annotation leaves them out; the annotated PDF needs them).
import type { Annotation, DocumentDetail } from '../types.ts';
import { pageOfOffset, type PdfQuad } from '../anchoring/pdf-quads.ts';

export type { PdfQuad };

export interface ExportAnnotation extends Annotation {
  /** Rectangles on PDF pages in user space, from the annotation's row; absent when not stored. */
  quads?: PdfQuad[] | null;
}

export interface ExportDocument extends Omit<DocumentDetail, 'annotations'> {
  annotations: ExportAnnotation[];
}

/** Name used for export metadata (PDF /T, JSON generator). */
export const GENERATOR = 'Pith';

/** Annotations in reading order: by position in the text, unanchored ones last, then by creation. */
export function inReadingOrder<T extends Annotation>(annotations: readonly T[]): T[] {
  return [...annotations].sort((a, b) => {
    const pa = a.position?.start ?? Number.POSITIVE_INFINITY;
    const pb = b.position?.start ?? Number.POSITIVE_INFINITY;
    if (pa !== pb) return pa < pb ? -1 : 1;
    return a.created < b.created ? -1 : a.created > b.created ? 1 : 0;
  });
}

/** Takeaways the user kept: suggested ones still waiting for a decision are left out. */
export function isKeptTakeaway(a: Annotation): boolean {
  return a.kind === 'takeaway' && !a.suggested;
}

/** The page of a PDF annotation: its own, else the page whose start precedes its position. */
export function pageOf(doc: Pick<DocumentDetail, 'pageStarts'>, a: Annotation): number | null {
  if (a.page != null) return a.page;
  if (!doc.pageStarts || !a.position) return null;
  return pageOfOffset(doc.pageStarts, a.position.start);
}

/**
 * How the PDF names an annotation's page: the label stored with the annotation, else the label of
 * its page in the document's /PageLabels, else the 1-based page number; null without a page.
 */
export function pageLabelOf(doc: Pick<DocumentDetail, 'pageStarts' | 'pageLabels'>, a: Annotation): string | null {
  const page = pageOf(doc, a);
  if (page == null) return null;
  if (a.pageLabel && a.page === page) return a.pageLabel;
  return doc.pageLabels?.[page - 1] || String(page);
}

/**
 * Where annotations are, for a person: "p. 12" in a PDF (its printed label: "p. xii"), else the paragraph ("para. 4": the
 * count of non-empty lines up to it), which survives reflowing the text where offsets do not.
 * The paragraph starts are counted once per document, not once per annotation.
 */
export function locator(doc: Pick<DocumentDetail, 'kind' | 'pageStarts' | 'pageLabels' | 'text'>): (a: Annotation) => string | null {
  let starts: number[] | null = null;
  return (a) => {
    const page = pageLabelOf(doc, a);
    if (page != null) return `p. ${page}`;
    if (doc.kind === 'pdf' || !a.position) return null;
    starts ??= paragraphStarts(doc.text);
    return `para. ${Math.max(1, countAtOrBefore(starts, a.position.start))}`;
  };
}

/** Offsets where each non-empty line starts. */
export function paragraphStarts(text: string): number[] {
  const starts: number[] = [];
  let lineStart = 0;
  while (lineStart <= text.length) {
    let nl = text.indexOf('\n', lineStart);
    if (nl === -1) nl = text.length;
    if (/\S/.test(text.slice(lineStart, nl))) starts.push(lineStart);
    lineStart = nl + 1;
  }
  return starts;
}

function countAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
