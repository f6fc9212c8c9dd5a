// Words as FTS5's unicode61 tokenizer (remove_diacritics 2) sees them, so that the query translator
// can tell a word from punctuation exactly as the index does: "e-mail" is the two tokens e, mail;
// "U.S." is u, s; "—" and "😀" are no token at all.
import { TOKEN_RANGES, VANISHING_RANGES } from './unicode61-table.ts';

function decode(table: string): Uint32Array {
  const parts = table.split(',');
  const out = new Uint32Array(parts.length * 2);
  parts.forEach((part, i) => {
    const [a, b] = part.split('-');
    out[2 * i] = parseInt(a!, 36);
    out[2 * i + 1] = parseInt(b ?? a!, 36);
  });
  return out;
}

const TOKEN = decode(TOKEN_RANGES);
const VANISHING = decode(VANISHING_RANGES);

function inRanges(ranges: Uint32Array, cp: number): boolean {
  let lo = 0;
  let hi = ranges.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < ranges[2 * mid]!) hi = mid - 1;
    else if (cp > ranges[2 * mid + 1]!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** Is this code point part of a word for unicode61? */
export function isTokenChar(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  // The table runs across the surrogate block (never probed); a lone surrogate is no letter.
  return (cp < 0xd800 || cp > 0xdfff) && inRanges(TOKEN, cp);
}

/** A token character that remove_diacritics drops (combining accents): it never makes a word alone. */
export function isVanishing(cp: number): boolean {
  return cp >= 0x300 && inRanges(VANISHING, cp);
}

/**
 * The words of `text`, as written (case and accents kept). A run of token characters that holds
 * nothing but vanishing accents is no word: the index would see an empty token.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  let current = '';
  let real = false;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isTokenChar(cp)) {
      current += ch;
      if (!isVanishing(cp)) real = true;
    } else {
      if (real) out.push(current);
      current = '';
      real = false;
    }
  }
  if (real) out.push(current);
  return out;
}
