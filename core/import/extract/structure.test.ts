// The structure the HTML and Markdown extractors record over the text: every block and span
// covers exactly its own characters of the stored text, and only what the allowlist keeps.
import { describe, expect, it } from 'vitest';
import type { DocumentStructure, StructureBlock } from '../../types.ts';
import { extract } from './index.ts';
import { domToDocument, domToText, parseHtml, releaseHtml } from './html.ts';
import { imageSource, safeLinkHref } from './sanitize.ts';

const PAD = '<p>' + 'The alliance has supported peace and stability in the region for thirty years. '.repeat(3) + '</p>';
const page = async (body: string) => extract('page.html', new TextEncoder().encode(`<html><head><title>T</title></head><body><main>${body}${PAD}</main></body></html>`));
const md = async (src: string) => extract('notes.md', new TextEncoder().encode(src));

function blocks(doc: { text: string; structure?: DocumentStructure | null }, kind: StructureBlock[0]): string[] {
  return doc.structure!.blocks.filter((b) => b[0] === kind).map((b) => doc.text.slice(b[1], b[2]));
}
function spans(doc: { text: string; structure?: DocumentStructure | null }, kind: string): string[] {
  return doc.structure!.spans.filter((s) => s[0] === kind).map((s) => doc.text.slice(s[1], s[2]));
}
/** Every block lies inside its parent, parents come first, and offsets are inside the text. */
function wellFormed(doc: { text: string; structure?: DocumentStructure | null }): void {
  const all = doc.structure!.blocks;
  all.forEach(([, start, end, parent], i) => {
    expect(start).toBeLessThanOrEqual(end);
    expect(end).toBeLessThanOrEqual(doc.text.length);
    expect(parent).toBeLessThan(i);
    if (parent >= 0) {
      expect(start).toBeGreaterThanOrEqual(all[parent]![1]);
      expect(end).toBeLessThanOrEqual(all[parent]![2]);
    }
  });
}

