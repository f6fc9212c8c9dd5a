// The SQL of search: a bounded window of matches per index, ranking, snippets for one page of
// hits, listings for filter-only queries. Every value is a bound parameter; the only text spliced
// into SQL is written here (column lists, placeholders). MATCH expressions come from
// core/search/query.ts, which quotes every word the user typed.
//
// Cost model, measured on 100,000 synthetic documents (~500 MB of text) on one core:
// - FTS5 yields matching rowids newest-first cheaply, and a LIMIT stops it: ~0.1 ms per 1,000 rows.
//   A rowid range (rowid >= x) does not: FTS5 walks the posting list from its start to find x.
// - bm25() is expensive twice over: ~1–2 µs per ranked row, and before the first row it counts,
//   for every phrase of the expression, the rows holding it (its IDF), by a full pass over the
//   phrase's matches: 5 ms for "the", 75 ms for the phrase "of the", ~20 ms for a long prefix.
//   Naive bm25 top-20 over "the" (all 100,000 rows) takes ~110 ms.
// - Looking up a documents row costs ~1.2 µs; FTS5 seeking one rowid costs ~7 µs.
// So search works on a window: the newest SCAN_WINDOW rows the expression matches (rowid follows
// import order), filtered in SQL; `capped` says when the index held more, and totals then count the
// window only (an exact count would cost the full pass above). bm25 ranks the window using only the
// clauses whose words are rare (<= RARE_ROWS rows, so their IDF pass is short); a query made only of
// very common words (whose bm25 IDF is ~0 anyway: FTS5 clamps it for words in more than half the
// rows) puts title-or-tag matches first, then the newest. What stays costly is inherent to FTS5: a
// rare phrase of common words, or a common word minus another common word, walks both posting lists.
import { prepared, type Db } from './open.ts';

/**
 * Matching rows examined per index and query; beyond it results are capped. 1,000 keeps a query of
 * very common words near 5 ms; ranking quality does not depend on it as long as some word of the
 * query is rarer than RARE_ROWS (bm25 then ranks the window).
 */
export const SCAN_WINDOW = 1000;
/** A phrase found in at most this many rows is cheap enough to rank with bm25. */
export const RARE_ROWS = 4000;

/** Markers around matched words in raw snippets: Unicode noncharacters, never shown, never markup. */
export const MARK_OPEN = '\ufdd0';
export const MARK_CLOSE = '\ufdd1';
export const ELLIPSIS = '…';

export type SearchTable = 'documents' | 'annotations';
export type AnnotationScope = 'all' | 'quotes' | 'notes';

export interface DocumentFilter {
  /** documents.kind IN (...); empty = any. */
  kinds: string[];
  /** Each group: the document (or the annotation, or its document) has one of these tag ids. */
  tagGroups: number[][];
  /** On the published date, else the import date (YYYY-MM-DD): >= after, < before. */
  before: string | null;
  after: string | null;
}

const FTS = { documents: 'documents_fts', annotations: 'annotations_fts' } as const;
/** bm25 weights: documents title 10, authors 4, body 1, tags 6; annotations exact 3, text 3, comment 2, tags 4. */
const BM25 = { documents: '10.0, 4.0, 1.0, 6.0', annotations: '3.0, 3.0, 2.0, 4.0' } as const;
/** The columns whose matches come first when bm25 is too costly. */
export const STRONG_COLUMNS = { documents: '{title tags_text}', annotations: '{exact tags_text}' } as const;

/** Prepared statements, cached per connection and SQL text (the SQL varies only with filter shape). */
const prepare = prepared;

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
  if (filter.before || filter.after) {
    // imported_at is an ISO timestamp, so comparing it with a YYYY-MM-DD bound is comparing its day;
    // it lies after the body in the row, so it is read only where `published` is missing.
    const published: string[] = [];
    const imported: string[] = [];
    if (filter.after) {
      params.after = filter.after;
      published.push('d.published >= @after');
      imported.push('d.imported_at >= @after');
    }
    if (filter.before) {
      params.before = filter.before;
      published.push('d.published < @before');
      imported.push('d.imported_at < @before');
    }
    where.push(
      `(CASE WHEN d.published IS NOT NULL THEN ${published.join(' AND ')} ELSE ${imported.join(' AND ')} END)`,
    );
  }
  return where;
}

