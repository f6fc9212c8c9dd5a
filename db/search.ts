// The SQL of search: ranking over the FTS5 indexes, snippets for one page of hits, and listings for
// filter-only queries. Every value is a bound parameter; the only text spliced into SQL is written
// here (column lists, placeholders). The MATCH expression is built by core/search/query.ts.
//
// Cost model (100,000 documents, 460 MB of text, one laptop core): FTS5 hands back matching rowids
// cheaply in rowid order (newest first costs ~0.1 ms per 1,000 rows, and a LIMIT stops it), but bm25()
// costs ~1 µs per matching row, so ranking a word found in every document takes ~100 ms. Ranking is
// therefore done in one pass over a *window*: the newest RANK_WINDOW matching rows (by rowid, which
// follows import order), ranked by bm25 inside SQLite. When a query matches fewer rows, the window
// is the whole match set and ranking and total are exact; when it matches more, the best hits of the
// newest RANK_WINDOW are returned and `capped` says so. Counting past the window is not done: an
// exact count costs a full pass over the posting lists (5 ms for "the", 80 ms for the phrase
// "of the"), more than the whole budget of a search.
import type { Db } from './open.ts';
import type Database from 'better-sqlite3';

/** How many of the newest matching rows are ranked (and counted) per index. */
export const RANK_WINDOW = 4000;

/** Markers around matched words in raw snippets: Unicode noncharacters, never shown, never markup. */
export const MARK_OPEN = '\ufdd0';
export const MARK_CLOSE = '\ufdd1';
export const ELLIPSIS = '…';

export interface DocumentFilter {
  /** documents.kind IN (...); empty = any. */
  kinds: string[];
  /** Each group: the document (or the annotation, or its document) has one of these tag ids. */
  tagGroups: number[][];
  /** On coalesce(published, date(imported_at)): >= after, < before (YYYY-MM-DD). */
  before: string | null;
  after: string | null;
}

export type AnnotationScope = 'all' | 'quotes' | 'notes';

export interface Ranked {
  /** documents.id or annotations.id */
  id: number;
  /** bm25(): negative, lower is better. */
  bm25: number;
}

export interface RankedPage {
  rows: Ranked[];
  /** Matching rows in the window: every matching row unless `capped`. */
  total: number;
  capped: boolean;
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** Prepared statements, cached per connection and SQL text (the SQL varies only with filter shape). */
function prepare(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    cache.set(sql, statement);
  }
  return statement;
}

type Params = Record<string, unknown>;

function placeholders(prefix: string, values: unknown[], params: Params): string {
  return values
    .map((value, i) => {
      params[`${prefix}${i}`] = value;
      return `@${prefix}${i}`;
    })
    .join(', ');
}

/** WHERE terms on the document `d` for the kinds and dates of a filter. */
function documentConditions(filter: DocumentFilter, params: Params): string[] {
  const where: string[] = [];
  if (filter.kinds.length > 0) where.push(`d.kind IN (${placeholders('kind', filter.kinds, params)})`);
  // The import date lies after the body in the row (overflow pages); it is read only where
  // `published` is missing.
  if (filter.before) {
    params.before = filter.before;
    where.push(`coalesce(d.published, date(d.imported_at)) < @before`);
  }
  if (filter.after) {
    params.after = filter.after;
    where.push(`coalesce(d.published, date(d.imported_at)) >= @after`);
  }
  return where;
}

function documentTagConditions(filter: DocumentFilter, params: Params, documentId: string): string[] {
  return filter.tagGroups.map(
    (group, g) =>
      `EXISTS (SELECT 1 FROM document_tags dt WHERE dt.document_id = ${documentId} AND dt.tag_id IN (${placeholders(`dtag${g}_`, group, params)}))`,
  );
}

function annotationConditions(filter: DocumentFilter, scope: AnnotationScope, params: Params): string[] {
  const where = ['a.dismissed = 0', ...documentConditions(filter, params)];
  if (scope === 'quotes') where.push(`a.kind IN ('highlight', 'takeaway') AND coalesce(a.exact, '') <> ''`);
  if (scope === 'notes') where.push(`(a.kind = 'note' OR coalesce(a.comment, '') <> '')`);
  filter.tagGroups.forEach((group, g) => {
    const own = placeholders(`atag${g}_`, group, params);
    const doc = placeholders(`adtag${g}_`, group, params);
    where.push(
      `(EXISTS (SELECT 1 FROM annotation_tags t WHERE t.annotation_id = a.id AND t.tag_id IN (${own}))
        OR EXISTS (SELECT 1 FROM document_tags dt WHERE dt.document_id = a.document_id AND dt.tag_id IN (${doc})))`,
    );
  });
  return where;
}