describe('HTML structure', () => {
  it('keeps a code block with its line breaks and indentation, as one block, monospace inline code apart', async () => {
    const code = 'def f(x):\n    if x:\n        return x\n\n    return None';
    const doc = await page(`<p>To find the value of a thing, call the function <code>f()</code> with the thing as its only argument, like this:</p><div class="highlight"><pre><span class="k">def</span> f(x):\n    <span>if</span> x:\n        return x\n\n    return None</pre></div>`);
    wellFormed(doc);
    expect(blocks(doc, 'code')).toEqual([code]);
    expect(doc.text).toContain(code);
    expect(spans(doc, 'code')).toEqual(['f()']);
  });

  it('records a code block inside a list item with the list indentation of its lines, which the reader leaves out', async () => {
    const doc = await page('<ul><li><p>Run:</p><pre>make\n  install</pre></li></ul>');
    wellFormed(doc);
    const code = doc.structure!.blocks.find((b) => b[0] === 'code')!;
    expect(doc.text.slice(code[1], code[2])).toBe('make\n    install'); // 2 of list indentation + 2 of its own
    expect(code[4]).toEqual({ indent: 2 });
  });

  it('records definition lists: terms and definitions as their own blocks', async () => {
    const doc = await page('<dl><dt>.</dt><dd>Matches any character.</dd><dt>^</dt><dd>Matches the <em>start</em>.</dd></dl>');
    wellFormed(doc);
    expect(blocks(doc, 'dl')).toHaveLength(1);
    expect(blocks(doc, 'dt')).toEqual(['.', '^']);
    expect(blocks(doc, 'dd')).toEqual(['Matches any character.', 'Matches the start.']);
    expect(spans(doc, 'em')).toEqual(['start']);
  });

  it('records tables: rows and header or data cells, the separators in the text outside every cell', async () => {
    const doc = await page('<table><caption>Missions</caption><tr><th>Mission</th><th>Since</th></tr><tr><td>KFOR</td><td></td></tr></table>');
    wellFormed(doc);
    expect(doc.text).toContain('Mission | Since\nKFOR');
    expect(blocks(doc, 'th')).toEqual(['Mission', 'Since']);
    expect(blocks(doc, 'td')).toEqual(['KFOR', '']); // an empty cell keeps the table's shape
    expect(blocks(doc, 'tr')).toHaveLength(2);
    expect(blocks(doc, 'caption')).toEqual(['Missions']);
  });

  it('records nested lists with their items, numbers and markers left out', async () => {
    const doc = await page('<ol start="3"><li>Three<ul><li>Inner</li></ul></li><li>Four</li></ol>');
    wellFormed(doc);
    expect(doc.text).toContain('3. Three\n  - Inner\n4. Four');
    const all = doc.structure!.blocks;
    const items = all.filter((b) => b[0] === 'li');
    expect(items.map((b) => b[4]?.n)).toEqual([3, undefined, 4]);
    const inner = all.findIndex((b) => b[0] === 'ul');
    expect(all[all[inner]![3]]![0]).toBe('li'); // the inner list is inside the first item
    expect(blocks(doc, 't')).toContain('Three'); // the item's own text, apart from its list
    expect(doc.text.slice(items[1]![1], items[1]![2])).toBe('Inner');
  });

  it('keeps http, https and mailto links; drops javascript:, data:, relative and fragment links (their text stays)', async () => {
    const doc = await page(
      '<p><a href="https://example.org/a?b=1">one</a> <a href="mailto:a@example.org">two</a> <a href="javascript:alert(1)">three</a> <a href="data:text/html,x">four</a> <a href="../x.html">five</a> <a href="#top">six</a> <a href=" JAVASCRIPT:alert(1)">seven</a></p>',
    );
    expect(doc.structure!.spans.filter((s) => s[0] === 'a').map((s) => [doc.text.slice(s[1], s[2]), s[3]])).toEqual([
      ['one', 'https://example.org/a?b=1'],
      ['two', 'mailto:a@example.org'],
    ]);
    expect(doc.text).toContain('one two three four five six seven');
  });

  it('records images: data: URIs of image types kept, files beside the page pending, remote ones and others without a source', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const doc = await page(
      `<figure><img src="${png}" alt="A dot"><figcaption>Caption</figcaption></figure><p>x <img src="img/chart.png" alt=" Chart "> <img src="https://example.org/r.png" alt="Remote"> <img src="data:image/svg+xml;base64,PHN2Zz4=" alt="Svg"> <img src="javascript:alert(1)"></p>`,
    );
    wellFormed(doc);
    expect(doc.structure!.images.map(({ alt, src }) => ({ alt, src }))).toEqual([
      { alt: 'A dot', src: png },
      { alt: 'Chart', src: 'file:img/chart.png' },
      { alt: 'Remote', src: null },
      { alt: 'Svg', src: null },
      { alt: '', src: null },
    ]);
    expect(blocks(doc, 'figure')).toHaveLength(1);
    expect(blocks(doc, 'caption')).toEqual(['Caption']);
    // each image says which block it is drawn in
    const figureText = doc.structure!.blocks[doc.structure!.images[0]!.block!]!;
    expect(doc.structure!.blocks[figureText[3]]![0]).toBe('figure');
    expect(doc.text).not.toContain('Chart'); // alt text is not part of the text
  });

  it('drops scripts, styles, event handlers and forms’ controls from a hostile page', async () => {
    const doc = await page(
      `<script>window.x = 'scripted'</script><style>p { color: red }</style><p onclick="alert('handler')" style="color:red">Safe <b onmouseover="alert(1)">text</b><img src=x onerror="alert('img')"></p><iframe srcdoc="<p>framed</p>"></iframe><svg><text>svgtext</text></svg><noscript>noscripttext</noscript><template><p>templated</p></template>`,
    );
    expect(doc.text).toContain('Safe text');
    for (const gone of ['scripted', 'color', 'handler', 'alert', 'framed', 'svgtext', 'noscripttext', 'templated']) expect(doc.text).not.toContain(gone);
    expect(JSON.stringify(doc.structure)).not.toMatch(/alert|onclick|onerror|javascript|style/i);
    expect(spans(doc, 'strong')).toEqual(['text']);
  });

  it('writes the same text as the text-only walk (annotations made before structures still land)', () => {
    const src = `<div><h2>Title</h2><p>One <em>two</em>  three</p><ul><li>a<ol><li>b</li></ol></li></ul><pre>  x\n    y</pre><table><tr><td>1</td><td>2</td></tr></table><dl><dt>t</dt><dd>d</dd></dl><blockquote>q<br>r</blockquote><hr><p>end</p></div>`;
    const dom = parseHtml(src);
    try {
      expect(domToDocument(dom.body).text).toBe(domToText(dom.body));
    } finally {
      releaseHtml(dom);
    }
  });
});

