// Finds text selected in a PDF's text layer within the page's extracted text. pdf.js's text
// layer and the importer may join runs with different whitespace, so the match ignores
// whitespace, and when the text occurs more than once on the page the occurrence nearest to
// where the selection sits wins.

function compact(text: string): { chars: string; index: number[] } {
  let chars = '';
  const index: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (/\s/.test(c) || c === '\u00ad') continue;
    chars += c;
    index.push(i);
  }
  return { chars, index };
}

/**
 * Where `selected` lies in `pageText`, as offsets into pageText, or null.
 * `hint` (0..1) is how far down the page the selection starts.
 */
export function locateInPage(pageText: string, selected: string, hint = 0): { start: number; end: number } | null {
  const page = compact(pageText);
  const needle = compact(selected).chars;
  if (needle.length === 0) return null;
  let best = -1;
  let bestDistance = Infinity;
  const target = hint * page.chars.length;
  for (let at = page.chars.indexOf(needle); at !== -1; at = page.chars.indexOf(needle, at + 1)) {
    const distance = Math.abs(at - target);
    if (distance < bestDistance) {
      best = at;
      bestDistance = distance;
    }
  }
  if (best === -1) return null;
  return { start: page.index[best]!, end: page.index[best + needle.length - 1]! + 1 };
}
