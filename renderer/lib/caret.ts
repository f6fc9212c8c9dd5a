// Keyboard selection in the reader. Browsers extend a selection with Shift+Arrow only in editable
// text; a document is not editable, so a caret placed by a click (or by find) goes nowhere. This
// extends the window's selection with Selection.modify, the way editable text does, and then lets
// the view know, as it would after a mouse selection, so h/t/n act on it.

export interface CaretMove {
  direction: 'forward' | 'backward';
  granularity: 'character' | 'word' | 'line' | 'lineboundary';
}

const isMac = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

/** The extension a key asks for, or null when it is not a selection key. */
export function caretMove(event: Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>, mac = isMac): CaretMove | null {
  if (!event.shiftKey) return null;
  // By word: Ctrl+Shift+Arrow (Alt on a Mac). To the line's ends: Home/End (Cmd+Arrow on a Mac).
  const byWord = mac ? event.altKey && !event.metaKey && !event.ctrlKey : event.ctrlKey && !event.altKey && !event.metaKey;
  const toLineEnd = mac && event.metaKey && !event.altKey && !event.ctrlKey;
  const plain = !event.ctrlKey && !event.altKey && !event.metaKey;
  switch (event.key) {
    case 'ArrowLeft':
    case 'ArrowRight': {
      const direction = event.key === 'ArrowRight' ? 'forward' : 'backward';
      if (byWord) return { direction, granularity: 'word' };
      if (toLineEnd) return { direction, granularity: 'lineboundary' };
      return plain ? { direction, granularity: 'character' } : null;
    }
    case 'ArrowUp':
    case 'ArrowDown':
      return plain ? { direction: event.key === 'ArrowDown' ? 'forward' : 'backward', granularity: 'line' } : null;
    case 'Home':
    case 'End':
      return plain ? { direction: event.key === 'End' ? 'forward' : 'backward', granularity: 'lineboundary' } : null;
    default:
      return null;
  }
}

function inside(root: HTMLElement, node: Node | null): boolean {
  return node !== null && root.contains(node);
}

/**
 * Attaches keyboard selection to a reading pane (a Svelte attachment: `{@attach caret}`); returns
 * the function that detaches it.
 */
export function caret(root: HTMLElement): () => void {
  function onKeyDown(event: KeyboardEvent): void {
    const move = caretMove(event);
    if (!move || event.defaultPrevented) return;
    const target = event.target as HTMLElement | null;
    if (target?.closest?.('input, textarea, select, [contenteditable="true"], [contenteditable=""]')) return;
    const selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || !inside(root, selection.focusNode) || !inside(root, selection.anchorNode)) return;
    event.preventDefault();
    selection.modify('extend', move.direction, move.granularity);
    // The views take a selection on pointer-up or on a key-up with Shift, from within themselves;
    // focus is usually on the page's body here, so the key-up would not reach them: tell them.
    const at = selection.focusNode;
    const element = at?.nodeType === Node.ELEMENT_NODE ? (at as Element) : at?.parentElement;
    element?.dispatchEvent(new KeyboardEvent('keyup', { key: 'Shift', shiftKey: true, bubbles: true }));
  }
  document.addEventListener('keydown', onKeyDown);
  return () => document.removeEventListener('keydown', onKeyDown);
}
