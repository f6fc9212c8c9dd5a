// The friendly query language, translated into an FTS5 MATCH expression and SQL filters.
//
//   words            all must match (AND)          "a phrase"      the words in this order
//   -word, -"a b"    must not match                 a OR b          either (binds tighter than AND)
//   secur*           words starting with "secur"    NOT b, a AND b  same as -b and a b
//   type:pdf         also type:pdf|md, type:md,txt; several type: filters → any of them
//   tag:name         also tag:"two words"; several tag: filters → all of them; case does not matter
//   before:2025-03-11, after:2025, after:2025-03   published date (else the import date): [after, before)
//   in:documents | in:quotes | in:notes            which hits: see search.ts
//   Parentheses read as spaces, so `(a OR b) c` works; there is no deeper grouping.
//
// Safety: every word the user typed reaches FTS5 only inside a double-quoted string (quotes doubled,
// though the words never contain one) optionally followed by `*`; operators, parentheses and
// column filters are written by this module alone. Words are cut exactly as FTS5's unicode61
// tokenizer cuts them (unicode61.ts), so "e-mail" becomes the phrase "e mail" and a "word" made only
// of punctuation or emoji is dropped instead of becoming an empty phrase (which FTS5 accepts but
// which empties an AND). Anything malformed — an unclosed quote, a lone `*` or `-`, an operator with
// nothing on one side, a filter with a bad value — is searched literally (its words) and explained in
// `notice`; nothing the user types can make parseQuery throw or FTS5 report a syntax error.
import type { DocumentKind } from '../types.ts';
import { tokenize } from './unicode61.ts';

export type SearchScope = 'all' | 'documents' | 'quotes' | 'notes';

export interface ParsedQuery {
  /** The FTS5 MATCH expression, or null when there is no word to look for. */
  match: string | null;
  filters: {
    /** Any of these kinds; empty = all. */
    kinds: DocumentKind[];
    /** Every one of these tags (names as typed; compared case-insensitively). */
    tags: string[];
    /** Dates as YYYY-MM-DD: hits dated on or after `after` and strictly before `before`. */
    before: string | null;
    after: string | null;
    scope: SearchScope;
  };
  /** The words to highlight: those of every term that must or may match, as typed. */
  terms: string[];
  /** A short sentence for the user when the query was not read as written. */
  notice: string | null;
  /**
   * What to do: 'empty' — nothing typed; 'filters' — filters but no word (list what they select);
   * 'match' — search `match` under the filters; 'nothing' — the query can match nothing (only
   * exclusions, or only characters that are not searchable), say `notice`.
   */
  mode: 'empty' | 'filters' | 'match' | 'nothing';
  /** The structure behind `match`: clauses that must all match, each any of its terms. */
  clauses: QueryTerm[][];
  /** Terms that must not match. */
  exclusions: QueryTerm[];
}

/** One word, phrase or prefix: its unicode61 tokens; `prefix` when the last one is a prefix. */
export interface QueryTerm {
  tokens: string[];
  prefix: boolean;
}

/** Longest query read; the rest is cut off (with a notice). */
export const MAX_QUERY_CHARS = 1000;
/** Most terms (words, phrases, prefixes) in one query; FTS5 cost and nesting stay small. */
export const MAX_TERMS = 32;

interface Term extends QueryTerm {
  neg: boolean;
}
type Item =
  | ({ t: 'term' } & Term)
  | { t: 'op'; op: 'OR' | 'AND' | 'NOT' }
  | { t: 'filter'; neg: boolean; key: string; value: string; raw: string };

const KINDS: Record<string, DocumentKind> = {
  pdf: 'pdf',
  html: 'html',
  htm: 'html',
  web: 'html',
  md: 'md',
  markdown: 'md',
  txt: 'txt',
  text: 'txt',
};
const SCOPES: Record<string, SearchScope> = {
  all: 'all',
  documents: 'documents',
  document: 'documents',
  docs: 'documents',
  quotes: 'quotes',
  quote: 'quotes',
  highlights: 'quotes',
  notes: 'notes',
  note: 'notes',
  comments: 'notes',
};
/** An own entry only: `type:constructor` must not find Object.prototype.constructor. */
const lookup = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);
const FILTER = /^(type|tag|before|after|in):(.*)$/is;
const DATE = /^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$/;

/** Parses a date filter value (YYYY, YYYY-MM, YYYY-MM-DD) into the first day it names. */
export function parseDateValue(value: string): string | null {
  const m = DATE.exec(value);
  if (!m) return null;
  const year = Number(m[1]);
  const month = m[2] === undefined ? 1 : Number(m[2]);
  const day = m[3] === undefined ? 1 : Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > days) return null;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Cleans raw input: no control characters (NUL ends an FTS5 string early), no lone surrogates. */
function sanitize(input: string): string {
  return input
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ')
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ' ')
    .replace(/[\u201c\u201d\u201e\u201f\u2033\uff02]/g, '"')
    .normalize('NFC');
}

const isSpace = (ch: string | undefined) => ch !== undefined && /[\s()]/u.test(ch);

