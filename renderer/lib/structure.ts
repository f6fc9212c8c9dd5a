// A document's structure (core's DocumentStructure, or plain paragraphs for a plain text) as a
// tree the text view renders, and each text block cut into the pieces it draws: inline markup,
// annotation marks and find matches. Every character drawn is one character of the document's
// text at a known offset; what the text holds only for its layout (list markers, table
// separators, blank lines, the list indentation of a code block's lines) is not drawn at all.
import type { Annotation, DocumentStructure, StructureBlockExtra, StructureBlockKind, StructureImage, StructureSpan } from '../../core/types.ts';
import { splitBlocks } from './paragraphs.ts';

export type NodeKind = StructureBlockKind | 'item';

export interface RenderNode {
  kind: NodeKind;
  /** Index in the structure's blocks (-1 for a plain text's blocks). */
  index: number;
  start: number;
  end: number;
  extra?: StructureBlockExtra;
  /** Plain texts' list items: the length of the marker ("- ") drawn as a bullet but kept in the text. */
  marker?: number;
  children: RenderNode[];
}

/** The top-level blocks of a document with a structure. */
export function structureTree(structure: DocumentStructure): RenderNode[] {
  const nodes: RenderNode[] = [];
  const top: RenderNode[] = [];
  for (const [kind, start, end, parent, extra] of structure.blocks) {
    const node: RenderNode = { kind, index: nodes.length, start, end, children: [] };
    if (extra) node.extra = extra;
    nodes.push(node);
    const owner = parent >= 0 ? nodes[parent] : undefined;
    if (owner) owner.children.push(node);
    else top.push(node);
  }
  return top;
}

/** The blocks of a plain text: paragraphs, headings and list items found by its lines. */
export function plainTree(text: string): RenderNode[] {
  return splitBlocks(text).map((b) =>
    b.kind === 'heading'
      ? { kind: 'h', index: -1, start: b.start, end: b.end, extra: { level: 1 }, children: [] }
      : b.kind === 'item'
        ? { kind: 'item', index: -1, start: b.start, end: b.end, marker: b.marker, children: [] }
        : { kind: 'p', index: -1, start: b.start, end: b.end, children: [] },
  );
}

/** The index of the last node starting at or before `offset` (0 when none does). */
export function nodeIndexAt(nodes: readonly { start: number }[], offset: number): number {
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (nodes[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export interface Piece {
  start: number;
  end: number;
  text: string;
  /** Part of a plain list item's marker. */
  marker: boolean;
  em: boolean;
  strong: boolean;
  code: boolean;
  /** Inside a link (http, https or mailto). */
  href: string | null;
  /** An image at this place (the piece has no text): its index in the structure's images. */
  image: number | null;
  /** Annotations covering the piece, innermost (shortest) last. */
  annotations: Annotation[];
  /** 0: no find match here; 1: a match; 2: the current match. */
  find: 0 | 1 | 2;
}

/** A stretch of a block's characters drawn one after the other (a block has several when some of its characters are not drawn). */
export interface Run {
  start: number;
  end: number;
  pieces: Piece[];
}

export interface Overlays {
  spans: readonly StructureSpan[];
  images: readonly StructureImage[];
  annotations: readonly Annotation[];
  /** Find matches, each with its index among all matches. */
  matches: readonly { start: number; end: number; index: number }[];
  current: number;
}

/** The drawn runs of a text block: its characters less the list indentation of its lines after the first. */
export function runsOf(node: RenderNode, text: string): { start: number; end: number }[] {
  const indent = node.extra?.indent ?? 0;
  if (indent === 0) return [{ start: node.start, end: node.end }];
  const runs: { start: number; end: number }[] = [];
  let from = node.start;
  for (let nl = text.indexOf('\n', from); nl !== -1 && nl < node.end; nl = text.indexOf('\n', nl + 1)) {
    let skip = nl + 1;
    while (skip < node.end && skip - nl - 1 < indent && text.charCodeAt(skip) === 32) skip++;
    if (skip > nl + 1) {
      runs.push({ start: from, end: nl + 1 });
      from = skip;
    }
  }
  runs.push({ start: from, end: node.end });
  return runs;
}

/** The spans that start inside [start, end] (spans are sorted by start). */
function spansIn(spans: readonly StructureSpan[], start: number, end: number): StructureSpan[] {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]![1] < start) lo = mid + 1;
    else hi = mid;
  }
  const out: StructureSpan[] = [];
  for (let i = lo; i < spans.length && spans[i]![1] <= end; i++) out.push(spans[i]!);
  return out;
}

