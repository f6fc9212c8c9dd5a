// The one API contract. Electron IPC, `pith serve` and the CLI are thin loops over it; the
// renderer imports only these types. Every request and response is plain JSON data (bytes
// travel as Uint8Array in-process and over IPC, base64 over HTTP).
import type {
  Annotation,
  AnnotationKind,
  Color,
  DocumentDetail,
  DocumentKind,
  DocumentSummary,
  ImportReport,
  ProgressEvent,
  SearchResults,
  TagInfo,
} from './types.ts';

export type * from './types.ts';

/** What a transport hands the implementation beside the request: progress and cancellation. */
export interface CallContext {
  onProgress?: (event: ProgressEvent) => void;
  signal?: AbortSignal;
}

export type SortKey = 'title' | 'published' | 'imported' | 'annotations' | 'kind';

export interface ListDocumentsRequest {
  sort?: SortKey;
  descending?: boolean;
  tag?: string;
  kind?: DocumentKind;
  offset?: number;
  limit?: number;
}

export interface NewAnnotation {
  documentId: string;
  /**
   * Restores an annotation under the id it had (undoing its deletion), so exports and sync see
   * the same annotation; refused when an annotation has that id. A new one gets a fresh id.
   */
  id?: string;
  /** With `id`: when the restored annotation was first made (ISO 8601). */
  created?: string;
  kind?: AnnotationKind;
  /** Text to quote from the document; with `occurrence` (1-based) when it occurs several times. */
  quote?: string;
  occurrence?: number;
  /** Or the exact span in the document's text. */
  position?: { start: number; end: number };
  /** A free sentence (takeaway) or the body of a note. */
  text?: string;
  /** For a note on a highlight. */
  parentId?: string;
  color?: Color;
  comment?: string;
  tags?: string[];
}

export interface AnnotationChange {
  id: string;
  comment?: string | null;
  color?: Color;
  text?: string | null;
  kind?: AnnotationKind;
  /** Attaches a note to a highlight or takeaway of its document; null makes it a note on the document. */
  parentId?: string | null;
  addTags?: string[];
  removeTags?: string[];
}

export type ExportFormat = 'md' | 'json' | 'csv' | 'pdf';

export interface ExportRequest {
  format: ExportFormat;
  documentIds?: string[];
  /** Documents tagged so (the tag on the document itself), with all their annotations. */
  tag?: string;
  /** Only the annotations tagged so, from whichever documents have one. */
  annotationTag?: string;
  query?: string;
  /** With none of the above (the whole archive): also the documents without annotations. */
  allDocuments?: boolean;
  /** A file (one document, or json/csv) or a folder (md/pdf over several documents). */
  out: string;
  force?: boolean;
  /** Paper for typeset PDFs of text documents. */
  pageSize?: 'A4' | 'Letter';
  taskId?: string;
}

export interface ExportReport {
  format: ExportFormat;
  out: string;
  files: string[];
  documents: number;
  annotations: number;
  failed: { document: string; reason: string }[];
  cancelled: boolean;
}

export interface PageLayout {
  page: number;
  width: number;
  height: number;
  /**
   * Text runs: [start, end, x, y, width, height, ...edges], offsets in the document's text, PDF
   * user space; edges (PDFs imported on PDFium) place each boundary between two characters
   * (core/import/extract/pdf-glyphs.ts). Draw with core/anchoring/pdf-quads.ts.
   */
  runs: number[][];
}

export interface PithApi {
  importPaths(req: { paths: string[]; update?: boolean; taskId?: string }, ctx?: CallContext): Promise<ImportReport>;
  /** Import from bytes (a browser cannot give paths). */
  importFiles(
    req: { files: { name: string; bytes: Uint8Array }[]; taskId?: string },
    ctx?: CallContext,
  ): Promise<ImportReport>;
  cancel(req: { taskId: string }): Promise<{ cancelled: boolean }>;

  listDocuments(req?: ListDocumentsRequest): Promise<{ total: number; documents: DocumentSummary[] }>;
  getDocument(req: { id: string }): Promise<DocumentDetail>;
  getOriginal(req: { id: string }): Promise<{ name: string; mime: string; bytes: Uint8Array }>;
  getPageLayout(req: { id: string; page: number }): Promise<PageLayout>;
  /** An image stored with an HTML/Markdown document (`asset:<sha256>` in its structure). */
  getDocumentImage(req: { id: string; sha256: string }): Promise<{ mime: string; bytes: Uint8Array }>;
  deleteDocument(req: { id: string }): Promise<{ deleted: boolean }>;
  tagDocument(req: { id: string; add?: string[]; remove?: string[] }): Promise<{ tags: string[] }>;

  search(req: { query: string; limit?: number; offset?: number }): Promise<SearchResults>;

  addAnnotation(req: NewAnnotation): Promise<Annotation>;
  updateAnnotation(req: AnnotationChange): Promise<Annotation>;
  keepAnnotation(req: { id: string }): Promise<Annotation>;
  dismissAnnotation(req: { id: string }): Promise<{ dismissed: boolean }>;
  deleteAnnotation(req: { id: string }): Promise<{ deleted: boolean }>;
  listAnnotations(req?: {
    documentId?: string;
    tag?: string;
    kind?: AnnotationKind;
    includeSuggested?: boolean;
  }): Promise<{ annotations: Annotation[] }>;

  listTags(): Promise<{ tags: TagInfo[] }>;
  renameTag(req: { from: string; to: string }): Promise<TagInfo>;
  mergeTags(req: { from: string; into: string }): Promise<TagInfo>;
  deleteTag(req: { name: string }): Promise<{ deleted: boolean }>;
  setTagColor(req: { name: string; color: string }): Promise<TagInfo>;

  exportAnnotations(req: ExportRequest, ctx?: CallContext): Promise<ExportReport>;
  backup(req: { file: string; force?: boolean }, ctx?: CallContext): Promise<{ file: string; bytes: number }>;
}

/** Every method of the contract, for transports that dispatch by name. */
export const API_METHODS = [
  'importPaths',
  'importFiles',
  'cancel',
  'listDocuments',
  'getDocument',
  'getOriginal',
  'getPageLayout',
  'getDocumentImage',
  'deleteDocument',
  'tagDocument',
  'search',
  'addAnnotation',
  'updateAnnotation',
  'keepAnnotation',
  'dismissAnnotation',
  'deleteAnnotation',
  'listAnnotations',
  'listTags',
  'renameTag',
  'mergeTags',
  'deleteTag',
  'setTagColor',
  'exportAnnotations',
  'backup',
] as const satisfies readonly (keyof PithApi)[];

export type ApiMethod = (typeof API_METHODS)[number];

// Fails to compile when a method of PithApi is missing from API_METHODS.
type Missing = Exclude<keyof PithApi, ApiMethod>;
export const _allMethodsListed: Missing extends never ? true : Missing = true;

/** Methods whose work is long and reports progress; they take a CallContext. */
export const LONG_METHODS: readonly ApiMethod[] = ['importPaths', 'importFiles', 'exportAnnotations', 'backup'];

/** An error for a person, carried across every transport as { error: { code, message } }. */
export type ErrorCode =
  | 'not-found'
  | 'invalid'
  | 'conflict'
  | 'exists'
  | 'unsupported'
  | 'archive'
  | 'cancelled'
  | 'internal';

export class PithError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PithError';
  }
}

export function isPithError(error: unknown): error is PithError {
  return error instanceof Error && error.name === 'PithError' && 'code' in error;
}
