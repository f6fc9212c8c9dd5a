// Search over an open archive: documents and annotations, ranked with bm25, one page at a time.
//
// Which hits a query yields:
// - documents: those whose title, authors, body or tags match (in:documents: only these);
// - annotations (not dismissed; suggested takeaways included): those whose quote, free text,
//   comment or tags match. in:quotes keeps highlights and takeaways that quote the document
//   (a non-empty quote); in:notes keeps notes and any annotation with a comment.
// Filters: type: is the document's kind (an annotation's document for annotation hits); before:/after:
// the document's published date, else the day it was imported; tag: a document's tags for document
// hits, and the annotation's own tags or its document's for annotation hits.
// Both lists are ranked by bm25 (documents: title 10, authors 4, body 1, tags 6; annotations: quote 3,
// text 3, comment 2, tags 4) and merged by score = -bm25 (higher is better). A query of filters only
// lists documents by import date, newest first (in:quotes / in:notes: annotations by creation date).
// See db/search.ts for how very common words are kept cheap (`total` is then capped).
import type { Db } from '../../db/open.ts';
import {
  allTags,
  annotationHit,
  documentHit,
  listAnnotations,
  listDocuments,
  listedAnnotation,
  listedDocument,
  MARK_CLOSE,
  MARK_OPEN,
  rankAnnotations,
  rankDocuments,
  type DocumentFilter,
  type RankedPage,
} from '../../db/search.ts';
import type { SearchHit, SearchResults } from '../types.ts';
import { parseQuery } from './query.ts';
import { tokenize } from './unicode61.ts';

export const DEFAULT_LIMIT = 20;
export const MAX_LIMIT = 500;
/** Characters of a document's start (or an annotation's text) shown for filter-only hits. */
const EXCERPT_CHARS = 200;

export interface SearchRequest {
  query: string;
  limit?: number;
  offset?: number;
}

/**
 * SearchResults, and `totalCapped` when the query matched more rows than are ranked (see
 * db/search.ts RANK_WINDOW): `total` then counts the hits that can be paged through, and the UI
 * should say "4,000+".
 */
export interface SearchResponse extends SearchResults {
  totalCapped?: boolean;
}

