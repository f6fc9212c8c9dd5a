// A web page's encoding and metadata: its bytes decoded, and title, authors, date and address
// from what its head and body say (meta tags, JSON-LD, <time>, <link rel=canonical>, the byline,
// the first <h1>). The DOM reader (html.ts) and the streaming reader (html-stream.ts) each
// collect the same PageFacts; pageMetadata turns them into the document's metadata.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { decodeText, normalizeNewlines } from './decode.ts';
import { clampTitle, dedupe, findDate, normalizeDate, splitAuthors } from '../metadata.ts';

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

/** What a page says about itself, as either reader collects it. */
export interface PageFacts {
  /** <meta> contents by lowercased name / property / itemprop, in document order. */
  metas: Map<string, string[]>;
  /** The contents of its <script type="application/ld+json"> elements. */
  jsonLd: string[];
  /** Its <title>, whitespace collapsed. */
  title: string;
  /** Its first <h1> in the body, whitespace collapsed. */
  h1: string;
  /** The datetime of its first <time datetime>. */
  time: string | null;
  /** The href of its <link rel=canonical>. */
  canonical: string | null;
  /** A byline ("By Jane Doe") found in the text read, if any. */
  byline: string | null;
}

export function emptyFacts(): PageFacts {
  return { metas: new Map(), jsonLd: [], title: '', h1: '', time: null, canonical: null, byline: null };
}

/** Adds one <meta> element to facts.metas. */
export function addMeta(facts: PageFacts, attr: (name: string) => string | null): void {
  const content = attr('content')?.trim();
  if (!content) return;
  for (const name of ['name', 'property', 'itemprop']) {
    const key = attr(name)?.trim().toLowerCase();
    if (!key) continue;
    let list = facts.metas.get(key);
    if (!list) facts.metas.set(key, (list = []));
    list.push(content);
  }
}

export const isCanonicalLink = (attr: (name: string) => string | null): boolean => /(?:^|\s)canonical(?:\s|$)/i.test(attr('rel') ?? '');
export const isJsonLd = (attr: (name: string) => string | null): boolean => attr('type')?.trim().toLowerCase() === 'application/ld+json';

/** An element that names the author ("By Jane Doe"), as Readability recognises one. */
export function isBylineElement(attr: (name: string) => string | null): boolean {
  if (attr('rel') === 'author' || (attr('itemprop') ?? '').includes('author')) return true;
  return /byline|author|dateline|writtenby|p-author/i.test(`${attr('class') ?? ''} ${attr('id') ?? ''}`);
}

/** A byline's text, if it reads like one. */
export function bylineText(raw: string): string | null {
  const s = raw.replace(/\s+/g, ' ').trim();
  return s && s.length < 100 ? s : null;
}

function meta(index: Map<string, string[]>, ...keys: string[]): string[] {
  const out: string[] = [];
  for (const k of keys) out.push(...(index.get(k) ?? []));
  return out;
}

interface JsonLdInfo {
  headline: string | null;
  authors: string[];
  published: string | null;
}

function jsonLd(sources: string[]): JsonLdInfo {
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
  for (const s of sources) {
    try {
      visit(JSON.parse(s), 0);
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

const TITLE_SEPARATORS = [' | ', ' - ', ' – ', ' — ', ' :: ', ' · '];

/**
 * Drop " | Site name" / " - Site name" from a <title>: when the page declares its site's name, or
 * when the page's own first heading is the <title> up to a separator (documentation sites title
 * every page "<heading> — <Project> <version> documentation").
 */
function stripSiteName(title: string, site: string | null, h1: string): string {
  const heading = h1.replace(/\s*[¶#§]$/, '').trim();
  if (heading && heading !== title) {
    for (const sep of TITLE_SEPARATORS) {
      if (title.startsWith(heading + sep) || title.endsWith(sep + heading)) return heading;
    }
  }
  if (site) {
    for (const sep of TITLE_SEPARATORS) {
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

/** What Readability found, when it read the page. */
export interface ArticleFacts {
  title?: string | null;
  byline?: string | null;
  publishedTime?: string | null;
}

export interface PageMetadata {
  title: string | null;
  authors: string[];
  published: string | null;
  url: string | null;
}

/** The document's metadata: the page's own declarations first, then Readability's, then its text. */
export function pageMetadata(facts: PageFacts, text: string, article: ArticleFacts | null): PageMetadata {
  const metas = facts.metas;
  const site = meta(metas, 'og:site_name', 'application-name')[0] ?? null;
  const ld = jsonLd(facts.jsonLd);
  const ogTitle = meta(metas, 'og:title', 'citation_title', 'dc.title')[0] ?? '';
  const dateCandidates = [
    ...meta(metas, 'article:published_time'),
    ...meta(metas, 'date', 'citation_publication_date', 'citation_date', 'dc.date', 'dcterms.created', 'dc.date.issued', 'datepublished', 'pubdate', 'publish-date'),
    facts.time ?? '',
    ld.published ?? '',
  ];
  const url = absoluteUrl(facts.canonical) ?? absoluteUrl(meta(metas, 'og:url')[0]);

  let published: string | null = null;
  for (const d of dateCandidates) {
    published = normalizeDate(d);
    if (published) break;
  }
  published ??= normalizeDate(article?.publishedTime) ?? findDate(text);

  let authors = cleanAuthors(meta(metas, 'author'));
  if (!authors.length) authors = cleanAuthors(meta(metas, 'article:author').filter((a) => !/^https?:/i.test(a)));
  if (!authors.length) authors = cleanAuthors(meta(metas, 'citation_author', 'dc.creator', 'dcterms.creator'));
  if (!authors.length) authors = cleanAuthors(ld.authors);
  const byline = article ? article.byline : facts.byline;
  if (!authors.length && byline) authors = cleanAuthors([byline.replace(/^\s*by\s+/i, '')]);

  const title =
    clampTitle(ogTitle) ??
    clampTitle(stripSiteName(facts.title, site, facts.h1)) ??
    clampTitle(article?.title) ??
    clampTitle(ld.headline) ??
    clampTitle(facts.h1);

  return { title, authors, published, url };
}
