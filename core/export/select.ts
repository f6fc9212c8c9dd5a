// Which documents an export covers: the ones named, those tagged T (the document's own tags, as
// the library's tag filter shows them), those with an annotation tagged T (`annotationTag`:
// the export then keeps only those annotations, see annotationFilter), the hits of a search, or
// the whole archive. Criteria given together narrow each other (documents named AND tagged AND found).
import type { Db } from '../../db/open.ts';
import { allDocumentIds, documentIdsWithAnnotations, findDocumentByUuid } from '../../db/documents.ts';
import { documentIdsTagged, documentIdsWithAnnotationTagged, findTagByName } from '../../db/tags.ts';
import { PithError, type ExportRequest } from '../api.ts';
import { requireDocument } from '../documents/library.ts';
import type { SearchResults } from '../types.ts';

export type SearchFn = (db: Db, req: { query: string; limit?: number; offset?: number }) => SearchResults;

/** Pages of search hits are read up to this many documents; an export of more is a whole-archive export. */
const MAX_QUERY_HITS = 100_000;
const PAGE = 500;

/** Row ids of the selected documents: in search rank order for a query, else in import order. */
export async function selectDocuments(
  db: Db,
  req: Pick<ExportRequest, 'documentIds' | 'tag' | 'annotationTag' | 'query' | 'allDocuments'>,
  search?: SearchFn,
): Promise<number[]> {
  let ids: number[] | null = null;
  const narrow = (next: number[]) => {
    if (ids === null) ids = next;
    else {
      const keep = new Set(next);
      ids = ids.filter((id) => keep.has(id));
    }
  };

  if (req.documentIds && req.documentIds.length > 0) {
    const found: number[] = [];
    for (const uuid of req.documentIds) {
      if (typeof uuid !== 'string') throw new PithError('invalid', 'Document ids must be strings.');
      const row = requireDocument(db, uuid);
      if (!found.includes(row.id)) found.push(row.id);
    }
    narrow(found);
  }

  if (req.tag != null && req.tag !== '') {
    narrow(documentIdsTagged(db, tagNamed(db, req.tag).id));
  }

  if (req.annotationTag != null && req.annotationTag !== '') {
    narrow(documentIdsWithAnnotationTagged(db, tagNamed(db, req.annotationTag).id));
  }

  if (req.query != null && req.query.trim() !== '') {
    const run = search ?? (await import('../search/search.ts')).search;
    const uuids: string[] = [];
    const seen = new Set<string>();
    for (let offset = 0; offset < MAX_QUERY_HITS; offset += PAGE) {
      const results = run(db, { query: req.query, limit: PAGE, offset });
      for (const hit of results.hits) {
        if (!seen.has(hit.documentId)) {
          seen.add(hit.documentId);
          uuids.push(hit.documentId);
        }
      }
      if (results.hits.length < PAGE || offset + PAGE >= results.total) break;
    }
    const found = uuids.map((u) => findDocumentByUuid(db, u)?.id).filter((id): id is number => id !== undefined);
    if (ids === null) ids = found;
    else {
      // Keep the search's rank order.
      const keep = new Set<number>(ids);
      ids = found.filter((id) => keep.has(id));
    }
  }

  // The whole archive: the documents there is something to take away from, unless all are asked
  // for (a Markdown export of everything was mostly empty files).
  if (ids === null) ids = req.allDocuments ? allDocumentIds(db) : documentIdsWithAnnotations(db);
  return ids;
}

function tagNamed(db: Db, name: unknown): { id: number; name: string } {
  if (typeof name !== 'string') throw new PithError('invalid', 'A tag to export by must be text.');
  // Tag names compare without regard to case (db/tags.ts).
  const tag = findTagByName(db, name.trim());
  if (!tag) throw new PithError('not-found', `No tag named "${name}".`);
  return tag;
}

/**
 * Which annotations of a selected document are exported: all of them, or with `annotationTag`
 * only those carrying that tag (compared as tags are: without regard to case).
 */
export function annotationFilter(req: Pick<ExportRequest, 'annotationTag'>): <T extends { tags: string[] }>(annotations: T[]) => T[] {
  const wanted = req.annotationTag?.trim().toLowerCase();
  if (!wanted) return (annotations) => annotations;
  return (annotations) => annotations.filter((a) => a.tags.some((t) => t.toLowerCase() === wanted));
}