/** Quotes a term for FTS5: a string literal, never an operator or a column name. */
export function quoteTerm(term: QueryTerm): string {
  return `"${term.tokens.join(' ').replace(/"/g, '""')}"${term.prefix ? '*' : ''}`;
}

/**
 * The MATCH expression for clauses of FTS5 atoms (quoted terms, or parenthesized groups of them):
 * `A AND (B OR C)`, then `NOT X` or `NOT (X OR Y)` for the exclusions. Null without a clause.
 */
export function buildMatch(clauses: string[][], exclusions: string[]): string | null {
  if (clauses.length === 0) return null;
  const positive = clauses.map((c) => (c.length === 1 ? c[0]! : `(${c.join(' OR ')})`));
  const match = positive.join(' AND ');
  if (exclusions.length === 0) return match;
  const negative = exclusions.length === 1 ? exclusions[0]! : `(${exclusions.join(' OR ')})`;
  return `${positive.length > 1 ? `(${match})` : match} NOT ${negative}`;
}

export function parseQuery(input: string): ParsedQuery {
  const notices: string[] = [];
  const note = (sentence: string) => {
    if (!notices.includes(sentence)) notices.push(sentence);
  };
  let text = typeof input === 'string' ? input : '';
  if (text.length > MAX_QUERY_CHARS) {
    text = text.slice(0, MAX_QUERY_CHARS);
    note(`Only the first ${MAX_QUERY_CHARS.toLocaleString('en')} characters of the query were searched.`);
  }
  text = sanitize(text);
  const items = lex(text, note);

  const filters: ParsedQuery['filters'] = { kinds: [], tags: [], before: null, after: null, scope: 'all' };
  let hasFilter = false;
  const words: Item[] = [];
  for (const item of items) {
    if (item.t !== 'filter') {
      words.push(item);
      continue;
    }
    const literal = (sentence: string) => {
      note(sentence);
      const tokens = tokenize(item.raw);
      if (tokens.length > 0) words.push({ t: 'term', neg: item.neg, tokens, prefix: false });
    };
    if (item.neg) {
      note(`Filters cannot be negated: “-${item.raw}” was ignored.`);
      continue;
    }
    const key = item.key.toLowerCase();
    const value = item.value.trim();
    if (key === 'type') {
      const kinds = value.toLowerCase().split(/[|,]/).map((v) => lookup(KINDS, v.trim()));
      if (kinds.length === 0 || kinds.some((k) => k === undefined)) {
        literal(`“${item.raw}” was searched as words: types are pdf, html, md and txt.`);
        continue;
      }
      for (const k of kinds as DocumentKind[]) if (!filters.kinds.includes(k)) filters.kinds.push(k);
    } else if (key === 'tag') {
      if (value === '') {
        literal(`“${item.raw}” was searched as a word: write tag:name or tag:"two words".`);
        continue;
      }
      if (!filters.tags.some((t) => t.toLowerCase() === value.toLowerCase())) filters.tags.push(value);
    } else if (key === 'before' || key === 'after') {
      const date = parseDateValue(value);
      if (!date) {
        literal(`“${item.raw}” was searched as words: dates are written YYYY, YYYY-MM or YYYY-MM-DD.`);
        continue;
      }
      // Several bounds: the narrowest range wins.
      if (key === 'before') filters.before = filters.before && filters.before < date ? filters.before : date;
      else filters.after = filters.after && filters.after > date ? filters.after : date;
    } else {
      const scope = lookup(SCOPES, value.toLowerCase());
      if (!scope) {
        literal(`“${item.raw}” was searched as words: use in:documents, in:quotes or in:notes.`);
        continue;
      }
      if (filters.scope !== 'all' && filters.scope !== scope) note(`Only the last in: filter (in:${value}) was used.`);
      filters.scope = scope;
    }
    hasFilter = true;
  }

  // Operators: OR joins the positive terms on each side; AND between two terms is the default;
  // NOT before a term excludes it. An operator without those neighbours is searched as a word.
  const clauses: Term[][] = [];
  const negatives: Term[] = [];
  let joinNext = false;
  for (let k = 0; k < words.length; k++) {
    const item = words[k]!;
    let term: Term;
    if (item.t === 'op') {
      const prev = words[k - 1];
      const next = words[k + 1];
      const prevPositive = prev?.t === 'term' && !prev.neg;
      const nextPositive = next?.t === 'term' && !next.neg;
      if (item.op === 'OR' && prevPositive && nextPositive) {
        joinNext = true;
        continue;
      }
      if (item.op === 'AND' && prevPositive && nextPositive) continue;
      if (item.op === 'NOT' && next?.t === 'term' && !next.neg) {
        words[k + 1] = { ...next, neg: true };
        continue;
      }
      note(`“${item.op}” needs a word on ${item.op === 'NOT' ? 'its right' : 'each side'}; it was searched as a word.`);
      term = { neg: false, tokens: [item.op.toLowerCase()], prefix: false };
    } else if (item.t === 'term') {
      term = item;
    } else continue;
    if (term.neg) negatives.push(term);
    else if (joinNext && clauses.length > 0) clauses[clauses.length - 1]!.push(term);
    else clauses.push([term]);
    joinNext = false;
  }

  // Bound the size of the expression.
  let count = 0;
  const keptClauses: Term[][] = [];
  for (const clause of clauses) {
    const room = MAX_TERMS - count;
    if (room <= 0) break;
    keptClauses.push(clause.slice(0, room));
    count += Math.min(room, clause.length);
  }
  const keptNegatives = negatives.slice(0, Math.max(0, MAX_TERMS - count));
  if (count + keptNegatives.length < clauses.flat().length + negatives.length) {
    note(`Only the first ${MAX_TERMS} words or phrases were searched.`);
  }

  // A one-letter prefix (a*) would merge the posting lists of every word starting with that letter
  // (FTS5 keeps prefix indexes for 2 and 3 letters only): ~100 ms over 100,000 documents, for a
  // match set that is nearly everything anyway. It is searched as the word itself instead.
  for (const term of [...keptClauses.flat(), ...keptNegatives]) {
    const last = term.tokens[term.tokens.length - 1]!;
    if (term.prefix && [...last].length < 2) {
      term.prefix = false;
      note(`Prefix searches need at least two letters: “${last}*” was searched as the word “${last}”.`);
    }
  }

  const terms: string[] = [];
  for (const term of keptClauses.flat()) {
    for (const token of term.tokens) if (!terms.some((t) => t.toLowerCase() === token.toLowerCase())) terms.push(token);
  }

  const match = buildMatch(
    keptClauses.map((c) => c.map(quoteTerm)),
    keptNegatives.map(quoteTerm),
  );
  let mode: ParsedQuery['mode'];
  if (match !== null) {
    mode = 'match';
  } else if (keptNegatives.length > 0) {
    note('Exclusions (-word) alone match nothing: add a word to search for.');
    mode = 'nothing';
  } else if (hasFilter) {
    mode = 'filters';
  } else if (text.trim() === '') {
    mode = 'empty';
  } else {
    if (notices.length === 0) note('There is no word to search for in this query: punctuation and symbols are ignored.');
    mode = 'nothing';
  }
  const plain = (t: Term): QueryTerm => ({ tokens: t.tokens, prefix: t.prefix });
  return {
    match,
    filters,
    terms,
    notice: notices.length > 0 ? notices.join(' ') : null,
    mode,
    clauses: keptClauses.map((c) => c.map(plain)),
    exclusions: keptNegatives.map(plain),
  };
}

