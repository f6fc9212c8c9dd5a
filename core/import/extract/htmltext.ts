// HTML as a stream of events (an element opens, text, it closes) → readable text and its
// structure, through TextBuilder. Both readers of a page drive it: the DOM walk of html.ts (jsdom,
// for ordinary pages) and the streaming parser of html-stream.ts (for pages too big for a DOM),
// so a page gives the same text and blocks whichever way it was read.
import type { DocumentStructure, StructureBlockKind } from '../../types.ts';
import { TextBuilder } from './textbuilder.ts';
import { DROPPED_WITH_CONTENT, imageSource, safeLinkHref } from './sanitize.ts';
import { PENDING_FILE, sliceStructure } from './structure.ts';

/** An element's attribute by (lowercase) name, or null. */
export type Attr = (name: string) => string | null;

/** Elements whose content is never text of the page (besides what the sanitizer drops). */
export const SKIP = new Set([
  ...DROPPED_WITH_CONTENT,
  'head', 'title', 'meta', 'link', 'svg', 'canvas', 'map', 'audio', 'video', 'source', 'track',
  'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist', 'dialog', 'math',
]);
const BLANK_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'figure', 'hr', 'table', 'address', 'details', 'fieldset', 'center']);
const LINE_BLOCKS = new Set([
  'div', 'section', 'article', 'aside', 'header', 'footer', 'main', 'nav', 'figcaption', 'form', 'hgroup',
  'dl', 'dt', 'dd', 'summary', 'caption', 'legend', 'tr', 'body', 'html', 'search', 'menu',
]);

/** Elements that are blocks of the structure (beyond lists, tables' cells and code, handled apart). */
const STRUCTURE_BLOCKS: Record<string, StructureBlockKind> = {
  p: 'p',
  blockquote: 'quote',
  figure: 'figure',
  figcaption: 'caption',
  caption: 'caption',
  table: 'table',
  tr: 'tr',
  dl: 'dl',
  dt: 'dt',
  dd: 'dd',
};
const SPANS: Record<string, 'em' | 'strong' | 'code'> = {
  em: 'em',
  i: 'em',
  cite: 'em',
  dfn: 'em',
  var: 'em',
  strong: 'strong',
  b: 'strong',
  code: 'code',
  kbd: 'code',
  samp: 'code',
  tt: 'code',
};

