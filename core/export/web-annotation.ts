// Annotations as the W3C Web Annotation Data Model (https://www.w3.org/TR/annotation-model/),
// in its JSON-LD serialization, so Hypothesis-like tools can read them. The export is an
// AnnotationCollection whose first (and only) AnnotationPage embeds the Annotations, as §5 of the
// model lays out collections: a collection lists pages, pages hold `items`.
import crypto from 'node:crypto';
import type { Annotation, DocumentDetail } from '../types.ts';
import { GENERATOR, inReadingOrder, pageLabelOf, pageOf } from './model.ts';

export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

export interface TextualBody {
  type: 'TextualBody';
  value: string;
  format?: 'text/plain';
  purpose: 'commenting' | 'tagging' | 'describing';
}

export interface TextQuoteSelector {
  type: 'TextQuoteSelector';
  exact: string;
  prefix?: string;
  suffix?: string;
}

export interface TextPositionSelector {
  type: 'TextPositionSelector';
  start: number;
  end: number;
}

/**
 * The page of a PDF, as RFC 3778's fragment ("page=9": the 1-based page in the file), refined by the
 * quote on it: one more way to find the same passage, for readers that open the PDF itself.
 */
export interface PdfPageSelector {
  type: 'FragmentSelector';
  conformsTo: 'http://tools.ietf.org/rfc/rfc3778';
  value: string;
  refinedBy?: TextQuoteSelector;
}

export const RFC_3778 = 'http://tools.ietf.org/rfc/rfc3778';

export interface SourceResource {
  id: string;
  type: 'Text';
  format: string;
  /** rdfs:label in the context: the document's title. */
  label: string;
  /** Dublin Core source: where the document came from (URL, else the imported file's path). */
  'dc:source'?: string;
}

export interface SpecificTarget {
  type: 'SpecificResource';
  source: SourceResource;
  selector?: (TextQuoteSelector | TextPositionSelector | PdfPageSelector)[];
  /** rdfs:label of the passage, for PDFs: its page as printed ("p. xii", from /PageLabels). */
  label?: string;
}

/** Who made the annotations (§3.3.2): the person using the archive, by their account name. */
export interface Creator {
  type: 'Person';
  nickname: string;
}

export interface WebAnnotation {
  '@context': typeof ANNO_CONTEXT;
  id: string;
  type: 'Annotation';
  motivation: 'highlighting' | 'commenting' | 'tagging' | 'describing';
  created: string;
  modified: string;
  creator?: Creator;
  generator: { type: 'Software'; name: string };
  body?: TextualBody | TextualBody[];
  /**
   * A passage (SpecificResource), the annotation a note replies to (its IRI), or, for what is
   * about the whole document (a takeaway or note without a quote), the document itself: an
   * External Web Resource, as §3.2 has it.
   */
  target: SpecificTarget | SourceResource | string;
}

export interface WebAnnotationOptions {
  /** The creator's account name; no `creator` when null or absent. */
  creator?: string | null;
}

export interface AnnotationPage {
  id: string;
  type: 'AnnotationPage';
  partOf: string;
  startIndex: 0;
  items: WebAnnotation[];
}

export interface AnnotationCollection {
  '@context': typeof ANNO_CONTEXT;
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  generated: string;
  generator: { type: 'Software'; name: string };
  first: AnnotationPage;
}

