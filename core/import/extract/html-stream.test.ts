// The streaming reader of big pages: the same choice of main text, the same rules (nothing of
// scripts, styles, hidden elements or permalinks; links and images from the allowlist) and the
// same text and structure as the DOM reader of ordinary pages.
import { describe, expect, it } from 'vitest';
import { bigReportHtml } from '../fixtures/big-report.ts';
import { extractHtml, extractHtmlDom, readsStreaming, STREAMING_BYTES, STREAMING_TAGS } from './html.ts';
import { extractHtmlStreaming } from './html-stream.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const stream = (s: string) => extractHtmlStreaming(bytes(s));
const LOREM =
  'The alliance has supported peace and stability in the region for thirty years, and its longest mission continues to ensure a safe and secure environment for all communities. ';
const FRAME = `<header><h1>Site name</h1><nav><a href="/">Home</a> NAVTEXT</nav></header><aside>SIDEBAR</aside>`;
const FOOT = `<footer>FOOTERTEXT</footer>`;

describe('streaming reader: which text', () => {
  it('reads the main landmark, its first one only, and not the frame around it', () => {
    const page = `<html><body>${FRAME}<div role="main"><h1>Report</h1><p>${LOREM}</p><main><p>inner main is read once</p></main></div>${FOOT}<main><p>SECOND MAIN</p></main></body></html>`;
    const r = stream(page);
    expect(r.text).toBe(`Report\n\n${LOREM.trim()}\n\ninner main is read once`);
    expect(extractHtmlDom(bytes(page))).toEqual(r);
  });

  it('reads the one top-level article when there is no main', () => {
    const page = `<html><body>${FRAME}<article><h1>Story</h1><p>${LOREM}</p><article><p>a comment</p></article></article>${FOOT}</body></html>`;
    const r = stream(page);
    expect(r.text).toBe(`Story\n\n${LOREM.trim()}\n\na comment`);
    expect(extractHtmlDom(bytes(page))).toEqual(r);
  });

  it('reads the body without navigation, header, footer and sidebars when there is no landmark (or several articles)', () => {
    const page = `<html><body>${FRAME}<article><header><h2>One</h2></header><p>${LOREM}</p><footer>by A</footer></article><article><h2>Two</h2><p>${LOREM}</p></article>${FOOT}</body></html>`;
    const r = stream(page);
    expect(r.text).toBe(`One\n\n${LOREM.trim()}\n\nby A\n\nTwo\n\n${LOREM.trim()}`);
    // a landmark with too little text is not the page's text either
    const thin = stream(`<html><body><nav>NAVTEXT</nav><main><p>short</p></main><div><p>${LOREM}</p></div>${FOOT}</body></html>`);
    expect(thin.text).toBe(`short\n\n${LOREM.trim()}`);
  });

  it('drops navigation and boxes of related links inside the landmark, keeps its footnotes', () => {
    const r = stream(
      `<main><h1>T</h1><nav class="contents"><a href="#a">Contents</a></nav><p>${LOREM}</p><div class="share-buttons">SHARE</div>` +
        `<aside class="footnote brackets" role="note"><p>1. A footnote.</p></aside><aside class="related">RELATED</aside></main>`,
    );
    expect(r.text).toBe(`T\n\n${LOREM.trim()}\n\n1. A footnote.`);
  });
});

