// Suggested takeaways: a "Key Takeaways" (Key points, Highlights, Summary, TL;DR) heading
// followed by a list; one suggestion per list item, anchored to the item's text.

export interface SuggestedTakeaway {
  start: number;
  end: number;
  exact: string;
}

const HEADING =
  /^[ \t]*(?:#{1,6}[ \t]*)?(?:\*\*|__)?(?:key[ \t]+takeaways?|key[ \t]+points|highlights|summary|tl;?[ \t]*dr)(?:\*\*|__)?[ \t]*:?[ \t]*(?:\*\*|__)?[ \t]*$/i;
// A list item: optional indent, a bullet or a number, at least one space, then the text.
const ITEM = /^[ \t]*(?:[-*•–—▪●◦‣]|\d{1,3}[.)])[ \t]+(?=\S)/u;

/** Items of every takeaways list in `text`; `text.slice(start, end) === exact` for each. */
export function findSuggestedTakeaways(text: string): SuggestedTakeaway[] {
  const out: SuggestedTakeaway[] = [];
  const n = text.length;
  let pos = 0;
  let inList = false; // after a heading, until the first line that is neither blank nor an item
  while (pos <= n) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = n;
    // Ignore a trailing \r so CRLF text works too.
    const lineEnd = end > pos && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    const line = text.slice(pos, lineEnd);
    if (inList) {
      if (line.trim() === '') {
        // blank lines between the heading and the list, and between items, are allowed
      } else {
        const m = ITEM.exec(line);
        if (m) {
          let s = pos + m[0].length;
          let e = lineEnd;
          while (e > s && /\s/.test(text[e - 1]!)) e--;
          while (s < e && /\s/.test(text[s]!)) s++;
          if (e > s) out.push({ start: s, end: e, exact: text.slice(s, e) });
        } else {
          inList = false;
        }
      }
    }
    if (!inList) {
      if (line.length <= 80 && HEADING.test(line)) inList = true;
    }
    if (end >= n) break;
    pos = end + 1;
  }
  return out;
}
