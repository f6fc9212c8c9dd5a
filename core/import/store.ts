// Writing one extracted document into the archive, in one transaction.
import type { Db } from '../../db/open.ts';
import { insertDocument, insertPageLayouts, replaceDocumentContent } from '../../db/documents.ts';
import { recordOutcome } from '../../db/imports.ts';
import { setPdfAnnotations } from '../../db/pdf-annotations.ts';
import { addDocumentImage, setDocumentStructure } from '../../db/structure.ts';
import { STRUCTURE_VERSION } from './extract/structure.ts';
import { createSuggestedTakeaways } from '../annotate/suggested.ts';
import { reanchorDocument } from '../annotate/reanchor.ts';
import { now } from '../time.ts';
import type { Extracted } from './extract/index.ts';
import { findSuggestedTakeaways } from './takeaways.ts';

export interface StoreMeta {
  sha256: string;
  size: number;
  sourcePath: string | null;
  batchId: number;
  /** As shown in the outcome. */
  path: string;
}

function titleOf(extracted: Extracted, meta: StoreMeta): string {
  const fromName = meta.path.split(/[\\/]/).pop()!.replace(/\.[^.]+$/, '');
  return extracted.title?.trim() || fromName || 'Untitled';
}

function content(extracted: Extracted, meta: StoreMeta) {
  return {
    title: titleOf(extracted, meta),
    authors: JSON.stringify(extracted.authors ?? []),
    published: extracted.published,
    source_url: extracted.url,
    mime: extracted.mime,
    sha256: meta.sha256,
    size: meta.size,
    pages: extracted.pages,
    page_starts: extracted.pageStarts ? JSON.stringify(extracted.pageStarts) : null,
    // '[]' marks a PDF read for labels that has none (NULL: not read yet, see migration 5).
    page_labels: extracted.kind === 'pdf' ? JSON.stringify(extracted.pageLabels ?? []) : null,
    body: extracted.text,
    note: extracted.note,
  };
}

function layoutRows(extracted: Extracted) {
  return (extracted.layout ?? []).map((p) => ({
    page: p.page,
    width: p.width,
    height: p.height,
    runs: p.runs,
  }));
}

/** The annotations already inside a PDF, as rows (JSON geometry). */
function pdfAnnotationRows(extracted: Extracted) {
  return (extracted.pdfAnnotations ?? []).map((a) => ({
    page: a.page,
    subtype: a.subtype,
    rect: JSON.stringify(a.rect),
    quads: JSON.stringify(a.quads),
    contents: a.contents,
    author: a.author,
    color: a.color,
    modified: a.modified,
  }));
}

/** The structure of an HTML/Markdown document and the images stored with it. */
export function storeStructure(db: Db, id: number, extracted: Pick<Extracted, 'structure' | 'images'>): void {
  if (!extracted.structure) return;
  setDocumentStructure(db, id, STRUCTURE_VERSION, JSON.stringify(extracted.structure));
  for (const image of extracted.images ?? []) addDocumentImage(db, id, image.sha256, image.mime);
}

/** Stores a new document with its page layout and suggested takeaways (call in a transaction); returns its title. */
export function storeNewDocument(db: Db, uuid: string, extracted: Extracted, meta: StoreMeta): string {
  const at = now();
  const row = content(extracted, meta);
  {
    const id = insertDocument(db, {
      ...row,
      uuid,
      kind: extracted.kind,
      source_path: meta.sourcePath,
      imported_at: at,
      created_at: at,
      updated_at: at,
    });
    insertPageLayouts(db, id, layoutRows(extracted));
    if (extracted.pdfAnnotations?.length) setPdfAnnotations(db, id, pdfAnnotationRows(extracted));
    storeStructure(db, id, extracted);
    const takeaways = findSuggestedTakeaways(extracted.text);
    if (takeaways.length > 0) createSuggestedTakeaways(db, id, extracted.text, takeaways);
    recordOutcome(db, meta.batchId, { path: meta.path, status: 'imported' }, id);
  }
  return row.title;
}

/** Replaces a document's content in place (same id) and finds its annotations again (call in a transaction). */
export function storeUpdatedDocument(db: Db, id: number, extracted: Extracted, meta: StoreMeta): void {
  {
    replaceDocumentContent(db, id, { ...content(extracted, meta), updated_at: now() });
    const layouts = layoutRows(extracted);
    insertPageLayouts(db, id, layouts);
    setPdfAnnotations(db, id, pdfAnnotationRows(extracted));
    storeStructure(db, id, extracted);
    reanchorDocument(db, id, extracted.text, extracted.layout ?? undefined);
    recordOutcome(db, meta.batchId, { path: meta.path, status: 'updated' }, id);
  }
}
