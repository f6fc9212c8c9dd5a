import { describe, expect, it } from 'vitest';
import { foldText } from './fold.ts';
import { MIN_FUZZY_SCORE, matchQuote, maxErrorsFor } from './match-quote.ts';

describe('matchQuote', () => {
  const text = 'It was the best of times, it was the worst of times, it was the age of wisdom.';
  const folded = foldText(text);

  it('scores the quote found where it was, in its context, as 1', () => {
    const m = matchQuote(folded, 'the worst of times', { prefix: 'best of times, it was ', suffix: ', it was', hint: 33 });
    expect(m).toMatchObject({ start: 33, end: 51, errors: 0 });
    expect(m!.score).toBeCloseTo(1, 5);
  });

  it('finds a quote with an edited word', () => {
    const m = matchQuote(folded, 'it was the age of wizdom');
    expect(text.slice(m!.start, m!.end)).toBe('it was the age of wisdom');
    expect(m!.errors).toBe(1);
  });

  it('lets the prefix and suffix choose between equally close candidates', () => {
    const m = matchQuote(folded, 'of timez', { prefix: 'the worst ', suffix: ', it was the age' });
    expect(m!.start).toBe(text.indexOf('of times, it was the age'));
  });

  it('lets proximity break a tie when the context says nothing', () => {
    const t = foldText('abc xyz abc xyz abc');
    expect(matchQuote(t, 'abd', { hint: 16 }, 1)!.start).toBe(16);
    expect(matchQuote(t, 'abd', { hint: 0 }, 1)!.start).toBe(0);
  });

  it('gives up beyond the allowed number of errors', () => {
    expect(matchQuote(folded, 'the age of reason and foolishness')).toBeNull();
    expect(matchQuote(folded, '')).toBeNull();
    expect(matchQuote(foldText(''), 'quote')).toBeNull();
  });

  it('ignores whitespace and case differences at no cost', () => {
    const m = matchQuote(folded, 'THE  WORST\nOF TIMES');
    expect(m).toMatchObject({ start: 33, end: 51, errors: 0 });
  });

  it('scores a match whose context is gone below a well-placed one', () => {
    const alone = matchQuote(foldText('xxxxxxxxxxxxxxxxxxxxxxx it was the age of wizdom qqqqqqqqqqqqqqqqqqqqqq'), 'it was the age of wisdom', {
      prefix: 'the worst of times, ',
      suffix: '.',
    });
    expect(alone!.score).toBeLessThan(MIN_FUZZY_SCORE);
  });

  it('allows a quarter of a quote as errors, at most 256', () => {
    expect(maxErrorsFor(3)).toBe(0);
    expect(maxErrorsFor(40)).toBe(10);
    expect(maxErrorsFor(10_000)).toBe(256);
  });
});
