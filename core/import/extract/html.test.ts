import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extract, NO_TEXT_HTML_NOTE } from './index.ts';
import { decodeHtml, domToText, readArticle } from './html.ts';
import { JSDOM } from 'jsdom';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const html = async (src: string, name = 'page.html') => extract(name, new TextEncoder().encode(src));
const LOREM =
  'The alliance has supported peace and stability in the region for thirty years, and its longest mission continues to ensure a safe and secure environment for all communities. ';

describe('html', () => {
  it('titles a documentation page by its heading, not "<heading> — <Project> <version> documentation"', async () => {
    const page = (title: string, h1: string) =>
      html(`<html><head><title>${title}</title></head><body><div role="main"><h1>${h1}<a class="headerlink" href="#x">¶</a></h1><p>${LOREM}</p></div></body></html>`);
    expect((await page('re — Regular expression operations — Python 3.11.2 documentation', 're — Regular expression operations')).title).toBe('re — Regular expression operations');
    expect((await page('Docs | Installing the package', 'Installing the package')).title).toBe('Installing the package');
    // A heading that is only a part of a title without a separator after it leaves the title whole.
    expect((await page('Installing packages faster', 'Installing')).title).toBe('Installing packages faster');
  });

  it('extracts the article of the fixture page with its metadata', async () => {
    const doc = await extract('article.html', fixture('article.html'));
    expect(doc.kind).toBe('html');
    expect(doc.mime).toBe('text/html');
    expect(doc.title).toBe('NATO chief reaffirms support for the Western Balkans'); // og:title
    expect(doc.authors).toEqual(['Ana Petrović', 'Marko Jurić']);
    expect(doc.published).toBe('2025-03-11'); // article:published_time, as written (not moved to UTC)
    expect(doc.url).toBe('https://herald.example/world/nato-western-balkans');
    expect(doc.note).toBeNull();
    expect(doc.pages).toBeNull();
    expect(doc.text).toContain('Key Takeaways\n\n- NATO remains committed to the stability and territorial integrity of Bosnia and Herzegovina.\n- The Dayton');
    expect(doc.text).toContain('and “will not allow a security vacuum to emerge.”');
    expect(doc.text).toContain('Sarajevo and Priština, reaffirming');
    // paragraphs are separated by blank lines, their inner whitespace collapsed
    expect(doc.text).toMatch(/Headquarters Sarajevo\.\n\nOn March 11, 2025, Rutte visited Priština/);
    expect(doc.text).not.toMatch(/ {2}|\t|\n{3}/);
  });

  it('never keeps scripts, styles, templates, noscript, hidden elements or event handlers', async () => {
    const doc = await extract('article.html', fixture('article.html'));
    for (const s of ['SCRIPT_SHOULD_NOT_APPEAR', 'WRITTEN_BY_SCRIPT', 'STYLE_SHOULD_NOT_APPEAR', 'font-family', 'NOSCRIPT', 'TEMPLATE', 'HIDDEN', 'INLINE_SCRIPT', 'ONCLICK', 'ONLOAD', 'alert(', '@context']) {
      expect(doc.text).not.toContain(s);
    }
    // navigation and footer are not part of the article
    expect(doc.text).not.toContain('Subscribe');
    expect(doc.text).not.toContain('All rights reserved');
  });

  it('does not run scripts', async () => {
    const doc = await html(
      `<html><head><title>T</title><script>document.title = "CHANGED"; document.addEventListener("DOMContentLoaded", () => { document.body.textContent = "REPLACED BY SCRIPT"; });</script></head><body><p>Original text stays. ${LOREM}</p><img src="x" onerror="document.body.textContent='ONERROR RAN'"></body></html>`,
    );
    expect(doc.title).toBe('T');
    expect(doc.text).toContain('Original text stays.');
    expect(doc.text).not.toMatch(/REPLACED|ONERROR|CHANGED/);
  });

  it('falls back to the body text when Readability finds no article', async () => {
    const doc = await html('<html><body><ul><li>Alpha</li><li>Beta</li></ul><table><tr><td>x</td><td>y</td></tr></table><script>var SECRET=1</script></body></html>');
    expect(doc.text).toBe('- Alpha\n- Beta\n\nx | y');
    expect(doc.title).toBe('Alpha'); // the first line of text, its bullet removed
  });

  it('reads metadata from meta tags, JSON-LD, <time> and the text, in that order', async () => {
    const body = `<article><h1>Heading One</h1><p>${LOREM.repeat(3)}</p></article>`;
    let doc = await html(`<html><head><title>Doc title - Site</title><meta property="og:site_name" content="Site"><meta name="date" content="2024-02-03"><meta property="og:url" content="https://example.com/og"></head><body>${body}</body></html>`);
    expect(doc.title).toBe('Doc title');
    expect(doc.published).toBe('2024-02-03');
    expect(doc.url).toBe('https://example.com/og');

    doc = await html(`<html><head><script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":"Article","datePublished":"2023-05-06T10:00:00Z","author":{"name":"Jane Doe"}}]}</script></head><body>${body}</body></html>`);
    expect(doc.published).toBe('2023-05-06');
    expect(doc.authors).toEqual(['Jane Doe']);
    expect(doc.title).toBe('Heading One');

    doc = await html(`<html><body><article><h1>X</h1><p>Posted <time datetime="2022-07-08T10:00">July 8</time>. ${LOREM.repeat(3)}</p></article></body></html>`);
    expect(doc.published).toBe('2022-07-08');

    doc = await html(`<html><body><article><p>Reported on 5 June 2021 by the desk. ${LOREM.repeat(3)}</p></article></body></html>`);
    expect(doc.published).toBe('2021-06-05');
    expect(doc.url).toBeNull();
    expect(doc.authors).toEqual([]);
  });

  it('takes authors from article:author and the byline when there is no meta author', async () => {
    let doc = await html(`<html><head><meta property="article:author" content="https://facebook.com/x"><meta property="article:author" content="Jane Doe, John Smith"></head><body><article><p>${LOREM.repeat(3)}</p></article></body></html>`);
    expect(doc.authors).toEqual(['Jane Doe', 'John Smith']);
    doc = await html(`<html><body><article><p class="byline">By Jane Doe and John Smith</p><p>${LOREM.repeat(3)}</p></article></body></html>`);
    expect(doc.authors).toEqual(['Jane Doe', 'John Smith']);
  });

  it('decodes Windows-1252 pages declared in a meta charset, and UTF-8 pages without one', async () => {
    const src = `<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"><title>“Priština” café</title></head><body><p>${LOREM}</p></body></html>`;
    const bytes = iconv.encode(src, 'windows-1252');
    expect(decodeHtml(bytes)).toBe(src);
    expect((await extract('a.html', bytes)).title).toBe('“Priština” café');
    const utf8 = new TextEncoder().encode('<p>Priština café</p>');
    expect(decodeHtml(utf8)).toBe('<p>Priština café</p>');
    const undeclared = iconv.encode('<p>Priština “café”</p>', 'windows-1252');
    expect(decodeHtml(undeclared)).toBe('<p>Priština “café”</p>');
  });

  it('imports a page without text, with a note', async () => {
    const doc = await html('<html><head><title>Gallery</title></head><body><img src="a.png"><script>x()</script></body></html>', 'gallery.html');
    expect(doc.text).toBe('');
    expect(doc.note).toBe(NO_TEXT_HTML_NOTE);
    expect(doc.title).toBe('Gallery');
    const untitled = await html('<html><body>   </body></html>', 'dir/empty page.htm');
    expect(untitled.title).toBe('empty page');
  });
});

