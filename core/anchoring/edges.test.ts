import { describe, expect, it } from 'vitest';
import { alignToContext, refineEdges, widenToWords } from './edges.ts';

const text = 'the dialogue between Belgrade and Pristina resumed';
const span = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length });
const cut = (r: { start: number; end: number }) => text.slice(r.start, r.end);

describe('widenToWords', () => {
  it('widens a match that starts or ends inside a word when the quote had whole words', () => {
    const quote = { exact: 'talks between Belgrade and Pristin', prefix: 'the ', suffix: ' ' };
    // (The quote ends mid-word only because the test says so: its suffix starts with a space.)
    expect(cut(widenToWords(text, span('ialogue between Belgrade and Prist'), quote))).toBe('dialogue between Belgrade and Pristina');
  });

  it('leaves a match alone when the quote itself started or ended inside a word', () => {
    const quote = { exact: 'alks between', prefix: 'the t', suffix: 'x' };
    expect(cut(widenToWords(text, span('ialogue between'), quote))).toBe('ialogue between');
  });

  it('handles matches at the very start and end of the text', () => {
    const quote = { exact: 'The dialog', prefix: '', suffix: '' };
    expect(cut(widenToWords(text, span('he dialog'), quote))).toBe('the dialogue');
    const end = { exact: 'resumes', prefix: ' ', suffix: '' };
    expect(cut(widenToWords(text, span('esume'), end))).toBe('resumed');
  });

  it('does not widen across a run of letters longer than a word', () => {
    const long = 'x'.repeat(100) + 'abc';
    const r = widenToWords(long, { start: 100, end: 103 }, { exact: 'abc', prefix: ' ', suffix: '' });
    expect(r).toEqual({ start: 100, end: 103 });
  });
});

describe('alignToContext', () => {
  const t = 'He met with envoys of international missions in Kosovo, and left.';
  const quote = { exact: 'representatives of international missions in Kosovo', prefix: 'He met with ', suffix: ', and left.' };

  it('moves the start past words that belong to the stored prefix', () => {
    const r = alignToContext(t, { start: t.indexOf('with'), end: t.indexOf(',') }, quote);
    expect(t.slice(r.start, r.end)).toBe('envoys of international missions in Kosovo');
  });

  it('moves the end back before words that belong to the stored suffix', () => {
    const r = alignToContext(t, { start: t.indexOf('envoys'), end: t.indexOf(' left') }, quote);
    expect(t.slice(r.start, r.end)).toBe('envoys of international missions in Kosovo');
  });

  it('leaves edges alone where the context agrees no better inside the match', () => {
    const span = { start: t.indexOf('envoys'), end: t.indexOf(',') };
    expect(alignToContext(t, span, quote)).toEqual(span);
    expect(alignToContext(t, span, { ...quote, prefix: '', suffix: '' })).toEqual(span);
  });

  it('ignores agreement on a character or two: any space agrees with a prefix ending in a space', () => {
    const u = 'The talks closes with dialogue between Belgrade and Pristina.';
    const q = { exact: 'talks between Belgrade and Pristina', prefix: 'paragraph closes with ', suffix: '.' };
    const span = { start: u.indexOf('ialogue'), end: u.length - 1 };
    expect(alignToContext(u, span, q)).toEqual(span);
  });

  it('runs before widening in refineEdges', () => {
    const r = refineEdges(t, { start: t.indexOf('with'), end: t.indexOf('Kosovo') + 3 }, quote);
    expect(t.slice(r.start, r.end)).toBe('envoys of international missions in Kosovo');
  });
});