const needsDocument = (filter: DocumentFilter) => filter.kinds.length > 0 || filter.before !== null || filter.after !== null;

/**
 * Ranks one page-depth of the newest RANK_WINDOW rows matching `sql`'s inner query. The inner
 * query yields (id, score) in rowid-descending order, which FTS5 delivers without sorting; the
 * outer query ranks them by bm25 and counts them with a window function in the same pass.
 */
function rankWindow(db: Db, inner: string, params: Params, depth: number): RankedPage {
  const sql = `SELECT id, score, count(*) OVER () AS n FROM (${inner} LIMIT @window) ORDER BY score, id DESC LIMIT @depth`;
  const rows = prepare(db, sql)
    .raw()
    .all({ ...params, window: RANK_WINDOW + 1, depth: Math.max(1, depth) }) as [number, number, number][];
  const n = rows[0]?.[2] ?? 0;
  return {
    rows: rows.slice(0, depth).map(([id, score]) => ({ id, bm25: score })),
    total: Math.min(n, RANK_WINDOW),
    capped: n > RANK_WINDOW,
  };
}

/**
 * Documents matching `match` (an FTS5 expression) under `filter`, best first, `depth` of them.
 * bm25 weights: title 10, authors 4, body 1, tags 6.
 */
export function rankDocuments(db: Db, match: string, filter: DocumentFilter, depth: number): RankedPage {
  const params: Params = { match };
  const join = needsDocument(filter) || filter.tagGroups.length > 0 ? 'JOIN documents d ON d.id = documents_fts.rowid' : '';
  const where = [
    'documents_fts MATCH @match',
    ...documentConditions(filter, params),
    ...documentTagConditions(filter, params, 'documents_fts.rowid'),
  ];
  const inner = `SELECT documents_fts.rowid AS id, bm25(documents_fts, 10.0, 4.0, 1.0, 6.0) AS score
    FROM documents_fts ${join} WHERE ${where.join(' AND ')} ORDER BY documents_fts.rowid DESC`;
  return rankWindow(db, inner, params, depth);
}

/**
 * Annotations (not dismissed; suggested ones included) matching `match` under `filter` and `scope`,
 * best first. bm25 weights: exact 3, text 3, comment 2, tags 4.
 */
export function rankAnnotations(
  db: Db,
  match: string,
  filter: DocumentFilter,
  scope: AnnotationScope,
  depth: number,
): RankedPage {
  const params: Params = { match };
  const where = ['annotations_fts MATCH @match', ...annotationConditions(filter, scope, params)];
  const inner = `SELECT annotations_fts.rowid AS id, bm25(annotations_fts, 3.0, 3.0, 2.0, 4.0) AS score
    FROM annotations_fts JOIN annotations a ON a.id = annotations_fts.rowid
    ${needsDocument(filter) ? 'JOIN documents d ON d.id = a.document_id' : ''}
    WHERE ${where.join(' AND ')} ORDER BY annotations_fts.rowid DESC`;
  return rankWindow(db, inner, params, depth);
}

export interface DocumentHitRow {
  id: number;
  uuid: string;
  title: string;
  /** Raw text with MARK_OPEN/MARK_CLOSE around matches (not HTML). */
  snippet: string;
}

/** Title and body snippet (about 20 tokens) of one document hit. */
export function documentHit(db: Db, match: string, id: number): DocumentHitRow | undefined {
  return prepare(
    db,
    `SELECT d.id, d.uuid, d.title, snippet(documents_fts, 2, @open, @close, @ellipsis, 20) AS snippet
     FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
     WHERE documents_fts MATCH @match AND documents_fts.rowid = @id`,
  ).get({ match, id, open: MARK_OPEN, close: MARK_CLOSE, ellipsis: ELLIPSIS }) as DocumentHitRow | undefined;
}

export interface AnnotationHitRow {
  id: number;
  uuid: string;
  kind: 'highlight' | 'takeaway' | 'note';
  documentUuid: string;
  title: string;
  /** Raw snippets of the quote, the free text and the comment (empty when the column is). */
  exact: string;
  text: string;
  comment: string;
}

