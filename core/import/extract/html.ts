// HTML → the main text as plain readable text with its structure, plus metadata. Ordinary pages
// are parsed by jsdom (it never runs scripts and loads nothing: runScripts and resources are left
// unset): the page's own main landmark is read when it has one, else Readability picks the
// article. Pages too big for a DOM are read by the streaming parser (html-stream.ts) instead.
import { createRequire } from 'node:module';
import type { JSDOM } from 'jsdom';
import type { Readability as ReadabilityClass } from '@mozilla/readability';
import { sanitizeInPlace } from './sanitize.ts';
import type { DocumentStructure } from '../../types.ts';
import { HtmlTextSink, MIN_ARTICLE_CHARS, PERMALINK_TEXT, SKIP, countNonSpace, isHidden, permalinkKind, trimmed, type ChromeMode } from './htmltext.ts';
import {
  addMeta, bylineText, decodeHtml, emptyFacts, isBylineElement, isCanonicalLink, isJsonLd, pageMetadata,
  type ArticleFacts, type PageFacts,
} from './html-meta.ts';
import { extractHtmlStreaming } from './html-stream.ts';

export { decodeHtml } from './html-meta.ts';

export interface HtmlResult {
  title: string | null;
  authors: string[];
  published: string | null;
  url: string | null;
  text: string;
  structure: DocumentStructure;
}

// ---------------------------------------------------------------------------------------------
// DOM → text

/**
 * A permalink beside a heading ("¶", "#", "§", "🔗" linking to the page itself, as Sphinx, MkDocs
 * and GitHub write them): navigation of the page, not its text, so neither searched nor quoted.
 */
export function isPermalink(el: Element): boolean {
  const kind = permalinkKind(el.localName, (n) => el.getAttribute(n));
  if (kind !== 'maybe') return kind === 'yes';
  const text = el.textContent ?? '';
  return text.trim() !== '' && PERMALINK_TEXT.test(text);
}

/** Plain text of a DOM subtree, block structure kept. */
export function domToText(root: Node, chrome: ChromeMode = 'none'): string {
  return domToDocument(root, chrome).text;
}

/** The text of a (sanitized) DOM subtree and the structure over it. */
export function domToDocument(root: Node, chrome: ChromeMode = 'none'): { text: string; structure: DocumentStructure } {
  const sink = new HtmlTextSink(chrome);
  walk(root, sink);
  return sink.out.finish();
}

function walk(node: Node, sink: HtmlTextSink): void {
  for (let c = node.firstChild; c; c = c.nextSibling) {
    const type = c.nodeType;
    if (type === 3 /* text */ || type === 4 /* CDATA */) {
      sink.text((c as Text).data);
    } else if (type === 1) {
      const el = c as Element;
      if (isPermalink(el) || !sink.open(el.localName, (n) => el.getAttribute(n))) continue;
      walk(el, sink);
      sink.close();
    }
  }
}
// ---------------------------------------------------------------------------------------------

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
function readSanitized(root: Element, chrome: ChromeMode): { text: string; structure: DocumentStructure } {
  return trimmed(domToDocument(sanitizeInPlace(parserWindow, root), chrome));
}

const EMPTY_STRUCTURE: DocumentStructure = { blocks: [], spans: [], images: [] };

function firstElement(root: Document | Element, tag: string, test?: (el: Element) => boolean): Element | null {
  for (const el of root.getElementsByTagName(tag)) if (!test || test(el)) return el;
  return null;
}

/**
 * The page's own main landmark: the first <main> or [role=main] (an outer one, never one nested
 * in it), else its one top-level <article>. Hidden elements and what is never text (templates,
 * noscript) are not looked into.
 */
export function findLandmark(doc: Document): Element | null {
  const body = doc.body;
  if (!body) return null;
  const articles: Element[] = [];
  const search = (node: Element, inArticle: boolean): Element | null => {
    for (let el = node.firstElementChild; el; el = el.nextElementSibling) {
      const tag = el.localName;
      if (SKIP.has(tag) || isHidden((n) => el.getAttribute(n))) continue;
      if (tag === 'main' || el.getAttribute('role') === 'main') return el;
      const article = tag === 'article';
      if (article && !inArticle) articles.push(el);
      const found = search(el, inArticle || article);
      if (found) return found;
    }
    return null;
  };
  return search(body, false) ?? (articles.length === 1 ? articles[0]! : null);
}

