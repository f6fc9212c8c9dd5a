// HTML → the main article as plain readable text, plus metadata. jsdom parses (it never runs
// scripts and loads nothing: runScripts and resources are left unset), Readability picks the
// article, and a DOM walk turns it into text with its structure kept.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { createRequire } from 'node:module';
import type { JSDOM } from 'jsdom';
import type { Readability as ReadabilityClass } from '@mozilla/readability';
import { decodeText, normalizeNewlines } from './decode.ts';
import { TextBuilder } from './textbuilder.ts';
import { imageSource, safeLinkHref, sanitizeInPlace } from './sanitize.ts';
import { PENDING_FILE, sliceStructure } from './structure.ts';
import type { DocumentStructure, StructureBlockKind } from '../../types.ts';
import { clampTitle, dedupe, findDate, normalizeDate, splitAuthors } from '../metadata.ts';

export interface HtmlResult {
  title: string | null;
  authors: string[];
  published: string | null;
  url: string | null;
  text: string;
  structure: DocumentStructure;
}

// ---------------------------------------------------------------------------------------------
// Decoding

const CHARSET_META = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([\w.:-]+)/i;

/** The bytes of an HTML file → a string: BOM, then a <meta charset> in the first 1 KB, else sniffing. */
export function decodeHtml(bytes: Uint8Array): string {
  const b = bytes;
  const hasBom = (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) || (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
  if (!hasBom) {
    const head = Buffer.from(b.buffer, b.byteOffset, Math.min(b.byteLength, 1024)).toString('latin1');
    const label = CHARSET_META.exec(head)?.[1]?.toLowerCase();
    if (label) {
      const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
      if (/^utf-?8$/.test(label)) {
        if (isUtf8(buf)) return normalizeNewlines(buf.toString('utf8'));
      } else if (/^(iso-8859-1|latin-?1|l1|us-ascii|ascii|iso8859-1|cp1252|windows-1252|x-cp1252)$/.test(label)) {
        // WHATWG: all of these mean windows-1252
        if (buf.indexOf(0) < 0) return normalizeNewlines(iconv.decode(buf, 'windows-1252'));
      } else if (!/^utf-?16/.test(label) && iconv.encodingExists(label) && buf.indexOf(0) < 0) {
        return normalizeNewlines(iconv.decode(buf, label));
      }
    }
  }
  return decodeText(bytes).text;
}

// ---------------------------------------------------------------------------------------------
// DOM → text

const SKIP = new Set([
  'script', 'style', 'template', 'noscript', 'head', 'title', 'meta', 'link', 'svg', 'canvas',
  'iframe', 'object', 'embed', 'frame', 'frameset', 'audio', 'video', 'source', 'track', 'map',
  'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist',
  'dialog', 'math',
]);
const BLANK_BLOCKS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'figure', 'hr', 'table', 'address', 'details', 'fieldset', 'center']);
const LINE_BLOCKS = new Set([
  'div', 'section', 'article', 'aside', 'header', 'footer', 'main', 'nav', 'figcaption', 'form', 'hgroup',
  'dl', 'dt', 'dd', 'summary', 'caption', 'legend', 'tr', 'body', 'html', 'search', 'menu',
]);