/**
 * The date bounds of a filter on the expression of the documents_filed_date index (the same test as
 * documentConditions': a published date, else the day of import), or null without bounds.
 */
function filedDateCondition(filter: DocumentFilter, params: Params): string | null {
  const bounds: string[] = [];
  if (filter.after) bounds.push(`${FILED_DATE} >= @after`);
  if (filter.before) bounds.push(`${FILED_DATE} < @before`);
  if (bounds.length === 0) return null;
  params.after = filter.after;
  params.before = filter.before;
  return bounds.join(' AND ');
}

/** The expression of the documents_filed_date index (migration 2), on the table aliased `d`. */
const FILED_DATE = 'coalesce(d.published, substr(d.imported_at, 1, 10))';

const needsDocument = (filter: DocumentFilter) => filter.kinds.length > 0 || filter.before !== null || filter.after !== null;

/** FROM … WHERE … selecting the rows of `table` whose id is `idColumn` under a filter (and scope). */
function filtered(
  table: SearchTable,
  idColumn: string,
  filter: DocumentFilter,
  scope: AnnotationScope,
  params: Params,
  joinAnnotation = true,
): { joins: string; where: string[] } {
  if (table === 'documents') {
    const where = documentConditions(filter, params);
    filter.tagGroups.forEach((group, g) =>
      where.push(
        `EXISTS (SELECT 1 FROM document_tags dt WHERE dt.document_id = ${idColumn} AND dt.tag_id IN (${placeholders(`tag${g}_`, group, params)}))`,
      ),
    );
    return { joins: needsDocument(filter) ? `JOIN documents d ON d.id = ${idColumn}` : '', where };
  }
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
  const joins = `${joinAnnotation ? `JOIN annotations a ON a.id = ${idColumn}` : ''} ${needsDocument(filter) ? 'JOIN documents d ON d.id = a.document_id' : ''}`;
  return { joins, where };
}

export interface Window {
  /** Ids of the matching rows of the window that pass the filters, newest first. */
  ids: number[];
  /** The index matched more rows than the window holds. */
  capped: boolean;
}

/**
 * The newest SCAN_WINDOW (+1) rows of `table` matching `match`, then those passing the filters.
 * FTS5 delivers rowids in descending order itself, so this costs one short pass.
 */
export function matchWindow(db: Db, table: SearchTable, match: string, filter: DocumentFilter, scope: AnnotationScope): Window {
  const fts = FTS[table];
  const params: Params = { match, scan: SCAN_WINDOW + 1 };
  const { joins, where } = filtered(table, 'w.id', filter, scope, params);
  const sql = `WITH w AS MATERIALIZED (
      SELECT rowid AS id FROM ${fts} WHERE ${fts} MATCH @match ORDER BY rowid DESC LIMIT @scan)
    SELECT (SELECT count(*) FROM w) AS scanned,
      (SELECT json_group_array(id) FROM (SELECT w.id FROM w ${joins}
        ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY w.id DESC)) AS ids`;
  const row = prepare(db, sql).get(params) as { scanned: number; ids: string };
  // The extra row only tells that there are more; the window itself is SCAN_WINDOW rows.
  return { ids: (JSON.parse(row.ids) as number[]).slice(0, SCAN_WINDOW), capped: row.scanned > SCAN_WINDOW };
}

/** How many rows hold `phrase`, counting no further than `cap` (cheap: FTS5 stops at the LIMIT). */
export function countUpTo(db: Db, table: SearchTable, phrase: string, cap: number): number {
  const fts = FTS[table];
  return (prepare(db, `SELECT count(*) AS n FROM (SELECT 1 FROM ${fts} WHERE ${fts} MATCH @phrase LIMIT @cap)`).get({
    phrase,
    cap,
  }) as { n: number }).n;
}

export interface Ranked {
  id: number;
  /** bm25(): negative, lower is better. */
  bm25: number;
}

/**
 * The best `depth` of `ids` by bm25 over `match`, which every one of them matches and which is
 * rare (so its IDF pass and its scan are short). No rowid range here: FTS5 honours one by walking
 * the posting list from its start, which costs a full pass on a common word.
 */