function clampInt(value: unknown, fallback: number, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return Math.min(max, Math.max(min, Math.floor(value)));
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/**
 * Turns a raw snippet (MARK_OPEN/MARK_CLOSE around matches) into HTML: everything escaped, the
 * markers become <mark> and </mark>. The markers are Unicode noncharacters; should a document
 * contain them itself, they can only ever yield balanced <mark> tags, never other markup.
 */
export function snippetHtml(raw: string): string {
  let out = '';
  let open = false;
  let run = '';
  const flush = () => {
    out += escapeHtml(run);
    run = '';
  };
  for (const ch of raw) {
    if (ch === MARK_OPEN || ch === MARK_CLOSE) {
      flush();
      if (ch === MARK_OPEN && !open) out += '<mark>';
      else if (ch === MARK_CLOSE && open) out += '</mark>';
      else continue;
      open = !open;
    } else run += ch;
  }
  flush();
  return open ? `${out}</mark>` : out;
}

/** The start of a text, cut at a word, escaped: the snippet of a hit found by filters alone. */
export function excerptHtml(text: string, chars = EXCERPT_CHARS): string {
  const flat = text.replace(/[\ufdd0\ufdd1]/g, '').replace(/\s+/g, ' ').trim();
  if (flat.length <= chars) return escapeHtml(flat);
  const cut = flat.slice(0, chars);
  const space = cut.lastIndexOf(' ');
  return `${escapeHtml(space > chars / 2 ? cut.slice(0, space) : cut)}…`;
}

const markCount = (raw: string) => raw.split(MARK_OPEN).length - 1;

const EMPTY: RankedPage = { rows: [], total: 0, capped: false };

export function search(db: Db, req: SearchRequest): SearchResponse {
  const query = typeof req?.query === 'string' ? req.query : '';
  const limit = clampInt(req?.limit, DEFAULT_LIMIT, 0, MAX_LIMIT);
  const offset = clampInt(req?.offset, 0, 0, Number.MAX_SAFE_INTEGER);
  const parsed = parseQuery(query);
  const notices = parsed.notice ? [parsed.notice] : [];
  const respond = (total: number, hits: SearchHit[], capped = false): SearchResponse => ({
    query,
    total,
    hits,
    ...(notices.length > 0 ? { notice: notices.join(' ') } : {}),
    ...(capped ? { totalCapped: true } : {}),
  });
  if (parsed.mode === 'empty' || parsed.mode === 'nothing') return respond(0, []);

  // Tags are matched in code, so that case folding covers every script (SQLite's NOCASE is ASCII).
  const tagGroups: number[][] = [];
  const tagNames: string[] = [];
  if (parsed.filters.tags.length > 0) {
    const tags = allTags(db);
    for (const wanted of parsed.filters.tags) {
      const key = wanted.normalize('NFC').toLowerCase();
      const found = tags.filter((t) => t.name.normalize('NFC').toLowerCase() === key);
      if (found.length === 0) {
        notices.push(`There is no tag named “${wanted}”.`);
        return respond(0, []);
      }
      tagGroups.push(found.map((t) => t.id));
      tagNames.push(found[0]!.name);
    }
  }
  const filter: DocumentFilter = {
    kinds: parsed.filters.kinds,
    tagGroups,
    before: parsed.filters.before,
    after: parsed.filters.after,
  };
  const scope = parsed.filters.scope;
  const annotationScope = scope === 'quotes' || scope === 'notes' ? scope : 'all';

  if (parsed.mode === 'filters' || parsed.match === null) {
    if (scope === 'quotes' || scope === 'notes') {
      const page = listAnnotations(db, filter, annotationScope, offset, limit);
      const hits = page.ids.flatMap((id): SearchHit[] => {
        const row = listedAnnotation(db, id);
        if (!row) return [];
        return [
          {
            kind: 'annotation',
            documentId: row.documentUuid,
            annotationId: row.uuid,
            annotationKind: row.kind,
            title: row.title,
            snippet: excerptHtml(row.exact || row.text || row.comment || ''),
            score: 0,
          },
        ];
      });
      return respond(page.total, hits, page.capped);
    }
    const page = listDocuments(db, filter, offset, limit);
    const hits = page.ids.flatMap((id): SearchHit[] => {
      const row = listedDocument(db, id, EXCERPT_CHARS * 2);
      return row ? [{ kind: 'document', documentId: row.uuid, title: row.title, snippet: excerptHtml(row.start), score: 0 }] : [];
    });
    return respond(page.total, hits, page.capped);
  }

  const match = parsed.match;
  // For documents, each tag also narrows the FTS5 match through the tags_text column, so that
  // FTS5 intersects posting lists instead of SQLite checking document_tags row by row; the
  // EXISTS in SQL keeps it exact (a tag "foo" must not match a tag "foo bar").
  const tagPhrases = tagNames.map((name) => tokenize(name)).filter((tokens) => tokens.length > 0);
  const documentMatch =
    tagPhrases.length > 0 ? `(${match}) AND ${tagPhrases.map((t) => `tags_text : "${t.join(' ')}"`).join(' AND ')}` : match;
  const depth = offset + limit;
  const documents = scope === 'all' || scope === 'documents' ? rankDocuments(db, documentMatch, filter, depth) : EMPTY;
  const annotations = scope !== 'documents' ? rankAnnotations(db, match, filter, annotationScope, depth) : EMPTY;

  const merged = [
    ...documents.rows.map((r) => ({ kind: 'document' as const, ...r })),
    ...annotations.rows.map((r) => ({ kind: 'annotation' as const, ...r })),
  ]
    .sort((a, b) => a.bm25 - b.bm25 || (a.kind === b.kind ? b.id - a.id : a.kind === 'document' ? -1 : 1))
    .slice(offset, offset + limit);

  const hits = merged.flatMap((r): SearchHit[] => {
    const score = -r.bm25;
    if (r.kind === 'document') {
      const row = documentHit(db, match, r.id);
      return row ? [{ kind: 'document', documentId: row.uuid, title: row.title, snippet: snippetHtml(row.snippet), score }] : [];
    }
    const row = annotationHit(db, match, r.id);
    if (!row) return [];
    // The column that matched best: most marked words; on a tie the quote, then the comment, then the text.
    const candidates = [row.exact, row.comment, row.text];
    let best = candidates.reduce((a, b) => (markCount(b) > markCount(a) ? b : a));
    if (markCount(best) === 0) best = row.exact || row.text || row.comment;
    return [
      {
        kind: 'annotation',
        documentId: row.documentUuid,
        annotationId: row.uuid,
        annotationKind: row.kind,
        title: row.title,
        snippet: snippetHtml(best),
        score,
      },
    ];
  });
  return respond(documents.total + annotations.total, hits, documents.capped || annotations.capped);
}
