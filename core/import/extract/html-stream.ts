// Pages too big for a DOM (saved pages and HTML exports of long reports run to tens of MB),
// read by a streaming parser (htmlparser2): its events drive the same HtmlTextSink as the DOM
// walk, so the text, blocks, spans, links and images come out as for a small page, under the
// same rules (nothing of scripts, styles, templates or frames; links and images only from the
// allowlist of sanitize.ts; nothing remote is ever fetched: a parser only reads the string).
//
// The main text is chosen as for a small page: the page's <main> or [role=main] when it holds
// real text, else its one top-level <article>, else the whole body without the site's
// navigation, header, footer and sidebars (where a small page would ask Readability). As a
// stream cannot look ahead, each choice is one pass over the page; a cheap scan of the markup
// says which to try first, so a page is parsed once unless its landmark disappoints.
import { Parser } from 'htmlparser2';
import type { DocumentStructure } from '../../types.ts';
import { addMeta, bylineText, decodeHtml, emptyFacts, isBylineElement, isCanonicalLink, isJsonLd, pageMetadata, type PageFacts } from './html-meta.ts';
import { HtmlTextSink, MIN_ARTICLE_CHARS, PERMALINK_TEXT, SKIP, countNonSpace, isHidden, permalinkKind, trimmed, type Attr } from './htmltext.ts';
import type { HtmlResult } from './html.ts';

type Target = 'main' | 'article' | 'page';

/** Longest JSON-LD or <title> kept for the metadata (they are read whole, unlike the body). */
const MAX_CAPTURE = 1024 * 1024;

/** One element's attributes, as the sink asks for them. */
const attrOf =
  (attribs: Record<string, string>): Attr =>
  (name) =>
    attribs[name] ?? null;

/** Skips the subtrees a sink refuses (open() → false): it then gets no events until their end. */
class Feed {
  private skip = 0;
  constructor(readonly sink: HtmlTextSink) {}
  open(tag: string, attr: Attr): void {
    if (this.skip > 0) this.skip++;
    else if (!this.sink.open(tag, attr)) this.skip = 1;
  }
  close(): void {
    if (this.skip > 0) this.skip--;
    else this.sink.close();
  }
  text(data: string): void {
    if (this.skip === 0) this.sink.text(data);
  }
}

type Event = { open: string; attr: Attr } | { close: true } | { text: string };

/** One pass over the page, keeping the text of `target`. */
class Pass {
  readonly feed: Feed;
  /** Elements open around the current event (not counting skipped subtrees). */
  private depth = 0;
  /** Depth of the region being read (the landmark or an article), or 0 outside it. */
  private regionDepth = 0;
  /** Landmarks (main) or top-level articles met. */
  regions = 0;
  /** A byline ("By …") in the region read (main or article). */
  byline: string | null = null;
  /** Skipped subtree (never text, hidden, a permalink): elements still open in it. */
  private skip = 0;
  /** An <a href="#…"> that may be a permalink: its events, held until it closes. */
  private held: Event[] | null = null;
  private heldDepth = 0;
  private heldText = '';
  /** Metadata capture: which element's text is being collected, and how deep it is. */
  private capture: { kind: 'title' | 'ld' | 'h1' | 'byline'; depth: number; text: string } | null = null;
  private rawDepth = 0;

  constructor(
    private readonly target: Target,
    /** Collected on the first pass only. */
    private readonly facts: PageFacts | null,
  ) {
    this.feed = new Feed(new HtmlTextSink(target === 'page' ? 'page' : 'landmark'));
  }

  onopentag(tag: string, attribs: Record<string, string>): void {
    const attr = attrOf(attribs);
    this.rawDepth++;
    this.meta(tag, attr);
    if (this.skip > 0) {
      this.skip++;
      return;
    }
    if (SKIP.has(tag) || isHidden(attr)) {
      this.skip = 1;
      return;
    }
    const permalink = permalinkKind(tag, attr);
    if (permalink === 'yes') {
      this.skip = 1;
      return;
    }
    if (this.held) {
      this.held.push({ open: tag, attr });
      this.heldDepth++;
      return;
    }
    if (permalink === 'maybe') {
      this.held = [{ open: tag, attr }];
      this.heldDepth = 1;
      this.heldText = '';
      return;
    }
    this.routeOpen(tag, attr);
  }

  onclosetag(): void {
    if (this.capture && this.capture.depth === this.rawDepth) this.endCapture();
    this.rawDepth--;
    if (this.skip > 0) {
      this.skip--;
      return;
    }
    if (this.held) {
      this.held.push({ close: true });
      if (--this.heldDepth === 0) {
        const events = this.held;
        const text = this.heldText;
        this.held = null;
        // a permalink ("¶") is left out; any other link is read as it came
        if (!(text.trim() !== '' && PERMALINK_TEXT.test(text))) this.replay(events);
      }
      return;
    }
    this.routeClose();
  }

