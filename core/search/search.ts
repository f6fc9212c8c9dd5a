// Search over an open archive: documents and annotations, ranked with bm25, one page at a time.
//
// Which hits a query yields:
// - documents: those whose title, authors, body or tags match (in:documents: only these);
// - annotations (not dismissed; suggested takeaways included): those whose quote, free text,
//   comment or tags match. in:quotes keeps highlights and takeaways that quote the document
//   (a non-empty quote) and searches their quotes; in:notes keeps notes and any annotation with a
//   comment, and searches the notes' text and the comments. Without words, in:quotes and in:notes
//   list those annotations, newest first.
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
  countUpTo,
  documentHit,
  listAnnotations,
  listDocuments,
  listedAnnotation,
  listedDocument,
  MARK_CLOSE,
  MARK_OPEN,
  matchWindow,
  prefixWords,
  RARE_ROWS,
  rankByBm25,
  strongMatches,
  strongTexts,
  type AnnotationScope,
  type DocumentFilter,
  type SearchTable,
} from '../../db/search.ts';
import type { SearchHit, SearchResults } from '../types.ts';
import { buildMatch, parseQuery, quoteTerm, type ParsedQuery, type QueryTerm } from './query.ts';
import { tokenize } from './unicode61.ts';
import { locateHit } from './locate.ts';

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

/**
 * Longest list of words a prefix is replaced by (see prefixWords). At 100,000 documents an OR of up
 * to 256 words beat FTS5's own prefix scan (cont*: 24 → 15 ms, unde*: 37 → 23 ms); each snippet
 * then looks every word up in its document, so far longer lists cost more than they save.
 */
const MAX_PREFIX_WORDS = 256;

/** An FTS5 atom for a term; long ASCII prefixes over documents become the OR of their words. */
function atom(db: Db, table: SearchTable, term: QueryTerm): string {
  const [only] = term.tokens;
  if (table === 'documents' && term.prefix && term.tokens.length === 1 && /^[A-Za-z0-9]{4,}$/.test(only!)) {
    const words = prefixWords(db, only!.toLowerCase(), MAX_PREFIX_WORDS);
    if (words) return words.length === 1 ? `"${words[0]}"` : `(${words.map((w) => `"${w}"`).join(' OR ')})`;
  }
  return quoteTerm(term);
}

const SCOPE_COLUMNS: Record<AnnotationScope, string | null> = { all: null, quotes: '{exact}', notes: '{text comment}' };

interface TableHits {
  rows: { kind: SearchTable; id: number; score: number }[];
  total: number;
  capped: boolean;
}

/**
 * One index: the window of matches, then its ranking. bm25 ranks by the clauses whose phrases are
 * all rare (their IDF pass is cheap, and common words carry no weight in bm25 anyway); when every
 * clause is common, hits matching in the strong columns come first, then the newest.
 */
function searchTable(
  db: Db,
  table: SearchTable,
  parsed: ParsedQuery,
  extra: string | null,
  filter: DocumentFilter,
  scope: AnnotationScope,
  depth: number,
): TableHits & { snippetMatch: string } {
  const clauses = parsed.clauses.map((c) => c.map((t) => atom(db, table, t)));
  const exclusions = parsed.exclusions.map((t) => atom(db, table, t));
  // in:quotes searches the quotes, in:notes the notes' text and the comments.
  const columns = table === 'annotations' ? SCOPE_COLUMNS[scope] : null;
  const within = (expression: string) => (columns ? `${columns} : (${expression})` : expression);
  const full = within(buildMatch(clauses, exclusions)!);
  const snippetMatch = within(buildMatch(clauses, [])!);
  const window = matchWindow(db, table, extra ? `(${full}) AND ${extra}` : full, filter, scope);
  const total = window.ids.length;
  if (total === 0) return { rows: [], total, capped: window.capped, snippetMatch };
  // bm25's IDF pass over an atom costs a walk over its matches; for a phrase, a walk over the
  // matches of its rarest word, checking positions. So an atom is cheap to rank by when it (or, for
  // a phrase, one of its words) is found in at most RARE_ROWS rows. When the window held every row
  // of a one-clause expression of single words, that bound holds already.
  const single = parsed.clauses.length === 1 && parsed.clauses[0]!.every((t) => t.tokens.length === 1);
  let rare: string[][];
  if (!window.capped && single && exclusions.length === 0 && !extra) rare = clauses;
  else {
    const cheap = (term: QueryTerm, a: string): boolean => {
      if (term.tokens.length === 1) return countUpTo(db, table, a, RARE_ROWS + 1) <= RARE_ROWS;
      const words = term.prefix ? term.tokens.slice(0, -1) : term.tokens;
      return words.some((w) => countUpTo(db, table, quoteTerm({ tokens: [w], prefix: false }), RARE_ROWS + 1) <= RARE_ROWS);
    };
    rare = clauses.filter((c, i) => c.every((a, j) => cheap(parsed.clauses[i]![j]!, a)));
  }
  if (rare.length > 0) {
    const ranked = rankByBm25(db, table, within(buildMatch(rare, [])!), window.ids, depth);
    return { rows: ranked.map((r) => ({ kind: table, id: r.id, score: -r.bm25 })), total, capped: window.capped, snippetMatch };
  }
  const strong = window.capped
    ? strongMatches(db, table, clauses.flat(), window.ids)
    : strongInCode(db, table, parsed.clauses.flat(), window.ids);
  const order = [...window.ids.filter((id) => strong.has(id)), ...window.ids.filter((id) => !strong.has(id))];
  // Scores in bm25's range for words this common (FTS5 clamps their IDF to 1e-6), keeping the order.
  const rows = order
    .slice(0, depth)
    .map((id, i) => ({ kind: table, id, score: (strong.has(id) ? 2e-6 : 1e-6) - i * 1e-12 }));
  return { rows, total, capped: window.capped, snippetMatch };
}