/** Cuts the query into terms, operators and filters. */
function lex(text: string, note: (sentence: string) => void): Item[] {
  const items: Item[] = [];
  const n = text.length;
  let i = 0;
  const pushLiteralWords = (rest: string) => {
    for (const token of tokenize(rest)) items.push({ t: 'term', neg: false, tokens: [token], prefix: false });
  };
  while (i < n) {
    const ch = text[i]!;
    if (isSpace(ch)) {
      i++;
      continue;
    }
    let neg = false;
    if (ch === '-') {
      while (text[i] === '-') i++;
      if (i >= n || isSpace(text[i])) {
        note('A lone “-” was ignored: write -word to exclude a word.');
        continue;
      }
      neg = true;
    }
    if (text[i] === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) {
        note('A quotation mark was not closed, so the words after it were searched one by one.');
        pushLiteralWords(text.slice(i + 1));
        break;
      }
      const tokens = tokenize(text.slice(i + 1, close));
      i = close + 1;
      let prefix = false;
      while (text[i] === '*') {
        prefix = true;
        i++;
      }
      if (tokens.length > 0) items.push({ t: 'term', neg, tokens, prefix });
      else note('Quotes with no searchable word in them were ignored.');
      continue;
    }
    let j = i;
    while (j < n && !isSpace(text[j]) && text[j] !== '"') j++;
    const word = text.slice(i, j);
    i = j;
    const filter = FILTER.exec(word);
    if (filter) {
      let value = filter[2]!;
      let raw = word;
      if (value === '' && text[i] === '"') {
        const close = text.indexOf('"', i + 1);
        if (close < 0) {
          note('A quotation mark was not closed; the filter took the rest of the query as its value.');
          value = text.slice(i + 1);
          i = n;
        } else {
          value = text.slice(i + 1, close);
          i = close + 1;
        }
        raw = `${word}"${value}"`;
      }
      items.push({ t: 'filter', neg, key: filter[1]!, value, raw });
      continue;
    }
    if (!neg && (word === 'OR' || word === 'AND' || word === 'NOT')) {
      items.push({ t: 'op', op: word });
      continue;
    }
    const stem = word.replace(/\*+$/, '');
    const tokens = tokenize(stem);
    if (tokens.length > 0) items.push({ t: 'term', neg, tokens, prefix: stem.length < word.length });
    else if (word.includes('*')) note('A “*” goes after the start of a word (secur*); a lone “*” was ignored.');
    // Other punctuation and symbols between words are no more significant to us than to the index.
  }
  return items;
}
