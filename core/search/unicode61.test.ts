import { describe, expect, it } from 'vitest';
import { isTokenChar, isVanishing, tokenize } from './unicode61.ts';
import { probeUnicode61 } from './unicode61-gen.ts';
import { foldToken } from './text-match.ts';

describe('unicode61 table', () => {
  it('agrees with the FTS5 tokenizer of the bundled SQLite on every code point of the BMP', () => {
    // The astral planes are checked by regenerating the table (unicode61-gen.ts); the BMP is what
    // queries are made of, and checking it takes about a second.
    const { token, vanishing, folds } = probeUnicode61(1, 0xffff);
    const tokens = new Set(token);
    const vanishes = new Set(vanishing);
    const wrong: string[] = [];
    for (let cp = 1; cp <= 0xffff; cp++) {
      if (cp >= 0xd800 && cp <= 0xdfff) continue;
      if (isTokenChar(cp) !== tokens.has(cp) || isVanishing(cp) !== vanishes.has(cp)) wrong.push(cp.toString(16));
    }
    expect(wrong).toEqual([]);
    // And the matcher of the reader (text-match.ts) folds each of them as the tokenizer does.
    const folded = new Map(folds);
    const misfolded: string[] = [];
    for (const cp of token) {
      if (vanishes.has(cp)) continue;
      const want = String.fromCodePoint(folded.get(cp) ?? cp);
      if (foldToken(String.fromCodePoint(cp)) !== want) misfolded.push(cp.toString(16));
    }
    expect(misfolded).toEqual([]);
  });

  it('cuts text into words', () => {
    expect(tokenize('e-mail U.S. Priština, 2025!')).toEqual(['e', 'mail', 'U', 'S', 'Priština', '2025']);
    expect(tokenize('😀 — … \u0301')).toEqual([]);
    expect(tokenize('a\u0301b')).toEqual(['a\u0301b']);
    expect(tokenize('\ud800x')).toEqual(['x']);
    expect(isTokenChar(0xd800)).toBe(false);
  });
});
