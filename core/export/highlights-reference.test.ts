// The reference check of issue 12 item 1: real PDFs (R's manuals, copies encrypted by qpdf with
// AES-256 and RC4, and one with every page rotated) imported, annotated with many quotes —
// starting and ending mid-line and mid-word, across lines and pages, over ligatures — and exported
// as annotated PDFs; then PyMuPDF, a reader we did not write, takes the characters under each
// /Highlight's quads (those whose glyph box has its centre inside a quad: test-fitz.ts). Its
// glyphs must be the quote's: not a glyph more, not a glyph less (spaces, which readers infer
// each their own way, are not compared).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Pith } from '../pith.ts';
import { fitzHighlights, HAVE_FITZ } from './test-fitz.ts';
import { hasTool, run, tempDir } from './test-fixtures.ts';

const R_EXTS = '/usr/share/R/doc/manual/R-exts.pdf';
const R_INTRO = '/usr/share/R/doc/manual/R-intro.pdf';
const HAVE = HAVE_FITZ && hasTool('qpdf') && fs.existsSync(R_EXTS) && fs.existsSync(R_INTRO);
if (!HAVE) console.warn('skipped: the highlight reference check needs PyMuPDF, qpdf and R manuals (apt-get install python3-fitz qpdf r-doc-pdf)');

/** A quote as the test chose it: where, and what kind of boundary it exercises. */
interface Pick {
  start: number;
  end: number;
  kind: 'mid-word' | 'words' | 'lines' | 'pages' | 'ligature';
}

/** Deterministic choices: the same quotes on every run. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const LETTER = /[A-Za-z]/;
/** Inside a ligature (fi, fl, ff, ffi, ffl): one glyph for two characters, no boundary between them. */
const inLigature = (text: string, at: number): boolean => /f/.test(text[at - 1] ?? '') && /[fil]/.test(text[at] ?? '');

/** A boundary between two letters of a word, not inside a ligature. */
const midWord = (text: string, at: number): boolean => LETTER.test(text[at - 1] ?? '') && LETTER.test(text[at] ?? '') && !inLigature(text, at);

/** Lines of a page as [start, end) in the document's text, those with some prose on them. */
function linesOf(text: string, from: number, to: number): [number, number][] {
  const lines: [number, number][] = [];
  let start = from;
  for (let i = from; i <= to; i++) {
    if (i === to || text[i] === '\n') {
      if ((text.slice(start, i).match(/[A-Za-z]{3,}/g) ?? []).length >= 4) lines.push([start, i]);
      start = i + 1;
    }
  }
  return lines;
}

/** A boundary inside [from, to) that passes `ok`, near a random place; null when there is none. */
function boundary(text: string, from: number, to: number, rnd: () => number, ok: (at: number) => boolean): number | null {
  const span = to - from;
  if (span <= 2) return null;
  const first = from + 1 + Math.floor(rnd() * (span - 2));
  for (let d = 0; d < span; d++) {
    const at = from + 1 + ((first - from - 1 + d) % (span - 1));
    if (ok(at)) return at;
  }
  return null;
}

/** Quotes over a document's pages: every kind on pages spread through it. */
function chooseQuotes(text: string, pageStarts: number[], seed: number, perKind: number): Pick[] {
  const rnd = random(seed);
  const pageEnd = (p: number): number => (p + 1 < pageStarts.length ? pageStarts[p + 1]! - 2 : text.length);
  const picks: Pick[] = [];
  const pages = pageStarts.map((_, p) => p).filter((p) => linesOf(text, pageStarts[p]!, pageEnd(p)).length >= 6);
  const page = (): number => pages[Math.floor(rnd() * pages.length)]!;
  const wordStart = (at: number): boolean => LETTER.test(text[at] ?? '') && /\s/.test(text[at - 1] ?? '');
  const wordEnd = (at: number): boolean => LETTER.test(text[at - 1] ?? '') && /[\s.,;:]/.test(text[at] ?? '');
  for (let n = 0; n < perKind * 8 && picks.filter((p) => p.kind === 'mid-word').length < perKind; n++) {
    const p = page();
    const lines = linesOf(text, pageStarts[p]!, pageEnd(p));
    const [a, b] = lines[Math.floor(rnd() * lines.length)]!;
    const mid = a + Math.floor((b - a) / 2);
    const start = boundary(text, a, mid, rnd, (at) => midWord(text, at));
    const end = boundary(text, mid, b, rnd, (at) => midWord(text, at));
    if (start != null && end != null) picks.push({ start, end, kind: 'mid-word' });
  }
  for (let n = 0; n < perKind * 8 && picks.filter((p) => p.kind === 'words').length < perKind; n++) {
    const p = page();
    const lines = linesOf(text, pageStarts[p]!, pageEnd(p));
    const [a, b] = lines[Math.floor(rnd() * lines.length)]!;
    const mid = a + Math.floor((b - a) / 2);
    const start = boundary(text, a - 1, mid, rnd, wordStart);
    const end = boundary(text, mid, b + 1, rnd, wordEnd);
    if (start != null && end != null) picks.push({ start, end, kind: 'words' });
  }
  for (let n = 0; n < perKind * 8 && picks.filter((p) => p.kind === 'lines').length < perKind; n++) {
    const p = page();
    const lines = linesOf(text, pageStarts[p]!, pageEnd(p));
    const i = Math.floor(rnd() * (lines.length - 2));
    const [a1, b1] = lines[i]!;
    const [a2, b2] = lines[i + 1 + Math.floor(rnd() * 2)]!;
    const start = boundary(text, a1, b1, rnd, (at) => midWord(text, at));
    const end = boundary(text, a2, b2, rnd, (at) => midWord(text, at));
    if (start != null && end != null) picks.push({ start, end, kind: 'lines' });
  }
  for (let n = 0; n < perKind * 8 && picks.filter((p) => p.kind === 'pages').length < perKind; n++) {
    const p = page();
    if (p + 1 >= pageStarts.length) continue;
    const last = linesOf(text, pageStarts[p]!, pageEnd(p)).at(-1);
    const first = linesOf(text, pageStarts[p + 1]!, pageEnd(p + 1))[0];
    if (!last || !first) continue;
    const start = boundary(text, last[0], last[1], rnd, (at) => midWord(text, at));
    const end = boundary(text, first[0], first[1], rnd, (at) => midWord(text, at));
    if (start != null && end != null) picks.push({ start, end, kind: 'pages' });
  }
  // Words with a ligature, quoted from inside the word before to inside the word after.
  const ligatures = [...text.matchAll(/[A-Za-z]*(?:ffi|ffl|fi|fl|ff)[A-Za-z]*/g)].filter((m) => /^[a-z]/.test(m[0]) && m[0].length >= 5);
  for (let n = 0; n < perKind * 8 && picks.filter((p) => p.kind === 'ligature').length < perKind && ligatures.length; n++) {
    const m = ligatures[Math.floor(rnd() * ligatures.length)]!;
    const lineStart = text.lastIndexOf('\n', m.index) + 1;
    const lineEnd = text.indexOf('\n', m.index) === -1 ? text.length : text.indexOf('\n', m.index);
    const start = boundary(text, lineStart, m.index, rnd, (at) => midWord(text, at));
    const end = boundary(text, m.index + m[0].length, lineEnd, rnd, (at) => midWord(text, at));
    if (start != null && end != null) picks.push({ start, end, kind: 'ligature' });
  }
  return picks;
}

