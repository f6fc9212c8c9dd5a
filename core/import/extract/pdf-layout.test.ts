import { describe, expect, it } from 'vitest';
import { GLYPH_GENERATED, GLYPH_HYPHEN, GLYPH_MAP_ERROR, type PageGlyphs, type PageText } from './pdf-glyphs.ts';
import { layoutPage } from './pdf-layout.ts';

// Synthetic pages: each character advances 0.5 em along its baseline; its ink box leaves 0.05 em
// on either side, so the ink gap between two letters of a word is 0.1 em and a space (a further
// 0.5 em advance) makes a gap of 0.6 em.

interface Draw {
  text: string;
  x: number;
  y: number;
  size?: number;
  /** Baseline angle, radians counter-clockwise. */
  angle?: number;
  /** How spaces in `text` reach the engine's output: as nothing (only a gap), as the engine's
   * generated spaces, or as space characters drawn on the page. */
  spaces?: 'gap' | 'generated' | 'real';
  /** Advance per character in ems (0.5 by default). */
  advance?: number;
  /** Flags for every character of this draw. */
  flags?: number;
  /** Letters of different widths, as in a book face; otherwise every character advances alike
   * (a typewriter face). */
  proportional?: boolean;
}

/** Advance of a character of a proportional face, in ems. */
const width = (ch: string): number => ('iljtf.,;:\'!'.includes(ch) ? 0.3 : 'mwMW'.includes(ch) ? 0.8 : ch >= 'A' && ch <= 'Z' ? 0.65 : 0.5);

function glyphs(draws: Draw[], opts: { rotation?: number; width?: number; height?: number } = {}): PageGlyphs {
  const chars: { code: number; box: number[]; origin: number[]; size: number; angle: number; flags: number }[] = [];
  for (const d of draws) {
    const size = d.size ?? 10;
    const angle = d.angle ?? 0;
    const c = Math.cos(angle);
    const s = Math.sin(angle);
    let u = 0;
    for (const ch of d.text) {
      const adv = (d.proportional ? width(ch) : (d.advance ?? 0.5)) * size;
      const code = ch.codePointAt(0)!;
      const ox = d.x + u * c;
      const oy = d.y + u * s;
      // Ink from (u + 0.05 em, -0.2 em) to (u + adv - 0.05 em, 0.7 em) in the glyph's frame.
      const pts = [
        [0.05 * size, -0.2 * size],
        [adv - 0.05 * size, -0.2 * size],
        [0.05 * size, 0.7 * size],
        [adv - 0.05 * size, 0.7 * size],
      ].map(([a, b]) => [ox + a! * c - b! * s, oy + a! * s + b! * c]);
      const box = [Math.min(...pts.map((p) => p[0]!)), Math.min(...pts.map((p) => p[1]!)), Math.max(...pts.map((p) => p[0]!)), Math.max(...pts.map((p) => p[1]!))];
      if (ch === ' ') {
        const mode = d.spaces ?? 'gap';
        if (mode !== 'gap') chars.push({ code: 32, box: [ox, oy, ox, oy], origin: [ox, oy], size, angle, flags: mode === 'generated' ? GLYPH_GENERATED : 0 });
      } else chars.push({ code, box, origin: [ox, oy], size, angle, flags: d.flags ?? 0 });
      u += adv;
    }
  }
  const n = chars.length;
  const g: PageGlyphs = {
    page: 1,
    width: opts.width ?? 612,
    height: opts.height ?? 792,
    rotation: opts.rotation ?? 0,
    count: n,
    unicode: new Uint32Array(n),
    box: new Float32Array(n * 4),
    origin: new Float32Array(n * 2),
    fontSize: new Float32Array(n),
    angle: new Float32Array(n),
    flags: new Uint8Array(n),
  };
  chars.forEach((ch, i) => {
    g.unicode[i] = ch.code;
    g.box.set(ch.box, i * 4);
    g.origin.set(ch.origin, i * 2);
    g.fontSize[i] = ch.size;
    g.angle[i] = ch.angle;
    g.flags[i] = ch.flags;
  });
  return g;
}