/** Facts for the metadata, read from the DOM before anything changes it. */
function domFacts(doc: Document): PageFacts {
  const facts = emptyFacts();
  for (const el of doc.getElementsByTagName('meta')) addMeta(facts, (n) => el.getAttribute(n));
  for (const s of doc.getElementsByTagName('script')) if (isJsonLd((n) => s.getAttribute(n))) facts.jsonLd.push(s.textContent ?? '');
  facts.title = firstElement(doc, 'title')?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
  facts.h1 = (doc.body && firstElement(doc.body, 'h1')?.textContent?.replace(/\s+/g, ' ').trim()) || '';
  facts.time = firstElement(doc, 'time', (el) => el.hasAttribute('datetime'))?.getAttribute('datetime') ?? null;
  facts.canonical = firstElement(doc, 'link', (el) => isCanonicalLink((n) => el.getAttribute(n)))?.getAttribute('href') ?? null;
  return facts;
}

/** The first byline-like element of a landmark, as text. */
function domByline(root: Element): string | null {
  // a walk, not getElementsByTagName('*'): indexing jsdom's live collections is slow
  const search = (node: Element): string | null => {
    for (let el = node.firstElementChild; el; el = el.nextElementSibling) {
      if (isBylineElement((n) => el.getAttribute(n))) {
        const text = bylineText(el.textContent ?? '');
        if (text) return text;
      }
      const found = search(el);
      if (found) return found;
    }
    return null;
  };
  return search(root);
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

/**
 * Pages with more markup than this are read by the streaming parser. jsdom's memory grows with
 * the elements of a page: a 1 MB report (about 60,000 "<") peaked at 420 MB, a 6 MB one at
 * 1.6 GB, against the import worker's 2 GB heap, and it takes seconds per megabyte, where the
 * stream reads 50 MB in seconds. Markup is counted as "<" signs: a page saved with its images
 * inlined as data: URIs is big in bytes but small as a DOM, and keeps Readability.
 */
export const STREAMING_TAGS = 120_000;
/** Past this size a page is streamed whatever its markup: the DOM holds every string twice. */
export const STREAMING_BYTES = 24 * 1024 * 1024;

/** Whether a page is read by the streaming parser rather than through a DOM. */
export function readsStreaming(bytes: Uint8Array): boolean {
  if (bytes.byteLength > STREAMING_BYTES) return true;
  if (bytes.byteLength < STREAMING_TAGS) return false;
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let tags = 0;
  for (let i = buf.indexOf(0x3c); i >= 0; i = buf.indexOf(0x3c, i + 1)) {
    if (++tags > STREAMING_TAGS) return true;
  }
  return false;
}

export function extractHtml(bytes: Uint8Array): HtmlResult {
  return readsStreaming(bytes) ? extractHtmlStreaming(bytes) : extractHtmlDom(bytes);
}

/** Reads a page through jsdom (and Readability when it has no landmark). */
export function extractHtmlDom(bytes: Uint8Array): HtmlResult {
  const html = decodeHtml(bytes);
  const doc = parseHtml(html);
  try {
    // Metadata, read before anything changes the DOM.
    const facts = domFacts(doc);
    let article: ArticleFacts | null = null;
    let read: { text: string; structure: DocumentStructure } | null = null;

    // The page's own landmark, when it holds real text: what its author marked as the content.
    const landmark = findLandmark(doc);
    if (landmark && countNonSpace(domToText(landmark, 'landmark')) >= MIN_ARTICLE_CHARS) {
      facts.byline = domByline(landmark);
      read = readSanitized(landmark, 'landmark');
    } else if (doc.body) {
      // Else Readability's article. It changes the document it works on, so the fallback (the
      // body without the site's navigation, header, footer and sidebars) is measured first, as
      // text; in the rare case it wins, the page is parsed again for it.
      const fallbackText = domToText(doc.body, 'page').trim();
      let parsed: Article = null;
      try {
        parsed = readArticle(doc);
      } catch {
        parsed = null; // e.g. too many elements: the fallback will do
      }
      read = parsed?.content ? readSanitized(parsed.content as Element, 'none') : null;
      if (!read || (countNonSpace(read.text) < MIN_ARTICLE_CHARS && fallbackText.length > read.text.length)) {
        const again = parseHtml(html);
        try {
          read = again.body ? readSanitized(again.body, 'page') : null;
        } finally {
          releaseHtml(again);
        }
      }
      article = parsed;
    }
    const text = read?.text ?? '';
    const structure = read?.structure ?? EMPTY_STRUCTURE;
    return { ...pageMetadata(facts, text, article), text, structure };
  } finally {
    releaseHtml(doc);
  }
}
