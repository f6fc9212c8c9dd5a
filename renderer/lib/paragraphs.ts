// A document's extracted text as blocks a reader can read (paragraphs, headings, list items),
// each split into segments at annotation boundaries so highlights draw over their exact
// character ranges. Offsets are always into the document's text: the UI renders every character
// of a block and nothing else, so a DOM selection maps straight back to offsets.
import type { Annotation } from '../../core/types.ts';

export type BlockKind = 'paragraph' | 'heading' | 'item';

export interface Block {
  start: number;
  end: number;
  text: string;
  kind: BlockKind;
  /** Length of a list item's marker ("- ", "1. "), drawn as a bullet but kept in the text. */
  marker: number;
}

export interface Segment {
  start: number;
  end: number;
  text: string;
  /** Part of a list item's marker. */
  marker: boolean;
  /** Annotations covering this segment, innermost (shortest) last. */
  annotations: Annotation[];
}

const ITEM = /^\s*(?:[-*•‣◦]|\d{1,3}[.)])\s+/;
const ENDS_SENTENCE = /[.!?;:,"”’)\]]$/;

function looksLikeHeading(line: string, next: string | undefined): boolean {
  const t = line.trim();
  if (t.startsWith('#')) return true;
  if (t.length === 0 || t.length > 90 || ENDS_SENTENCE.test(t) || ITEM.test(t)) return false;
  if (!/^[\p{Lu}\d]/u.test(t)) return false;
  if (t.split(/\s+/).length > 12) return false;
  return next !== undefined && (next.trim().length > t.length || ITEM.test(next));
}

export function splitBlocks(text: string): Block[] {
  const blocks: Block[] = [];
  const lines: { start: number; text: string }[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf('\n', start);
    const end = nl === -1 ? text.length : nl;
    const line = text.slice(start, end);
    if (line.trim() !== '') lines.push({ start, text: line.endsWith('\r') ? line.slice(0, -1) : line });
    if (nl === -1) break;
    start = nl + 1;
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const item = ITEM.exec(line.text);
    const kind: BlockKind = item ? 'item' : looksLikeHeading(line.text, lines[i + 1]?.text) ? 'heading' : 'paragraph';
    blocks.push({ start: line.start, end: line.start + line.text.length, text: line.text, kind, marker: item ? item[0].length : 0 });
  }
  return blocks;
}

/** The segments of one block, cut wherever an annotation starts or ends inside it. */
export function segmentBlock(block: Block, annotations: readonly Annotation[]): Segment[] {
  const covering = annotations.filter((a) => a.position && a.position.end > block.start && a.position.start < block.end);
  const markerEnd = block.start + block.marker;
  if (covering.length === 0 && block.marker === 0) return [{ start: block.start, end: block.end, text: block.text, marker: false, annotations: [] }];
  const cuts = new Set<number>([block.start, block.end, markerEnd]);
  for (const a of covering) {
    cuts.add(Math.max(block.start, a.position!.start));
    cuts.add(Math.min(block.end, a.position!.end));
  }
  const points = [...cuts].sort((x, y) => x - y);
  const segments: Segment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const s = points[i]!;
    const e = points[i + 1]!;
    if (e <= s) continue;
    const over = covering
      .filter((a) => a.position!.start <= s && a.position!.end >= e)
      .sort((x, y) => y.position!.end - y.position!.start - (x.position!.end - x.position!.start));
    segments.push({ start: s, end: e, text: block.text.slice(s - block.start, e - block.start), marker: e <= markerEnd, annotations: over });
  }
  return segments;
}

/** Blocks that a set of annotations touch, by block index, to re-render only those. */
export function blockIndexAt(blocks: readonly Block[], offset: number): number {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (blocks[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