/** The runs' characters must be exactly the page's text: every offset in at most one run. */
function checkRuns(t: PageText): void {
  const seen = new Uint8Array(t.text.length);
  for (const r of t.runs) {
    const [start, end, , , w, h] = r as [number, number, number, number, number, number];
    expect(end).toBeGreaterThan(start);
    expect(end).toBeLessThanOrEqual(t.text.length);
    expect(w).toBeGreaterThanOrEqual(0);
    expect(h).toBeGreaterThan(0);
    const edges = r.slice(6);
    expect(edges.length === 0 || edges.length === end - start - 1).toBe(true);
    for (let k = 1; k < edges.length; k++) expect(edges[k]!).toBeGreaterThanOrEqual(edges[k - 1]!);
    for (let o = start; o < end; o++) {
      expect(seen[o]).toBe(0);
      seen[o] = 1;
    }
  }
  for (let o = 0; o < t.text.length; o++) if (!seen[o]) expect(t.text[o]).toMatch(/\s/);
}

/** The x of the boundary before offset o inside its run. */
function xAt(t: PageText, o: number): number {
  const r = t.runs.find((r) => r[0]! <= o && o < r[1]!)!;
  return o === r[0] ? r[2]! : r[2]! + r[6 + o - r[0]! - 1]!;
}

/** Lines of a column of prose, each starting with its label and number ("L03a"). */
function column(x: number, top: number, lines: number, label: string, step = 12): Draw[] {
  const out: Draw[] = [];
  for (let i = 0; i < lines; i++) out.push({ text: `${label}${String(i).padStart(2, '0')}a lorem ipsum dolor sit amet`, x, y: top - i * step, proportional: true });
  return out;
}

describe('layoutPage: lines and words', () => {
  it('finds spaces from gaps, without any hint from the engine', () => {
    const t = layoutPage(glyphs([{ text: 'The quick fox', x: 72, y: 700 }]));
    expect(t.text).toBe('The quick fox');
    checkRuns(t);
    expect(t.runs).toHaveLength(1);
    // Every boundary is on the glyphs: "quick" starts at its origin, 4 advances of 5 pt in.
    expect(xAt(t, 4)).toBeCloseTo(72 + 4 * 5, 1);
  });

  it('takes the engine’s generated spaces only where there is a gap, and drawn spaces always', () => {
    // Kerned tight: a generated "space" with no gap at all is no space.
    const tight = glyphs([{ text: 'ab', x: 72, y: 700, advance: 0.4 }]);
    const g = glyphs([{ text: 'a b', x: 72, y: 700, spaces: 'generated', advance: 0.3 }]);
    expect(layoutPage(tight).text).toBe('ab');
    // Advance 0.3 em: the ink gap between "a" and "b" is 0.3 + 0.2 em - 0.1 em... the space hint holds.
    expect(layoutPage(g).text).toBe('a b');
    const real = glyphs([{ text: 'a b', x: 72, y: 700, spaces: 'real', advance: 0.2 }]);
    expect(layoutPage(real).text).toBe('a b');
  });

  it('keeps justified lines whole and splits content drawn out of order into lines by baseline', () => {
    const t = layoutPage(
      glyphs([
        { text: 'second', x: 72, y: 688 },
        { text: 'first', x: 72, y: 700 },
        { text: 'line', x: 72 + 5 * 5 + 15, y: 700 }, // a 1.5 em justified space
      ]),
    );
    expect(t.text).toBe('first line\nsecond');
    checkRuns(t);
  });

  it('keeps superscripts and subscripts in their line, drawn in place or apart', () => {
    const t = layoutPage(
      glyphs([
        { text: 'x', x: 72, y: 700 },
        { text: '2', x: 77, y: 703.5, size: 7 },
        { text: 'plus y', x: 84, y: 700 },
        { text: 'i', x: 114, y: 697.5, size: 7 },
        { text: 'Next line', x: 72, y: 686 },
        { text: '1', x: 117.5, y: 703.5, size: 6 }, // a footnote mark, drawn after everything
      ]),
    );
    expect(t.text).toBe('x2 plus yi1\nNext line');
    checkRuns(t);
  });

  it('reads a line in a right-to-left script from its right end', () => {
    // Hebrew words, each drawn in logical order, placed from the right.
    const t = layoutPage(glyphs([{ text: 'שלום', x: 300, y: 700 }, { text: 'עולם', x: 260, y: 700 }, { text: 'Next line', x: 72, y: 686 }]));
    expect(t.text).toBe('שלום עולם\nNext line');
  });

  it('leaves unmapped glyphs out of the text', () => {
    const g = glyphs([{ text: 'abcd', x: 72, y: 700 }]);
    g.unicode[1] = 0;
    g.flags[2] = GLYPH_MAP_ERROR;
    const t = layoutPage(g);
    expect(t.text).toBe('ad');
    checkRuns(t);
  });

  it('returns nothing for a page without text', () => {
    expect(layoutPage(glyphs([]))).toEqual({ text: '', runs: [] });
  });
});