describe('Markdown structure', () => {
  it('records headings, fenced code with indentation, tables, nested lists, quotes, links, images and emphasis', async () => {
    const doc = await md(
      [
        '# Notes',
        '',
        'Some *emphasis*, **strong**, `code` and a [link](https://example.org) and [bad](javascript:alert(1)).',
        '',
        '```python',
        'def f():',
        '    return 1',
        '```',
        '',
        '| A | B |',
        '|---|---|',
        '| 1 | 2 |',
        '',
        '1. one',
        '   - inner',
        '2. two',
        '',
        '> quoted',
        '',
        '![A chart](chart.png)',
        '',
        '---',
        '',
        'end',
      ].join('\n'),
    );
    wellFormed(doc);
    expect(blocks(doc, 'h')).toEqual(['Notes']);
    expect(blocks(doc, 'code')).toEqual(['def f():\n    return 1']);
    expect(blocks(doc, 'th')).toEqual(['A', 'B']);
    expect(blocks(doc, 'td')).toEqual(['1', '2']);
    expect(doc.structure!.blocks.filter((b) => b[0] === 'li').map((b) => b[4]?.n)).toEqual([1, undefined, 2]);
    expect(blocks(doc, 'quote')).toEqual(['quoted']);
    expect(blocks(doc, 'hr')).toEqual(['']);
    expect(spans(doc, 'em')).toEqual(['emphasis']);
    expect(spans(doc, 'strong')).toEqual(['strong']);
    expect(spans(doc, 'code')).toEqual(['code']);
    expect(doc.structure!.spans.filter((s) => s[0] === 'a').map((s) => s[3])).toEqual(['https://example.org/']);
    expect(doc.structure!.images.map(({ alt, src }) => ({ alt, src }))).toEqual([{ alt: 'A chart', src: 'file:chart.png' }]);
  });
});

describe('the URL allowlist', () => {
  it('accepts only absolute http(s) and mailto links', () => {
    expect(safeLinkHref('https://example.org')).toBe('https://example.org/');
    expect(safeLinkHref('mailto:x@example.org')).toBe('mailto:x@example.org');
    for (const bad of ['javascript:alert(1)', 'vbscript:x', 'data:text/html,x', 'file:///etc/passwd', '//example.org', '/x', 'x.html', '#a', 'http://', '']) expect(safeLinkHref(bad)).toBeNull();
  });

  it('reads image sources: raster data: URIs, relative files, remote URLs, and nothing else', () => {
    expect(imageSource('data:image/jpg;base64,AAAA')).toEqual({ kind: 'data', uri: 'data:image/jpeg;base64,AAAA' });
    expect(imageSource('img/a%20b.png?x=1#y')).toEqual({ kind: 'file', path: 'img/a b.png' });
    expect(imageSource('https://example.org/a.png')).toEqual({ kind: 'remote' });
    expect(imageSource('//example.org/a.png')).toEqual({ kind: 'remote' });
    for (const bad of ['data:text/html;base64,AAAA', 'data:image/svg+xml;base64,AAAA', 'javascript:alert(1)', '/etc/passwd', 'file:///etc/passwd', ''])
      expect(imageSource(bad)?.kind === 'data' || imageSource(bad)?.kind === 'file').toBe(false);
  });
});
