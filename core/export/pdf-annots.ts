// Real PDF annotations, shared by the annotated original and the typeset PDF: /Highlight with
// QuadPoints and an appearance stream, /Text sticky notes, and their /Popup windows.
// Every text string goes in as PDFHexString.fromText (UTF-16BE with BOM): pdf-lib would turn a
// plain JS string into a PDF *name*, which is wrong for text and loses non-Latin characters.
import os from 'node:os';
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFPage, PDFRef, PDFString } from 'pdf-lib';
import type { Color, PdfRect } from '../types.ts';
import type { ExportAnnotation, ExportDocument, PdfQuad } from './model.ts';
import { GENERATOR, inReadingOrder, isKeptTakeaway } from './model.ts';

/** Highlight colors as RGB in 0..1, close to what Zotero and Acrobat offer. */
export const COLOR_RGB: Record<Color, [number, number, number]> = {
  yellow: [1, 0.831, 0],
  red: [1, 0.4, 0.4],
  green: [0.373, 0.698, 0.212],
  blue: [0.18, 0.659, 0.898],
  purple: [0.635, 0.541, 0.898],
  orange: [0.945, 0.596, 0.216],
  gray: [0.667, 0.667, 0.667],
};

/** Highlights are painted with Multiply at this opacity: text under them stays black. */
export const HIGHLIGHT_OPACITY = 0.6;

export function rgbOf(color: Color | null | undefined): [number, number, number] {
  return (color && COLOR_RGB[color]) || COLOR_RGB.yellow;
}

/** A PDF date string (PDF 32000-1 §7.9.4) in UTC: D:YYYYMMDDHHmmSSZ. */
export function pdfDate(iso: string | Date): string {
  const d = iso instanceof Date ? iso : new Date(iso);
  const t = Number.isNaN(d.getTime()) ? new Date() : d;
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `D:${p(t.getUTCFullYear(), 4)}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}Z`;
}

/**
 * The person using the archive, by their OS account name: what Pith knows of its user without
 * asking. Null where it cannot be read (containers without a user database) or is root (a
 * machine's account, not a person's).
 */
export function accountName(): string | null {
  try {
    const name = os.userInfo().username;
    if (name && name !== 'root') return name;
  } catch {
    // No user database entry: no name.
  }
  return null;
}

/** The author written into /T: the OS user's name where it can be read, else "Pith". */
export function defaultAuthor(): string {
  return accountName() ?? GENERATOR;
}

const n = (v: number) => Math.round(v * 100) / 100;

function bounds(quads: readonly PdfRect[]): PdfRect {
  return {
    x1: Math.min(...quads.map((q) => q.x1)),
    y1: Math.min(...quads.map((q) => q.y1)),
    x2: Math.max(...quads.map((q) => q.x2)),
    y2: Math.max(...quads.map((q) => q.y2)),
  };
}

const touched = new WeakMap<PDFDocument, Set<PDFRef>>();

/** The existing objects annotations were added to (pages, or their /Annots arrays), for an incremental save. */
export function touchedObjects(pdf: PDFDocument): PDFRef[] {
  return [...(touched.get(pdf) ?? [])];
}

/**
 * Adds an annotation to a page's /Annots. Not pdf-lib's addAnnot: that "normalizes" the page
 * first (wraps its content streams, copies inherited resources), which would change the
 * original's pages for nothing.
 */
function appendAnnot(pdf: PDFDocument, page: PDFPage, ref: PDFRef): void {
  let set = touched.get(pdf);
  if (!set) touched.set(pdf, (set = new Set()));
  const key = PDFName.of('Annots');
  const raw = page.node.get(key);
  if (raw instanceof PDFRef) {
    const array = pdf.context.lookup(raw);
    if (array instanceof PDFArray) {
      array.push(ref);
      set.add(raw);
      return;
    }
  } else if (raw instanceof PDFArray) {
    raw.push(ref);
    set.add(page.ref);
    return;
  }
  page.node.set(key, pdf.context.obj([ref]));
  set.add(page.ref);
}

