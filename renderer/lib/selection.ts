// DOM selections in the text view → offsets in the document's text. Every text block (and every
// run of a block whose characters are drawn in several runs) carries data-start, its offset, and
// data-end, and renders exactly its characters in order (images and placeholders hold no text),
// so the length of the text from the element's start to a point is that point's offset in it.

function blockOf(node: Node, root: HTMLElement): HTMLElement | null {
  const element = node.nodeType === Node.ELEMENT_NODE ? (node as Element) : node.parentElement;
  const block = element?.closest<HTMLElement>('[data-start]') ?? null;
  return block && root.contains(block) ? block : null;
}

function blockEnd(block: HTMLElement): number {
  const end = Number(block.dataset.end);
  return Number.isFinite(end) && block.dataset.end !== undefined ? end : Number(block.dataset.start) + (block.textContent?.length ?? 0);
}

function pointToOffset(root: HTMLElement, node: Node, offset: number, edge: 'start' | 'end'): number | null {
  const block = blockOf(node, root);
  if (block) {
    const range = document.createRange();
    range.setStart(block, 0);
    range.setEnd(node, offset);
    return Number(block.dataset.start) + range.toString().length;
  }
  // A point between blocks (or at the root's edges): snap to the nearest block in the right direction.
  const blocks = [...root.querySelectorAll<HTMLElement>('[data-start]')];
  if (blocks.length === 0) return null;
  const probe = document.createRange();
  probe.setStart(node, offset);
  if (edge === 'start') {
    const next = blocks.find((b) => probe.comparePoint(b, 0) >= 0);
    return next ? Number(next.dataset.start) : null;
  }
  const previous = [...blocks].reverse().find((b) => probe.comparePoint(b, b.childNodes.length) <= 0);
  return previous ? blockEnd(previous) : null;
}

/** The selection's span in the document's text, trimmed of surrounding whitespace, or null. */
export function selectionSpan(root: HTMLElement, text: string, selection: Selection | null): { start: number; end: number } | null {
  if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return null;
  const range = selection.getRangeAt(0);
  if (!root.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== root) return null;
  let start = pointToOffset(root, range.startContainer, range.startOffset, 'start');
  let end = pointToOffset(root, range.endContainer, range.endOffset, 'end');
  if (start === null || end === null) return null;
  while (start < end && /\s/.test(text[start]!)) start++;
  while (end > start && /\s/.test(text[end - 1]!)) end--;
  return end > start ? { start, end } : null;
}
