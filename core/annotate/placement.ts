// Where a span of a document's text lies on the pages of its PDF: the page (for every document
// with pages) and the quads (when import kept the text runs of the pages).
import type { DocumentRow } from '../../db/documents.ts';
import { getPageLayouts, getPageLayoutRange } from '../../db/documents.ts';
import type { Db } from '../../db/open.ts';
import { pageOfOffset, PdfTextMap, type PageRuns } from '../anchoring/pdf-quads.ts';

export interface Placement {
  page: number | null;
  /** JSON [{page,x1,y1,x2,y2},...] as stored, or null. */
  quads: string | null;
  /** The page's label from the PDF's /PageLabels, else its number; null without a page. */
  page_label: string | null;
}

export type PlaceFn = (start: number, end: number) => Placement;

const NOWHERE: PlaceFn = () => ({ page: null, quads: null, page_label: null });

function parsePageStarts(json: string | null): number[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every((n) => typeof n === 'number') ? value : [];
  } catch {
    return [];
  }
}

/** A document's page labels as stored (JSON array), or [] when it has none or they are not read yet. */
export function parsePageLabels(json: string | null | undefined): string[] {
  if (!json) return [];
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) && value.every((s) => typeof s === 'string') ? value : [];
  } catch {
    return [];
  }
}

/** How a page is named: its label where the PDF has labels, else its 1-based number. */
export function labelOfPage(labels: readonly string[], page: number | null): string | null {
  if (page == null) return null;
  return labels[page - 1] || String(page);
}

function layoutsFromDb(db: Db, documentId: number): PageRuns[] {
  // A damaged layout only costs the quads of that page: it is read as no runs.
  return getPageLayouts(db, documentId).map((p) => ({ page: p.page, runs: p.runs }));
}

/**
 * A function placing spans of the document's current text. Pass `layouts` when they are at hand
 * (import), else they are read from the archive. Documents without pages place nowhere.
 */
export function placer(
  db: Db,
  doc: Pick<DocumentRow, 'id' | 'kind' | 'page_starts'> & { page_labels?: string | null },
  layouts?: readonly PageRuns[],
): PlaceFn {
  const pageStarts = parsePageStarts(doc.page_starts);
  const labels = parsePageLabels(doc.page_labels);
  if (doc.kind !== 'pdf' && pageStarts.length === 0 && !layouts) return NOWHERE;
  const map = new PdfTextMap(layouts ?? (doc.kind === 'pdf' ? layoutsFromDb(db, doc.id) : []));
  return (start, end) => {
    const placed = map.empty ? { page: null, quads: [] } : map.place(start, end);
    const page = placed.page ?? pageOfOffset(pageStarts, start);
    return {
      page,
      quads: placed.quads.length > 0 ? JSON.stringify(placed.quads) : null,
      page_label: labelOfPage(labels, page),
    };
  };
}

/**
 * Where one span lies: as placer(db, doc)(start, end), reading only the pages the span is on
 * (a 2,400-page manual's runs with glyph edges take half a second to read whole).
 */
export function placeSpanOf(db: Db, doc: Pick<DocumentRow, 'id' | 'kind' | 'page_starts'> & { page_labels?: string | null }, start: number, end: number): Placement {
  const pageStarts = parsePageStarts(doc.page_starts);
  if (doc.kind !== 'pdf' || pageStarts.length === 0 || end <= start) return placer(db, doc)(start, end);
  const first = pageOfOffset(pageStarts, start)!;
  const last = pageOfOffset(pageStarts, end - 1)!;
  const layouts = getPageLayoutRange(db, doc.id, first, last).map((p) => ({ page: p.page, runs: p.runs }));
  return placer(db, doc, layouts)(start, end);
}