interface Common {
  /** Unique name of the annotation (/NM): the Pith annotation id. */
  id: string;
  color: Color | null;
  contents: string;
  author: string;
  created: string;
  modified: string;
}

export interface HighlightSpec extends Common {
  /** Rectangles on this page, one per line of the quote. */
  quads: readonly PdfRect[];
  subject?: string;
}

/** Adds a /Highlight annotation (and its /Popup) to a page; returns its reference. */
export function addHighlight(pdf: PDFDocument, page: PDFPage, spec: HighlightSpec): PDFRef {
  const ctx = pdf.context;
  const [r, g, b] = rgbOf(spec.color);
  const rect = bounds(spec.quads);
  // Appearance: the quads filled with Multiply, so the words stay readable; renderers that draw
  // /AP (poppler's pdftoppm does not synthesize one for every annotation) tint the words.
  const ops = [`/GS0 gs ${n(r)} ${n(g)} ${n(b)} rg`];
  for (const q of spec.quads) ops.push(`${n(q.x1)} ${n(q.y1)} ${n(q.x2 - q.x1)} ${n(q.y2 - q.y1)} re`);
  ops.push('f');
  const appearance = ctx.stream(ops.join('\n'), {
    Type: 'XObject',
    Subtype: 'Form',
    BBox: [n(rect.x1), n(rect.y1), n(rect.x2), n(rect.y2)],
    Resources: { ExtGState: { GS0: { Type: 'ExtGState', BM: 'Multiply' } } },
  });
  const apRef = ctx.register(appearance);
  const quadPoints: number[] = [];
  // Per rectangle: upper-left, upper-right, lower-left, lower-right, the order Acrobat reads
  // (the specification's figure says otherwise, but every viewer follows Acrobat).
  for (const q of spec.quads) quadPoints.push(n(q.x1), n(q.y2), n(q.x2), n(q.y2), n(q.x1), n(q.y1), n(q.x2), n(q.y1));
  const dict = ctx.obj({
    Type: 'Annot',
    Subtype: 'Highlight',
    Rect: [n(rect.x1), n(rect.y1), n(rect.x2), n(rect.y2)],
    QuadPoints: quadPoints,
    C: [n(r), n(g), n(b)],
    CA: HIGHLIGHT_OPACITY,
    F: 4,
    P: page.ref,
    AP: { N: apRef },
  });
  setText(dict, spec, spec.subject ?? 'Highlight');
  const ref = ctx.register(dict);
  appendAnnot(pdf, page, ref);
  addPopup(pdf, page, ref, dict, rect);
  return ref;
}

export interface NoteSpec extends Common {
  /** Upper-left corner of the note's icon. */
  x: number;
  y: number;
  /** The annotation this note answers (a note on a highlight): /IRT with /RT /R. */
  inReplyTo?: PDFRef;
}

const ICON = 20;

/** Adds a /Text annotation (a sticky note) with a drawn icon and a /Popup; returns its reference. */
export function addNote(pdf: PDFDocument, page: PDFPage, spec: NoteSpec): PDFRef {
  const ctx = pdf.context;
  const [r, g, b] = rgbOf(spec.color);
  const rect: PdfRect = { x1: spec.x, y1: spec.y - ICON, x2: spec.x + ICON, y2: spec.y };
  // A note icon: a filled square with a dark border and three text lines.
  const icon = [
    `${n(r)} ${n(g)} ${n(b)} rg 0.25 0.25 0.25 RG 0.8 w`,
    `${n(rect.x1 + 1)} ${n(rect.y1 + 1)} ${ICON - 2} ${ICON - 2} re B`,
    '0.25 0.25 0.25 RG 1 w',
    ...[6, 10, 14].map((dy) => `${n(rect.x1 + 4)} ${n(rect.y2 - dy)} m ${n(rect.x2 - 4)} ${n(rect.y2 - dy)} l S`),
  ].join('\n');
  const apRef = ctx.register(
    ctx.stream(icon, { Type: 'XObject', Subtype: 'Form', BBox: [n(rect.x1), n(rect.y1), n(rect.x2), n(rect.y2)] }),
  );
  const dict = ctx.obj({
    Type: 'Annot',
    Subtype: 'Text',
    Rect: [n(rect.x1), n(rect.y1), n(rect.x2), n(rect.y2)],
    C: [n(r), n(g), n(b)],
    Name: 'Comment',
    Open: false,
    // Print, NoZoom, NoRotate: the icon keeps its size and stays upright, as sticky notes do.
    F: 4 | 8 | 16,
    P: page.ref,
    AP: { N: apRef },
  });
  setText(dict, spec, 'Note');
  if (spec.inReplyTo) {
    dict.set(PDFName.of('IRT'), spec.inReplyTo);
    dict.set(PDFName.of('RT'), PDFName.of('R'));
  }
  const ref = ctx.register(dict);
  appendAnnot(pdf, page, ref);
  addPopup(pdf, page, ref, dict, rect);
  return ref;
}

