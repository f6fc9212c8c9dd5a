// The shapes the extractors return (re-exported by index.ts).
import type { DocumentKind, DocumentStructure } from '../../types.ts';

/** Text runs of one PDF page: [start, end, x, y, w, h]. start/end are offsets in Extracted.text;
 *  x,y the baseline origin in PDF user space; w the run's width; h its font height. */
export interface PdfPageLayout {
  page: number;
  width: number;
  height: number;
  runs: number[][];
}

/** An annotation already inside a PDF (a highlight, a note, ink…), as PDFium reads it. */
export interface PdfAnnotation {
  page: number; // 1-based
  /** The PDF subtype: Highlight, Text (a note), Underline, StrikeOut, Ink, FreeText, … */
  subtype: string;
  /** [left, bottom, right, top] in PDF user space of the unrotated page. */
  rect: [number, number, number, number];
  /** Highlights and other text markup: the /QuadPoints, 8 numbers (4 corners x, y) per quad. */
  quads: number[][];
  contents: string | null;
  /** /T: who wrote it. */
  author: string | null;
  /** /C as #rrggbb. */
  color: string | null;
  /** /M as written in the PDF (usually D:YYYYMMDDHHmmSS…). */
  modified: string | null;
}

export interface Extracted {
  kind: DocumentKind;
  mime: string;
  title: string | null;
  authors: string[];
  /** YYYY-MM-DD */
  published: string | null;
  url: string | null;
  /** The document's extracted text: what the reader shows and annotations anchor to. */
  text: string;
  /**
   * HTML and Markdown: blocks and spans over `text`. Images beside the file are named
   * `file:<relative path>` until the importer stores them (see storeLocalImages).
   */
  structure?: DocumentStructure | null;
  /** Images stored with the document (set by the importer, see storeLocalImages). */
  images?: { sha256: string; mime: string }[];
  /** PDFs only. */
  pages: number | null;
  /** PDFs: offset in text where each page starts. */
  pageStarts: number[] | null;
  /** PDFs: the label of each page from its /PageLabels; null when it has none (or is not a PDF). */
  pageLabels: string[] | null;
  /** PDFs: per-page text runs. */
  layout: PdfPageLayout[] | null;
  /** PDFs: the annotations already inside the file (absent or empty when it has none). */
  pdfAnnotations?: PdfAnnotation[];
  /** A remark for the user, e.g. that a PDF has no text layer. */
  note: string | null;
}