describe('readArticle', () => {
  const page = (): string => {
    const sections: string[] = [];
    for (let i = 1; i <= 30; i++) {
      sections.push(
        `<section class="s${i}"><h2>Part ${i}</h2><p>${LOREM}<a href="/rel/${i}">a relative link</a></p>` +
          `<figure><img src="img${i}.png"><figcaption>Figure ${i}</figcaption></figure>` +
          `<table><tr><th>k</th><th>v</th></tr><tr><td>${i}</td><td>x</td></tr></table>` +
          `<div class="share social"><a href="/s">Share</a> <a href="/t">Tweet</a></div>` +
          `<ul><li>${LOREM}</li><li>point ${i}</li></ul></section>`,
      );
    }
    return `<html><head><title>T</title></head><body><nav>${'<a href="/x">Menu</a> '.repeat(40)}</nav><div id="content"><article>${sections.join('')}</article></div><aside class="sidebar">${'<p><a href="/r">Related</a></p>'.repeat(20)}</aside></body></html>`;
  };

  it('gives the same article as stock Readability, faster internals or not', () => {
    for (const src of [page(), readFileSync(new URL('../fixtures/article.html', import.meta.url), 'utf8')]) {
      const fast = readArticle(new JSDOM(src).window.document, true);
      const stock = readArticle(new JSDOM(src).window.document, false);
      expect(fast).not.toBeNull();
      expect(domToText(fast!.content!)).toBe(domToText(stock!.content!));
      expect(fast!.title).toBe(stock!.title);
      expect(fast!.byline).toBe(stock!.byline);
    }
  });

  it('skips Readability on huge pages and uses the <main> element', async () => {
    const many = '<span>w</span> '.repeat(10_500);
    const doc = await html(`<html><body><nav>${'<a href="/">Menu</a> '.repeat(50)}</nav><main><h1>Big page</h1><p>${LOREM}</p><p>${many}</p></main><footer>Footer</footer></body></html>`);
    expect(doc.text.startsWith(`Big page\n\n${LOREM.trim()}`)).toBe(true);
    expect(doc.text).not.toContain('Menu');
    expect(doc.text).not.toContain('Footer');
  });
});

