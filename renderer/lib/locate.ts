// Finds text selected in a PDF's text layer within the page's extracted text. pdf.js's text
// layer and the importer read the same glyphs but may differ in three ways: whitespace (they join
// runs differently), hyphens at line ends (the importer joins "dom-⏎inated" into "dominated"),
// and order (pdf.js keeps the content stream's order, which on a side-by-side text runs across
// both columns, while the importer reads a column down). So matching ignores whitespace, retries
// without line-end hyphens, and a selection is placed by its two ends — each end's text item
// found in the page text — rather than by the string between them, which in content order may
// hold the other column's lines. When text occurs more than once on the page, the occurrence
// nearest to where the selection sits wins.

const HYPHENS = new Set(['-', '\u2010', '\u00ad']);

/** Ligature glyphs (U+FB00–FB06) as the letters the importer stores for them. */
const LIGATURES: Record<string, string> = { '\ufb00': 'ff', '\ufb01': 'fi', '\ufb02': 'fl', '\ufb03': 'ffi', '\ufb04': 'ffl', '\ufb05': 'st', '\ufb06': 'st' };

/** The text without whitespace (and soft hyphens), ligatures spelt out, with each character's offset in the text. */
function compact(text: string): { chars: string; index: number[] } {
  let chars = '';
  const index: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c) || c === '\u00ad') continue;
    const letters = LIGATURES[c] ?? c;
    chars += letters;
    for (let k = 0; k < letters.length; k++) index.push(i);
  }
  return { chars, index };
}

/** The text with hyphens that end a line (a hyphen, then whitespace holding a line break) left out. */
function withoutLineEndHyphens(text: string): string {
  return text.replace(/[-\u2010\u00ad](?=[ \t]*[\r\n])/g, '');
}

/** The compacted occurrence of `needle` in `page` nearest to `target`, or -1. */
function nearest(page: string, needle: string, target: number): number {
  let best = -1;
  let bestDistance = Infinity;
  for (let at = page.indexOf(needle); at !== -1; at = page.indexOf(needle, at + 1)) {
    const distance = Math.abs(at - target);
    if (distance < bestDistance) {
      best = at;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Where `selected` lies in `pageText`, as offsets into pageText, or null.
 * `hint` (0..1) is how far down the page the selection starts.
 */
export function locateInPage(pageText: string, selected: string, hint = 0): { start: number; end: number } | null {
  const page = compact(pageText);
  const target = hint * page.chars.length;
  for (const form of [selected, withoutLineEndHyphens(selected)]) {
    const needle = compact(form).chars;
    if (needle.length === 0) return null;
    const best = nearest(page.chars, needle, target);
    if (best !== -1) return { start: page.index[best]!, end: page.index[best + needle.length - 1]! + 1 };
  }
  return null;
}

/**
 * The offset in `pageText` of a point inside a text-layer item: the item's text found in the page
 * (nearest `hint`, 0..1), the point carried over by the characters before it. `edge` says which
 * end of a selection the point is: a start lands on the next character, an end after the previous.
 * An item that ends with a hyphen the importer joined away is found without it. Null when the
 * item's text is not on the page.
 */
export function locatePoint(pageText: string, item: string, offset: number, edge: 'start' | 'end', hint = 0): number | null {
  const page = compact(pageText);
  let text = compact(item);
  if (text.chars.length === 0) return null;
  let at = nearest(page.chars, text.chars, hint * page.chars.length);
  if (at === -1 && HYPHENS.has(text.chars.at(-1)!)) {
    text = { chars: text.chars.slice(0, -1), index: text.index.slice(0, -1) };
    if (text.chars.length > 0) at = nearest(page.chars, text.chars, hint * page.chars.length);
  }
  if (at === -1) return null;
  // The characters of the item (whitespace left out) before the point.
  let before = 0;
  while (before < text.index.length && text.index[before]! < offset) before++;
  if (edge === 'start') {
    if (before >= text.chars.length) return page.index[at + text.chars.length - 1]! + 1;
    return page.index[at + before]!;
  }
  if (before === 0) return page.index[at]!;
  return page.index[at + before - 1]! + 1;
}
