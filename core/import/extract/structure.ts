// Records a document's structure (blocks and inline spans, see DocumentStructure in types.ts) as
// its text is written. The writer (TextBuilder) says where content characters go; a block or span
// starts at the first content character written after it opened, so the layout written before
// that (a newline, a list marker, a table separator, a space between words) stays outside it.
import type {
  DocumentStructure,
  StructureBlock,
  StructureBlockExtra,
  StructureBlockKind,
  StructureImage,
  StructureSpan,
  StructureSpanKind,
} from '../../types.ts';

/**
 * An image's src while it names a file beside the imported page (`file:` + relative path): the
 * importer stores the file with the document and replaces it (asset:…), or drops it.
 */
export const PENDING_FILE = 'file:';

/**
 * The version of the structure the extractors make. Raise it when they change what they record:
 * archives re-derive older structures from the stored originals when they open (core/upgrade).
 */
// 2: permalinks beside headings ("¶") are left out of the text.
// 3: HTML pages are read from their own main landmark (with its <h1>, definition lists, notes and
//    footnotes) before Readability; pages with much markup by the streaming reader.
export const STRUCTURE_VERSION = 3;

/** Blocks whose content is text (inline), never other blocks. */
const LEAVES: ReadonlySet<StructureBlockKind> = new Set(['h', 'p', 't', 'code']);
/** Blocks kept even when empty: they give a list or a table its shape. */
const KEPT_EMPTY: ReadonlySet<StructureBlockKind> = new Set(['td', 'th', 'li', 'hr']);

interface Node {
  kind: StructureBlockKind;
  start: number; // -1 until content arrives
  end: number;
  parent: number;
  extra: StructureBlockExtra | undefined;
  /** Opened by the recorder for text written directly into a container. */
  implicit: boolean;
}

interface OpenSpan {
  kind: StructureSpanKind;
  start: number;
  value: string | number | undefined;
}

/** Where the writer is: characters written, offset after the last newline, list indentation of a new line. */
export interface Cursor {
  length: number;
  lastNewline: number;
  indent: number;
}

export class StructureRecorder {
  constructor(private readonly at: () => Cursor) {}

  private readonly nodes: Node[] = [];
  /** Indexes of the open blocks; -1 for a block opened inside a text block (kept flat). */
  private readonly stack: number[] = [];
  /** Blocks opened since the last content, waiting for their start. */
  private pending: number[] = [];
  private readonly spanStack: OpenSpan[] = [];
  private readonly spans: StructureSpan[] = [];
  private readonly images: StructureImage[] = [];
  /** Images waiting for the offset of the next content character in their text block. */
  private pendingImages: number[] = [];
  /** The text block of each image (a recorded node index). */
  private readonly imageOwners: number[] = [];

  open(kind: StructureBlockKind, extra?: StructureBlockExtra): void {
    this.endImplicit();
    const top = this.parentIndex();
    if (top >= 0 && LEAVES.has(this.nodes[top]!.kind)) {
      // e.g. a <div> inside a heading: its text stays part of the heading
      this.stack.push(-1);
      return;
    }
    this.stack.push(this.add(kind, extra, false));
  }

  /** Closes the innermost block. */
  close(): void {
    this.endImplicit();
    const index = this.stack.pop();
    if (index === undefined || index < 0) return;
    this.finishNode(index);
  }

  atom(kind: StructureBlockKind): void {
    this.endImplicit();
    const length = this.at().length;
    const index = this.add(kind, undefined, false);
    const node = this.nodes[index]!;
    node.start = node.end = length;
    this.pending = this.pending.filter((i) => i !== index);
  }

  openSpan(kind: StructureSpanKind, value?: string): void {
    this.spanStack.push({ kind, start: -1, value });
  }

  closeSpan(): void {
    const length = this.at().length;
    const span = this.spanStack.pop();
    if (!span || span.start < 0 || span.start >= length) return; // nothing inside: drop
    this.spans.push(span.value === undefined ? [span.kind, span.start, length] : [span.kind, span.start, length, span.value]);
  }

  image(image: StructureImage): void {
    this.ensureLeaf();
    this.pendingImages.push(this.images.length);
    this.imageOwners.push(this.parentIndex());
    this.images.push(image);
  }

  /** Content characters are about to be written at `offset`. */
  content(): void {
    const offset = this.at().length;
    this.ensureLeaf();
    for (const i of this.pending) this.nodes[i]!.start = offset;
    this.pending = [];
    for (const span of this.spanStack) if (span.start < 0) span.start = offset;
    this.placeImages(offset);
  }

  finish(): DocumentStructure {
    while (this.stack.length > 0) this.close();
    this.endImplicit();
    return compact(this.nodes, this.spans, this.images, this.imageOwners);
  }

  // ---

  private top(): number {
    return this.stack.length > 0 ? this.stack[this.stack.length - 1]! : -1;
  }

  /** The nearest open block that is a real one (skipping those flattened into a text block). */
  private parentIndex(): number {
    for (let i = this.stack.length - 1; i >= 0; i--) if (this.stack[i]! >= 0) return this.stack[i]!;
    return -1;
  }