export function isHidden(attr: Attr): boolean {
  if (attr('hidden') !== null) return true;
  if (attr('aria-hidden') === 'true') return true;
  const style = attr('style');
  return style !== null && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** The text of a permalink beside a heading: "¶", "#", "§", "🔗" (as Sphinx, MkDocs and GitHub write them). */
export const PERMALINK_TEXT = /^[\s¶#§🔗⚓\uFE0F]*$/u;

/**
 * Whether an <a> may be a permalink (a link to the page itself); it is one when its text is only
 * PERMALINK_TEXT. Sphinx's class="headerlink" says so outright.
 */
export function permalinkKind(tag: string, attr: Attr): 'yes' | 'maybe' | 'no' {
  if (tag !== 'a') return 'no';
  if (/(?:^|\s)headerlink(?:\s|$)/.test(attr('class') ?? '')) return 'yes';
  return (attr('href') ?? '').startsWith('#') ? 'maybe' : 'no';
}

/**
 * What of a page is its frame rather than its text.
 * - 'landmark': inside the page's main landmark, only navigation (a local table of contents, a
 *   search box) and boxes named as related links, sharing or ads.
 * - 'page': a page without a landmark; also the site's header, footer and sidebars (a <header>,
 *   <footer> or <aside> outside any article or section, which would be the article's own).
 */
export type ChromeMode = 'none' | 'landmark' | 'page';

const CHROME_ROLES = new Set(['navigation', 'search']);
const PAGE_CHROME_ROLES = new Set(['navigation', 'search', 'banner', 'contentinfo', 'complementary']);
const CHROME_NAMES = /(?:^|[\s_-])(?:related|share|sharing|social|promo|advert|ads?|newsletter|subscribe|breadcrumbs?|comments?)(?:$|[\s_-])/i;
const SECTIONING = new Set(['article', 'section', 'main']);

export function isChrome(tag: string, attr: Attr, mode: ChromeMode, inSection: boolean): boolean {
  if (mode === 'none') return false;
  const role = attr('role');
  if (tag === 'nav' || (role !== null && (mode === 'page' ? PAGE_CHROME_ROLES : CHROME_ROLES).has(role))) return true;
  if (mode === 'page' && !inSection && (tag === 'header' || tag === 'footer' || tag === 'aside')) return true;
  if (tag === 'aside' || tag === 'footer' || tag === 'div') {
    // by class only: ids are often a section's slug ("comments" for a section on comments)
    const names = attr('class');
    return names !== null && CHROME_NAMES.test(names) && !/footnote|endnote/i.test(names);
  }
  return false;
}

/** What closing an element undoes. */
const enum Close {
  None,
  List,
  Item,
  Code,
  Cell,
  Span,
  Blank,
  Line,
  BlankBlock,
  LineBlock,
}

interface Frame {
  close: Close;
  /** Lists: the next item's number, and its step (1, or -1 for reversed). */
  n: number;
  step: number;
  ordered: boolean;
  sectioning: boolean;
}

/**
 * Turns element and text events into text and structure. Callers skip an element's whole
 * subtree when open() says false (and then send no close() for it); every other open() is
 * matched by one close().
 */
export class HtmlTextSink {
  readonly out = new TextBuilder();
  private readonly frames: Frame[] = [];
  private pre = 0;
  private sections = 0;

  constructor(private readonly chrome: ChromeMode = 'none') {}

  open(tag: string, attr: Attr): boolean {
    if (SKIP.has(tag) || isHidden(attr)) return false;
    if (isChrome(tag, attr, this.chrome, this.sections > 0)) return false;
    const out = this.out;
    let close = Close.None;
    let n = 0;
    let step = 1;
    let ordered = false;
    switch (tag) {
      case 'br':
        out.br();
        return false;
      case 'img':
        image(attr, out);
        return false;
      case 'hr':
        out.block(true);
        out.rule();
        out.block(true);
        return false;
      case 'ul':
      case 'ol':
        out.listOpen();
        out.openBlock(tag);
        close = Close.List;
        ordered = tag === 'ol';
        if (ordered) {
          n = Number.parseInt(attr('start') ?? '', 10);
          if (!Number.isFinite(n)) n = 1;
          if (attr('reversed') !== null) step = -1;
        }
        break;
      case 'li': {
        const parent = this.frames[this.frames.length - 1];
        if (parent?.close === Close.List && parent.ordered) {
          const v = Number.parseInt(attr('value') ?? '', 10);
          if (Number.isFinite(v)) parent.n = v;
          out.itemOpen(`${parent.n}. `);
          out.openBlock('li', { n: parent.n });
          parent.n += parent.step;
        } else {
          out.itemOpen('- ');
          out.openBlock('li');
        }
        close = Close.Item;
        break;
      }
      case 'pre':
      case 'listing':
      case 'xmp':
      case 'plaintext':
        out.block(true);
        out.openBlock('code');
        this.pre++;
        close = Close.Code;
        break;
      case 'td':
      case 'th':
        out.separator(' | ');
        out.openBlock(tag);
        close = Close.Cell;
        break;
      case 'a': {
        const href = safeLinkHref(attr('href'));
        if (href) {
          out.openSpan('a', href);
          close = Close.Span;
        }
        break;
      }
      default: {
        const span = SPANS[tag];
        if (span && !(span === 'code' && this.pre > 0)) {
          out.openSpan(span);
          close = Close.Span;
          break;
        }
        const level = /^h([1-6])$/.exec(tag);
        const kind = level ? 'h' : STRUCTURE_BLOCKS[tag];
        if (BLANK_BLOCKS.has(tag)) {
          out.block(true);
          if (kind) out.openBlock(kind, level ? { level: Number(level[1]) } : undefined);
          close = kind ? Close.BlankBlock : Close.Blank;
        } else if (LINE_BLOCKS.has(tag)) {
          out.block(false);
          if (kind) out.openBlock(kind);
          close = kind ? Close.LineBlock : Close.Line;
        }
      }
    }
    const sectioning = SECTIONING.has(tag) || attr('role') === 'main';
    if (sectioning) this.sections++;
    this.frames.push({ close, n, step, ordered, sectioning });
    return true;
  }

  close(): void {
    const frame = this.frames.pop();
    if (!frame) return;
    if (frame.sectioning) this.sections--;
    const out = this.out;
    switch (frame.close) {
      case Close.List:
        out.closeBlock();
        out.listClose();
        break;
      case Close.Item:
        out.closeBlock();
        out.itemClose();
        break;
      case Close.Code:
        out.closeBlock();
        out.block(true);
        this.pre--;
        break;
      case Close.Cell:
        out.closeBlock();
        break;
      case Close.Span:
        out.closeSpan();
        break;
      case Close.Blank:
        out.block(true);
        break;
      case Close.BlankBlock:
        out.closeBlock();
        out.block(true);
        break;
      case Close.Line:
        out.block(false);
        break;
      case Close.LineBlock:
        out.closeBlock();
        out.block(false);
        break;
    }
  }

  text(data: string): void {
    const top = this.frames[this.frames.length - 1];
    if (top?.close === Close.List) {
      // text directly inside a list, between its items: only what is not blank
      if (data.trim()) this.out.inline(data);
    } else if (this.pre > 0) this.out.pre(data);
    else this.out.inline(data);
  }
}

/** An <img>: its alt text and a source from the allowlist (a file beside the page is resolved at import). */
function image(attr: Attr, out: TextBuilder): void {
  const alt = (attr('alt') ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
  const source = imageSource(attr('src'));
  const src = source?.kind === 'data' ? source.uri : source?.kind === 'file' ? `${PENDING_FILE}${source.path}` : null;
  out.image({ alt, src });
}

/** Least text (non-blank characters) for a landmark or an article to count as the page's text. */
export const MIN_ARTICLE_CHARS = 100;

export function countNonSpace(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9) n++;
  }
  return n;
}

/** Text without whitespace at either end, its structure moved along. */
export function trimmed(doc: { text: string; structure: DocumentStructure }): { text: string; structure: DocumentStructure } {
  const start = doc.text.length - doc.text.trimStart().length;
  const text = doc.text.trim();
  return { text, structure: sliceStructure(doc.structure, start, start + text.length) };
}