describe('layoutPage: glyph edges', () => {
  it('writes a ligature as its letters, with an edge inside the glyph', () => {
    const t = layoutPage(glyphs([{ text: 'e\ufb01ne', x: 72, y: 700 }]));
    expect(t.text).toBe('efine');
    checkRuns(t);
    const [run] = t.runs;
    expect(run!.slice(6)).toHaveLength(4);
    // "f" starts at the ligature's origin, "i" inside its glyph.
    expect(xAt(t, 1)).toBeCloseTo(77, 1);
    expect(xAt(t, 2)).toBeGreaterThan(77);
    expect(xAt(t, 2)).toBeLessThan(82);
  });

  it('gives a character outside the Basic Multilingual Plane two offsets and an edge inside it', () => {
    const t = layoutPage(glyphs([{ text: 'a\u{1d400}b', x: 72, y: 700 }]));
    expect(t.text).toBe('a\u{1d400}b');
    checkRuns(t);
    expect(t.runs[0]!.slice(6)).toHaveLength(3);
  });

  it('splits a glyph the engine reports as several characters with one box', () => {
    const g = glyphs([{ text: 'afib', x: 72, y: 700 }]);
    // "fi" drawn as one glyph: the engine gives both characters the glyph's origin and box.
    g.origin.set([g.origin[2]!, g.origin[3]!], 4);
    g.box.set([g.box[4]!, g.box[5]!, g.box[8 + 2]!, g.box[7]!], 4);
    g.box.set([g.box[4]!, g.box[5]!, g.box[8 + 2]!, g.box[7]!], 8);
    const t = layoutPage(g);
    expect(t.text).toBe('afib');
    checkRuns(t);
    expect(xAt(t, 2)).toBeGreaterThan(xAt(t, 1) + 1);
  });

  it('makes a rotated character a run of its own, its box as x, y, w, h', () => {
    const t = layoutPage(
      glyphs([
        { text: 'Horizontal text here', x: 72, y: 700 },
        { text: 'Up', x: 300, y: 500, angle: Math.PI / 2 },
      ]),
    );
    expect(t.text).toBe('Horizontal text here\nUp');
    checkRuns(t);
    const up = t.runs.filter((r) => r[0]! >= t.text.indexOf('Up'));
    expect(up).toHaveLength(2);
    // "U": ink 0.05–0.45 em up the baseline and 0.2 em right to 0.7 em left of it.
    const [, , x, y, w, h] = up[0]!;
    expect(x).toBeCloseTo(293, 1);
    expect(w).toBeCloseTo(9, 1);
    expect(h).toBeCloseTo(4, 1);
    expect(y! - 0.2 * h!).toBeCloseTo(500.5, 1);
  });

  it('reads a page rotated by /Rotate in the order of its text', () => {
    // /Rotate 90: the text runs up the unrotated page, and its lines go from left to right.
    const a = Math.PI / 2;
    const t = layoutPage(
      glyphs(
        [
          { text: 'second line', x: 112, y: 100, angle: a },
          { text: 'first line', x: 100, y: 100, angle: a },
        ],
        { rotation: 90 },
      ),
    );
    expect(t.text).toBe('first line\nsecond line');
    checkRuns(t);
  });
});