  private add(kind: StructureBlockKind, extra: StructureBlockExtra | undefined, implicit: boolean): number {
    const index = this.nodes.length;
    this.nodes.push({ kind, start: -1, end: -1, parent: this.parentIndex(), extra, implicit });
    this.pending.push(index);
    return index;
  }

  /** Text goes into a text block: if the innermost open block is a container, an anonymous one opens. */
  private ensureLeaf(): void {
    const top = this.parentIndex();
    if (top >= 0 && LEAVES.has(this.nodes[top]!.kind)) return;
    this.stack.push(this.add('t', undefined, true));
  }

  private endImplicit(): void {
    const top = this.top();
    if (top < 0 || !this.nodes[top]!.implicit) return;
    this.stack.pop();
    this.finishNode(top);
  }

  private finishNode(index: number): void {
    const { length, lastNewline, indent } = this.at();
    const node = this.nodes[index]!;
    if (node.start < 0) {
      node.start = length;
      this.pending = this.pending.filter((i) => i !== index);
    }
    node.end = length;
    if (LEAVES.has(node.kind)) {
      this.placeImages(length);
      if (indent > 0 && lastNewline > node.start) node.extra = { ...node.extra, indent };
    }
  }

  private placeImages(offset: number): void {
    if (this.pendingImages.length === 0) return;
    for (const i of this.pendingImages) this.spans.push(['img', offset, offset, i]);
    this.pendingImages = [];
  }
}

/**
 * The recorded blocks as the stored structure: empty blocks dropped (but for table cells, list
 * items and rules), a container whose only content is one anonymous text block becomes that text
 * block itself, and spans sorted by start.
 */
function compact(nodes: Node[], spans: StructureSpan[], images: StructureImage[], owners: number[]): DocumentStructure {
  const keptChildren = new Array<number>(nodes.length).fill(0);
  const onlyChild = new Array<number>(nodes.length).fill(-1);
  const kept = new Array<boolean>(nodes.length).fill(false);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    const hasText = n.end > n.start || (LEAVES.has(n.kind) && spans.length > 0 && hasImageAt(spans, n));
    kept[i] = hasText || keptChildren[i]! > 0 || KEPT_EMPTY.has(n.kind);
    if (kept[i] && n.parent >= 0) {
      keptChildren[n.parent]! += 1;
      onlyChild[n.parent] = i;
    }
  }
  // Merge a container with its one anonymous text block.
  const merged = new Array<boolean>(nodes.length).fill(false);
  for (let i = 0; i < nodes.length; i++) {
    if (!kept[i] || keptChildren[i] !== 1) continue;
    const child = onlyChild[i]!;
    const c = nodes[child]!;
    if (!c.implicit || keptChildren[child]! > 0) continue;
    const n = nodes[i]!;
    if (c.start !== n.start || c.end !== n.end) continue;
    merged[child] = true;
    if (c.extra?.indent) n.extra = { ...n.extra, indent: c.extra.indent };
  }
  const newIndex = new Array<number>(nodes.length).fill(-1);
  const blocks: StructureBlock[] = [];
  for (let i = 0; i < nodes.length; i++) {
    if (!kept[i] || merged[i]) continue;
    const n = nodes[i]!;
    let parent = n.parent;
    while (parent >= 0 && newIndex[parent] === -1) parent = nodes[parent]!.parent;
    newIndex[i] = blocks.length;
    const block: StructureBlock = [n.kind, n.start, n.end, parent >= 0 ? newIndex[parent]! : -1];
    if (n.extra && Object.keys(n.extra).length > 0) block.push(n.extra);
    blocks.push(block);
  }
  images.forEach((image, i) => {
    let owner = owners[i] ?? -1;
    if (owner >= 0 && merged[owner]) owner = nodes[owner]!.parent;
    if (owner >= 0 && newIndex[owner]! >= 0) image.block = newIndex[owner]!;
  });
  const sorted = spans.slice().sort((a, b) => a[1] - b[1] || b[2] - a[2]);
  return { blocks, spans: sorted, images };
}

function hasImageAt(spans: StructureSpan[], n: Node): boolean {
  // Rare (an image alone in a block): a scan is fine.
  return spans.some((s) => s[0] === 'img' && s[1] >= n.start && s[1] <= n.end);
}

/**
 * The structure of `text.slice(from, to)` (the text trimmed at both ends): offsets moved by
 * `from`, everything clamped into the new text.
 */
export function sliceStructure(structure: DocumentStructure, from: number, to: number): DocumentStructure {
  if (from === 0 && structure.blocks.every((b) => b[2] <= to) && structure.spans.every((s) => s[2] <= to)) return structure;
  const clamp = (x: number) => Math.min(Math.max(x - from, 0), to - from);
  return {
    blocks: structure.blocks.map((b) => {
      const copy: StructureBlock = [b[0], clamp(b[1]), clamp(b[2]), b[3]];
      if (b[4]) copy.push(b[4]);
      return copy;
    }),
    spans: structure.spans.map((s) => {
      const copy: StructureSpan = [s[0], clamp(s[1]), clamp(s[2])];
      if (s.length > 3) copy.push(s[3]!);
      return copy;
    }),
    images: structure.images,
  };
}
