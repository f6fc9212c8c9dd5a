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
  text: string | null;
  comment: string | null;
  tags: string[];
  anchor: AnchorMethod | null;
  created: string;
  updated: string;
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
  importedAt: string;
  updated: string;
  /** A note from import, e.g. that a PDF has no text layer. */
  note: string | null;
  sha256: string;
  tags: string[];
  text: string;
  annotations: Annotation[];
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
