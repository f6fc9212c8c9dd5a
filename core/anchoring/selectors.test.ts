import { describe, expect, it } from 'vitest';
import { CONTEXT_LENGTH, describeSpan, isValidSpan, trimSpan } from './selectors.ts';

const text = 'a'.repeat(40) + 'QUOTE' + 'b'.repeat(40);

describe('describeSpan', () => {
  it('keeps 32 characters of context either side and the position', () => {
    const s = describeSpan(text, 40, 45);
    expect(s.quote.exact).toBe('QUOTE');
    expect(s.quote.prefix).toBe('a'.repeat(CONTEXT_LENGTH));
    expect(s.quote.suffix).toBe('b'.repeat(CONTEXT_LENGTH));
    expect(s.position).toEqual({ start: 40, end: 45 });
  });

  it('has an empty prefix at the very start and an empty suffix at the very end', () => {
    expect(describeSpan('QUOTE and more', 0, 5).quote.prefix).toBe('');
    expect(describeSpan('more and QUOTE', 9, 14).quote.suffix).toBe('');
  });

  it('does not split a surrogate pair at the edge of the context', () => {
    const t = '😀' + 'x'.repeat(31) + 'Q' + 'y'.repeat(31) + '😀';
    const s = describeSpan(t, 33, 34);
    expect(s.quote.prefix).toBe('x'.repeat(31));
    expect(s.quote.suffix).toBe('y'.repeat(31));
  });
});

describe('trimSpan', () => {
  it('leaves out surrounding whitespace', () => {
    expect(trimSpan('  ab \n', 0, 6)).toEqual({ start: 2, end: 4 });
  });
  it('is null for a span of whitespace only', () => {
    expect(trimSpan('a   b', 1, 4)).toBeNull();
  });
});

describe('isValidSpan', () => {
  it('accepts non-empty integer spans inside the text', () => {
    expect(isValidSpan('abc', 0, 3)).toBe(true);
    expect(isValidSpan('abc', 1, 1)).toBe(false);
    expect(isValidSpan('abc', -1, 2)).toBe(false);
    expect(isValidSpan('abc', 0, 4)).toBe(false);
    expect(isValidSpan('abc', 0.5, 2)).toBe(false);
    expect(isValidSpan('abc', '0', 2)).toBe(false);
  });
});
