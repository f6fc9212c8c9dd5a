// One PDF page's characters → its text and runs (see pdf-glyphs.ts).
// First version: the engine's order, a line break wherever the engine put one, runs broken at
// spaces, line breaks, font size changes and rotated characters, glyph edges from the origins.
import { GLYPH_GENERATED, type PageGlyphs, type PageText, type PdfRun } from './pdf-glyphs.ts';

const r2 = (v: number): number => Math.round(v * 100) / 100;

export function layoutPage(g: PageGlyphs): PageText {
  const parts: string[] = [];
  const runs: PdfRun[] = [];
  let pos = 0;
  let run: { start: number; x: number; y: number; h: number; right: number; edges: number[] } | null = null;
  const close = (): void => {
    if (run && pos > run.start) runs.push([run.start, pos, r2(run.x), r2(run.y), r2(Math.max(0, run.right - run.x)), r2(run.h), ...run.edges.map(r2)]);
    run = null;
  };
  let lineOpen = false;
  let space = false; // a space is owed before the next character on this line
  for (let i = 0; i < g.count; i++) {
    const code = g.unicode[i]!;
    const generated = (g.flags[i]! & GLYPH_GENERATED) !== 0;
    if (code === 13 || code === 10) {
      close();
      if (code === 10 || g.unicode[i + 1] !== 10) {
        if (lineOpen) {
          parts.push('\n');
          pos++;
        }
        lineOpen = false;
        space = false;
      }
      continue;
    }
    if (code === 0 || code === 0xfffe || code === 0xffff) continue;
    const ch = String.fromCodePoint(code);
    if (generated || code === 32 || code === 9) {
      close();
      space = lineOpen;
      continue;
    }
    const left = g.box[i * 4]!;
    const right = g.box[i * 4 + 2]!;
    const ox = g.origin[i * 2]!;
    const oy = g.origin[i * 2 + 1]!;
    const size = g.fontSize[i]! || g.box[i * 4 + 3]! - g.box[i * 4 + 1]!;
    const rotated = Math.abs(g.angle[i]!) > 1e-3;
    if (space) {
      close();
      parts.push(' ');
      pos++;
      space = false;
    }
    if (run && (rotated || Math.abs(oy - run.y) > size * 0.3 || Math.abs(size - run.h) > 0.01)) close();
    if (!run) run = { start: pos, x: Math.min(ox, left), y: oy, h: size, right: Math.max(right, ox), edges: [] };
    else run.edges.push(Math.min(ox, left) - run.x);
    run.right = Math.max(run.right, right);
    parts.push(ch);
    pos += ch.length;
    // A character outside the Basic Multilingual Plane is two offsets: an edge inside it.
    if (ch.length === 2) run.edges.push(Math.min(ox, left) - run.x);
    lineOpen = true;
    if (rotated) close();
  }
  close();
  if (lineOpen === false && parts[parts.length - 1] === '\n') {
    parts.pop(); // no line break after the page's last line (runs end before it)
  }
  return { text: parts.join(''), runs };
}