  ontext(data: string): void {
    if (this.capture && this.capture.text.length < MAX_CAPTURE) this.capture.text += data;
    if (this.skip > 0) return;
    if (this.held) {
      this.held.push({ text: data });
      this.heldText += data;
      if (!PERMALINK_TEXT.test(this.heldText)) {
        // not a permalink after all: read it as it comes (its closes then arrive as usual)
        const events = this.held;
        this.held = null;
        this.replay(events);
      }
      return;
    }
    this.routeText(data);
  }

  private replay(events: Event[]): void {
    for (const e of events) {
      if ('open' in e) this.routeOpen(e.open, e.attr);
      else if ('close' in e) this.routeClose();
      else this.routeText(e.text);
    }
  }

  /** Inside the region read: its children, and text directly in it (at its own depth). */
  private inRegion(): boolean {
    return this.target === 'page' || (this.regionDepth > 0 && this.depth >= this.regionDepth);
  }

  private routeOpen(tag: string, attr: Attr): void {
    this.depth++;
    if (this.target !== 'page' && this.regionDepth === 0) {
      const isRegion = this.target === 'main' ? tag === 'main' || attr('role') === 'main' : tag === 'article';
      // main: the first landmark only; article: every top-level article (one is wanted)
      if (isRegion && (this.target === 'article' || this.regions === 0)) {
        this.regions++;
        this.regionDepth = this.depth;
      }
      return;
    }
    if (!this.inRegion()) return;
    if (this.target !== 'page' && !this.byline && !this.capture && isBylineElement(attr)) {
      this.capture = { kind: 'byline', depth: this.rawDepth, text: '' };
    }
    this.feed.open(tag, attr);
  }

  private routeClose(): void {
    if (this.regionDepth > 0 && this.depth === this.regionDepth) this.regionDepth = 0;
    else if (this.inRegion()) this.feed.close();
    this.depth--;
  }

  private routeText(data: string): void {
    if (this.inRegion()) this.feed.text(data);
  }

  /** Metadata from the head and the first <h1>, <time> and canonical link (first pass only). */
  private meta(tag: string, attr: Attr): void {
    const facts = this.facts;
    if (!facts) return;
    switch (tag) {
      case 'meta':
        addMeta(facts, attr);
        break;
      case 'link':
        if (facts.canonical === null && isCanonicalLink(attr)) facts.canonical = attr('href');
        break;
      case 'time':
        if (facts.time === null && attr('datetime') !== null) facts.time = attr('datetime');
        break;
      case 'title':
        if (!facts.title && !this.capture) this.capture = { kind: 'title', depth: this.rawDepth, text: '' };
        break;
      case 'script':
        if (isJsonLd(attr) && !this.capture) this.capture = { kind: 'ld', depth: this.rawDepth, text: '' };
        break;
      case 'h1':
        if (!facts.h1 && !this.capture) this.capture = { kind: 'h1', depth: this.rawDepth, text: '' };
        break;
    }
  }

  private endCapture(): void {
    const c = this.capture!;
    this.capture = null;
    const facts = this.facts;
    if (c.kind === 'byline') this.byline = bylineText(c.text);
    else if (!facts) return;
    else if (c.kind === 'ld') facts.jsonLd.push(c.text);
    else if (c.kind === 'title') facts.title = c.text.replace(/\s+/g, ' ').trim();
    else if (c.kind === 'h1') facts.h1 = c.text.replace(/\s+/g, ' ').trim();
  }
}

function runPass(html: string, target: Target, facts: PageFacts | null): { pass: Pass; text: string; structure: DocumentStructure } {
  const pass = new Pass(target, facts);
  const parser = new Parser(
    {
      onopentag: (name, attribs) => pass.onopentag(name, attribs),
      onclosetag: () => pass.onclosetag(),
      ontext: (data) => pass.ontext(data),
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return { pass, ...trimmed(pass.feed.sink.out.finish()) };
}

const HAS_MAIN = /<main[\s>]|\brole\s*=\s*["']?main\b/i;
const HAS_ARTICLE = /<article[\s>]/i;

/** Reads a page of any size with a streaming parser; the DOM is never built. */
export function extractHtmlStreaming(bytes: Uint8Array): HtmlResult {
  const html = decodeHtml(bytes);
  const facts = emptyFacts();
  let first = true;
  const pass = (target: Target) => {
    const r = runPass(html, target, first ? facts : null);
    first = false;
    return r;
  };
  let read: ReturnType<typeof pass> | null = null;
  let mainFound = false;
  if (HAS_MAIN.test(html)) {
    const r = pass('main');
    mainFound = r.pass.regions > 0;
    if (mainFound && countNonSpace(r.text) >= MIN_ARTICLE_CHARS) read = r;
  }
  if (!read && !mainFound && HAS_ARTICLE.test(html)) {
    const r = pass('article');
    if (r.pass.regions === 1 && countNonSpace(r.text) >= MIN_ARTICLE_CHARS) read = r;
  }
  read ??= pass('page');
  facts.byline = read.pass.byline;
  return { ...pageMetadata(facts, read.text, null), text: read.text, structure: read.structure };
}
