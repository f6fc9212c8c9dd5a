// Builds plain, readable text from a structured document (HTML DOM, markdown tokens):
// blocks separated by blank lines, list items as "- item" / "1. item" lines (nested lists
// indented by two spaces a level), whitespace in running text collapsed to single spaces.
// Beside the text it records the document's structure over it (see StructureRecorder): which
// characters are content of which block and inline span, and which are only layout (blank lines,
// list markers, table separators) that a reader showing the structure does not draw.
import type { StructureBlockExtra, StructureBlockKind, StructureSpanKind, DocumentStructure, StructureImage } from '../../types.ts';
import { StructureRecorder } from './structure.ts';

const COLLAPSE = /[\t\n\f\r \u00a0]+/g;

export class TextBuilder {
  private readonly parts: string[] = [];
  /** Earlier parts joined: a big page writes millions of small pieces, each a string of its own. */
  private readonly chunks: string[] = [];
  private started = false; // any text emitted yet
  private lineOpen = false; // the current line has text
  private space = false; // a collapsed space is pending inside the current line
  private gap = 0; // separator owed before the next text: 1 newline, 2 blank line
  private marker: string | null = null; // list marker owed at the start of the next line
  private listDepth = 0;
  private readonly lists: number[] = []; // ids of the open lists
  private nextListId = 1;
  private lastLineList = 0; // id of the list whose item holds the last line (0: none)
  private lineList = 0;
  private itemDepth = 0; // list items currently open
  private length = 0; // characters in parts
  private lastNewline = -1; // offset just after the last newline written
  private readonly recorder = new StructureRecorder(() => ({
    length: this.length,
    lastNewline: this.lastNewline,
    indent: this.itemDepth > 0 ? 2 * (Math.max(0, this.listDepth - 1) + 1) : 0,
  }));

  /** Running text: whitespace collapses, as in HTML. */
  inline(raw: string): void {
    if (!raw) return;
    const s = raw.replace(COLLAPSE, ' ');
    if (s === ' ') {
      if (this.lineOpen) this.space = true;
      return;
    }
    const lead = s.charCodeAt(0) === 32;
    const trail = s.charCodeAt(s.length - 1) === 32;
    const body = s.slice(lead ? 1 : 0, trail ? s.length - 1 : s.length);
    if (this.lineOpen) {
      if (lead || this.space) this.push(' ');
    } else {
      this.openLine();
    }
    this.content(body);
    this.space = trail;
  }

  /**
   * Preformatted text: spaces kept, each newline a line break, an empty line a blank line. May
   * be called once per text node: a line can continue across calls.
   */
  pre(raw: string): void {
    const s = raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw;
    const lines = s.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) {
        if (this.lineOpen) this.closeLine();
        else if (this.started) this.gap = Math.min(this.gap + 1, 2);
      }
      // trailing blanks go where a line ends; the last piece may continue in the next call
      const line = i < lines.length - 1 ? lines[i]!.replace(/[ \t]+$/, '') : lines[i]!;
      if (!line) continue;
      if (this.lineOpen) {
        if (this.space) this.push(' ');
      } else this.openLine();
      this.content(line);
      this.space = false;
    }
  }

  /** A literal separator inside a line (e.g. between table cells); dropped at a line start. */
  separator(s: string): void {
    if (!this.lineOpen) return;
    this.push(s);
    this.space = false;
  }

  /** End the current line (a <br>). */
  br(): void {
    if (this.lineOpen) this.closeLine();
    else if (this.started && this.gap === 0) this.gap = 1;
  }

  /** Start or end a block: what follows begins on a new line, after a blank line if `blank`. */
  block(blank: boolean): void {
    if (this.lineOpen) this.closeLine();
    if (!this.started) return;
    if (this.marker !== null) return; // a list item's first block starts on the marker line
    this.gap = Math.max(this.gap, blank ? 2 : 1);
  }

  listOpen(): void {
    this.block(this.listDepth === 0);
    this.listDepth++;
    this.lists.push(this.nextListId++);
  }

  listClose(): void {
    if (this.listDepth > 0) this.listDepth--;
    this.lists.pop();
    this.block(this.listDepth === 0);
  }

  /** Open a list item; `marker` is "- " or "3. ". */
  itemOpen(marker: string): void {
    if (this.lineOpen) this.closeLine();
    // items of one list are on consecutive lines, even when their content is in paragraphs
    const list = this.lists[this.lists.length - 1] ?? 0;
    if (this.started) this.gap = list !== 0 && this.lastLineList === list ? 1 : Math.max(this.gap, 1);
    this.marker = marker;
    this.itemDepth++;
  }

  itemClose(): void {
    if (this.lineOpen) this.closeLine();
    this.marker = null;
    if (this.itemDepth > 0) this.itemDepth--;
  }

  toString(): string {
    return this.chunks.join('') + this.parts.join('');
  }

  // --- structure: calls that name what the text written between them is ---

  /** Opens a block; what is written until its closeBlock() is its content. */
  openBlock(kind: StructureBlockKind, extra?: StructureBlockExtra): void {
    this.recorder.open(kind, extra);
  }

  closeBlock(): void {
    this.recorder.close();
  }

  /** A block with no text of its own (a horizontal rule). */
  rule(): void {
    this.recorder.atom('hr');
  }

  openSpan(kind: Exclude<StructureSpanKind, 'img'>, value?: string): void {
    this.recorder.openSpan(kind, value);
  }

  closeSpan(): void {
    this.recorder.closeSpan();
  }

  /** An image, at the place of the next character written. */
  image(image: StructureImage): void {
    this.recorder.image(image);
  }

  /** The text and the structure over it. */
  finish(): { text: string; structure: DocumentStructure } {
    const text = this.toString();
    return { text, structure: this.recorder.finish() };
  }

  private push(s: string): void {
    this.parts.push(s);
    if (this.parts.length >= 8192) {
      this.chunks.push(this.parts.join(''));
      this.parts.length = 0;
    }
    this.length += s.length;
  }

  /** Characters of the document itself (not layout): blocks and spans waiting for them start here. */
  private content(s: string): void {
    this.recorder.content();
    this.push(s);
  }

  private openLine(): void {
    if (this.started) {
      this.push(this.gap >= 2 ? '\n\n' : '\n');
      this.lastNewline = this.length;
    }
    const depth = Math.max(0, this.listDepth - 1);
    if (this.marker !== null) {
      if (depth > 0) this.push('  '.repeat(depth));
      this.push(this.marker);
      this.marker = null;
    } else if (this.itemDepth > 0) {
      this.push('  '.repeat(depth + 1));
    }
    this.lineList = this.itemDepth > 0 ? (this.lists[this.lists.length - 1] ?? 0) : 0;
    this.started = true;
    this.lineOpen = true;
    this.space = false;
    this.gap = 0;
  }

  private closeLine(): void {
    this.lineOpen = false;
    this.space = false;
    this.lastLineList = this.lineList;
    this.gap = Math.max(this.gap, 1);
  }
}
