import { describe, expect, it } from 'vitest';
import { foldString, foldText, foldedOffset, originalSpan } from './fold.ts';

describe('foldText', () => {
  it('collapses whitespace runs, newlines included, into one space', () => {
    const f = foldText('a \n\t b  c');
    expect(f.text).toBe('a b c');
    // The space stands for the whole run it replaced.
    expect(originalSpan(f, 1, 2)).toEqual({ start: 1, end: 5 });
  });

  it('lower-cases and drops diacritics, keeping one unit per letter', () => {
    const f = foldText('Priština É');
    expect(f.text).toBe('pristina e');
    expect(f.text.length).toBe('Priština É'.length);
  });

  it('folds decomposed letters: the combining mark joins the letter before it', () => {
    const text = 'Pris\u030Ctina';
    const f = foldText(text);
    expect(f.text).toBe('pristina');
    expect(originalSpan(f, 0, f.text.length)).toEqual({ start: 0, end: text.length });
    // "s" covers the s and its caron.
    expect(originalSpan(f, 3, 4)).toEqual({ start: 3, end: 5 });
  });

  it('maps typographic quotes and dashes to ASCII', () => {
    expect(foldString('NATO’s “vacuum” – now')).toBe('nato\'s "vacuum" - now');
  });

  it('expands ligatures and ellipses, each unit pointing at its source character', () => {
    const f = foldText('ﬁnd…');
    expect(f.text).toBe('find...');
    expect(originalSpan(f, 0, 2)).toEqual({ start: 0, end: 1 });
    expect(originalSpan(f, 4, 7)).toEqual({ start: 3, end: 4 });
  });

  it('drops soft hyphens and zero-width spaces', () => {
    const f = foldText('secu\u00ADrity\u200B!');
    expect(f.text).toBe('security!');
    expect(originalSpan(f, 0, 8)).toEqual({ start: 0, end: 10 });
  });

  it('treats non-breaking and other Unicode spaces as whitespace', () => {
    expect(foldString('a\u00A0\u2003b\u2028c')).toBe('a b c');
  });

  it('keeps astral characters whole', () => {
    const f = foldText('a 😀 b');
    expect(f.text).toBe('a 😀 b');
    expect(originalSpan(f, 2, 4)).toEqual({ start: 2, end: 4 });
  });

  it('handles empty text', () => {
    const f = foldText('');
    expect(f.text).toBe('');
    expect(f.starts.length).toBe(0);
  });

  it('finds the folded offset of an original offset', () => {
    const f = foldText('a   b c');
    expect(foldedOffset(f, 0)).toBe(0);
    expect(foldedOffset(f, 4)).toBe(2); // "b"
    expect(foldedOffset(f, 2)).toBe(2); // inside the run: the next unit
    expect(foldedOffset(f, 99)).toBe(f.text.length);
  });

  it('folds a long text, keeping an original offset for every folded unit', () => {
    const text = 'Priština, “NATO” — security vacuum.\n\n'.repeat(20_000); // ~740k chars
    const f = foldText(text);
    expect(f.text.length).toBe(f.starts.length);
  });
});