/** One annotation hit with a snippet (about 24 tokens) of each of its text columns. */
export function annotationHit(db: Db, match: string, id: number): AnnotationHitRow | undefined {
  return prepare(
    db,
    `SELECT a.id, a.uuid, a.kind, d.uuid AS documentUuid, d.title,
       coalesce(snippet(annotations_fts, 0, @open, @close, @ellipsis, 24), '') AS exact,
       coalesce(snippet(annotations_fts, 1, @open, @close, @ellipsis, 24), '') AS text,
       coalesce(snippet(annotations_fts, 2, @open, @close, @ellipsis, 24), '') AS comment
     FROM annotations_fts JOIN annotations a ON a.id = annotations_fts.rowid JOIN documents d ON d.id = a.document_id
     WHERE annotations_fts MATCH @match AND annotations_fts.rowid = @id`,
  ).get({ match, id, open: MARK_OPEN, close: MARK_CLOSE, ellipsis: ELLIPSIS }) as AnnotationHitRow | undefined;
}

export interface ListedPage {
  ids: number[];
  total: number;
  capped: boolean;
}

/** Counts at most RANK_WINDOW rows of `from` (a FROM … WHERE … clause). */
function cappedCount(db: Db, from: string, params: Params): { total: number; capped: boolean } {
  const n = (prepare(db, `SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT @window)`).get({
    ...params,
    window: RANK_WINDOW + 1,
  }) as { n: number }).n;
  return { total: Math.min(n, RANK_WINDOW), capped: n > RANK_WINDOW };
}

/** Documents selected by filters alone, newest import first. */
export function listDocuments(db: Db, filter: DocumentFilter, offset: number, limit: number): ListedPage {
  const params: Params = {};
  const where = [...documentConditions(filter, params), ...documentTagConditions(filter, params, 'd.id')];
  const from = `FROM documents d ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
  const ids = (
    prepare(db, `SELECT d.id ${from} ORDER BY d.imported_at DESC, d.id DESC LIMIT @limit OFFSET @offset`)
      .pluck()
      .all({ ...params, limit, offset }) as number[]
  );
  return { ids, ...cappedCount(db, from, params) };
}

/** Annotations selected by filters alone (with in:quotes or in:notes), newest first. */
export function listAnnotations(
  db: Db,
  filter: DocumentFilter,
  scope: AnnotationScope,
  offset: number,
  limit: number,
): ListedPage {
  const params: Params = {};
  const where = annotationConditions(filter, scope, params);
  const from = `FROM annotations a ${needsDocument(filter) ? 'JOIN documents d ON d.id = a.document_id' : ''}
    WHERE ${where.join(' AND ')}`;
  const ids = prepare(db, `SELECT a.id ${from} ORDER BY a.created_at DESC, a.id DESC LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...params, limit, offset }) as number[];
  return { ids, ...cappedCount(db, from, params) };
}

export interface ListedDocumentRow {
  id: number;
  uuid: string;
  title: string;
  /** The first characters of the body. */
  start: string;
}

export function listedDocument(db: Db, id: number, chars: number): ListedDocumentRow | undefined {
  return prepare(db, 'SELECT id, uuid, title, substr(body, 1, @chars) AS start FROM documents WHERE id = @id').get({
    id,
    chars,
  }) as ListedDocumentRow | undefined;
}

export interface ListedAnnotationRow {
  id: number;
  uuid: string;
  kind: 'highlight' | 'takeaway' | 'note';
  documentUuid: string;
  title: string;
  exact: string | null;
  text: string | null;
  comment: string | null;
}

export function listedAnnotation(db: Db, id: number): ListedAnnotationRow | undefined {
  return prepare(
    db,
    `SELECT a.id, a.uuid, a.kind, d.uuid AS documentUuid, d.title, a.exact, a.text, a.comment
     FROM annotations a JOIN documents d ON d.id = a.document_id WHERE a.id = @id`,
  ).get({ id }) as ListedAnnotationRow | undefined;
}

/** Every tag: id and name (a few hundred rows at most; names are compared in code). */
export function allTags(db: Db): { id: number; name: string }[] {
  return prepare(db, 'SELECT id, name FROM tags').all() as { id: number; name: string }[];
}
