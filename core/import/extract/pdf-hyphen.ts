// Whether a word broken by a hyphen at a line end is one word ("dom-⏎inated" → "dominated") or a
// compound that happens to break at its own hyphen ("well-⏎known" → "well-known").
//
// The rule, in order (the first that applies decides):
//  1. A soft hyphen (U+00AD) was put there by the typesetter: join.
//  2. Nothing but letters can be joined: when the part before the hyphen is not all letters (a
//     number "3-⏎dimensional", a part after another hyphen "state-of-⏎the-art", an option
//     "--with-⏎blas"), keep the hyphen.
//  3. The page itself knows: the joined form written elsewhere on the page ("dominated") joins;
//     the hyphenated form written elsewhere mid-line ("well-known") keeps the hyphen.
//  4. Hyphenation programs never leave a single letter before the break (TeX's \lefthyphenmin is
//     2), so a one-letter part ("e-⏎mail", "x-⏎axis") is a compound: keep.
//  5. A part that is a compound-forming word ("well", "self", "non", "built", "two"…) keeps the
//     hyphen: these words are almost always written hyphenated, and joining them makes forms
//     nobody types ("wellknown").
//  6. A capitalised part ("Runge-⏎kutta", "Fisher-⏎scoring") keeps the hyphen: names and
//     capitalised compounds are hyphenated on purpose.
//  7. Otherwise it is a word broken by hyphenation: join.
// Kept or joined, the line break goes: the two halves are one word in the text.

/** Words that form hyphenated compounds far more often than they begin a longer word. */
const COMPOUND_FIRST = new Set([
  'well', 'self', 'non', 'ill', 'half', 'all', 'ex', 'so', 'cross', 'built', 'user', 'run', 'one',
  'two', 'three', 'four', 'five', 'six', 'left', 'right', 'high', 'low', 'long', 'short', 'first',
  'second', 'third', 'case', 'zero', 'end', 'top', 'quasi', 'pseudo', 'front', 'back', 'read',
  'open', 'time', 'real', 'large', 'small', 'data', 'line', 'full', 'multi', 'sub', 'semi', 'anti',
]);

export type HyphenChoice = 'join' | 'keep';

export interface HyphenContext {
  /** Lower-cased words of the page (punctuation around them stripped, inner hyphens kept). */
  has(word: string): boolean;
}

/**
 * before: the characters of the word before the hyphen (as far back as the line's word goes);
 * after: the letters starting the next line; soft: the hyphen is U+00AD.
 */
export function hyphenChoice(before: string, after: string, soft: boolean, page: HyphenContext): HyphenChoice {
  if (soft) return 'join';
  before = before.replace(/^[^\p{L}\p{N}\-\u2010]+/u, ''); // opening quotes and brackets
  const m = /\p{L}+$/u.exec(before);
  if (!m || m.index !== 0 || after.length === 0) return 'keep';
  const b = before.toLowerCase();
  const a = after.toLowerCase();
  if (page.has(b + a)) return 'join';
  if (page.has(b + '-' + a)) return 'keep';
  if (before.length === 1) return 'keep';
  if (COMPOUND_FIRST.has(b)) return 'keep';
  if (before[0] !== b[0]) return 'keep';
  return 'join';
}