describe('layoutPage: columns', () => {
  it('reads a two-column article column by column, drawn in either order', () => {
    const left = column(72, 700, 10, 'L');
    const right = column(320, 694, 10, 'R'); // baselines between the left column's
    const title = { text: 'A Title Across The Whole Page Of The Article Here Now', x: 150, y: 740, size: 14, proportional: true };
    for (const draws of [[title, ...left, ...right], [title, ...right, ...left]]) {
      const t = layoutPage(glyphs(draws));
      const lines = t.text.split('\n');
      expect(lines[0]).toBe(title.text);
      expect(lines.slice(1, 11).every((l) => l.startsWith('L'))).toBe(true);
      expect(lines.slice(11, 21).every((l) => l.startsWith('R'))).toBe(true);
      checkRuns(t);
    }
  });

  it('reads a parallel text with aligned baselines left column first, title and footer in place', () => {
    const draws: Draw[] = [{ text: 'Parallel Text Title Spanning Both Columns', x: 150, y: 740, size: 14 }];
    const left = column(72, 700, 12, 'L');
    const right = column(340, 700, 12, 'R'); // same baselines
    for (let i = 0; i < 12; i++) draws.push(left[i]!, right[i]!); // drawn line by line across
    draws.push({ text: 'Footer text that runs across the page bottom line 7', x: 150, y: 60 });
    const t = layoutPage(glyphs(draws));
    const lines = t.text.split('\n');
    expect(lines).toHaveLength(26);
    expect(lines[0]).toMatch(/^Parallel/);
    expect(lines.slice(1, 13).map((l) => l.slice(0, 3))).toEqual(left.map((d) => d.text.slice(0, 3)));
    expect(lines.slice(13, 25).map((l) => l.slice(0, 3))).toEqual(right.map((d) => d.text.slice(0, 3)));
    expect(lines[25]).toMatch(/^Footer/);
    checkRuns(t);
  });

  it('keeps the rows of a table of short cells', () => {
    const draws: Draw[] = [];
    for (let i = 0; i < 8; i++) {
      draws.push({ text: `name${i}`, x: 72, y: 700 - i * 12 }, { text: `${i * 3}.5`, x: 200, y: 700 - i * 12 }, { text: `yes`, x: 300, y: 700 - i * 12 });
    }
    const t = layoutPage(glyphs(draws));
    expect(t.text.split('\n')).toEqual(Array.from({ length: 8 }, (_, i) => `name${i} ${i * 3}.5 yes`));
  });

  it('keeps the rows of a table whose last column is prose', () => {
    const rows = [
      ['Y', 'rating', 'numeric', 'Overall rating of the whole'],
      ['X1', 'complaints', 'numeric', 'Handling of employee complaints'],
      ['X2', 'privileges', 'numeric', 'Does not allow special privileges'],
      ['X3', 'learning', 'numeric', 'Opportunity to learn new things'],
      ['X4', 'raises', 'numeric', 'Raises based on performance'],
    ];
    const draws: Draw[] = [];
    rows.forEach((r, i) => r.forEach((cell, c) => draws.push({ text: cell, x: [90, 130, 220, 300][c]!, y: 700 - i * 12, proportional: true })));
    const t = layoutPage(glyphs(draws));
    expect(t.text.split('\n')).toEqual(rows.map((r) => r.join(' ')));
  });

  it('follows the content stream where it draws a column of short entries before the next', () => {
    // An index of function names in a typewriter face: short entries, drawn column by column.
    const draws: Draw[] = [];
    for (let i = 0; i < 8; i++) draws.push({ text: `left.fun${i} (pkg), ${100 + i}`, x: 72, y: 700 - i * 12 });
    for (let i = 0; i < 8; i++) draws.push({ text: `right.fun${i} (pkg), ${200 + i}`, x: 320, y: 700 - i * 12 });
    const lines = layoutPage(glyphs(draws)).text.split('\n');
    expect(lines.slice(0, 8).every((l) => l.startsWith('left'))).toBe(true);
    expect(lines.slice(8).every((l) => l.startsWith('right'))).toBe(true);
  });

  it('keeps the rows of code with comments beside it', () => {
    const draws: Draw[] = [];
    const code = ['x <- rnorm(100) + offset', 'fit <- lm(y ~ x, data = d)', 'summary(fit)$coef', 'plot(fit, which = 1)', 'res <- resid(fit)'];
    code.forEach((c, i) => draws.push({ text: c, x: 72, y: 700 - i * 12 }, { text: `# step ${i}: the comment on this line`, x: 260, y: 700 - i * 12 }));
    const t = layoutPage(glyphs(draws));
    expect(t.text.split('\n')).toEqual(code.map((c, i) => `${c} # step ${i}: the comment on this line`));
  });

  it('keeps the rows of terms and their descriptions', () => {
    const draws: Draw[] = [];
    for (let i = 0; i < 6; i++) {
      draws.push({ text: `arg${i}`, x: 72, y: 700 - i * 12 }, { text: `the description of argument ${i}, in words`, x: 160, y: 700 - i * 12 });
    }
    const t = layoutPage(glyphs(draws));
    expect(t.text.split('\n')).toEqual(Array.from({ length: 6 }, (_, i) => `arg${i} the description of argument ${i}, in words`));
  });
});

