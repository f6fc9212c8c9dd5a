// Documents as the API shows them: the library listing and one document in full.
import type { Db } from '../../db/open.ts';
import { findDocumentByUuid, findDocumentsByUuidPrefix, documentTagNames, getPageLayout, type DocumentRow } from '../../db/documents.ts';
import { listLibrary, type LibrarySort } from '../../db/library.ts';
import { PithError, type ListDocumentsRequest, type PageLayout } from '../api.ts';
import type { DocumentDetail, DocumentStructure, DocumentSummary } from '../types.ts';
import { getDocumentStructure } from '../../db/structure.ts';
import { parsePageLabels } from '../annotate/placement.ts';
import { resolveId } from '../ids.ts';

const SORTS: LibrarySort[] = ['title', 'published', 'imported', 'annotations', 'kind'];

export function listDocuments(db: Db, req: ListDocumentsRequest = {}): { total: number; documents: DocumentSummary[] } {
  const sort = req.sort ?? 'imported';
  if (!SORTS.includes(sort)) throw new PithError('invalid', `Cannot sort by "${sort}"; use one of ${SORTS.join(', ')}.`);
  const limit = Math.min(Math.max(Math.trunc(req.limit ?? 100), 0), 10_000);
  const offset = Math.max(Math.trunc(req.offset ?? 0), 0);
  const { total, rows } = listLibrary(db, {
    sort,
    descending: req.descending ?? sort === 'imported',
    tag: req.tag ?? null,
    kind: req.kind ?? null,
    offset,
    limit,
  });
  return {
    total,
    documents: rows.map((r) => ({
      id: r.uuid,
      title: r.title,
      kind: r.kind,
      mime: r.mime,
      pages: r.pages,
      published: r.published,
      importedAt: r.imported_at,
      tags: r.tags ? r.tags.split('\u001f').sort((a, b) => a.localeCompare(b)) : [],
      annotationCount: r.annotation_count,
    })),
  };
}

/** The document a full id or a unique id prefix names (core/ids.ts). */
export function requireDocument(db: Db, id: unknown): DocumentRow {
  return resolveId(id, {
    what: 'document',
    exact: (uuid) => findDocumentByUuid(db, uuid),
    byPrefix: (prefix, limit) => findDocumentsByUuidPrefix(db, prefix, limit),
    uuid: (row) => row.uuid,
    label: (row) => row.title,
  });
}

/** A document in full, without its annotations (the caller adds them). */
export function documentDetail(db: Db, row: DocumentRow): Omit<DocumentDetail, 'annotations'> {
  return {
    id: row.uuid,
    title: row.title,
    authors: JSON.parse(row.authors) as string[],
    published: row.published,
    source: { path: row.source_path, url: row.source_url },
    kind: row.kind,
    mime: row.mime,
    pages: row.pages,
    pageStarts: row.page_starts ? (JSON.parse(row.page_starts) as number[]) : null,
    pageLabels: pageLabelsOf(row),
    importedAt: row.imported_at,
    updated: row.updated_at,
    note: row.note,
    sha256: row.sha256,
    tags: documentTagNames(db, row.id),
    text: row.body,
    structure: structureOf(db, row),
  };
}

/** The labels of a PDF's pages as stored; null when it has none (or they were not read yet). */
export function pageLabelsOf(row: Pick<DocumentRow, 'page_labels'>): string[] | null {
  const labels = parsePageLabels(row.page_labels);
  return labels.length > 0 ? labels : null;
}

export function pageLayout(db: Db, uuid: string, page: number): PageLayout {
  const doc = requireDocument(db, uuid);
  const layout = getPageLayout(db, doc.id, page);
  if (!layout) throw new PithError('not-found', `"${doc.title}" has no page ${page}.`);
  return { page: layout.page, width: layout.width, height: layout.height, runs: layout.runs };
}

/** The stored structure of an HTML/Markdown document; null for others and for one not derived yet (see core/upgrade). */
function structureOf(db: Db, row: DocumentRow): DocumentStructure | null {
  if (row.kind !== 'html' && row.kind !== 'md') return null;
  const stored = getDocumentStructure(db, row.id);
  if (!stored) return null;
  try {
    return JSON.parse(stored.structure) as DocumentStructure;
  } catch {
    return null; // unreadable: the text is shown as plain paragraphs, and the upgrade redoes it
  }
}
