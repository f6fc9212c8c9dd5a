import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_QUERY_CHARS, MAX_TERMS, parseDateValue, parseQuery } from './query.ts';

const m = (q: string) => parseQuery(q).match;

describe('parseQuery: words, phrases, operators', () => {
  it('ANDs plain words, each quoted', () => {
    expect(m('security vacuum')).toBe('"security" AND "vacuum"');
    expect(m('  security  ')).toBe('"security"');
  });

  it('keeps phrases whole', () => {
    expect(m('"security vacuum"')).toBe('"security vacuum"');
    expect(m('"will not allow" nato')).toBe('"will not allow" AND "nato"');
  });

  it('excludes words and phrases', () => {
    expect(m('nato -kosovo')).toBe('"nato" NOT "kosovo"');
    expect(m('nato -"western balkans"')).toBe('"nato" NOT "western balkans"');
    expect(m('nato peace -kosovo -serbia')).toBe('("nato" AND "peace") NOT ("kosovo" OR "serbia")');
    expect(m('nato --kosovo')).toBe('"nato" NOT "kosovo"');
  });

  it('binds OR tighter than the implicit AND', () => {
    expect(m('nato OR kfor')).toBe('("nato" OR "kfor")');
    expect(m('a b OR c d')).toBe('"a" AND ("b" OR "c") AND "d"');
    expect(m('a OR b OR c')).toBe('("a" OR "b" OR "c")');
    expect(m('"peace agreement" OR dayton')).toBe('("peace agreement" OR "dayton")');
    expect(m('(a OR b) c -d')).toBe('(("a" OR "b") AND "c") NOT "d"');
  });

  it('reads AND and NOT as operators, lowercase as words', () => {
    expect(m('a AND b')).toBe('"a" AND "b"');
    expect(m('a NOT b')).toBe('"a" NOT "b"');
    expect(m('NOT b a')).toBe('"a" NOT "b"');
    expect(m('cats or dogs')).toBe('"cats" AND "or" AND "dogs"');
  });

  it('makes prefixes', () => {
    expect(m('secur*')).toBe('"secur"*');
    expect(m('se*')).toBe('"se"*');
    expect(m('secur**')).toBe('"secur"*');
    expect(m('"national secur"*')).toBe('"national secur"*');
  });

  it('searches a one-letter prefix as the word, with a notice', () => {
    const q = parseQuery('a*');
    expect(q.match).toBe('"a"');
    expect(q.notice).toMatch(/at least two letters/);
    expect(m('"security v"*')).toBe('"security v"');
  });

  it('cuts words as unicode61 does', () => {
    expect(m('e-mail')).toBe('"e mail"');
    expect(m('U.S.')).toBe('"U S"');
    expect(m('Priština')).toBe('"Priština"');
    expect(m('NATO’s')).toBe('"NATO s"');
    expect(m('C++ security')).toBe('"C" AND "security"');
    expect(m('foo:bar')).toBe('"foo bar"');
    expect(m('NEAR(a b)')).toBe('"NEAR" AND "a" AND "b"');
    expect(m('"a" "b"c')).toBe('"a" AND "b" AND "c"');
    expect(m('résumé')).toBe('"résumé"');
    // Decomposed accents are composed first (NFC).
    expect(m('Pris\u030ctina')).toBe('"Priština"');
  });

  it('gives the words to highlight, positive ones only, once each', () => {
    expect(parseQuery('"security vacuum" nato -kosovo Security secur*').terms).toEqual(['security', 'vacuum', 'nato', 'secur']);
  });

  it('exposes the structure behind the match', () => {
    const q = parseQuery('a b OR "c dd"* -e');
    expect(q.clauses).toEqual([
      [{ tokens: ['a'], prefix: false }],
      [
        { tokens: ['b'], prefix: false },
        { tokens: ['c', 'dd'], prefix: true },
      ],
    ]);
    expect(q.exclusions).toEqual([{ tokens: ['e'], prefix: false }]);
  });
});

