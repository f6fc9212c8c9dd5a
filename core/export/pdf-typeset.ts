// A cleanly typeset PDF of a text, Markdown or HTML document's extracted text: title, authors
// and date, then its headings, paragraphs and lists, word-wrapped in embedded DejaVu (so
// "Priština" and "Београд" print), with page numbers. Every word drawn remembers its span in the
// document's text, so highlights are placed over their quotes as real PDF annotations.
import crypto from 'node:crypto';
import zlib from 'node:zlib';
import { PDFDocument, PDFFont, PDFName, PDFPage } from 'pdf-lib';
import type { DocumentKind } from '../types.ts';
import type { PdfRect } from '../types.ts';
import { fontBytes, PLAIN_FEATURES, sharedFontkit, type FontName } from './fonts.ts';
import type { ExportAnnotation, ExportDocument, PdfQuad } from './model.ts';
import { GENERATOR, isKeptTakeaway } from './model.ts';
import { defaultAuthor, writeAnnotations, type AnnotateResult } from './pdf-annots.ts';

export type PageSize = 'A4' | 'Letter';

export const PAGE_SIZES: Record<PageSize, [number, number]> = {
  A4: [595.28, 841.89],
  Letter: [612, 792],
};

const MM = 72 / 25.4;
const MARGIN = { left: 22 * MM, right: 22 * MM, top: 22 * MM, bottom: 24 * MM };
const FOOTER_Y = 12 * MM;

/** The fonts a typeset PDF embeds. */
type UsedFont = Extract<FontName, 'serif' | 'sans' | 'sansBold'>;
type Fonts = Record<UsedFont, PDFFont>;
type Measure = (font: UsedFont, text: string, size: number) => number;

interface Style {
  font: UsedFont;
  size: number;
  leading: number;
  before: number;
  after: number;
  gray: number;
}

const STYLES = {
  title: { font: 'sansBold', size: 17, leading: 21, before: 0, after: 6, gray: 0 },
  meta: { font: 'sans', size: 9, leading: 12.5, before: 0, after: 0, gray: 0.35 },
  h1: { font: 'sansBold', size: 14, leading: 18, before: 14, after: 5, gray: 0 },
  h2: { font: 'sansBold', size: 12.5, leading: 16, before: 12, after: 4, gray: 0 },
  h3: { font: 'sansBold', size: 11, leading: 14.5, before: 10, after: 3, gray: 0 },
  body: { font: 'serif', size: 10.5, leading: 15, before: 0, after: 6, gray: 0 },
  item: { font: 'serif', size: 10.5, leading: 15, before: 0, after: 3, gray: 0 },
  footer: { font: 'sans', size: 8, leading: 10, before: 0, after: 0, gray: 0.45 },
} satisfies Record<string, Style>;

// ---------------------------------------------------------------------------------------------
// Blocks: the structure read from the text's lines.

export interface Block {
  type: 'title' | 'heading' | 'para' | 'item';
  level?: number;
  /** What a list item shows before its text ("•", "1."); none when its own marker is part of its text. */
  marker?: string;
  /** Spans of the document's text this block shows, in order (one per source line). */
  spans: [number, number][];
}