function setText(d: PDFDict, spec: Common, subject: string): void {
  d.set(PDFName.of('Contents'), PDFHexString.fromText(spec.contents));
  d.set(PDFName.of('T'), PDFHexString.fromText(spec.author));
  d.set(PDFName.of('Subj'), PDFHexString.fromText(subject));
  d.set(PDFName.of('NM'), PDFHexString.fromText(spec.id));
  d.set(PDFName.of('M'), PDFString.of(pdfDate(spec.modified)));
  d.set(PDFName.of('CreationDate'), PDFString.of(pdfDate(spec.created)));
}

/** A closed pop-up window beside the annotation, inside the page, for viewers that show one. */
function addPopup(pdf: PDFDocument, page: PDFPage, parentRef: PDFRef, parent: PDFDict, rect: PdfRect): void {
  const box = page.getCropBox();
  const w = Math.min(220, box.width / 2);
  const h = Math.min(120, box.height / 4);
  const x1 = Math.max(box.x, Math.min(rect.x2 + 10, box.x + box.width - w));
  const y2 = Math.min(box.y + box.height, Math.max(rect.y2, box.y + h));
  const popup = pdf.context.obj({
    Type: 'Annot',
    Subtype: 'Popup',
    Rect: [n(x1), n(y2 - h), n(x1 + w), n(y2)],
    Parent: parentRef,
    Open: false,
    F: 8 | 16,
    P: page.ref,
  });
  const popupRef = pdf.context.register(popup);
  parent.set(PDFName.of('Popup'), popupRef);
  appendAnnot(pdf, page, popupRef);
}

export interface AnnotateResult {
  highlights: number;
  notes: number;
  /** Annotations whose quote could not be placed on a page; written as notes instead. */
  unplaced: number;
}

/**
 * Writes a document's annotations into a PDF: highlights and quoted takeaways as /Highlight
 * over their quads, notes as /Text (replies to their highlight where they have one), free
 * takeaways and quotes that cannot be placed as /Text notes in the page's top-left margin, so
 * nothing of the user's work is left out. Suggested takeaways not yet kept are left out.
 */