export function rankByBm25(db: Db, table: SearchTable, match: string, ids: number[], depth: number): Ranked[] {
  const fts = FTS[table];
  const sql = `SELECT rowid AS id, bm25(${fts}, ${BM25[table]}) AS score FROM ${fts}
    WHERE ${fts} MATCH @match AND +rowid IN (SELECT value FROM json_each(@ids))
    ORDER BY score, rowid DESC LIMIT @depth`;
  const rows = prepare(db, sql).raw().all({ match, ids: JSON.stringify(ids), depth }) as [number, number][];
  return rows.map(([id, score]) => ({ id, bm25: score }));
}

/**
 * Those of `ids` (newest first) whose strong columns (title, tags; quote, tags) hold one of the
 * `atoms`. The posting lists are walked newest first and left as soon as they pass the oldest id
 * (a rowid range would make FTS5 walk them from the start).
 */
export function strongMatches(db: Db, table: SearchTable, atoms: string[], ids: number[]): Set<number> {
  const fts = FTS[table];
  if (ids.length === 0) return new Set();
  const oldest = ids[ids.length - 1]!;
  const wanted = new Set(ids);
  const found = new Set<number>();
  const rows = prepare(db, `SELECT rowid FROM ${fts} WHERE ${fts} MATCH @match ORDER BY rowid DESC`)
    .pluck()
    .iterate({ match: `${STRONG_COLUMNS[table]} : (${atoms.join(' OR ')})` }) as IterableIterator<number>;
  for (const id of rows) {
    if (id < oldest) break; // leaving the loop resets the statement
    if (wanted.has(id)) found.add(id);
  }
  return found;
}

/**
 * The texts of the strong columns of `ids`, by id: the title (the quote) and each tag name. Tag
 * names come from the tag tables, not from tags_text, which lies after the body in the row.
 */
export function strongTexts(db: Db, table: SearchTable, ids: number[]): Map<number, string[]> {
  const [own, tagged] =
    table === 'documents'
      ? ['SELECT id, title FROM documents', 'SELECT x.document_id, t.name FROM document_tags x']
      : ["SELECT id, coalesce(exact, '') FROM annotations", 'SELECT x.annotation_id, t.name FROM annotation_tags x'];
  const idColumn = table === 'documents' ? 'x.document_id' : 'x.annotation_id';
  const texts = new Map<number, string[]>();
  const params = { ids: JSON.stringify(ids) };
  for (const [id, text] of prepare(db, `${own} WHERE id IN (SELECT value FROM json_each(@ids))`).raw().all(params) as [number, string][])
    texts.set(id, [text]);
  const tags = prepare(db, `${tagged} JOIN tags t ON t.id = x.tag_id WHERE ${idColumn} IN (SELECT value FROM json_each(@ids))`);
  for (const [id, name] of tags.raw().all(params) as [number, string][]) texts.get(id)?.push(name);
  return texts;
}

const vocabularies = new WeakMap<Db, { version: string; terms: Map<string, string[] | null> }>();

/**
 * The indexed words of documents_fts starting with `prefix` (lowercase ASCII), at most `max`, or
 * null when there are more (or the vocabulary cannot be read). FTS5 keeps prefix indexes for 2
 * and 3 characters only; a longer prefix makes it merge the posting lists of all the words it
 * starts, in full, on every statement (~15 ms for "secur" here, and once more per snippet). Those
 * words as an OR are read lazily instead. The lists are cached per connection until the archive
 * changes (PRAGMA data_version for other connections, total_changes() for this one).
 */