describe('layoutPage: hyphens at line ends', () => {
  it('joins a word broken by hyphenation, leaving the hyphen out and keeping both lines’ runs', () => {
    const t = layoutPage(
      glyphs([
        { text: 'a set that is dom-', x: 72, y: 700 },
        { text: 'inated by others', x: 72, y: 688 },
      ]),
    );
    expect(t.text).toBe('a set that is dominated by others');
    checkRuns(t);
    const i = t.text.indexOf('dominated');
    // "dom" on the first line, "inated" on the second: the highlight lands on both.
    const r1 = t.runs.find((r) => r[0]! <= i && i < r[1]!)!;
    const r2 = t.runs.find((r) => r[0]! <= i + 3 && i + 3 < r[1]!)!;
    expect(r1[1]).toBe(i + 3);
    expect(r1[3]).toBe(700);
    expect(r2[0]).toBe(i + 3);
    expect(r2[3]).toBe(688);
    // The first line's run ends with the "m", not the hyphen.
    expect(r1[2]! + r1[4]!).toBeCloseTo(72 + 17 * 5 - 0.5, 1);
  });

  it('joins at a soft hyphen or the engine’s hyphen flag', () => {
    const soft = layoutPage(glyphs([{ text: 'well\u00ad', x: 72, y: 700 }, { text: 'known', x: 72, y: 688 }]));
    expect(soft.text).toBe('wellknown');
    const g = glyphs([{ text: 'hyphen\u0002', x: 72, y: 700 }, { text: 'ation', x: 72, y: 688 }]);
    g.flags[6] = GLYPH_HYPHEN;
    expect(layoutPage(g).text).toBe('hyphenation');
  });

  it('keeps the hyphen of compounds, dropping only the line break', () => {
    const cases: [string, string, string][] = [
      ['a well-', 'known fact', 'a well-known fact'],
      ['self-', 'adjoint operators', 'self-adjoint operators'],
      ['non-', 'linear terms', 'non-linear terms'],
      ['send e-', 'mail to', 'send e-mail to'],
      ['a 3-', 'dimensional array', 'a 3-dimensional array'],
      ['the OS-', 'specific code', 'the OS-specific code'],
      ['use --with-', 'blas here', 'use --with-blas here'],
    ];
    for (const [a, b, want] of cases) {
      const t = layoutPage(glyphs([{ text: a, x: 72, y: 700 }, { text: b, x: 72, y: 688 }]));
      expect(t.text).toBe(want);
      checkRuns(t);
    }
  });

  it('asks the page: a compound written hyphenated mid-line keeps its hyphen, a word written whole joins', () => {
    const keep = layoutPage(
      glyphs([
        { text: 'the data-', x: 72, y: 700 },
        { text: 'frame holds the data-frame of a', x: 72, y: 688 },
      ]),
    );
    expect(keep.text).toBe('the data-frame holds the data-frame of a');
    const join = layoutPage(
      glyphs([
        { text: 'a well-', x: 72, y: 700 },
        { text: 'spring, the wellspring', x: 72, y: 688 },
      ]),
    );
    expect(join.text).toBe('a wellspring, the wellspring');
    // A capitalised part: a name when the page writes it alone, else a sentence's first word.
    const name = layoutPage(glyphs([{ text: 'as Runge showed, the Runge-', x: 72, y: 700 }, { text: 'kutta method', x: 72, y: 688 }]));
    expect(name.text).toBe('as Runge showed, the Runge-kutta method');
    const part = layoutPage(glyphs([{ text: 'one Unix-alike, and other Unix-', x: 72, y: 700 }, { text: 'alikes too', x: 72, y: 688 }]));
    expect(part.text).toBe('one Unix-alike, and other Unix-alikes too');
    const first = layoutPage(glyphs([{ text: 'it works. How-', x: 72, y: 700 }, { text: 'ever, not always', x: 72, y: 688 }]));
    expect(first.text).toBe('it works. However, not always');
  });

  it('leaves a line break after a hyphen before a capital, and a lone dash alone', () => {
    expect(layoutPage(glyphs([{ text: 'see Gauss-', x: 72, y: 700 }, { text: 'Markov', x: 72, y: 688 }])).text).toBe('see Gauss-\nMarkov');
    expect(layoutPage(glyphs([{ text: 'items -', x: 72, y: 700 }, { text: 'more', x: 72, y: 688 }])).text).toBe('items -\nmore');
  });

  it('joins across columns, in reading order', () => {
    const left = column(72, 700, 6, 'L');
    left[5] = { text: 'L05a lorem ipsum dolor sit am-', x: 72, y: 640, proportional: true };
    const right = column(340, 700, 6, 'r');
    const t = layoutPage(glyphs([...left, ...right]));
    expect(t.text).toContain('dolor sit amr00a lorem');
  });
});