const LIST_ITEM = /^([ \t]*)([-*+•‣◦▪–]|\d{1,3}[.)])[ \t]+(?=\S)/;
const MD_HEADING = /^[ \t]{0,3}(#{1,6})[ \t]+(?=\S)/;

/** Is a line a plausible heading in plain text: short, capitalized, not ending like a sentence? */
function headingLike(line: string): boolean {
  const t = line.trim();
  if (t.length === 0 || t.length > 90) return false;
  if (t.split(/\s+/).length > 12) return false;
  if (/[.,;!?…"”’)\]]$/.test(t)) return false;
  return /^[\p{Lu}\p{N}]/u.test(t);
}

/** Hard-wrapped text (lines broken at ~72 columns inside paragraphs) is reflowed; other text keeps its lines. */
function isHardWrapped(lines: string[]): boolean {
  const nonEmpty = lines.filter((l) => l.trim() !== '');
  if (nonEmpty.length < 4 || nonEmpty.length === lines.length) return false;
  const wrapped = nonEmpty.filter((l) => l.length >= 40 && l.length <= 100).length;
  return wrapped / nonEmpty.length >= 0.6 && Math.max(...nonEmpty.map((l) => l.length)) <= 120;
}

export interface ParseOptions {
  /**
   * Whether the list marker at [start, end) of the text must be shown as written: an annotation
   * covers it (a quote "- the first point"), so a bullet drawn in its place would leave the "- "
   * of the quote out of the page and the highlight would not cover what it quotes.
   */
  keepMarker?: (start: number, end: number) => boolean;
}

export function parseBlocks(text: string, kind: DocumentKind, title?: string, options: ParseOptions = {}): Block[] {
  const lines: { start: number; end: number; text: string }[] = [];
  let pos = 0;
  while (pos <= text.length) {
    let nl = text.indexOf('\n', pos);
    if (nl === -1) nl = text.length;
    const end = nl > pos && text[nl - 1] === '\r' ? nl - 1 : nl;
    lines.push({ start: pos, end, text: text.slice(pos, end) });
    pos = nl + 1;
  }
  const reflow = kind === 'md' || isHardWrapped(lines.map((l) => l.text));
  const blocks: Block[] = [];
  let current: Block | null = null;
  const close = () => {
    if (current) blocks.push(current);
    current = null;
  };
  const trimmed = (start: number, end: number): [number, number] | null => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s]!)) s += 1;
    while (e > s && /\s/.test(text[e - 1]!)) e -= 1;
    return s < e ? [s, e] : null;
  };
  let first = true;
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i]!;
    if (line.text.trim() === '') {
      close();
      continue;
    }
    const span = trimmed(line.start, line.end)!;
    const md = kind === 'md' ? MD_HEADING.exec(line.text) : null;
    if (first) {
      first = false;
      // The text starts with the title (a Markdown "# Title" too): drawn as the title, once.
      const own = md && md[1]!.length === 1 ? trimmed(line.start + md[0].length, line.end) : span;
      if (title && own && text.slice(own[0], own[1]).replace(/\s+/g, ' ') === title.replace(/\s+/g, ' ').trim()) {
        blocks.push({ type: 'title', spans: [own] });
        continue;
      }
    }
    if (md) {
      close();
      const s = trimmed(line.start + md[0].length, line.end);
      if (s) blocks.push({ type: 'heading', level: md[1]!.length, spans: [[s[0], s[1]]] });
      continue;
    }
    const item = LIST_ITEM.exec(line.text);
    if (item) {
      close();
      const markerStart = line.start + item[1]!.length;
      if (options.keepMarker?.(markerStart, markerStart + item[2]!.length)) {
        // The marker is drawn as text, in its place, where highlights can cover it.
        current = { type: 'item', spans: [trimmed(markerStart, line.end)!] };
        continue;
      }
      const marker = /^\d/.test(item[2]!) ? item[2]! : '•';
      const s = trimmed(line.start + item[0].length, line.end);
      current = { type: 'item', marker, spans: s ? [s] : [] };
      continue;
    }
    const next = lines[i + 1];
    const prevBlank = i === 0 || lines[i - 1]!.text.trim() === '' || !reflow;
    const standsAlone = prevBlank && (!reflow || !next || next.text.trim() === '');
    const hasMore = lines.slice(i + 1).some((l) => l.text.trim() !== '');
    if (kind !== 'md' && standsAlone && hasMore && headingLike(line.text)) {
      close();
      blocks.push({ type: 'heading', level: 2, spans: [span] });
      continue;
    }
    if (reflow && current && (current as Block).type !== 'title') {
      (current as Block).spans.push(span);
      continue;
    }
    close();
    current = { type: 'para', spans: [span] };
  }
  close();
  return blocks;
}

// ---------------------------------------------------------------------------------------------
// Measuring: widths of words, kept per font across documents (words repeat a great deal).

const widthCache = new Map<UsedFont, Map<string, number>>();

