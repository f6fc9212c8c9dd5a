import { describe, expect, it } from 'vitest';
import { closestPassage, findQuote, occurrences } from './find-quote.ts';

const text =
  'NATO and its partners are present and engaged, and\n"will not allow a  security vacuum to emerge." ' +
  'NATO will not allow a security vacuum in Bosnia. Priština hosted the visit.';

describe('findQuote', () => {
  it('finds a quote as typed', () => {
    const r = findQuote(text, 'security vacuum to emerge');
    expect(r.span).not.toBeNull();
    expect(text.slice(r.span!.start, r.span!.end)).toBe('security vacuum to emerge');
    expect(r.folded).toBe(false);
  });

  it('matches a quote typed with single spaces against newlines and double spaces', () => {
    const r = findQuote(text, 'engaged, and "will not allow a security vacuum');
    expect(r.span).not.toBeNull();
    expect(text.slice(r.span!.start, r.span!.end)).toBe('engaged, and\n"will not allow a  security vacuum');
    expect(r.folded).toBe(true);
  });

  it('matches a quote in other case and without diacritics', () => {
    const r = findQuote(text, 'PRISTINA HOSTED');
    expect(text.slice(r.span!.start, r.span!.end)).toBe('Priština hosted');
  });

  it('ignores whitespace around the quote', () => {
    const r = findQuote(text, '  Bosnia.  ');
    expect(text.slice(r.span!.start, r.span!.end)).toBe('Bosnia.');
  });

  it('picks the occurrence asked for (1-based) and counts them', () => {
    const first = findQuote(text, 'NATO');
    const second = findQuote(text, 'NATO', 2);
    expect(first.count).toBe(2);
    expect(first.span!.start).toBe(0);
    expect(second.span!.start).toBe(text.lastIndexOf('NATO'));
    expect(findQuote(text, 'NATO', 3)).toEqual({ span: null, count: 2, folded: false });
  });

  it('counts occurrences in folded text when the quote never occurs as typed', () => {
    const r = findQuote(text, 'will not allow a security vacuum', 2);
    // As typed, it occurs once (the first has a double space)...
    expect(r.folded).toBe(false);
    expect(r.count).toBe(1);
    // ...in other case, both count.
    const folded = findQuote(text, 'WILL NOT ALLOW A SECURITY VACUUM', 2);
    expect(folded.count).toBe(2);
    expect(text.slice(folded.span!.start, folded.span!.end)).toBe('will not allow a security vacuum');
  });

  it('finds quotes at the very start and the very end of the text', () => {
    expect(findQuote(text, 'NATO and').span).toEqual({ start: 0, end: 8 });
    const end = findQuote(text, 'the visit.');
    expect(end.span!.end).toBe(text.length);
  });

  it('finds nothing for an empty or blank quote', () => {
    expect(findQuote(text, '')).toEqual({ span: null, count: 0, folded: false });
    expect(findQuote(text, ' \n ')).toEqual({ span: null, count: 0, folded: false });
  });

  it('finds nothing for a quote that is not there', () => {
    expect(findQuote(text, 'a peace vacuum').span).toBeNull();
  });
});

describe('closestPassage', () => {
  it('offers the passage nearest a misquoted sentence', () => {
    const span = closestPassage(text, 'will not permit a security vacuum to emerge');
    expect(span).not.toBeNull();
    expect(text.slice(span!.start, span!.end)).toMatch(/not allow a\s+security vacuum to emerge/);
  });

  it('offers nothing when nothing is alike', () => {
    expect(closestPassage(text, 'zzzzzzzzzzzzzzzzzzzzzzzzzzzz')).toBeNull();
    expect(closestPassage(text, '')).toBeNull();
  });
});

describe('occurrences', () => {
  it('counts non-overlapping occurrences', () => {
    expect(occurrences('aaaa', 'aa')).toEqual([0, 2]);
    expect(occurrences('abc', '')).toEqual([]);
  });
});