describe('parseQuery: filters', () => {
  it('reads type:, several as any of them', () => {
    const q = parseQuery('type:pdf type:md|txt nato');
    expect(q.filters.kinds).toEqual(['pdf', 'md', 'txt']);
    expect(q.match).toBe('"nato"');
    expect(parseQuery('TYPE:Markdown').filters.kinds).toEqual(['md']);
    expect(parseQuery('type:html,pdf').filters.kinds).toEqual(['html', 'pdf']);
  });

  it('reads tag:, quoted names, several as all of them', () => {
    const q = parseQuery('tag:balkans tag:"two words" tag:Balkans');
    expect(q.filters.tags).toEqual(['balkans', 'two words']);
    expect(q.mode).toBe('filters');
    expect(q.match).toBeNull();
  });

  it('reads dates as [after, before) with partial dates', () => {
    expect(parseQuery('before:2025-03-11').filters.before).toBe('2025-03-11');
    expect(parseQuery('after:2024').filters.after).toBe('2024-01-01');
    expect(parseQuery('after:2024-3').filters.after).toBe('2024-03-01');
    const q = parseQuery('after:2020 after:2022 before:2025 before:2024-06');
    expect(q.filters).toMatchObject({ after: '2022-01-01', before: '2024-06-01' });
    expect(parseDateValue('2025-02-29')).toBeNull();
    expect(parseDateValue('2024-02-29')).toBe('2024-02-29');
    expect(parseDateValue('2025-13')).toBeNull();
  });

  it('reads in:', () => {
    expect(parseQuery('in:quotes peace').filters.scope).toBe('quotes');
    expect(parseQuery('in:notes').filters.scope).toBe('notes');
    expect(parseQuery('in:documents x').filters.scope).toBe('documents');
    expect(parseQuery('x').filters.scope).toBe('all');
  });

  it('searches a filter with a bad value as words, and says so', () => {
    let q = parseQuery('type:docx');
    expect(q.match).toBe('"type docx"');
    expect(q.notice).toMatch(/types are pdf, html, md and txt/);
    q = parseQuery('before:yesterday peace');
    expect(q.match).toBe('"before yesterday" AND "peace"');
    expect(q.notice).toMatch(/YYYY/);
    q = parseQuery('in:space');
    expect(q.match).toBe('"in space"');
    q = parseQuery('tag:');
    expect(q.match).toBe('"tag"');
    expect(parseQuery('type:constructor')).toMatchObject({ match: '"type constructor"', filters: { kinds: [] } });
    expect(parseQuery('in:toString')).toMatchObject({ match: '"in toString"', filters: { scope: 'all' } });
  });

  it('ignores a negated filter with a notice', () => {
    const q = parseQuery('nato -tag:x');
    expect(q.match).toBe('"nato"');
    expect(q.filters.tags).toEqual([]);
    expect(q.notice).toMatch(/cannot be negated/);
  });
});