function makeMeasure(fonts: Fonts): Measure {
  return (name, text, size) => {
    let cache = widthCache.get(name);
    if (!cache) widthCache.set(name, (cache = new Map()));
    let w = cache.get(text);
    if (w === undefined) {
      w = fonts[name].widthOfTextAtSize(text, 1000) / 1000;
      if (cache.size > 200_000) cache.clear();
      cache.set(text, w);
    }
    return w * size;
  };
}

// ---------------------------------------------------------------------------------------------
// Layout and the map from text offsets to places on the page.

interface Piece {
  start: number;
  end: number;
  /** Index of the piece's first character in the line's text. */
  at: number;
}

interface Line {
  page: number;
  x: number;
  baseline: number;
  size: number;
  font: UsedFont;
  text: string;
  pieces: Piece[];
}

/** Where each drawn character of the document's text is: binary search over lines in text order. */
export class TypesetMap {
  constructor(
    private readonly lines: readonly Line[],
    private readonly measure: Measure,
  ) {}

  get lineCount(): number {
    return this.lines.length;
  }

  place(start: number, end: number): PdfQuad[] {
    const quads: PdfQuad[] = [];
    if (end <= start) return quads;
    // First line whose last piece ends after `start`.
    let lo = 0;
    let hi = this.lines.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const pieces = this.lines[mid]!.pieces;
      if (pieces[pieces.length - 1]!.end <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.lines.length; i += 1) {
      const line = this.lines[i]!;
      if (line.pieces[0]!.start >= end) break;
      const inside = line.pieces.filter((p) => p.end > start && p.start < end);
      if (inside.length === 0) continue;
      const a = inside[0]!;
      const b = inside[inside.length - 1]!;
      const from = a.at + Math.max(0, start - a.start);
      const to = b.at + Math.min(b.end, end) - b.start;
      const x1 = line.x + this.measure(line.font, line.text.slice(0, from), line.size);
      const x2 = line.x + this.measure(line.font, line.text.slice(0, to), line.size);
      quads.push(rect(line.page, x1, x2, line.baseline, line.size));
    }
    return quads;
  }
}

function rect(page: number, x1: number, x2: number, baseline: number, size: number): PdfQuad {
  const r = (v: number) => Math.round(v * 100) / 100;
  // DejaVu's ascender and descender (0.93 and 0.24 em): the box of the glyphs, not the leading.
  return { page, x1: r(x1), y1: r(baseline - 0.24 * size), x2: r(x2), y2: r(baseline + 0.93 * size) };
}

/** Words of a span with their offsets; control characters count as spaces (they do not print). */
/** A word as drawn: its text, and the spans of the document's text it shows (one, unless marks were left out). */
interface Word {
  start: number;
  end: number;
  text: string;
  segments?: [number, number][];
}

/** A run of Markdown emphasis or code marks, unless it sits inside a word (snake_case, a*b). */
const MARKS = /(?<![\p{L}\p{N}])[*_`~]+|[*_`~]+(?![\p{L}\p{N}])/gu;