/**
 * What the glyphs say, as both sides are compared: compatibility forms (ligature characters) and
 * no whitespace — spaces are not glyphs, and readers infer them differently ("NEWS. Rd", ". . .")
 * — nor hyphens between two letters (a line-end hyphen one side joins and the other keeps). A
 * glyph too many or too few at either end of a quote still shows.
 */
const glyphs = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\s\u00ad]+/g, '')
    .replace(/(\p{L})[-\u2010](?=\p{L})/gu, '$1');

const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe.skipIf(!HAVE)('exported highlights cover exactly their quotes (PyMuPDF reading real PDFs)', () => {
  const dir = tempDir('pith-reference-');
  let pith: Pith;
  const files: Record<string, string> = {};
  const ids = new Map<string, string>();

  beforeAll(async () => {
    const aes = path.join(dir, 'R-intro-aes256.pdf');
    const rc4 = path.join(dir, 'R-intro-rc4.pdf');
    run('qpdf', ['--encrypt', '', 'owner', '256', '--', R_INTRO, aes]);
    const rotated = path.join(dir, 'R-intro-rotated.pdf');
    run('qpdf', ['--allow-weak-crypto', '--encrypt', '', 'owner', '128', '--use-aes=n', '--', R_INTRO, rc4]);
    // Every page turned a quarter (/Rotate 90): the quads stay in the page's own, unrotated space.
    run('qpdf', ['--rotate=+90', '--', R_INTRO, rotated]);
    Object.assign(files, { 'R-exts': R_EXTS, 'R-intro': R_INTRO, 'R-intro, AES-256': aes, 'R-intro, RC4': rc4, 'R-intro, pages rotated': rotated });
    pith = Pith.open(path.join(dir, 'archive'), { upgrade: false });
    const report = await pith.importPaths({ paths: Object.values(files) });
    for (const [name, file] of Object.entries(files)) {
      const result = report.results.find((r) => r.path === file);
      expect(result?.status, `${name}: ${result?.reason ?? ''}`).toBe('imported');
      ids.set(name, result!.documentId!);
    }
  }, 300_000);

  afterAll(async () => {
    await pith?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(['R-exts', 'R-intro', 'R-intro, AES-256', 'R-intro, RC4', 'R-intro, pages rotated'])('%s', async (name) => {
    const doc = await pith.getDocument({ id: ids.get(name)! });
    const picks = chooseQuotes(doc.text, doc.pageStarts!, name.length * 7919, name === 'R-exts' ? 16 : 8);
    expect(new Set(picks.map((p) => p.kind)).size, 'every kind of quote was found').toBe(5);

    const expected = new Map<string, { quote: string; kind: Pick['kind'] }>();
    for (const [i, pick] of picks.entries()) {
      const label = `ref-${i}`;
      const a = await pith.addAnnotation({ documentId: doc.id, position: { start: pick.start, end: pick.end }, comment: label });
      expected.set(label, { quote: a.quote!.exact, kind: pick.kind });
    }
    const out = path.join(dir, `${name.replace(/\W+/g, '-')}.annotated.pdf`);
    const exported = await pith.exportAnnotations({ format: 'pdf', documentIds: [doc.id], out });
    expect(exported.failed).toEqual([]);

    // A highlight over two pages is two /Highlight annotations with the same contents.
    const read = new Map<string, string>();
    for (const h of fitzHighlights(out)) {
      const label = h.contents.split('\n')[0]!;
      read.set(label, `${read.get(label) ?? ''} ${h.text}`);
    }
    const wrong = [...expected].flatMap(([label, { quote, kind }]) => {
      const under = read.get(label) ?? '';
      return glyphs(under) === glyphs(quote) ? [] : [`${kind}: quote «${squash(quote)}» but under the quads «${squash(under)}»`];
    });
    expect(wrong, `${wrong.length} of ${expected.size} highlights miss their quote`).toEqual([]);
  }, 300_000);
});