/** A text block cut into the pieces it draws. */
export function blockRuns(node: RenderNode, text: string, overlays: Overlays): Run[] {
  const spans = spansIn(overlays.spans, node.start, node.end);
  const annotations = overlays.annotations.filter((a) => a.position && a.position.end > node.start && a.position.start < node.end);
  const matches = overlays.matches.filter((m) => m.end > node.start && m.start < node.end);
  const markerEnd = node.start + (node.marker ?? 0);
  // An image belongs to the block that says so (its offset can also be where the one before ends).
  const images = spans.filter((s) => {
    if (s[0] !== 'img') return false;
    const owner = overlays.images[s[3] as number]?.block;
    return owner === undefined ? s[1] < node.end || node.start === node.end : owner === node.index;
  });
  const inline = spans.filter((s) => s[0] !== 'img' && s[2] > s[1]);
  const runs = runsOf(node, text);
  const placed = new Set<StructureSpan>();
  return runs.map((run, r) => {
    const cuts = new Set<number>([run.start, run.end]);
    const add = (x: number) => {
      if (x > run.start && x < run.end) cuts.add(x);
    };
    if (node.marker) add(markerEnd);
    for (const s of inline) {
      add(s[1]);
      add(s[2]);
    }
    for (const a of annotations) {
      add(a.position!.start);
      add(a.position!.end);
    }
    for (const m of matches) {
      add(m.start);
      add(m.end);
    }
    // Images at their place; those before the first run or after the last at the block's edges.
    const here = images.filter((s) => !placed.has(s) && (s[1] >= run.start || r === 0) && (s[1] <= run.end || r === runs.length - 1));
    const at = (img: StructureSpan) => Math.min(Math.max(img[1], run.start), run.end);
    for (const img of here) {
      placed.add(img);
      add(at(img));
    }
    const points = [...cuts].sort((x, y) => x - y);
    const pieces: Piece[] = [];
    for (let i = 0; i < points.length; i++) {
      const s = points[i]!;
      for (const img of here) if (at(img) === s) pieces.push(imagePiece(s, img[3] as number));
      if (i === points.length - 1) break;
      const e = points[i + 1]!;
      if (e <= s) continue;
      let em = false;
      let strong = false;
      let code = false;
      let href: string | null = null;
      for (const sp of inline) {
        if (sp[1] > s || sp[2] < e) continue;
        if (sp[0] === 'em') em = true;
        else if (sp[0] === 'strong') strong = true;
        else if (sp[0] === 'code') code = true;
        else if (sp[0] === 'a' && typeof sp[3] === 'string') href = safeHref(sp[3]);
      }
      const over = annotations
        .filter((a) => a.position!.start <= s && a.position!.end >= e)
        .sort((x, y) => y.position!.end - y.position!.start - (x.position!.end - x.position!.start));
      const match = matches.find((m) => m.start <= s && m.end >= e);
      pieces.push({
        start: s,
        end: e,
        text: text.slice(s, e),
        marker: e <= markerEnd,
        em,
        strong,
        code,
        href,
        image: null,
        annotations: over,
        find: match ? (match.index === overlays.current ? 2 : 1) : 0,
      });
    }
    return { start: run.start, end: run.end, pieces };
  });
}

function imagePiece(at: number, index: number): Piece {
  return { start: at, end: at, text: '', marker: false, em: false, strong: false, code: false, href: null, image: index, annotations: [], find: 0 };
}

/** Block kinds whose content is text (drawn by blockRuns) rather than other blocks. */
export function isTextBlock(node: RenderNode): boolean {
  return node.children.length === 0 && node.kind !== 'hr';
}

/** A link the reader may open: http(s) or mailto only (core checked it at import; checked again here before it is drawn). */
export function safeHref(href: string | null): string | null {
  return href && /^(?:https?:\/\/[^\s]+|mailto:[^\s]+)$/i.test(href) ? href : null;
}

/** An image source the reader may show without a request: a data: URI of a raster image type. */
export function safeDataImage(src: string | null): string | null {
  return src && /^data:image\/(?:png|jpeg|gif|webp|avif|bmp);base64,[A-Za-z0-9+/]*={0,2}$/.test(src) ? src : null;
}

/** The hash of an image stored with the document (`asset:<sha256>`), if that is what src names. */
export function assetOf(src: string | null): string | null {
  const m = src ? /^asset:([0-9a-f]{64})$/.exec(src) : null;
  return m ? m[1]! : null;
}