export function prefixWords(db: Db, prefix: string, max: number): string[] | null {
  const version = `${db.pragma('data_version', { simple: true })}:${(prepare(db, 'SELECT total_changes() AS n').get() as { n: number }).n}`;
  let cache = vocabularies.get(db);
  if (!cache || cache.version !== version) vocabularies.set(db, (cache = { version, terms: new Map() }));
  const key = `${max}:${prefix}`;
  if (cache.terms.has(key)) return cache.terms.get(key)!;
  let words: string[] | null = null;
  try {
    db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS temp.pith_documents_vocab USING fts5vocab(main, 'documents_fts', 'row')`);
    // `term <=` (not `<`) is what fts5vocab uses to stop its scan.
    const found = prepare(db, 'SELECT term FROM temp.pith_documents_vocab WHERE term >= @prefix AND term <= @upper LIMIT @limit')
      .pluck()
      .all({ prefix, upper: `${prefix}\u{10ffff}`, limit: max + 1 }) as string[];
    const starting = found.filter((t) => t.startsWith(prefix));
    words = starting.length > 0 && found.length <= max ? starting : null;
  } catch {
    words = null;
  }
  cache.terms.set(key, words);
  return words;
}

/** Test hook: forget cached prefix expansions. */
export function clearPrefixCache(db: Db): void {
  vocabularies.delete(db);
}

export interface DocumentHitRow {
  id: number;
  uuid: string;
  title: string;
  /** Raw text with MARK_OPEN/MARK_CLOSE around matches (not HTML). */
  snippet: string;
  /**
   * For a large document: the start of its text the snippet was taken from, when it was (reading
   * any part of a large text costs reading all of it, so this is the only part read), else null.
   */
  window: string | null;
  /** The original is large (LARGE_DOCUMENT_BYTES): reading its text costs reading all of it. */
  large: boolean;
}

/**
 * Title and body snippet (about 20 tokens) of one document hit. The CAST matters: better-sqlite3
 * binds a JS number as a REAL, and FTS5 then ignores `rowid = ?` (every matching row comes back,
 * and the join pairs one document's title with another's snippet).
 */
export function documentHit(db: Db, match: string, id: number): DocumentHitRow | undefined {
  const params = { match, id, open: MARK_OPEN, close: MARK_CLOSE, ellipsis: ELLIPSIS };
  const size = prepare(db, 'SELECT size FROM documents WHERE id = CAST(@id AS INTEGER)').pluck().get(params) as number | undefined;
  const large = size !== undefined && size > LARGE_DOCUMENT_BYTES;
  if (large) {
    const windowed = windowedSnippet(db, params);
    if (windowed) return windowed;
  }
  const row = prepare(
    db,
    `SELECT d.id, d.uuid, d.title, snippet(documents_fts, 2, @open, @close, @ellipsis, 20) AS snippet
     FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid
     WHERE documents_fts MATCH @match AND documents_fts.rowid = CAST(@id AS INTEGER)`,
  ).get(params) as Omit<DocumentHitRow, 'window' | 'large'> | undefined;
  return row && { ...row, window: null, large };
}

/** Originals above this size get their snippet from the start of their text first (see below). */
const LARGE_DOCUMENT_BYTES = 512 * 1024;
/** Characters of a large document's text searched for a snippet. */
const SNIPPET_WINDOW_CHARS = 16 * 1024;

/**
 * FTS5's snippet() weighs every window around every match of a column: its cost grows with the
 * square of the matches in one document (16,000 matches of a word: 4 s). For a large document the
 * snippet is taken from the start of its text, in a one-row index of its own; only when nothing
 * matches there (so matches are sparse, and snippet() is cheap) is the whole text used.
 */
function windowedSnippet(db: Db, params: Record<string, unknown>): DocumentHitRow | undefined {
  try {
    db.exec(
      "CREATE VIRTUAL TABLE IF NOT EXISTS temp.pith_snippet USING fts5(title, authors, body, tags_text, tokenize='unicode61 remove_diacritics 2')",
    );
    prepare(db, 'DELETE FROM temp.pith_snippet').run();
    prepare(
      db,
      `INSERT INTO temp.pith_snippet (rowid, title, authors, body, tags_text)
       SELECT id, title, authors, substr(body, 1, ${SNIPPET_WINDOW_CHARS}), tags_text FROM documents WHERE id = CAST(@id AS INTEGER)`,
    ).run(params);
    const row = prepare(
      db,
      `SELECT d.id, d.uuid, d.title, snippet(pith_snippet, 2, @open, @close, @ellipsis, 20) AS snippet, pith_snippet.body AS window
       FROM temp.pith_snippet JOIN documents d ON d.id = pith_snippet.rowid
       WHERE pith_snippet MATCH @match`,
    ).get(params) as Omit<DocumentHitRow, 'large'> | undefined;
    return row && row.snippet.includes(MARK_OPEN) ? { ...row, large: true } : undefined;
  } catch {
    return undefined;
  }
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
     WHERE annotations_fts MATCH @match AND annotations_fts.rowid = CAST(@id AS INTEGER)`,
  ).get({ match, id, open: MARK_OPEN, close: MARK_CLOSE, ellipsis: ELLIPSIS }) as AnnotationHitRow | undefined;
}