function isHidden(el: Element): boolean {
  if (el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const style = el.getAttribute('style');
  return style !== null && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/**
 * A permalink beside a heading ("¶", "#", "§", "🔗" linking to the page itself, as Sphinx, MkDocs
 * and GitHub write them): navigation of the page, not its text, so neither searched nor quoted.
 */
export function isPermalink(el: Element): boolean {
  if (el.localName !== 'a') return false;
  if (el.classList.contains('headerlink')) return true;
  const href = el.getAttribute('href');
  if (href === null || !href.startsWith('#')) return false;
  const text = el.textContent ?? '';
  return text.trim() !== '' && /^[\s¶#§🔗⚓\uFE0F]*$/u.test(text);
}

/** Plain text of a DOM subtree, block structure kept. */
export function domToText(root: Node): string {
  const out = new TextBuilder();
  walk(root, out, 0);
  return out.toString();
}

/** The text of a (sanitized) DOM subtree and the structure over it. */
export function domToDocument(root: Node): { text: string; structure: DocumentStructure } {
  const out = new TextBuilder();
  walk(root, out, 0);
  return out.finish();
}

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

function walk(node: Node, out: TextBuilder, pre: number): void {
  for (let c = node.firstChild; c; c = c.nextSibling) visit(c, out, pre);
}

function visit(c: Node, out: TextBuilder, pre: number): void {
  const type = c.nodeType;
  if (type === 3 /* text */ || type === 4 /* CDATA */) {
    const data = (c as Text).data;
    if (pre > 0) out.pre(data);
    else out.inline(data);
    return;
  }
  if (type !== 1) return;
  const el = c as Element;
  const tag = el.localName;
  if (SKIP.has(tag) || isHidden(el) || isPermalink(el)) return;
  switch (tag) {
    case 'br':
      out.br();
      return;
    case 'img':
      image(el, out);
      return;
    case 'ul':
    case 'ol':
      out.listOpen();
      out.openBlock(tag);
      walkList(el, out, pre);
      out.closeBlock();
      out.listClose();
      return;
    case 'li':
      // an li outside a list
      out.itemOpen('- ');
      out.openBlock('li');
      walk(el, out, pre);
      out.closeBlock();
      out.itemClose();
      return;
    case 'pre':
    case 'listing':
    case 'xmp':
    case 'plaintext':
      out.block(true);
      out.openBlock('code');
      walk(el, out, pre + 1);
      out.closeBlock();
      out.block(true);
      return;
    case 'td':
    case 'th':
      out.separator(' | ');
      out.openBlock(tag);
      walk(el, out, pre);
      out.closeBlock();
      return;
    case 'hr':
      out.block(true);
      out.rule();
      out.block(true);
      return;
    case 'a': {
      const href = safeLinkHref(el.getAttribute('href'));
      if (href) out.openSpan('a', href);
      walk(el, out, pre);
      if (href) out.closeSpan();
      return;
    }
  }
  const span = SPANS[tag];
  if (span && !(span === 'code' && pre > 0)) {
    out.openSpan(span);
    walk(el, out, pre);
    out.closeSpan();
    return;
  }
  const level = /^h([1-6])$/.exec(tag);
  const kind = level ? 'h' : STRUCTURE_BLOCKS[tag];
  if (BLANK_BLOCKS.has(tag)) {
    out.block(true);
    if (kind) out.openBlock(kind, level ? { level: Number(level[1]) } : undefined);
    walk(el, out, pre);
    if (kind) out.closeBlock();
    out.block(true);
  } else if (LINE_BLOCKS.has(tag)) {
    out.block(false);
    if (kind) out.openBlock(kind);
    walk(el, out, pre);
    if (kind) out.closeBlock();
    out.block(false);
  } else {
    walk(el, out, pre);
  }
}

/** An <img>: its alt text and a source from the allowlist (a file beside the page is resolved at import). */
function image(el: Element, out: TextBuilder): void {
  const alt = (el.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim().slice(0, 500);
  const source = imageSource(el.getAttribute('src'));
  const src = source?.kind === 'data' ? source.uri : source?.kind === 'file' ? `${PENDING_FILE}${source.path}` : null;
  out.image({ alt, src });
}

function walkList(list: Element, out: TextBuilder, pre: number): void {
  const ordered = list.localName === 'ol';
  const reversed = ordered && list.hasAttribute('reversed');
  let n = ordered ? Number.parseInt(list.getAttribute('start') ?? '', 10) : 1;
  if (!Number.isFinite(n)) n = 1;
  for (let c = list.firstChild; c; c = c.nextSibling) {
    if (c.nodeType !== 1) {
      if (c.nodeType === 3 && (c as Text).data.trim()) out.inline((c as Text).data);
      continue;
    }
    const el = c as Element;
    if (SKIP.has(el.localName) || isHidden(el) || isPermalink(el)) continue;
    if (el.localName !== 'li') {
      // stray content in a list (e.g. a nested list directly inside it)
      visit(el, out, pre);
      continue;
    }
    if (ordered) {
      const v = Number.parseInt(el.getAttribute('value') ?? '', 10);
      if (Number.isFinite(v)) n = v;
      out.itemOpen(`${n}. `);
      out.openBlock('li', { n });
      n += reversed ? -1 : 1;
    } else {
      out.itemOpen('- ');
      out.openBlock('li');
    }
    walk(el, out, pre);
    out.closeBlock();
    out.itemClose();
  }
}

// ---------------------------------------------------------------------------------------------
// Metadata

// Element lookups go through getElementsByTagName, never querySelector: jsdom 29 runs selectors
// through an engine that took seconds on a large page for the handful of lookups below.

/** <meta> contents by lowercased name / property / itemprop, in document order. */
function metaIndex(doc: Document): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const el of doc.getElementsByTagName('meta')) {
    const content = el.getAttribute('content')?.trim();
    if (!content) continue;
    for (const attr of ['name', 'property', 'itemprop']) {
      const key = el.getAttribute(attr)?.trim().toLowerCase();
      if (!key) continue;
      let list = index.get(key);
      if (!list) index.set(key, (list = []));
      list.push(content);
    }
  }
  return index;
}

function meta(index: Map<string, string[]>, ...keys: string[]): string[] {
  const out: string[] = [];
  for (const k of keys) out.push(...(index.get(k) ?? []));
  return out;
}

function firstElement(root: Document | Element, tag: string, test?: (el: Element) => boolean): Element | null {
  for (const el of root.getElementsByTagName(tag)) if (!test || test(el)) return el;
  return null;
}

interface JsonLdInfo {
  headline: string | null;
  authors: string[];
  published: string | null;
}

function jsonLd(doc: Document): JsonLdInfo {
  const info: JsonLdInfo = { headline: null, authors: [], published: null };
  const visit = (v: unknown, depth: number): void => {
    if (depth > 6 || v === null || typeof v !== 'object') return;
    if (Array.isArray(v)) {
      for (const x of v) visit(x, depth + 1);
      return;
    }
    const o = v as Record<string, unknown>;
    if (typeof o.datePublished === 'string' && !info.published) info.published = o.datePublished;
    if (typeof o.headline === 'string' && !info.headline) info.headline = o.headline;
    if (o.author !== undefined && info.authors.length === 0) {
      const list = Array.isArray(o.author) ? o.author : [o.author];
      for (const a of list) {
        if (typeof a === 'string') info.authors.push(...splitAuthors(a));
        else if (a && typeof a === 'object' && typeof (a as { name?: unknown }).name === 'string') {
          info.authors.push(...splitAuthors((a as { name: string }).name));
        }
      }
    }
    if (o['@graph'] !== undefined) visit(o['@graph'], depth + 1);
    if (o.mainEntity !== undefined) visit(o.mainEntity, depth + 1);
  };
  for (const s of doc.getElementsByTagName('script')) {
    if (s.getAttribute('type')?.trim().toLowerCase() !== 'application/ld+json') continue;
    try {
      visit(JSON.parse(s.textContent ?? ''), 0);
    } catch {
      // invalid JSON-LD: ignore
    }
  }
  return info;
}

function absoluteUrl(v: string | null | undefined): string | null {
  if (!v) return null;
  const s = v.trim();
  return /^https?:\/\/[^\s]+$/i.test(s) ? s : null;
}

/** Drop " | Site name" / " - Site name" from a <title> when it names the site. */
function stripSiteName(title: string, site: string | null): string {
  if (site) {
    for (const sep of [' | ', ' - ', ' – ', ' — ', ' :: ', ' · ']) {
      const suffix = sep + site;
      if (title.endsWith(suffix) && title.length > suffix.length) return title.slice(0, -suffix.length);
      const prefix = site + sep;
      if (title.startsWith(prefix) && title.length > prefix.length) return title.slice(prefix.length);
    }
  }
  return title;
}

function cleanAuthors(list: string[]): string[] {
  return dedupe(
    list
      .flatMap((a) => splitAuthors(a))
      .filter((a) => !/\d{4}/.test(a) && a.length <= 80 && !findDate(a)),
  );
}

// ---------------------------------------------------------------------------------------------

const MIN_ARTICLE_CHARS = 100;
/**
 * Past this many elements we do not run Readability (its cost grows faster than the page: a
 * 24,000-element page took seconds) and use the fallback text. Articles have far fewer.
 */
const MAX_ELEMENTS = 10_000;

/** The elements of `root`'s subtree whose tag is in `tags`, in document order. */
function elementsByTags(root: Element | Document, tags: Set<string>): Element[] {
  const out: Element[] = [];
  let el: Element | null = root.firstElementChild;
  while (el) {
    if (tags.has(el.localName)) out.push(el);
    let next: Element | null = el.firstElementChild;
    if (!next) {
      // climb until a node has a next sibling, stopping at the root
      let cur: Element | null = el;
      while (cur && !(next = cur.nextElementSibling)) {
        const up: Node | null = cur.parentNode;
        cur = up && up !== root && up.nodeType === 1 ? (up as Element) : null;
      }
    }
    el = next;
  }
  return out;
}

// jsdom and Readability are loaded on the first HTML page: an import worker that only ever reads
// text, Markdown or PDF would otherwise spend ~0.7 s and tens of MB loading them.
const requireLazily = createRequire(import.meta.url);
let libraries: { jsdom: typeof import('jsdom'); Readability: typeof ReadabilityClass } | null = null;
function htmlLibraries() {
  return (libraries ??= {
    jsdom: requireLazily('jsdom') as typeof import('jsdom'),
    Readability: (requireLazily('@mozilla/readability') as typeof import('@mozilla/readability')).Readability,
  });
}

type Article = ReturnType<ReadabilityClass<Node>['parse']>;

/**
 * Readability's article, with two of its internals replaced for speed (same result, 2–4× faster
 * on jsdom): its element lookups use querySelectorAll, which jsdom 29 runs through a slow
 * selector engine, and we walk the tree instead; and it rewrites relative URLs and strips
 * classes, which plain text does not need. The document is changed.
 */
export function readArticle(doc: Document, fast = true): Article {
  const reader = new (htmlLibraries().Readability)<Node>(doc, { serializer: (n) => n, maxElemsToParse: MAX_ELEMENTS, keepClasses: fast });
  if (fast) {
    const internals = reader as unknown as Record<string, unknown>;
    if (typeof internals._getAllNodesWithTag === 'function' && typeof internals._fixRelativeUris === 'function') {
      internals._getAllNodesWithTag = (node: Element | Document, tagNames: string[]) =>
        elementsByTags(node, new Set(tagNames.map((t) => t.toLowerCase())));
      internals._fixRelativeUris = () => {};
    }
  }
  return reader.parse();
}

/** The text and structure of `root`, sanitized in place first (its document is about to be released). */
function readSanitized(root: Element): { text: string; structure: DocumentStructure } {
  return trimmed(domToDocument(sanitizeInPlace(parserWindow, root)));
}

const EMPTY_STRUCTURE: DocumentStructure = { blocks: [], spans: [], images: [] };

/** Text without whitespace at either end, its structure moved along. */
function trimmed(doc: { text: string; structure: DocumentStructure }): { text: string; structure: DocumentStructure } {
  const start = doc.text.length - doc.text.trimStart().length;
  const text = doc.text.trim();
  return { text, structure: sliceStructure(doc.structure, start, start + text.length) };
}

function countNonSpace(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 9) n++;
  }
  return n;
}

