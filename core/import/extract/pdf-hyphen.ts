// Whether a word broken by a hyphen at a line end is one word ("dom-⏎inated" → "dominated") or a
// compound that happens to break at its own hyphen ("well-⏎known" → "well-known").
//
// The rule, in order (the first that applies decides):
//  1. A soft hyphen (U+00AD) was put there by the typesetter: join.
//  2. Nothing but letters can be joined: when the part before the hyphen is not all letters (a
//     number "3-⏎dimensional", a part after another hyphen "state-of-⏎the-art", an option
//     "--with-⏎blas"), keep the hyphen.
//  3. The page itself knows: the joined form written elsewhere on the page ("dominated") joins;
//     the hyphenated form written elsewhere mid-line ("well-known") keeps the hyphen, and so does
//     a part of three letters or more that makes another compound mid-line ("Unix-alike").
//  4. Hyphenation programs never leave a single letter before the break (TeX's \lefthyphenmin is
//     2), so a one-letter part ("e-⏎mail", "x-⏎axis") is a compound: keep.
//  5. A part that is a compound-forming word ("well", "self", "non", "built", "two"…) keeps the
//     hyphen: these words are almost always written hyphenated, and joining them makes forms
//     nobody types ("wellknown"). Words that hyphenation often leaves at a line end ("sub-⏎stitutes",
//     "ex-⏎ample", "run-⏎ning", "so-⏎lution", "read-⏎ing") are not in the list.
//     Two parts of at least five letters that the page also has as words of their own
//     ("package-⏎specific", "position-⏎independent") are a compound too.
//  6. A part with capitals inside it, an acronym or a name ("OS-⏎specific", "MIT-⏎style"), keeps
//     the hyphen; so does a capitalised part the page writes elsewhere as a word of its own
//     ("Unix-⏎alikes", "Runge-⏎kutta"). Other capitalised parts are a sentence's first word broken
//     by hyphenation ("How-⏎ever", "Al-⏎though"): joined.
//  7. Otherwise it is a word broken by hyphenation: join.
// Kept or joined, the line break goes: the two halves are one word in the text.

/** Words that form hyphenated compounds far more often than they begin a longer word. */
const COMPOUND_FIRST = new Set([
  'well', 'self', 'non', 'ill', 'half', 'all', 'cross', 'built', 'user', 'one', 'two', 'three',
  'four', 'five', 'six', 'left', 'right', 'high', 'low', 'long', 'short', 'first', 'second',
  'third', 'case', 'zero', 'quasi', 'pseudo', 'front', 'real', 'large', 'small', 'full', 'line',
  'anti', 'command', 'double', 'single', 'multiple', 'end-user',
]);

export type HyphenChoice = 'join' | 'keep';

export interface HyphenContext {
  /** Lower-cased words of the page (punctuation around them stripped, inner hyphens kept). */
  has(word: string): boolean;
  /** How many times the page has this word (lower-cased). */
  count(word: string): number;
  /** Whether the page has this word, as written (capitals included). */
  hasExact(word: string): boolean;
  /** Whether a word of the page (lower-cased) starts with this prefix. */
  hasPrefix(prefix: string): boolean;
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
  // The part makes other hyphenated compounds on this page ("Unix-alike" beside "Unix-⏎alikes").
  if (b.length >= 3 && page.hasPrefix(b + '-')) return 'keep';
  if (before.length === 1) return 'keep';
  if (COMPOUND_FIRST.has(b)) return 'keep';
  // Two long parts that are both words of the page: a compound ("package-specific",
  // "position-independent"); hyphenation programs rarely split a word into two words this long.
  if (b.length >= 5 && a.length >= 5 && page.has(b) && page.count(a) >= 2) return 'keep'; // one of them may be this line's start
  // Capitals inside the part: an acronym or a name ("OS-specific", "MIT-style", "macOS-only").
  if (/.\p{Lu}/u.test(before)) return 'keep';
  // A capitalised part that the page also writes as a word of its own, capitalised ("Unix-alikes",
  // "Runge-kutta"); a sentence's first word broken by hyphenation ("How-ever") is joined.
  if (before[0] !== b[0] && before.length >= 4 && page.hasExact(before)) return 'keep';
  return 'join';
}