describe('domToText', () => {
  const text = (body: string) => domToText(new JSDOM(`<body>${body}</body>`).window.document.body);

  it('puts blocks on their own lines and collapses whitespace', () => {
    expect(text('<h2>  Title\n here </h2><p>one   <b>two</b>\n three</p><div>four</div><div>five<br>six</div>')).toBe('Title here\n\none two three\n\nfour\nfive\nsix');
  });

  it('renders lists, nested lists, ordered lists with start/value/reversed', () => {
    expect(text('<ul><li>a<ul><li>a1</li></ul></li><li>b</li></ul>')).toBe('- a\n  - a1\n- b');
    expect(text('<ol start="4"><li>four</li><li value="9">nine</li><li>ten</li></ol>')).toBe('4. four\n9. nine\n10. ten');
    expect(text('<ol reversed start="3"><li>c</li><li>b</li></ol>')).toBe('3. c\n2. b');
    expect(text('<p>before</p><ul><li><p>para item</p><p>second para</p></li><li>next</li></ul><p>after</p>')).toBe('before\n\n- para item\n\n  second para\n- next\n\nafter');
  });

  it('keeps preformatted text as it is', () => {
    expect(text('<p>x</p><pre>  a  b\n\n  c</pre><p>y</p>')).toBe('x\n\n  a  b\n\n  c\n\ny');
    // highlighted code: lines split across text nodes
    expect(text('<pre><code><span>const</span> a = 1;\n\n<span>let</span> b;\n  <b>c</b>();\n</code></pre>')).toBe('const a = 1;\n\nlet b;\n  c();');
  });

  it('skips scripts, styles, templates, noscript, hidden and form controls', () => {
    expect(text('a<script>s</script><style>.x{}</style><template>t</template><noscript>n</noscript><span hidden>h</span><span style="display: none">d</span><span aria-hidden="true">i</span><button>Share</button><select><option>o</option></select>b')).toBe('ab');
  });
});

describe('permalinks beside headings', () => {
  it('leaves "¶", "#" and "§" links to the page itself out of the text, and keeps real links', async () => {
    const { extractHtml } = await import('./html.ts');
    const page = `<html><head><title>T</title></head><body><main>
      <h2>4.2. for Statements<a class="headerlink" href="#for-statements" title="Permalink to this heading">¶</a></h2>
      <p>The <code>for</code> statement iterates over the items of any sequence, in the order they appear.</p>
      <h3 id="x">Loops <a href="#x">#</a></h3><p>See <a href="#loops">the #1 rule</a> and <a href="#s">§</a>.</p>
      <p>Ends with a pilcrow that is text: ¶ stays here.</p>
    </main></body></html>`;
    const { text } = extractHtml(new TextEncoder().encode(page));
    expect(text).toContain('4.2. for Statements\n');
    expect(text).toContain('Loops\n');
    expect(text).toContain('See the #1 rule and .');
    expect(text).toContain('¶ stays here.');
    expect(text).not.toMatch(/Statements\s*¶/);
  });
});