function words(text: string, spans: readonly [number, number][], markdown = false): Word[] {
  const out: Word[] = [];
  // eslint-disable-next-line no-control-regex
  const re = /[^\s\u0000-\u001f\u007f-\u009f]+/gu;
  for (const [s, e] of spans) {
    const chunk = text.slice(s, e);
    re.lastIndex = 0;
    for (let m = re.exec(chunk); m; m = re.exec(chunk)) {
      const start = s + m.index;
      const end = start + m[0].length;
      if (!markdown || !/[*_`~]/.test(m[0])) {
        out.push({ start, end, text: m[0] });
        continue;
      }
      // Emphasis and code marks (*a*, **b**., _c_, `d`, ~~e~~) are not printed; the letters keep
      // their own offsets, so highlights still land on them.
      const segments: [number, number][] = [];
      let at = 0;
      for (const mark of m[0].matchAll(MARKS)) {
        if (mark.index! > at) segments.push([start + at, start + mark.index!]);
        at = mark.index! + mark[0].length;
      }
      if (at < m[0].length) segments.push([start + at, end]);
      if (segments.length === 0) {
        out.push({ start, end, text: m[0] }); // marks alone ("**"): printed as they are
        continue;
      }
      out.push({
        start: segments[0]![0],
        end: segments[segments.length - 1]![1],
        text: segments.map(([a, b]) => text.slice(a, b)).join(''),
        segments: segments.length > 1 ? segments : undefined,
      });
    }
  }
  return out;
}

export interface TypesetOptions {
  pageSize?: PageSize;
  author?: string;
  /** Leave out the annotations (a plain typeset copy). */
  annotations?: boolean;
  /** Where the fonts are (fonts.ts: the app's resources/fonts by default). */
  fontsDir?: string;
}

export interface TypesetResult extends AnnotateResult {
  bytes: Uint8Array;
  pages: number;
}

/** Resource names of the fonts in each page's /Font dictionary. */
const FONT_KEYS: Record<UsedFont, string> = { serif: 'F1', sans: 'F2', sansBold: 'F3' };

/** A number in a content stream: two decimals are a hundredth of a point. */
const num = (v: number) => String(Math.round(v * 100) / 100);

/**
 * Lays out and draws. Each page's content is written as PDF operators here and compressed once
 * (see typesetPdf): pdf-lib's drawText builds operator objects per call and looks the font up in
 * the page's resources each time, which cost more than the layout itself.
 */
class Typesetter {
  readonly lines: Line[] = [];
  private readonly pages: { page: PDFPage; ops: string[] }[] = [];
  private pageNo = 0;
  private y = 0;
  private readonly width: number;
  private readonly height: number;

  constructor(
    private readonly pdf: PDFDocument,
    private readonly fonts: Fonts,
    private readonly measure: Measure,
    size: [number, number],
    private readonly markdown = false,
  ) {
    [this.width, this.height] = size;
    this.newPage();
  }

  get pageCount(): number {
    return this.pageNo;
  }

  private get textWidth(): number {
    return this.width - MARGIN.left - MARGIN.right;
  }

  private newPage(): void {
    this.pages.push({ page: this.pdf.addPage([this.width, this.height]), ops: [] });
    this.pageNo += 1;
    this.y = this.height - MARGIN.top;
  }

  private text(pageNo: number, font: UsedFont, size: number, x: number, y: number, text: string, gray = 0): void {
    const hex = this.fonts[font].encodeText(text).toString();
    this.pages[pageNo - 1]!.ops.push(`BT /${FONT_KEYS[font]} ${num(size)} Tf ${num(gray)} g 1 0 0 1 ${num(x)} ${num(y)} Tm ${hex} Tj ET`);
  }

  /** Writes each page's operators as one compressed content stream, with the fonts it uses. */
  finish(): void {
    const ctx = this.pdf.context;
    for (const { page, ops } of this.pages) {
      page.node.addContentStream(ctx.register(ctx.flateStream(ops.join('\n'))));
      for (const font of Object.keys(FONT_KEYS) as UsedFont[]) {
        if (ops.some((o) => o.startsWith(`BT /${FONT_KEYS[font]} `))) page.node.setFontDictionary(PDFName.of(FONT_KEYS[font]), this.fonts[font].ref);
      }
    }
  }

  /** Moves down by `space`, unless at the top of a page. */
  space(points: number): void {
    if (this.y < this.height - MARGIN.top) this.y -= points;
  }

  /** Starts a new page unless `points` more fit on this one. */
  keep(points: number): void {
    if (this.y - points < MARGIN.bottom) this.newPage();
  }

  /** Draws plain text that has no place in the document's text (title, byline). */
  plain(text: string, style: Style): void {
    const spans: [number, number][] = [[0, text.length]];
    this.flow(text, spans, style, 0, null, false);
  }

  /** Word-wraps spans of `text` into lines from the left margin plus `indent`. */
  flow(text: string, spans: [number, number][], style: Style, indent: number, marker: string | null, record = true): void {
    const list = words(text, spans, this.markdown && record);
    const max = this.textWidth - indent;
    const space = this.measure(style.font, ' ', style.size);
    let lineWords: Word[] = [];
    let lineWidth = 0;
    let firstLine = true;
    const emit = () => {
      if (lineWords.length === 0) return;
      this.keep(style.leading);
      const baseline = this.y - style.size;
      const x = MARGIN.left + indent;
      if (firstLine && marker) {
        const mw = this.measure(style.font, marker, style.size);
        this.text(this.pageNo, style.font, style.size, x - mw - 5, baseline, marker);
      }
      let lineText = '';
      const pieces: Piece[] = [];
      for (const w of lineWords) {
        if (lineText) lineText += ' ';
        for (const [a, b] of w.segments ?? [[w.start, w.end]]) {
          pieces.push({ start: a, end: b, at: lineText.length });
          lineText += text.slice(a, b);
        }
      }
      this.text(this.pageNo, style.font, style.size, x, baseline, lineText, style.gray);
      if (record) this.lines.push({ page: this.pageNo, x, baseline, size: style.size, font: style.font, text: lineText, pieces });
      this.y -= style.leading;
      lineWords = [];
      lineWidth = 0;
      firstLine = false;
    };
    for (const word of list) {
      let w = this.measure(style.font, word.text, style.size);
      if (w > max && !word.segments) {
        // A word wider than the line (a long URL): broken where it must be.
        emit();
        for (const part of splitWord(word, max, (s) => this.measure(style.font, s, style.size))) {
          lineWords = [part];
          emit();
        }
        continue;
      }
      const needed = lineWords.length === 0 ? w : lineWidth + space + w;
      if (needed > max) {
        emit();
        w = this.measure(style.font, word.text, style.size);
        lineWords = [word];
        lineWidth = w;
      } else {
        lineWords.push(word);
        lineWidth = needed;
      }
    }
    emit();
  }

  footers(title: string): void {
    const style = STYLES.footer;
    let short = title.replace(/\s+/g, ' ').trim();
    const room = this.textWidth * 0.7;
    if (this.measure(style.font, short, style.size) > room) {
      while (short.length > 1 && this.measure(style.font, `${short}…`, style.size) > room) short = short.slice(0, -1);
      short = `${short.trimEnd()}…`;
    }
    for (let i = 1; i <= this.pageNo; i += 1) {
      const label = `${i} / ${this.pageNo}`;
      const w = this.measure(style.font, label, style.size);
      this.text(i, style.font, style.size, this.width - MARGIN.right - w, FOOTER_Y, label, style.gray);
      if (short) this.text(i, style.font, style.size, MARGIN.left, FOOTER_Y, short, style.gray);
    }
  }

  rule(): void {
    this.keep(8);
    this.y -= 4;
    this.pages[this.pageNo - 1]!.ops.push(`q 0.7 G 0.5 w ${num(MARGIN.left)} ${num(this.y)} m ${num(this.width - MARGIN.right)} ${num(this.y)} l S Q`);
    this.y -= 12;
  }
}

function splitWord(
  word: Word,
  max: number,
  measure: (s: string) => number,
): Word[] {
  const parts: Word[] = [];
  const chars = Array.from(word.text);
  let from = 0;
  let offset = word.start;
  while (from < chars.length) {
    let to = from + 1;
    while (to < chars.length && measure(chars.slice(from, to + 1).join('')) <= max) to += 1;
    const text = chars.slice(from, to).join('');
    parts.push({ start: offset, end: offset + text.length, text });
    offset += text.length;
    from = to;
  }
  return parts;
}

const POSTSCRIPT_NAMES: Record<UsedFont, string> = { serif: 'DejaVuSerif', sans: 'DejaVuSans', sansBold: 'DejaVuSans-Bold' };

/** A subset font's name carries a six-letter tag ("ABCDEF+DejaVuSerif", PDF 32000-1 §9.6.4). */
function subsetName(font: UsedFont, seed: string): string {
  const digest = crypto.createHash('sha256').update(`${seed}:${font}`).digest();
  const tag = Array.from(digest.subarray(0, 6), (b) => String.fromCharCode(65 + (b % 26))).join('');
  return `${tag}+${POSTSCRIPT_NAMES[font]}`;
}

const HEADING_STYLE: Record<number, Style> = { 1: STYLES.h1, 2: STYLES.h2 };

/** Typesets a document's text as a PDF, with its annotations as real PDF annotations. */
export async function typesetPdf(doc: ExportDocument, options: TypesetOptions = {}): Promise<TypesetResult> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  // Node's zlib for the font files, their CMaps and the page contents: pdf-lib's own deflate
  // (pako, in JavaScript) took a third of the time of a typeset PDF.
  const ctx = pdf.context;
  ctx.flateStream = (contents, dict = {}) =>
    ctx.stream(zlib.deflateSync(typeof contents === 'string' ? Buffer.from(contents, 'latin1') : contents), { ...dict, Filter: 'FlateDecode' });
  pdf.registerFontkit(sharedFontkit);
  const features = PLAIN_FEATURES;
  const names: UsedFont[] = ['serif', 'sans', 'sansBold'];
  const embedded = await Promise.all(
    names.map((n) => pdf.embedFont(fontBytes(n, options.fontsDir), { subset: true, features, customName: subsetName(n, doc.id) })),
  );
  const fonts = Object.fromEntries(names.map((n, i) => [n, embedded[i]!])) as Fonts;
  const measure = makeMeasure(fonts);
  const t = new Typesetter(pdf, fonts, measure, PAGE_SIZES[options.pageSize ?? 'A4'], doc.kind === 'md');

  const quoted = doc.annotations.flatMap((a) =>
    a.position && a.anchor !== 'orphaned' && (a.kind !== 'takeaway' || isKeptTakeaway(a)) ? [a.position] : [],
  );
  const blocks = parseBlocks(doc.text, doc.kind, doc.title, {
    keepMarker: (start, end) => quoted.some((p) => p.start < end && p.end > start),
  });
  // The title is the first line of the text when the text starts with it (drawn there, so a
  // highlight on it is placed), else drawn from the metadata.
  if (blocks[0]?.type === 'title') t.flow(doc.text, blocks[0].spans, STYLES.title, 0, null);
  else t.plain(doc.title.replace(/\s+/g, ' ').trim() || 'Untitled', STYLES.title);
  t.space(STYLES.title.after);
  const byline = [doc.authors.join(', '), doc.published].filter(Boolean).join(' · ');
  if (byline) t.plain(byline, STYLES.meta);
  const source = doc.source.url ?? null;
  if (source) t.plain(source, STYLES.meta);
  t.rule();

  if (blocks.length === 0 || (blocks.length === 1 && blocks[0]!.type === 'title')) {
    t.plain('(This document has no text.)', STYLES.meta);
  }
  for (const block of blocks) {
    if (block.type === 'title') continue;
    if (block.type === 'heading') {
      const style = HEADING_STYLE[block.level ?? 2] ?? STYLES.h3;
      t.space(style.before);
      // A heading is kept with at least two lines of what follows it.
      t.keep(style.leading + 2 * STYLES.body.leading);
      t.flow(doc.text, block.spans, style, 0, null);
      t.space(style.after);
    } else if (block.type === 'item') {
      t.flow(doc.text, block.spans, STYLES.item, 16, block.marker ?? null);
      t.space(STYLES.item.after);
    } else {
      t.flow(doc.text, block.spans, STYLES.body, 0, null);
      t.space(STYLES.body.after);
    }
  }
  t.footers(doc.title);
  t.finish();

  const map = new TypesetMap(t.lines, measure);
  const author = options.author ?? defaultAuthor();
  const place = (a: ExportAnnotation): PdfQuad[] | null => (a.position ? map.place(a.position.start, a.position.end) : null);
  const result =
    options.annotations === false ? { highlights: 0, notes: 0, unplaced: 0 } : writeAnnotations(pdf, doc, place, author);

  const now = new Date();
  pdf.setTitle(doc.title, { showInWindowTitleBar: true });
  if (doc.authors.length > 0) pdf.setAuthor(doc.authors.join(', '));
  if (doc.tags.length > 0) pdf.setKeywords(doc.tags);
  pdf.setCreator(GENERATOR);
  pdf.setProducer(`${GENERATOR} (pdf-lib)`);
  pdf.setCreationDate(now);
  pdf.setModificationDate(now);
  // A classic cross-reference table: object streams save a few kilobytes and cost a third of the time.
  const bytes = await pdf.save({ objectsPerTick: Number.POSITIVE_INFINITY, useObjectStreams: false });
  return { bytes, pages: t.pageCount, ...result };
}

export type { PdfRect };