describe('streaming reader: the same rules as the DOM reader', () => {
  it('keeps nothing of scripts, styles, templates, frames, hidden elements or permalinks', () => {
    const r = stream(
      `<html><head><title>T</title><style>STYLE</style><script>SCRIPT</script></head><body><main><h2>Heading<a class="headerlink" href="#h">¶</a></h2>` +
        `<h3 id="x">Other <a href="#x">#</a></h3><p>${LOREM}<script>document.write("WRITTEN")</script><template>TEMPLATE</template><noscript>NOSCRIPT</noscript>` +
        `<iframe src="https://evil.example/">IFRAME</iframe><span hidden>HIDDEN</span><span style="display:none">NONE</span><span aria-hidden="true">ARIA</span>` +
        `<svg><text>SVG</text></svg><button>BUTTON</button> See <a href="#rule">the #1 rule</a>.</p></main></body></html>`,
    );
    expect(r.text).toBe(`Heading\n\nOther\n\n${LOREM}See the #1 rule.`);
  });

  it('keeps only allowed link targets and images, never fetching anything', () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const r = stream(
      `<main><p>${LOREM}<a href="https://example.org/x">web</a> <a href="javascript:alert(1)">js</a> <a href="mailto:a@b.c">mail</a> <a href="/relative">rel</a></p>` +
        `<p><img src="${png}" alt="dot"> <img src="https://tracker.example/p.gif" alt="remote"> <img src="pics/a.png" alt="local"></p></main>`,
    );
    const links = r.structure.spans.filter((s) => s[0] === 'a').map((s) => [r.text.slice(s[1], s[2]), s[3]]);
    expect(links).toEqual([
      ['web', 'https://example.org/x'],
      ['mail', 'mailto:a@b.c'],
    ]);
    expect(r.structure.images.map((i) => i.src)).toEqual([png, null, 'file:pics/a.png']);
  });

  it('reads the metadata of the head, JSON-LD and the byline', () => {
    const r = stream(
      `<html><head><title>Doc title - Site</title><meta property="og:site_name" content="Site"><link rel="canonical" href="https://example.com/a">` +
        `<script type="application/ld+json">{"@type":"Article","datePublished":"2023-05-06"}</script></head>` +
        `<body><main><h1>Heading</h1><p class="byline">By Jane Doe and John Smith</p><p>${LOREM}</p></main></body></html>`,
    );
    expect(r).toMatchObject({ title: 'Doc title', url: 'https://example.com/a', published: '2023-05-06', authors: ['Jane Doe', 'John Smith'] });
  });

  it('gives the same text, structure and metadata as the DOM reader for a mid-size page with a landmark', () => {
    const { html } = bigReportHtml(400_000);
    const dom = extractHtmlDom(bytes(html));
    const streamed = extractHtmlStreaming(bytes(html));
    expect(streamed.text).toBe(dom.text);
    expect(streamed.structure).toEqual(dom.structure);
    expect({ ...streamed, text: null, structure: null }).toEqual({ ...dom, text: null, structure: null });
  }, 120_000);

  it('gives the same text and structure as the DOM reader on markup that leaves out its end tags', () => {
    const cases = [
      '<p>para<h2>head</h2>text directly in the landmark',
      '<ul><li>a<li>b</ul>',
      '<dl><dt>a<dd>b<dt>c<dd>d</dl>',
      '<table><tr><td>1<td>2<tr><td>3</table>',
      '<p>x &amp; y &nbsp; z &copy; &#x41;</p>',
      '<pre>\nline1\n  line2</pre>',
      '<select><option>o</select><p>after select</p>',
      '<p>a<br/>b</br>c</p>',
      '<ol><li>1<ol><li>1.1</ol><li>2</ol>',
    ];
    for (const c of cases) {
      const page = bytes(`<html><body><main><p>${LOREM}</p>${c}</main></body></html>`);
      const dom = extractHtmlDom(page);
      const streamed = extractHtmlStreaming(page);
      expect(streamed.text, c).toBe(dom.text);
      expect(streamed.structure, c).toEqual(dom.structure);
    }
    // Where the HTML parsing algorithm rebuilds misnested markup (formatting elements closed out of
    // order, a <div> inside a <p>, text directly in a <table> moved before it), a streaming parser
    // keeps the order written: the same words, blocks or spans cut a little differently.
    for (const c of ['<i>it<b>bold</i>after</b>', '<p>a<div>b</div>c</p>', '<table>stray<tr><td>x</td></tr></table>']) {
      const page = bytes(`<html><body><main><p>${LOREM}</p>${c}</main></body></html>`);
      const words = (s: string) => s.split(/\s+/).sort();
      expect(words(extractHtmlStreaming(page).text), c).toEqual(words(extractHtmlDom(page).text));
    }
  });

  it('gives the same text as the DOM reader for pages without a landmark where Readability also reads the whole body', () => {
    const page = `<html><body><ul><li>Alpha</li><li>Beta</li></ul><table><tr><td>x</td><td>y</td></tr></table><script>var SECRET=1</script></body></html>`;
    expect(stream(page).text).toBe(extractHtmlDom(bytes(page)).text);
  });

  it('is used for pages with much markup or many megabytes, not for pages big only by their inlined images', () => {
    const dense = bigReportHtml(2 * 1024 * 1024).html;
    expect(dense.split('<').length - 1).toBeGreaterThan(STREAMING_TAGS);
    expect(readsStreaming(bytes(dense))).toBe(true);
    expect(readsStreaming(bytes(bigReportHtml(1024 * 1024).html))).toBe(false);
    const image = `<html><body><main><h1>Photo essay</h1><p>${LOREM}</p><img alt="x" src="data:image/png;base64,${'A'.repeat(3 * 1024 * 1024)}"></main></body></html>`;
    expect(readsStreaming(bytes(image))).toBe(false);
    expect(readsStreaming(new Uint8Array(STREAMING_BYTES + 1).fill(0x61))).toBe(true);
  });

  it('is what extractHtml uses for a page with much markup', () => {
    const { html } = bigReportHtml(2 * 1024 * 1024);
    const r = extractHtml(bytes(html));
    expect(r.text.startsWith('Annual audit report\n\nThis report covers every regional office.')).toBe(true);
    expect(r.text).not.toMatch(/NAVIGATION_TEXT|SIDEBAR_TEXT|FOOTER_TEXT|SCRIPT_TEXT|STYLE_TEXT|WRITTEN_TEXT|¶/);
  });
});