describe('the page’s own main landmark', () => {
  const LIST = Array.from({ length: 40 }, (_, i) => `<li><a href="m${i}.html"><code>module${i}</code> — a short entry</a></li>`).join('');

  it('is read before Readability, with its <h1>, definition lists and notes, and without the frame around it', async () => {
    const page = `<html><head><title>Modules</title></head><body><div class="related" role="navigation"><a href="/">index</a> NAVTEXT</div>
      <div class="document"><div class="body" role="main"><section><h1>Superseded Modules<a class="headerlink" href="#s">¶</a></h1>
      <p>The modules described here are deprecated.</p><ul>${LIST}</ul>
      <dl class="py function"><dt id="f">f(x)<a class="headerlink" href="#f">¶</a></dt><dd><p>Return x.</p><div class="versionchanged"><p><span class="versionmodified changed">Changed in version 3.2: </span>x may be negative.</p></div></dd></dl>
      <div class="admonition seealso"><p class="admonition-title">See also</p><p>Other modules.</p></div></section></div></div>
      <div class="sphinxsidebar" role="navigation"><h3>Previous topic</h3><p>Report a Bug</p></div><div class="footer">© Copyright FOOTTEXT</div></body></html>`;
    const doc = await html(page);
    expect(doc.text.startsWith('Superseded Modules\n\nThe modules described here are deprecated.\n\n- module0 — a short entry\n')).toBe(true);
    expect(doc.text).toContain('- module39 — a short entry\n\nf(x)\n\nReturn x.\n\nChanged in version 3.2: x may be negative.\n\nSee also\n\nOther modules.');
    expect(doc.text).not.toMatch(/NAVTEXT|Previous topic|Report a Bug|FOOTTEXT|¶/);
    const kinds = doc.structure!.blocks.map((b) => b[0]);
    expect(kinds.filter((k) => k === 'li')).toHaveLength(40);
    expect(kinds).toContain('dt');
    expect(kinds).toContain('dd');
    expect(doc.structure!.blocks[0]).toEqual(['h', 0, 'Superseded Modules'.length, -1, { level: 1 }]);
  });

  it('is the outer one of nested landmarks, else the one top-level article; several articles or too little text go to Readability', async () => {
    const { findLandmark, parseHtml, releaseHtml } = await import('./html.ts');
    const landmarkOf = (body: string) => {
      const doc = parseHtml(`<html><body>${body}</body></html>`);
      try {
        return findLandmark(doc)?.id ?? null;
      } finally {
        releaseHtml(doc);
      }
    };
    expect(landmarkOf('<nav></nav><div id="outer" role="main"><main id="inner"></main></div>')).toBe('outer');
    expect(landmarkOf('<article id="a"><article id="comment"></article></article>')).toBe('a');
    expect(landmarkOf('<article id="a"></article><article id="b"></article>')).toBeNull();
    expect(landmarkOf('<template><main id="t"></main></template><div hidden><main id="h"></main></div><article id="a"></article>')).toBe('a');
    // a landmark without real text: Readability reads the page
    const doc = await html(`<html><body><main><p>Loading…</p></main><div class="post"><h1>Story</h1><p>${LOREM.repeat(3)}</p></div></body></html>`);
    expect(doc.text).toContain(LOREM.trim());
  });

  it('keeps boxes of the article but not the navigation, sharing or related links inside the landmark', async () => {
    const doc = await html(
      `<html><body><main><h1>Post</h1><nav class="toc"><a href="#a">Contents</a></nav><p>${LOREM}</p><aside class="pullquote">A pull quote.</aside>` +
        `<div class="share-buttons">Share on X</div><aside class="footnote" role="note"><p>1. The footnote.</p></aside><section class="related-posts"><h2>Comments</h2><p>Real section.</p></section><aside class="related">More posts</aside></main></body></html>`,
    );
    expect(doc.text).toBe(`Post\n\n${LOREM.trim()}\n\nA pull quote.\n\n1. The footnote.\n\nComments\n\nReal section.`);
  });

  it('leaves pages without a landmark to Readability, which keeps the article and not the sidebar', async () => {
    const doc = await html(
      `<html><head><title>Post</title></head><body><div id="top"><a href="/">Home</a> <a href="/about">About</a></div>` +
        `<div id="content"><div class="post"><h2>The post</h2><p>${LOREM.repeat(2)}</p><p>${LOREM}</p></div></div>` +
        `<div id="sidebar" class="widget-area"><h3>Archives</h3><ul><li><a href="/2024">2024</a></li><li><a href="/2023">2023</a></li></ul></div>` +
        `<div id="footer">Powered by a blog engine</div></body></html>`,
    );
    expect(doc.text).toContain(LOREM.trim());
    expect(doc.text).not.toMatch(/Archives|Powered by|About/);
  });
});