/** urn:uuid: for our ids, which are UUIDs; anything else is made into one deterministically. */
export function urn(id: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return `urn:uuid:${id.toLowerCase()}`;
  const h = crypto.createHash('sha1').update(id).digest('hex');
  return `urn:uuid:${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function sourceOf(doc: DocumentDetail): SourceResource {
  const source: SourceResource = { id: urn(doc.id), type: 'Text', format: doc.mime, label: doc.title };
  const via = doc.source.url ?? doc.source.path;
  if (via) source['dc:source'] = via;
  return source;
}

/**
 * Offsets in the text as the model counts them (§4.2.5: "the number of Unicode code points"),
 * from ours, which are JavaScript's UTF-16 code units: each astral character (an emoji, a CJK
 * extension ideograph) before an offset counts once, not twice. The text is scanned once; each
 * offset then costs a binary search. An offset past the text (not loaded that far) gives null.
 */
export function codePointCounter(text: string): (offset: number) => number | null {
  const pairs: number[] = [];
  for (const m of text.matchAll(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)) pairs.push(m.index);
  return (offset) => {
    if (!Number.isInteger(offset) || offset < 0 || offset > text.length) return null;
    // Pairs wholly before the offset each take one code unit too many.
    let lo = 0;
    let hi = pairs.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pairs[mid]! + 2 <= offset) lo = mid + 1;
      else hi = mid;
    }
    return offset - lo;
  };
}

/** One annotation in the model. Notes on a highlight target that highlight's annotation. */
export function toWebAnnotation(
  doc: DocumentDetail,
  a: Annotation,
  source = sourceOf(doc),
  options: WebAnnotationOptions = {},
  codePoints = codePointCounter(doc.text),
): WebAnnotation {
  const bodies: TextualBody[] = [];
  if (a.text?.trim()) {
    // A note's text is a comment; a takeaway's own sentence describes the passage.
    bodies.push({ type: 'TextualBody', value: a.text, format: 'text/plain', purpose: a.kind === 'takeaway' ? 'describing' : 'commenting' });
  }
  if (a.comment?.trim()) bodies.push({ type: 'TextualBody', value: a.comment, format: 'text/plain', purpose: 'commenting' });
  for (const tag of a.tags) bodies.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });

  let motivation: WebAnnotation['motivation'];
  if (bodies.some((b) => b.purpose === 'commenting')) motivation = 'commenting';
  else if (bodies.some((b) => b.purpose === 'describing')) motivation = 'describing';
  else if (a.quote) motivation = 'highlighting';
  else if (bodies.length > 0) motivation = 'tagging';
  else motivation = 'highlighting';

  let target: WebAnnotation['target'];
  if (a.quote || a.position) {
    const selector: (TextQuoteSelector | TextPositionSelector | PdfPageSelector)[] = [];
    if (a.quote) {
      const q: TextQuoteSelector = { type: 'TextQuoteSelector', exact: a.quote.exact };
      if (a.quote.prefix) q.prefix = a.quote.prefix;
      if (a.quote.suffix) q.suffix = a.quote.suffix;
      selector.push(q);
    }
    // An orphaned anchor's offsets point at text that is no longer the quote: only the quote stays.
    // Without the text up to the passage there is no counting code points: no position then,
    // rather than one in the wrong unit.
    if (a.position && a.anchor !== 'orphaned') {
      const start = codePoints(a.position.start);
      const end = codePoints(a.position.end);
      if (start != null && end != null) selector.push({ type: 'TextPositionSelector', start, end });
    }
    const page = doc.kind === 'pdf' && a.anchor !== 'orphaned' ? pageOf(doc, a) : null;
    if (page != null) {
      const fragment: PdfPageSelector = { type: 'FragmentSelector', conformsTo: RFC_3778, value: `page=${page}` };
      const quote = selector.find((s): s is TextQuoteSelector => s.type === 'TextQuoteSelector');
      if (quote) fragment.refinedBy = quote;
      selector.push(fragment);
    }
    const specific: SpecificTarget = { type: 'SpecificResource', source, selector };
    const label = page != null ? pageLabelOf(doc, a) : null;
    if (label != null) specific.label = `p. ${label}`;
    target = specific;
  } else if (a.parentId && doc.annotations.some((p) => p.id === a.parentId)) {
    target = urn(a.parentId);
  } else {
    // About the whole document: the target is the document. A SpecificResource without a
    // selector (what this was) is no SpecificResource to the model, nor a resource of its own.
    target = source;
  }

  // Each annotation carries its own @context so that it stands alone when taken out of the collection.
  const anno: WebAnnotation = {
    '@context': ANNO_CONTEXT,
    id: urn(a.id),
    type: 'Annotation',
    motivation,
    created: a.created,
    modified: a.updated,
    generator: { type: 'Software', name: GENERATOR },
    target,
  };
  if (options.creator) anno.creator = { type: 'Person', nickname: options.creator };
  if (bodies.length === 1) anno.body = bodies[0]!;
  else if (bodies.length > 1) anno.body = bodies;
  return anno;
}

export interface CollectionOptions {
  /** The collection's id; random when not given. */
  id?: string;
  /** The annotations' creator (see WebAnnotationOptions). */
  creator?: string | null;
  label?: string;
  generated?: string;
}

/** The annotations of one document, in reading order. */
export function documentWebAnnotations(doc: DocumentDetail, options: WebAnnotationOptions = {}): WebAnnotation[] {
  const source = sourceOf(doc);
  const codePoints = codePointCounter(doc.text);
  return inReadingOrder(doc.annotations).map((a) => toWebAnnotation(doc, a, source, options, codePoints));
}

/** Every annotation of the documents, in document then reading order, as one collection. */
export function toAnnotationCollection(docs: Iterable<DocumentDetail>, options: CollectionOptions = {}): AnnotationCollection {
  const items: WebAnnotation[] = [];
  for (const doc of docs) items.push(...documentWebAnnotations(doc, { creator: options.creator }));
  return annotationCollection(items, options);
}

/** A collection around annotations already made (an export builds them a document at a time). */
export function annotationCollection(items: WebAnnotation[], options: CollectionOptions = {}): AnnotationCollection {
  const id = options.id ?? `urn:uuid:${crypto.randomUUID()}`;
  return {
    '@context': ANNO_CONTEXT,
    id,
    type: 'AnnotationCollection',
    label: options.label ?? 'Pith annotations',
    total: items.length,
    generated: options.generated ?? new Date().toISOString(),
    generator: { type: 'Software', name: GENERATOR },
    first: { id: `${id}#page-1`, type: 'AnnotationPage', partOf: id, startIndex: 0, items },
  };
}