/**
 * strongMatches for a window that holds every match: those may lie anywhere in the index, and
 * FTS5 would walk all the rows holding the words to find them (~18 ms for "the madrasas to" at
 * 100,000 documents, checking positions of "the"), while reading the window's titles and tags and
 * looking for the terms here takes well under a millisecond. The folding of case and diacritics
 * approximates FTS5's; it only decides which hits come first.
 */
function strongInCode(db: Db, table: SearchTable, terms: QueryTerm[], ids: number[]): Set<number> {
  const wanted = terms.map((t) => ({ words: t.tokens.flatMap(words), prefix: t.prefix })).filter((t) => t.words.length > 0);
  const found = new Set<number>();
  for (const [id, texts] of strongTexts(db, table, ids)) {
    if (texts.some((text) => holdsAny(words(text), wanted))) found.add(id);
  }
  return found;
}

/** Words as the index sees them: unicode61's tokens, without case and diacritics. */
const words = (text: string): string[] =>
  tokenize(text).map((w) => (/[^\x00-\x7f]/.test(w) ? w.normalize('NFKD').replace(/\p{M}/gu, '') : w).toLowerCase());

/** Whether `tokens` hold one of the terms (a phrase as consecutive words, a prefix on its last). */
function holdsAny(tokens: string[], terms: { words: string[]; prefix: boolean }[]): boolean {
  return terms.some(({ words: w, prefix }) => {
    for (let i = 0; i + w.length <= tokens.length; i++) {
      let all = true;
      for (let j = 0; j < w.length && all; j++) {
        const last = j === w.length - 1;
        all = prefix && last ? tokens[i + j]!.startsWith(w[j]!) : tokens[i + j] === w[j];
      }
      if (all) return true;
    }
    return false;
  });
}

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
  const annotationScope: AnnotationScope = scope === 'quotes' || scope === 'notes' ? scope : 'all';
  if (parsed.filters.before && parsed.filters.after && parsed.filters.after >= parsed.filters.before) {
    notices.push(`No date is both on or after ${parsed.filters.after} and before ${parsed.filters.before}.`);
    return respond(0, []);
  }

  if (parsed.mode === 'filters') {
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

  // For documents, each tag also narrows the FTS5 match through the tags_text column, so that FTS5
  // intersects posting lists instead of SQL checking document_tags row by row; the SQL check keeps
  // it exact (a tag "foo" must not match a tag "foo bar").
  const tagPhrases = tagNames.map((name) => tokenize(name)).filter((tokens) => tokens.length > 0);
  const tagMatch = tagPhrases.length > 0 ? tagPhrases.map((t) => `tags_text : "${t.join(' ')}"`).join(' AND ') : null;
  const depth = offset + limit;
  const none = { rows: [], total: 0, capped: false, snippetMatch: '' };
  const documents = scope === 'all' || scope === 'documents' ? searchTable(db, 'documents', parsed, tagMatch, filter, 'all', depth) : none;
  const annotations = scope !== 'documents' ? searchTable(db, 'annotations', parsed, null, filter, annotationScope, depth) : none;

  const page = [...documents.rows, ...annotations.rows]
    .sort((a, b) => b.score - a.score || (a.kind === b.kind ? b.id - a.id : a.kind === 'documents' ? -1 : 1))
    .slice(offset, offset + limit);

  const hits = page.flatMap((r): SearchHit[] => {
    if (r.kind === 'documents') {
      const row = documentHit(db, documents.snippetMatch, r.id);
      if (!row) return [];
      // The match may be in the title, authors or tags only: then the text has no location.
      const location = locateHit(db, r.id, parsed.clauses, { large: row.large, window: row.window });
      return [
        {
          kind: 'document',
          documentId: row.uuid,
          title: row.title,
          snippet: snippetHtml(row.snippet),
          score: r.score,
          ...(location ? { location } : {}),
        },
      ];
    }
    const row = annotationHit(db, annotations.snippetMatch, r.id);
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
        score: r.score,
      },
    ];
  });
  return respond(documents.total + annotations.total, hits, documents.capped || annotations.capped);
}