export interface ListedPage {
  ids: number[];
  /** Rows selected, counted up to SCAN_WINDOW. */
  total: number;
  capped: boolean;
}

/** Counts at most SCAN_WINDOW (+1) rows of `from` (a FROM … WHERE … clause). */
function cappedCount(db: Db, from: string, params: Params): { total: number; capped: boolean } {
  const n = (prepare(db, `SELECT count(*) AS n FROM (SELECT 1 ${from} LIMIT @window)`).get({
    ...params,
    window: SCAN_WINDOW + 1,
  }) as { n: number }).n;
  return { total: Math.min(n, SCAN_WINDOW), capped: n > SCAN_WINDOW };
}

/**
 * Documents selected by filters alone, newest import first (with a date range, newest filed date
 * first). Tags are checked as membership in their document sets (`+` keeps SQLite walking the
 * index in order instead of sorting the tag's documents by a column stored after their bodies).
 */
export function listDocuments(db: Db, filter: DocumentFilter, offset: number, limit: number): ListedPage {
  const params: Params = {};
  const where = filter.tagGroups.map(
    (group, g) => `+d.id IN (SELECT document_id FROM document_tags WHERE tag_id IN (${placeholders(`tag${g}_`, group, params)}))`,
  );
  // With a date range, the documents are listed by the date they are filed under, newest first,
  // along its index: walking the imports instead to find the few in a range (after:2025-11-01) took
  // 130 ms at 100,000 documents.
  const dated = filedDateCondition(filter, params);
  where.push(...documentConditions({ ...filter, after: null, before: null }, params));
  if (dated) where.push(dated);
  const index = dated ? 'documents_filed_date' : 'documents_imported_at';
  const order = dated ? `${FILED_DATE} DESC, d.id DESC` : 'd.imported_at DESC, d.id DESC';
  const from = `FROM documents d INDEXED BY ${index} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}`;
  const ids = prepare(db, `SELECT d.id ${from} ORDER BY ${order} LIMIT @limit OFFSET @offset`)
    .pluck()
    .all({ ...params, limit, offset }) as number[];
  if (!needsDocument(filter) && filter.tagGroups.length === 1) {
    // One tag and nothing else: count its rows in document_tags instead of walking the documents.
    const n = (prepare(db, `SELECT count(*) AS n FROM (SELECT DISTINCT document_id FROM document_tags WHERE tag_id IN (${placeholders('c', filter.tagGroups[0]!, params)}) LIMIT @window)`).get({
      ...params,
      window: SCAN_WINDOW + 1,
    }) as { n: number }).n;
    return { ids, total: Math.min(n, SCAN_WINDOW), capped: n > SCAN_WINDOW };
  }
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
  const { joins, where } = filtered('annotations', 'a.id', filter, scope, params, false);
  const from = `FROM annotations a ${joins} WHERE ${where.join(' AND ')}`;
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

export interface DocumentPlace {
  kind: string;
  /** JSON array of page start offsets, for PDFs. */
  pageStarts: string | null;
  /** JSON array of page labels, for PDFs that have them. */
  pageLabels: string | null;
  /** The document's structure (JSON), for HTML and Markdown documents. */
  structure: string | null;
}

/** What locating a match needs of a document besides its text, and its first `chars` characters (0: none). */
export function documentPlace(db: Db, id: number, chars = 0): (DocumentPlace & { start: string }) | undefined {
  return prepare(
    db,
    `SELECT kind, page_starts AS pageStarts, page_labels AS pageLabels,
            (SELECT structure FROM document_structure WHERE document_id = documents.id) AS structure,
            CASE WHEN @chars > 0 THEN substr(body, 1, @chars) ELSE '' END AS start
     FROM documents WHERE id = CAST(@id AS INTEGER)`,
  ).get({ id, chars }) as (DocumentPlace & { start: string }) | undefined;
}

/** `chars` characters (code points, as SQLite counts them) of a document's body from `from` (0-based). */
export function bodySlice(db: Db, id: number, from: number, chars: number): string {
  return (
    (prepare(db, 'SELECT substr(body, @from + 1, @chars) FROM documents WHERE id = CAST(@id AS INTEGER)').pluck().get({ id, from, chars }) as
      | string
      | undefined) ?? ''
  );
}