export function writeAnnotations(
  pdf: PDFDocument,
  doc: ExportDocument,
  place: (a: ExportAnnotation) => PdfQuad[] | null,
  author: string = defaultAuthor(),
): AnnotateResult {
  const pages = pdf.getPages();
  const result: AnnotateResult = { highlights: 0, notes: 0, unplaced: 0 };
  if (pages.length === 0) return result;
  const placedAt = new Map<string, { ref: PDFRef; page: number; quad: PdfRect }>();
  const marginCount = new Map<number, number>();
  const pageAt = (p: number | null | undefined) => Math.min(Math.max(1, Math.trunc(p ?? 1)), pages.length);
  const annotations = inReadingOrder(doc.annotations).filter((a) => a.kind !== 'takeaway' || isKeptTakeaway(a));

  const marginNote = (a: ExportAnnotation, page: number, contents: string, inReplyTo?: PDFRef) => {
    const p = pages[page - 1]!;
    const box = p.getCropBox();
    const k = marginCount.get(page) ?? 0;
    marginCount.set(page, k + 1);
    const y = box.y + box.height - 14 - ((k * (ICON + 4)) % Math.max(ICON + 4, box.height - 40));
    addNote(pdf, p, { ...common(a, contents, author), x: box.x + 10, y, inReplyTo });
    result.notes += 1;
  };

  // Highlights and takeaways first, so notes can answer them.
  for (const a of annotations) {
    if (a.kind === 'note') continue;
    const quoted = a.quote != null || a.position != null;
    if (!quoted) {
      marginNote(a, pageAt(a.page), contentsOf(a));
      continue;
    }
    const quads = (a.anchor === 'orphaned' ? null : place(a))?.filter((q) => q.page >= 1 && q.page <= pages.length) ?? [];
    if (quads.length === 0) {
      result.unplaced += 1;
      const quote = a.quote?.exact ? `“${a.quote.exact}”\n(This passage could not be placed on the page.)` : '';
      marginNote(a, pageAt(a.page), joinParts([quote, contentsOf(a)]));
      continue;
    }
    const byPage = new Map<number, PdfQuad[]>();
    for (const q of quads) byPage.set(q.page, [...(byPage.get(q.page) ?? []), q]);
    let first = true;
    for (const [pageNo, pageQuads] of byPage) {
      const ref = addHighlight(pdf, pages[pageNo - 1]!, {
        ...common(a, contentsOf(a), author),
        id: first ? a.id : `${a.id}#p${pageNo}`,
        quads: pageQuads,
        subject: a.kind === 'takeaway' ? 'Takeaway' : 'Highlight',
      });
      if (first) placedAt.set(a.id, { ref, page: pageNo, quad: pageQuads[0]! });
      first = false;
      result.highlights += 1;
    }
  }

  for (const a of annotations) {
    if (a.kind !== 'note') continue;
    const contents = joinParts([a.text?.trim(), a.comment?.trim(), tagLine(a), pageLine(a)]);
    const parent = a.parentId ? placedAt.get(a.parentId) : undefined;
    let anchor = parent ? { page: parent.page, quad: parent.quad } : undefined;
    if (!anchor && (a.quote || a.position) && a.anchor !== 'orphaned') {
      const q = place(a)?.find((x) => x.page >= 1 && x.page <= pages.length);
      if (q) anchor = { page: q.page, quad: q };
    }
    if (!anchor) {
      marginNote(a, pageAt(a.page), contents, undefined);
      continue;
    }
    const p = pages[anchor.page - 1]!;
    const box = p.getCropBox();
    const x = Math.max(box.x + 2, anchor.quad.x1 - ICON - 4);
    const y = Math.min(box.y + box.height - 2, anchor.quad.y2 + 2);
    addNote(pdf, p, { ...common(a, contents, author), x, y, inReplyTo: parent?.ref });
    result.notes += 1;
  }
  return result;
}

function common(a: ExportAnnotation, contents: string, author: string): Common {
  return { id: a.id, color: a.color, contents, author, created: a.created, modified: a.updated };
}

/** What a viewer shows in the annotation's pop-up: the comment (and a takeaway's sentence), tags, the page as printed. */
function contentsOf(a: ExportAnnotation): string {
  const parts: string[] = [];
  if (a.kind === 'takeaway') parts.push(a.text?.trim() ? `Takeaway: ${a.text.trim()}` : 'Takeaway');
  else if (a.text?.trim()) parts.push(a.text.trim());
  if (a.comment?.trim()) parts.push(a.comment.trim());
  parts.push(tagLine(a));
  parts.push(pageLine(a));
  return joinParts(parts);
}

/** "p. xii" where the PDF's printed page label differs from the page's position in the file (a viewer shows that one). */
function pageLine(a: ExportAnnotation): string {
  return a.pageLabel && a.page != null && a.pageLabel !== String(a.page) ? `p. ${a.pageLabel}` : '';
}

function tagLine(a: ExportAnnotation): string {
  return a.tags.length > 0 ? `Tags: ${a.tags.join(', ')}` : '';
}

function joinParts(parts: (string | undefined | null)[]): string {
  return parts.filter((s): s is string => Boolean(s)).join('\n\n');
}
