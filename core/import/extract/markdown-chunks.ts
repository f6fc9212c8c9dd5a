// A long Markdown document in pieces markdown-it can parse one at a time. Parsed whole, a 50 MB
// file becomes tens of millions of token objects and needs more than the import worker's 2 GB;
// in pieces of about a megabyte the tokens of one piece at a time are alive. A piece ends only
// where a top-level block starts afresh, so cutting there changes nothing: before a heading or a
// paragraph at the left margin after a blank line, never inside a fenced code block, a list, a
// quote or indented code. Link reference definitions ("[id]: url") apply to the whole document,
// so each piece is given all of them.

/** Source characters per piece, about. */
export const MARKDOWN_PIECE = 1024 * 1024;

const FENCE = /^ {0,3}(`{3,}|~{3,})/;
/** HTML blocks that run across blank lines until their end marker (CommonMark's kinds 1 and 2). */
const RAW_HTML_START = /^ {0,3}<(?:(pre|script|style|textarea)(?:[\s>]|$)|(!--))/i;
const RAW_HTML_END: Record<string, RegExp> = { pre: /<\/pre>/i, script: /<\/script>/i, style: /<\/style>/i, textarea: /<\/textarea>/i, '!--': /-->/ };
const DEFINITION = /^ {0,3}\[(?:[^\]\\\n]|\\.){1,999}\]:[ \t]*\S[^\n]*(?:\n[ \t]+["'(][^\n]*)?/gm;

/** The document's link reference definitions, one a line ("" when it has none). */
export function referenceDefinitions(src: string): string {
  const found = src.match(DEFINITION);
  return found ? found.join('\n') : '';
}

/** Whether a line may start a piece (the line before it being blank, outside any fence). */
function startsBlock(line: string): boolean {
  const c = line.charCodeAt(0);
  if (c === 35 /* # */) return /^#{1,6}(?:[ \t]|$)/.test(line);
  // a paragraph at the margin: not a list item, quote, table row, indented code or HTML block
  if (Number.isNaN(c) || c === 32 || c === 9 || c === 45 || c === 42 || c === 43 || c === 62 || c === 124 || c === 60 || c === 91) return false;
  if (c >= 48 && c <= 57) return !/^\d{1,9}[.)](?:[ \t]|$)/.test(line);
  return !/^(?:={3,}|-{3,}|_{3,}|\*{3,})\s*$/.test(line);
}

/** The document in pieces of about `size` characters, cut only between top-level blocks. */
export function* markdownPieces(src: string, size = MARKDOWN_PIECE): Generator<string> {
  let start = 0;
  let fence: string | null = null;
  let raw: RegExp | null = null;
  let previousBlank = false;
  let pos = 0;
  while (pos < src.length) {
    let end = src.indexOf('\n', pos);
    if (end < 0) end = src.length;
    const line = src.slice(pos, end);
    const f = FENCE.exec(line);
    if (raw !== null) {
      if (raw.test(line)) raw = null;
    } else if (fence !== null) {
      // a closing fence: the same character, at least as long, nothing after it
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && line.trim() === f[1]) fence = null;
    } else if (f) {
      fence = f[1]!;
    } else if (RAW_HTML_START.test(line)) {
      const m = RAW_HTML_START.exec(line)!;
      const endMarker = RAW_HTML_END[(m[1] ?? m[2]!).toLowerCase()]!;
      if (!endMarker.test(line.slice(m[0].length))) raw = endMarker;
    } else if (previousBlank && pos - start >= size && startsBlock(line)) {
      yield src.slice(start, pos);
      start = pos;
    }
    previousBlank = fence === null && raw === null && line.trim() === '';
    pos = end + 1;
  }
  if (start < src.length) yield src.slice(start);
}
