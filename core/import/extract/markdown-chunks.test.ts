// A long Markdown document read a piece at a time gives exactly what it gives read whole.
import { describe, expect, it } from 'vitest';
import { markdownPieces, referenceDefinitions } from './markdown-chunks.ts';
import { markdownToText } from './markdown.ts';

function longDocument(sections: number): string {
  const out = ['# The long chronicle\n'];
  for (let i = 1; i <= sections; i++) {
    out.push(
      `## Chapter ${i}\n\nParagraph ${i} with *emphasis*, \`code ${i}\` and a [reference link][ref${i % 7}].\n` +
        `A second line of the same paragraph.\n\n` +
        '```python\n# not a heading: a comment in a fence\n\ndef f():\n\n    return ' + i + '\n```\n\n' +
        `- item ${i}.a\n\n  # still inside the item? no: indented, a heading in the item\n\n- item ${i}.b\n\nNot a list: the paragraph after it.\n\n` +
        `1. first\n2. second\n\n> quoted ${i}\n>\n> # quoted heading\n\n` +
        `| k | v |\n| --- | --- |\n| ${i} | x |\n\n<pre>\n# inside raw html\n\nstill pre\n</pre>\n\n    indented code ${i}\n\n# back to the margin\n\n***\n\n`,
    );
  }
  for (let r = 0; r < 7; r++) out.push(`[ref${r}]: https://example.org/ref/${r} "Reference ${r}"\n`);
  return out.join('');
}

describe('markdown in pieces', () => {
  it('cuts only between top-level blocks, and the pieces make the document again', () => {
    const src = longDocument(200);
    const pieces = [...markdownPieces(src, 2000)];
    expect(pieces.length).toBeGreaterThan(20);
    expect(pieces.join('')).toBe(src);
    for (const p of pieces.slice(1)) {
      // never inside a fence, a quote, a list item or raw HTML
      expect(p).toMatch(/^(?:#{1,2} |Not a list|\*\*\*)/);
    }
  });

  it('gives the same text, structure and headings as the whole document parsed at once', () => {
    const src = longDocument(300);
    const whole = markdownToText(src, Infinity);
    const pieces = markdownToText(src, 4096);
    expect(pieces.text).toBe(whole.text);
    expect(pieces.structure).toEqual(whole.structure);
    expect(pieces.headings).toEqual(whole.headings);
    // reference links defined at the end still resolve in the first piece
    expect(whole.structure.spans.filter((s) => s[0] === 'a').length).toBe(300);
  });

  it('collects link reference definitions', () => {
    expect(referenceDefinitions('x\n\n[a]: https://a.example\n  [b c]: <https://b.example> "T"\nnot [c]: here\n')).toBe('[a]: https://a.example\n  [b c]: <https://b.example> "T"');
    expect(referenceDefinitions('no definitions')).toBe('');
  });
});
