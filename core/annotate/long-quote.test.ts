// A long quote that is not in the document: the closest-passage search is bounded (it compared a
// 10 KB quote with 4,000 edits allowed against a 1 MB text: 4–7 s on one core, blocking the
// process), and the answer is still the helpful "Closest passage". Times are printed, not asserted.
import { describe, expect, it } from 'vitest';
import { closestPassage } from '../anchoring/find-quote.ts';
import { foldText } from '../anchoring/fold.ts';
import { locateSpan } from './locate.ts';

/** mulberry32: a small seeded generator with no short period (the text must not repeat itself). */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const rnd = random(13);
const syllables = ['ka', 'lo', 'mi', 'ne', 'sto', 'ra', 'vi', 'tu', 'pre', 'den', 'gal', 'or', 'is', 'ben', 'chu'];
const vocabulary = Array.from({ length: 400 }, () => Array.from({ length: 2 + Math.floor(rnd() * 3) }, () => syllables[Math.floor(rnd() * syllables.length)]).join(''));
const sentence = (words: string[]) => `${Array.from({ length: 8 + Math.floor(rnd() * 10) }, () => words[Math.floor(rnd() * words.length)]).join(' ')}. `;
let body = '';
while (body.length < 1_000_000) body += sentence(vocabulary);
const title = 'A long report';

/** 10 KB of the text from `at`, misquoted: every 40th character replaced. */
const AT = 400_000;
const misquoted = [...body.slice(AT, AT + 10_000)].map((c, i) => (i % 40 === 20 ? 'Q' : c)).join('');
/** 10 KB of words the text never uses. */
const foreign = ['zebra', 'quantum', 'violet', 'harbor', 'pepper', 'lantern', 'orbit', 'walnut'];
let stranger = '';
while (stranger.length < 10_000) stranger += sentence(foreign);

function timed<T>(label: string, f: () => T): T {
  const t = performance.now();
  try {
    return f();
  } finally {
    console.log(`${label}: ${Math.round(performance.now() - t)} ms`);
  }
}

function refusal(quote: string): string {
  try {
    locateSpan({ title, body }, { quote });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the quote was found');
}

describe('a 10 KB quote not in a 1 MB text', () => {
  it('is refused with the closest passage, a stretch of the place it was misquoted from', () => {
    const folded = foldText(body);
    const span = timed('closestPassage, misquoted 10 KB', () => closestPassage(body, misquoted, folded));
    expect(span).not.toBeNull();
    expect(span!.start).toBeGreaterThanOrEqual(AT - 10);
    expect(span!.end).toBeLessThanOrEqual(AT + 10_010);
    expect(span!.end - span!.start).toBeGreaterThan(200);

    const message = timed('locateSpan, misquoted 10 KB', () => refusal(misquoted));
    expect(message).toMatch(/^The quote was not found in "A long report"\. Closest passage: "/);
    // The passage shown is the text at the place the quote came from.
    const shown = message.match(/Closest passage: "(.*?)…?"$/)![1]!.replace(/…$/, '');
    expect(body.slice(AT - 300, AT + 10_300).replace(/\s+/g, ' ')).toContain(shown.slice(0, 100));
  });

  it('is refused without a passage when nothing is alike', () => {
    expect(timed('closestPassage, foreign 10 KB', () => closestPassage(body, stranger))).toBeNull();
    expect(timed('locateSpan, foreign 10 KB', () => refusal(stranger))).toBe('The quote was not found in "A long report".');
  });
});
