// The open PDF's navigation, shared by the PDF view (which owns it) and the Outline and Pages
// tabs beside the annotations: where the reader is, and a way to go elsewhere.
import type { PDFDocumentProxy } from 'pdfjs-dist';

export const pdfnav = $state({
  /** The open PDF (raw: pdf.js objects must not be proxied), or null when no PDF is shown. */
  pdf: null as PDFDocumentProxy | null,
  /** The page most in view, 1-based. */
  page: 1,
  pages: 0,
  /** Each page's label (its /PageLabels), or null where the PDF has none. */
  labels: null as string[] | null,
  /** Width / height of page 1, for thumbnail boxes. */
  aspect: 0.77,
  /** Pages are shown dark (inverted, hues kept): the thumbnails follow. */
  dark: false,
  /** Scrolls the view to a page (and a point on it, in PDF user space, when known). */
  goTo: null as ((page: number, top?: number) => void) | null,
});

/** How a page is named: its label, else its number. */
export function labelOf(page: number, labels: readonly string[] | null = pdfnav.labels): string {
  return labels?.[page - 1] || String(page);
}
