// Which documents an export covers: the ones named, those carrying a tag (on the document or on
// one of its annotations), the hits of a search, or the whole archive. Criteria given together
// narrow each other (documents named AND tagged AND found).
import type { Db } from '../../db/open.ts';
import { PithError, type ExportRequest } from '../api.ts';
import type { SearchResults } from '../types.ts';

export type SearchFn = (db: Db, req: { query: string; limit?: number; offset?: number }) => SearchResults;

/** Pages of search hits are read up to this many documents; an export of more is a whole-archive export. */
const MAX_QUERY_HITS = 100_000;
const PAGE = 500;

/** Row ids of the selected documents: in search rank order for a query, else in import order. */
export async function selectDocuments(
  db: Db,
  req: Pick<ExportRequest, 'documentIds' | 'tag' | 'query'>,
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
    const find = db.prepare('SELECT id FROM documents WHERE uuid = ?');
    const found: number[] = [];
    for (const uuid of req.documentIds) {
      if (typeof uuid !== 'string') throw new PithError('invalid', 'Document ids must be strings.');
      const row = find.get(uuid.trim()) as { id: number } | undefined;
      if (!row) throw new PithError('not-found', `No document with id ${uuid}.`);
      if (!found.includes(row.id)) found.push(row.id);
    }
    narrow(found);
  }

  if (req.tag != null && req.tag !== '') {
    const tag = db.prepare('SELECT id FROM tags WHERE name = ? COLLATE NOCASE').get(req.tag.trim()) as { id: number } | undefined;
    if (!tag) throw new PithError('not-found', `No tag named "${req.tag}".`);
    const rows = db
      .prepare(
        `SELECT id FROM documents WHERE id IN (
           SELECT document_id FROM document_tags WHERE tag_id = @tag
           UNION
           SELECT a.document_id FROM annotation_tags t JOIN annotations a ON a.id = t.annotation_id
           WHERE t.tag_id = @tag AND a.dismissed = 0)
         ORDER BY id`,
      )
      .all({ tag: tag.id }) as { id: number }[];
    narrow(rows.map((r) => r.id));
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
    const find = db.prepare('SELECT id FROM documents WHERE uuid = ?');
    const found = uuids.map((u) => (find.get(u) as { id: number } | undefined)?.id).filter((id): id is number => id !== undefined);
    if (ids === null) ids = found;
    else {
      // Keep the search's rank order.
      const keep = new Set<number>(ids);
      ids = found.filter((id) => keep.has(id));
    }
  }

  if (ids === null) {
    ids = (db.prepare('SELECT id FROM documents ORDER BY id').all() as { id: number }[]).map((r) => r.id);
  }
  return ids;
}