// One jsdom window per thread, made on first use; each page is parsed into a new document of
// its own with DOMParser. Setting up a window costs tens of milliseconds (jsdom installs every
// Web interface on it), more than parsing most pages. Documents from DOMParser never run scripts
// and load nothing; the window itself holds an empty document and is never navigated.
// The window keeps track of every element with an id in any of its documents (for window[id]):
// a document's elements must be taken out of it when done with it (releaseHtml), or memory grows
// by megabytes a page. (A new JSDOM per page, even closed, also kept about 1 MB a page.)
let parserWindow: JSDOM['window'] | null = null;

/** Parse HTML into a script-less document; give it to releaseHtml() when done. */
export function parseHtml(html: string): Document {
  const { JSDOM, VirtualConsole } = htmlLibraries().jsdom;
  parserWindow ??= new JSDOM('', { contentType: 'text/html', virtualConsole: new VirtualConsole() }).window;
  return new parserWindow.DOMParser().parseFromString(html, 'text/html');
}

/** Empty a document from parseHtml() so that nothing keeps its elements alive. */
export function releaseHtml(doc: Document): void {
  doc.documentElement?.remove();
}

export function extractHtml(bytes: Uint8Array): HtmlResult {
  const html = decodeHtml(bytes);
  const doc = parseHtml(html);
  try {

    // Metadata, read before Readability (it changes the DOM it works on).
    const metas = metaIndex(doc);
    const site = meta(metas, 'og:site_name', 'application-name')[0] ?? null;
    const ld = jsonLd(doc);
    const docTitle = firstElement(doc, 'title')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    const h1 = (doc.body && firstElement(doc.body, 'h1')?.textContent?.replace(/\s+/g, ' ').trim()) || '';
    const ogTitle = meta(metas, 'og:title', 'citation_title', 'dc.title')[0] ?? '';
    const metaAuthors = meta(metas, 'author');
    const articleAuthors = meta(metas, 'article:author').filter((a) => !/^https?:/i.test(a));
    const scholarAuthors = meta(metas, 'citation_author', 'dc.creator', 'dcterms.creator');
    const timeEl = firstElement(doc, 'time', (el) => el.hasAttribute('datetime'));
    const dateCandidates = [
      ...meta(metas, 'article:published_time'),
      ...meta(metas, 'date', 'citation_publication_date', 'citation_date', 'dc.date', 'dcterms.created', 'dc.date.issued', 'datepublished', 'pubdate', 'publish-date'),
      timeEl?.getAttribute('datetime') ?? '',
      ld.published ?? '',
    ];
    const canonical = firstElement(doc, 'link', (el) => /(?:^|\s)canonical(?:\s|$)/i.test(el.getAttribute('rel') ?? ''))?.getAttribute('href');
    const url = absoluteUrl(canonical) ?? absoluteUrl(meta(metas, 'og:url')[0]);
    let readability: Article = null;

    // The article. Readability changes the document it works on, so the fallback (the page's
    // <main>, its only <article>, or else its body) is measured first, as text. What is kept is
    // read from a sanitized copy; in the rare case the fallback wins, the page is parsed again
    // for it (cheaper than a sanitized copy of every page's body made just in case).
    let text = '';
    let structure: DocumentStructure = EMPTY_STRUCTURE;
    const body = doc.body;
    if (body) {
      const fallbackRoot = (d: Document): Element | null => {
        const articles = d.getElementsByTagName('article');
        const main = firstElement(d, 'main') ?? (articles.length === 1 ? articles[0]! : null);
        if (main && countNonSpace(domToText(main).trim()) >= MIN_ARTICLE_CHARS) return main;
        return d.body;
      };
      const fallbackText = domToText(fallbackRoot(doc)!).trim();
      let article: Article = null;
      try {
        article = readArticle(doc);
      } catch {
        article = null; // e.g. too many elements: the fallback will do
      }
      let read = article?.content ? readSanitized(article.content as Element) : null;
      if (!read || (countNonSpace(read.text) < MIN_ARTICLE_CHARS && fallbackText.length > read.text.length)) {
        const again = parseHtml(html);
        try {
          read = readSanitized(fallbackRoot(again)!);
        } finally {
          releaseHtml(again);
        }
      }
      text = read.text;
      structure = read.structure;
      readability = article;
    }
    let published: string | null = null;
    for (const d of dateCandidates) {
      published = normalizeDate(d);
      if (published) break;
    }
    published ??= normalizeDate(readability?.publishedTime) ?? findDate(text);

    let authors = cleanAuthors(metaAuthors);
    if (!authors.length) authors = cleanAuthors(articleAuthors);
    if (!authors.length) authors = cleanAuthors(scholarAuthors);
    if (!authors.length) authors = cleanAuthors(ld.authors);
    if (!authors.length && readability?.byline) authors = cleanAuthors([readability.byline]);

    const title =
      clampTitle(ogTitle) ??
      clampTitle(stripSiteName(docTitle, site)) ??
      clampTitle(readability?.title) ??
      clampTitle(ld.headline) ??
      clampTitle(h1);

    return { title, authors, published, url, text, structure };
  } finally {
    releaseHtml(doc);
  }
}