describe('parseQuery: malformed input', () => {
  it('returns no match for an empty query', () => {
    for (const q of ['', '   ', '\n\t']) {
      expect(parseQuery(q)).toMatchObject({ match: null, mode: 'empty', notice: null });
    }
  });

  it('searches the words of an unclosed quote one by one', () => {
    const q = parseQuery('nato "security vacuum');
    expect(q.match).toBe('"nato" AND "security" AND "vacuum"');
    expect(q.notice).toMatch(/not closed/);
    // Operators after the quote are words too.
    expect(m('"a OR b')).toBe('"a" AND "OR" AND "b"');
  });

  it('ignores a lone * or -', () => {
    expect(parseQuery('*')).toMatchObject({ match: null, mode: 'nothing' });
    expect(parseQuery('*').notice).toMatch(/\*/);
    expect(parseQuery('nato * -')).toMatchObject({ match: '"nato"' });
    expect(parseQuery('-').notice).toMatch(/lone/);
  });

  it('searches dangling operators as words', () => {
    expect(parseQuery('OR')).toMatchObject({ match: '"or"', mode: 'match' });
    expect(parseQuery('OR').notice).toMatch(/OR/);
    expect(m('AND')).toBe('"and"');
    expect(m('NOT')).toBe('"not"');
    expect(m('nato OR')).toBe('"nato" AND "or"');
    expect(m('OR nato')).toBe('"or" AND "nato"');
    expect(m('nato NOT')).toBe('"nato" AND "not"');
    expect(m('a OR -b')).toBe('("a" AND "or") NOT "b"');
  });

  it('searches nothing for exclusions alone', () => {
    const q = parseQuery('-nato -"western balkans"');
    expect(q).toMatchObject({ match: null, mode: 'nothing' });
    expect(q.notice).toMatch(/Exclusions/);
  });

  it('searches nothing for punctuation and emoji alone, and says so', () => {
    for (const input of ['!!!', '😀', '— … ·', '""', '()', '\u0301']) {
      const q = parseQuery(input);
      expect(q.match, input).toBeNull();
      expect(q.mode, input).toBe('nothing');
      expect(q.notice, input).toBeTruthy();
    }
    expect(m('😀 nato')).toBe('"nato"');
  });

  it('drops NUL and control characters', () => {
    expect(m('na\u0000to')).toBe('"na" AND "to"');
    expect(m('a\u0007b')).toBe('"a" AND "b"');
    expect(m('lone \ud800 surrogate')).toBe('"lone" AND "surrogate"');
  });

  it('bounds long queries', () => {
    const long = parseQuery('word '.repeat(2000));
    expect(long.notice).toMatch(/first 1,000 characters/);
    expect(long.match!.split(' AND ')).toHaveLength(MAX_TERMS);
    expect(long.notice).toMatch(/first 32/);
    expect(parseQuery('x'.repeat(10_000)).match).toBe(`"${'x'.repeat(MAX_QUERY_CHARS)}"`);
  });

  it('treats smart quotes as quotes', () => {
    expect(m('“security vacuum”')).toBe('"security vacuum"');
  });
});

describe('parseQuery: fuzzing against a real FTS5 table', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(a, b, tokenize='unicode61 remove_diacritics 2', prefix='2 3');
           INSERT INTO t VALUES ('security vacuum Priština e-mail', 'NEAR OR AND NOT "quoted"'), ('a b c', 'or not');`);
  const run = db.prepare('SELECT rowid FROM t WHERE t MATCH ?');
  afterAll(() => db.close());

  const pieces = fc.constantFrom(
    '"', '""', '*', '-', '-"', ':', '(', ')', '^', '+', '{', '}', '[', ']', ',', '.', "'", '\\', '/',
    ' ', '  ', '\t', '\n', '\u0000', '\u00a0', '\u3000',
    'OR', 'AND', 'NOT', 'NEAR', 'NEAR(', 'or', 'a', 'ab', 'abc', 'security', 'Priština', 'pristina',
    'type:', 'type:pdf', 'tag:', 'tag:"', 'before:', 'before:2025', 'after:2025-13-01', 'in:', 'in:quotes',
    'title:', 'body:', '{title}:', 'rank', 'bm25(', '😀', '👍🏽', 'é', 'e\u0301', '\u0301', 'ﬁ', 'İ', '中文', 'العربية', '\ud800', '\udfff', '\ufdd0',
  );
  const queries = fc.oneof(
    fc.array(pieces, { maxLength: 24 }).map((p) => p.join('')),
    fc.array(pieces, { maxLength: 12 }).map((p) => p.join(' ')),
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: fc.constantFrom(...'"*-:() ORANDTNE\\\''.split('')), maxLength: 40 }),
  );

  it('never throws, and every MATCH it makes runs in FTS5', () => {
    fc.assert(
      fc.property(queries, (input) => {
        const q = parseQuery(input);
        if (q.match !== null) run.all(q.match);
        expect(q.mode === 'match').toBe(q.match !== null);
        if (q.mode === 'nothing') expect(q.notice).toBeTruthy();
        // The user's text appears in MATCH only inside quotes: outside them there are only our
        // operators, parentheses and * after a closing quote.
        if (q.match !== null) {
          const outside = q.match.replace(/"(?:[^"]|"")*"/g, '');
          expect(outside).toMatch(/^(?:[ ()*]|AND|OR|NOT)*$/);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it('survives a 10,000-character query of every kind of character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 5000, maxLength: 10_000 }), (input) => {
        const q = parseQuery(input);
        if (q.match !== null) run.all(q.match);
      }),
      { numRuns: 20 },
    );
  });
});
