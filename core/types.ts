// The shapes that cross the API contract: plain JSON, the same for the CLI, IPC and HTTP.

export type DocumentKind = 'pdf' | 'html' | 'md' | 'txt';
export type AnnotationKind = 'highlight' | 'takeaway' | 'note';
export type AnchorMethod = 'exact' | 'fuzzy' | 'orphaned';
export type ImportStatus = 'imported' | 'duplicate' | 'updated' | 'unsupported' | 'failed';

export const COLORS = ['yellow', 'red', 'green', 'blue', 'purple', 'orange', 'gray'] as const;
export type Color = (typeof COLORS)[number];

export interface TextQuote {
  exact: string;
  prefix: string;
  suffix: string;
}

export interface TextPosition {
  start: number;
  end: number;
}

/** A rectangle on a PDF page in PDF user space (origin bottom-left): x1,y1 lower-left, x2,y2 upper-right. */
export interface PdfRect {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Annotation {
  id: string;
  documentId: string;
  /** The annotation this note is attached to, for a note on a highlight. */
  parentId: string | null;
  kind: AnnotationKind;
  suggested: boolean;
  color: Color | null;
  quote: TextQuote | null;
  position: TextPosition | null;
  page: number | null;
  /** How the PDF names that page (its /PageLabels label, e.g. "xii"), else the page number; null without a page. */
  pageLabel?: string | null;
  text: string | null;
  comment: string | null;
  tags: string[];
  anchor: AnchorMethod | null;
  created: string;
  updated: string;
  /** Set once the annotation has synced (core/sync): who made it. */
  author?: string | null;
  /** Versions of its comment or text edited elsewhere at the same time, kept to choose from (1-based `n`). */
  conflicts?: AnnotationConflict[];
  /** Deleted here but edited on another device, so it came back. */
  restored?: { device: string; at: string } | null;
}

export interface AnnotationConflict {
  n: number;
  field: 'comment' | 'text';
  value: string | null;
  at: string;
  device: string;
}

export interface DocumentSummary {
  id: string;
  title: string;
  kind: DocumentKind;
  mime: string;
  pages: number | null;
  published: string | null;
  importedAt: string;
  tags: string[];
  annotationCount: number;
}

export interface DocumentDetail {
  id: string;
  title: string;
  authors: string[];
  published: string | null;
  source: { path: string | null; url: string | null };
  kind: DocumentKind;
  mime: string;
  pages: number | null;
  /** Start offset of each page in `text`, for PDFs. */
  pageStarts: number[] | null;
  /** For PDFs with /PageLabels: the label of each page ("i", "ii", …, "1"); null where a PDF has none. */
  pageLabels: string[] | null;
  importedAt: string;
  updated: string;
  /** A note from import, e.g. that a PDF has no text layer. */
  note: string | null;
  sha256: string;
  tags: string[];
  text: string;
  /** HTML and Markdown: the blocks and inline spans over `text`; null (or absent) for other documents. */
  structure?: DocumentStructure | null;
  annotations: Annotation[];
}

/**
 * Kinds of block: h heading, p paragraph, t text directly in a container (an anonymous
 * paragraph), ul/ol lists and li items, quote, code (preformatted), table/tr/th/td, dl/dt/dd,
 * figure/caption, hr.
 */
export type StructureBlockKind =
  | 'h' | 'p' | 't' | 'ul' | 'ol' | 'li' | 'quote' | 'code' | 'table' | 'tr' | 'th' | 'td'
  | 'dl' | 'dt' | 'dd' | 'figure' | 'caption' | 'hr';

/** The rarer facts about a block, present only when they apply. */
export interface StructureBlockExtra {
  /** Heading level 1–6. */
  level?: number;
  /** Number of an item of an ordered list. */
  n?: number;
  /**
   * Lines after the first begin with this many spaces of list indentation that belong to the
   * text's layout, not to the block (a code block inside a list item): not shown.
   */
  indent?: number;
}

/**
 * One block: [kind, start, end, parent, extra?], [start, end) offsets into the document's text
 * and parent the index of the enclosing block (-1 at the top). Blocks are in document order,
 * every parent before its children. A block without children shows its characters; a block with
 * children shows only them (so list markers and table separators in the text are not drawn).
 */
export type StructureBlock = [kind: StructureBlockKind, start: number, end: number, parent: number, extra?: StructureBlockExtra];

export type StructureSpanKind = 'em' | 'strong' | 'code' | 'a' | 'img';

/**
 * Inline markup: [kind, start, end, value?] — for a link its href (http, https or mailto), for an
 * image (empty, at its place in the text) its index in `images`.
 */
export type StructureSpan = [kind: StructureSpanKind, start: number, end: number, value?: string | number];

export interface StructureImage {
  alt: string;
  /** A data: URI of an image type, `asset:<sha256>` for an image stored with the document, or null (not available: a placeholder shows the alt text). */
  src: string | null;
  /** The index of the text block the image is drawn in (its offset alone can be the end of one block and the start of the next). */
  block?: number;
}

/** The shape of an HTML or Markdown document over its text (see StructureBlock). */
export interface DocumentStructure {
  blocks: StructureBlock[];
  spans: StructureSpan[];
  images: StructureImage[];
}

export interface ImportResult {
  path: string;
  status: ImportStatus;
  documentId?: string;
  title?: string;
  reason?: string;
}

export interface ImportReport {
  imported: number;
  duplicates: number;
  updated: number;
  unsupported: number;
  failed: number;
  cancelled: boolean;
  results: ImportResult[];
}

export interface SearchHit {
  kind: 'document' | 'annotation';
  documentId: string;
  annotationId?: string;
  annotationKind?: AnnotationKind;
  title: string;
  snippet: string;
  score: number;
  /** Where in the document the first match of the query is (document hits). */
  location?: HitLocation;
}

/** A place in a document's text, as search hits and the reader name it. */
export interface HitLocation {
  /** Offset in `DocumentDetail.text` (UTF-16 units). */
  offset: number;
  /** The 1-based page it falls on, for PDFs. */
  page?: number;
  /** That page's printed label ("xii", "27"), when the PDF has labels. */
  pageLabel?: string;
  /** The heading of the section it is in, for documents with headings. */
  heading?: string;
}

export interface SearchResults {
  query: string;
  total: number;
  hits: SearchHit[];
  /** Set when the query could not be read as written and was searched literally. */
  notice?: string;
  /** True when more matched than were examined: `total` is then a lower bound ("1,000+"). */
  totalCapped?: boolean;
}

export interface TagInfo {
  name: string;
  color: string;
  count: number;
}

/** Progress of a long task (import, export), sent to whoever started it. */
export interface ProgressEvent {
  taskId: string;
  phase: 'import' | 'export' | 'backup' | 'restore';
  done: number;
  total: number;
  current: string | null;
}
