import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseQuery } from '../../core/search/query.ts';
import { tokenize as coreTokenize } from '../../core/search/unicode61.ts';
import { findInText, findQueryInText, findTypedInText, hitPlace, matchAtOrAfter, queryClauses } from './find.ts';
import { findQuery, foldToken, tokenize } from '../../core/search/text-match.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const at = (text: string, query: string) => findInText(text, query, false).map((m) => text.slice(m.start, m.end));

describe('find in a document', () => {
  it('folds case and diacritics as the index does', () => {
    const text = 'Talks in Priština and PRISTINA; not in Pristinas.';
    expect(at(text, 'pristina')).toEqual(['Priština', 'PRISTINA']);
    expect(at(text, 'Priština')).toEqual(['Priština', 'PRISTINA']);
    // Decomposed accents are dropped inside a word, and the mark covers them.
    const decomposed = 'Pris\u030Ctina talks';
    expect(findInText(decomposed, 'pristina', false)).toEqual([{ start: 0, end: 9 }]);
  });

  it('does not fold what the index keeps apart', () => {
    // FTS5 keeps й apart from и (Russian), as it keeps ß apart from ss.
    expect(at('мой мои', 'мой')).toEqual(['мой']);
    expect(at('Straße strasse', 'strasse')).toEqual(['strasse']);
  });

  it('matches whole words, and prefixes for word*', () => {
    const text = 'Security, insecurity and secure securities; SECURE.';
    expect(at(text, 'secure')).toEqual(['secure', 'SECURE']);
    expect(at(text, 'secur*')).toEqual(['Security', 'secure', 'securities', 'SECURE']);
  });

  it('matches a phrase across a line break, punctuation and hyphens, as offsets of the text', () => {
    const text = 'The pledge:\nwill not allow a security\r\nvacuum to emerge. An e-mail.';
    const found = findInText(text, '"security vacuum" "e mail"', false);
    expect(found.map((m) => text.slice(m.start, m.end))).toEqual(['security\r\nvacuum', 'e-mail']);
    expect(found[0]).toEqual({ start: text.indexOf('security'), end: text.indexOf('vacuum') + 'vacuum'.length });
  });

  it('finds every occurrence of repeated words, in reading order, merging overlaps', () => {
    const text = 'array bounds, array; arrays. Fortran array bounds checking';
    expect(findInText(text, 'array', false)).toEqual([
      { start: 0, end: 5 },
      { start: 14, end: 19 },
      { start: 37, end: 42 },
    ]);
    // A phrase and one of its words: one span where they overlap.
    expect(at(text, '"fortran array" "array bounds" checking')).toEqual(['array bounds', 'Fortran array bounds', 'checking']);
  });

  it('marks words, phrases and prefixes, never exclusions, operators or filters', () => {
    const text = 'kosovo serbia belgrade tag defence pdf 2025';
    expect(at(text, 'kosovo OR serbia -belgrade tag:defence type:pdf after:2025 NOT pdf')).toEqual(['kosovo', 'serbia']);
    expect(at(text, 'tag:"two words" kosovo')).toEqual(['kosovo']);
  });

  it('reads the last word as a prefix while typing, as the search box does', () => {
    expect(findInText('a security vacuum', 'vacu').map((m) => m.start)).toEqual([11]);
    expect(findInText('a security vacuum', 'vacu ')).toEqual([]);
    expect(findInText('anything', '')).toEqual([]);
    expect(findInText('anything', '"unclosed')).toEqual([]);
    expect(findInText('odd ( text', '( ) * - "')).toEqual([]);
  });

  it('finds the first passage where every word of the query is close to the others', () => {
    const text = `Array types first. ${'Unrelated prose here. '.repeat(40)}4.3.8 Fortran array bounds checking. Fortran again.`;
    const found = findQueryInText(text, 'Fortran array bounds checking', false);
    expect(found.matches.map((m) => text.slice(m.start, m.end))).toEqual(['Array', 'Fortran', 'array', 'bounds', 'checking', 'Fortran']);
    expect(found.passage).toBe(text.indexOf('Fortran'));
    // OR: either word completes the passage; one clause: its first match.
    expect(findQueryInText(text, 'prose (types OR zebra)', false).passage).toBe(text.indexOf('types'));
    expect(findQueryInText(text, 'fortran', false).passage).toBe(text.indexOf('Fortran'));
    expect(findQueryInText(text, 'types again', false).passage).toBeNull();
  });

  it('goes to the first match at or after an offset', () => {
    const matches = [
      { start: 2, end: 5 },
      { start: 10, end: 12 },
    ];
    expect(matchAtOrAfter(matches, 0)).toBe(0);
    expect(matchAtOrAfter(matches, 6)).toBe(1);
    expect(matchAtOrAfter(matches, 11)).toBe(1);
    expect(matchAtOrAfter(matches, 99)).toBe(1);
    expect(matchAtOrAfter([], 3)).toBe(-1);
  });
});

describe('the rules are the search index’s', () => {
  it('marks the terms the search matches, leaving out exclusions, operators and filters', () => {
    expect(queryClauses('pristina "security vacuum" -kosovo')).toEqual([
      [{ tokens: ['pristina'], prefix: false }],
      [{ tokens: ['security', 'vacuum'], prefix: false }],
    ]);
    expect(queryClauses('tag:defence type:pdf after:2025-01-01 secur*')).toEqual([[{ tokens: ['secur'], prefix: true }]]);
    expect(queryClauses('(nato OR kfor) troops').flat()).toEqual([
      { tokens: ['nato'], prefix: false },
      { tokens: ['kfor'], prefix: false },
      { tokens: ['troops'], prefix: false },
    ]);
  });

  it('tokenizes as unicode61 does', () => {
    for (const s of ['e-mail U.S. Priština, 2025!', '😀 — … \u0301', 'a\u0301b', '\ud800x', 'Ｆｕｌｌ width ǅ']) {
      expect(tokenize(s)).toEqual(coreTokenize(s));
    }
  });

  it('folds as FTS5 does', () => {
    expect(foldToken('PRIŠTINA')).toBe('pristina');
    expect(foldToken('Ŀ')).toBe(foldToken('ŀ'));
    expect(findQuery('ǅemal', [[{ tokens: ['ǆemal'], prefix: false }]]).spans).toHaveLength(1);
  });
});

describe('naming where matches are', () => {
  it('names where a hit is: a page label, a page number, a heading, or nothing', () => {
    expect(hitPlace({ offset: 9, page: 27, pageLabel: 'xii' })).toBe('p. xii');
    expect(hitPlace({ offset: 9, page: 27 })).toBe('p. 27');
    expect(hitPlace({ offset: 9, heading: 'Installing packages' })).toBe('Installing packages');
    expect(hitPlace({ offset: 9 })).toBe('');
    expect(hitPlace(undefined)).toBe('');
  });
});

describe('what the find bar finds', () => {
  const text = 'Run R CMD check first; then check R again. R  CMD\nchecking works too.';
  const found = (input: string) => findTypedInText(text, input).matches.map((m) => text.slice(m.start, m.end));

  it('finds plain words typed into it as one phrase, the last word as a prefix', () => {
    expect(found('R CMD check')).toEqual(['R CMD check', 'R  CMD\nchecking']);
    expect(found('r cmd che')).toEqual(['R CMD check', 'R  CMD\nchecking']);
    expect(found('check')).toEqual(['check', 'check', 'checking']);
  });

  it('reads the query syntax as the search does', () => {
    expect(found('"R CMD" OR again')).toEqual(['R CMD', 'again', 'R  CMD']);
    expect(found('-check again')).toEqual(['again']);
  });
});
