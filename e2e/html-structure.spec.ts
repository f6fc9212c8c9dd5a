// HTML that keeps its shape: a real Python documentation page and a generated page with code,
// a table, a definition list, links and images (beside the file, data:, remote) are read with
// their structure; nothing leaves the page; highlights made in a code block and a table cell land
// on the same characters after a reload.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, openApp, selectInText, type Served } from './support/fixtures.ts';
import { callApi } from './support/api.ts';
import { bigReportHtml } from '../core/import/fixtures/big-report.ts';

const PYTHON_CONTROLFLOW = '/usr/share/doc/python3.11/html/tutorial/controlflow.html';

/** A small PNG (w×h, one colour) made here, so the page has an image beside it. */
function png(width: number, height: number, rgb: [number, number, number]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

const CODE = 'def greet(name):\n    if name:\n        return "hi " + name\n    return None';

function writePage(served: Served): string {
  const folder = path.join(served.work, 'page');
  fs.mkdirSync(path.join(folder, 'img'), { recursive: true });
  fs.writeFileSync(path.join(folder, 'img', 'chart.png'), png(120, 60, [47, 91, 211]));
  const dataPng = png(8, 8, [220, 120, 20]).toString('base64');
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>Structure field guide</title>
<style>body { color: red; font-family: "Comic Sans MS"; } pre { font-family: serif !important; }</style>
<link rel="stylesheet" href="https://example.org/theme.css"><script>window.__pwned = 1;</script></head>
<body onload="window.__pwned = 2"><main>
<h1>Structure field guide</h1>
<p>Intro with <em>emphasis</em>, <strong>strong words</strong>, <code>inline_code()</code>, a <a href="https://example.org/guide">remote guide</a>
and a <a href="javascript:window.__pwned=3">bad link</a> that must not be one.</p>
<pre><code>${CODE}</code></pre>
<table><caption>Missions</caption><tr><th>Mission</th><th>Since</th></tr><tr><td>KFOR cell</td><td>1999</td></tr><tr><td>EUFOR Althea</td><td>2004</td></tr></table>
<dl><dt>.</dt><dd>Matches any character except a newline.</dd><dt>^</dt><dd>Matches the start of the string.</dd></dl>
<ol start="3"><li>Outer three<ul><li>Inner bullet</li></ul></li><li>Outer four</li></ol>
<blockquote><p>A quoted remark about structure.</p></blockquote>
<figure><img src="img/chart.png" alt="Local chart"><figcaption>A chart stored beside the page</figcaption></figure>
<p>A data image <img src="data:image/png;base64,${dataPng}" alt="Data dot"> inside a sentence.</p>
<p>A remote image <img src="https://example.org/remote.png" alt="Remote photo" onerror="window.__pwned = 4"> is never fetched.</p>
<p onclick="window.__pwned = 5" style="position:fixed;top:0">The closing paragraph.</p>
</main></body></html>`;
  const file = path.join(folder, 'guide.html');
  fs.writeFileSync(file, html);
  return file;
}

async function importPath(served: Served, file: string): Promise<string> {
  const report = await callApi<{ results: { documentId?: string; reason?: string }[] }>(served, 'importPaths', { paths: [file] });
  const id = report.results[0]?.documentId;
  if (!id) throw new Error(`import of ${file} failed: ${report.results[0]?.reason}`);
  return id;
}

async function open(page: Page, title: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await page.getByRole('table', { name: 'Documents' }).getByRole('button', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
}

/** Highlights the phrase through the selection toolbar; returns the new annotation's id. */
async function highlight(page: Page, served: Served, documentId: string, phrase: string): Promise<string> {
  const before = await callApi<{ annotations: { id: string }[] }>(served, 'listAnnotations', { documentId });
  await selectInText(page, phrase);
  await page.getByRole('button', { name: 'Highlight', exact: true }).click();
  let created: { id: string; quote: { exact: string } } | undefined;
  await expect
    .poll(async () => {
      const now = await callApi<{ annotations: { id: string; quote: { exact: string } }[] }>(served, 'listAnnotations', { documentId });
      created = now.annotations.find((a) => !before.annotations.some((b) => b.id === a.id));
      return created?.quote.exact;
    })
    .toBe(phrase);
  await page.keyboard.press('Escape');
  return created!.id;
}

test('a generated page keeps its shape, requests nothing, and highlights in code and tables land after a reload', async ({ page, served }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  page.on('popup', (popup) => requests.push(`popup:${popup.url()}`));
  // window.open is recorded rather than followed: the test checks what the reader asks for.
  await page.addInitScript(() => {
    const w = window as unknown as { __opened: unknown[] };
    w.__opened = [];
    window.open = (...args: unknown[]) => {
      w.__opened.push(args);
      return null;
    };
  });
  const file = writePage(served);
  const id = await importPath(served, file);
  await openApp(page, served);
  await open(page, /Structure field guide/);
  const text = page.getByTestId('document-text');

  // Code: monospace, indentation and line breaks kept, scrolls sideways rather than wrapping.
  const code = text.locator('pre.sb-code');
  await expect(code).toHaveCount(1);
  expect(await code.textContent()).toBe(CODE);
  const style = await code.evaluate((el) => ({ font: getComputedStyle(el).fontFamily, space: getComputedStyle(el).whiteSpace, overflow: getComputedStyle(el).overflowX }));
  expect(style.font).toMatch(/mono|Menlo|Consolas/i);
  expect(style.space).toBe('pre');
  expect(style.overflow).toBe('auto');
  await expect(text.locator('code.inline-code')).toHaveText('inline_code()');
  await expect(text.locator('em')).toHaveText('emphasis');
  await expect(text.locator('strong')).toHaveText('strong words');

  // Table, definition list, nested list with its numbers, quote, figure.
  await expect(text.locator('table th')).toHaveText(['Mission', 'Since']);
  await expect(text.locator('table td')).toHaveText(['KFOR cell', '1999', 'EUFOR Althea', '2004']);
  await expect(text.locator('table caption')).toHaveText('Missions');
  await expect(text.locator('dl dt')).toHaveText(['.', '^']);
  await expect(text.locator('dl dd').first()).toHaveText('Matches any character except a newline.');
  await expect(text.locator('ol > li')).toHaveCount(2);
  expect(await text.locator('ol > li').first().getAttribute('value')).toBe('3');
  await expect(text.locator('ol > li ul > li')).toHaveText('Inner bullet');
  await expect(text.locator('blockquote')).toContainText('A quoted remark about structure.');
  await expect(text.locator('figure figcaption')).toHaveText('A chart stored beside the page');

  // Images: the one beside the file and the data: one are shown, the remote one is a placeholder.
  const chart = text.locator('figure img');
  await expect(chart).toHaveAttribute('alt', 'Local chart');
  expect(await chart.getAttribute('src')).toMatch(/^blob:/);
  await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(120);
  expect(await text.locator('img[alt="Data dot"]').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
  await expect(text.locator('.doc-image-missing[data-alt="Remote photo"]')).toBeVisible();
  await expect(text.locator('img[src^="http"]')).toHaveCount(0);

  // Links: the http one is an anchor; the javascript: one is plain text.
  const link = text.getByRole('link', { name: 'remote guide' });
  await expect(link).toHaveAttribute('href', 'https://example.org/guide');
  await expect(text.getByRole('link', { name: 'bad link' })).toHaveCount(0);
  await expect(text).toContainText('bad link');
  // It opens only after the user agrees.
  page.once('dialog', (dialog) => void dialog.dismiss());
  await link.click();
  expect(await page.evaluate(() => (window as unknown as { __opened: unknown[] }).__opened)).toEqual([]);
  page.once('dialog', (dialog) => {
    expect(dialog.message()).toContain('https://example.org/guide');
    void dialog.accept();
  });
  await link.click();
  expect(await page.evaluate(() => (window as unknown as { __opened: unknown[] }).__opened)).toEqual([['https://example.org/guide', '_blank', 'noopener,noreferrer']]);

  // Readable by everyone, in light and dark: no serious or critical axe violation in the text.
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.evaluate((theme) => document.documentElement.setAttribute('data-theme', theme), scheme);
    const results = await new AxeBuilder({ page }).include('[data-testid="document-text"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
    const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
    expect(bad, `axe (${scheme})`).toEqual([]);
  }
  await page.emulateMedia({ colorScheme: 'light' });

  // None of the page's own styles or scripts apply.
  expect(await text.locator('p').last().evaluate((el) => getComputedStyle(el).position)).toBe('static');
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();

  // Highlights in a code block and in a table cell land on the same characters after a reload.
  const inCode = await highlight(page, served, id, 'if name:');
  const inCell = await highlight(page, served, id, 'EUFOR Althea');
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: /Structure field guide/ })).toBeVisible();
  const codeMark = text.locator(`pre.sb-code mark[data-ann="${inCode}"]`);
  await expect(codeMark).toHaveText('if name:');
  await expect(text.locator(`td mark[data-ann="${inCell}"]`)).toHaveText('EUFOR Althea');
  const doc = await callApi<{ text: string; annotations: { id: string; position: { start: number; end: number } }[] }>(served, 'getDocument', { id });
  for (const [annotation, phrase] of [
    [inCode, 'if name:'],
    [inCell, 'EUFOR Althea'],
  ] as const) {
    const a = doc.annotations.find((x) => x.id === annotation)!;
    expect(doc.text.slice(a.position.start, a.position.end)).toBe(phrase);
  }
  // The code keeps its indentation around the mark.
  expect(await code.textContent()).toBe(CODE);

  const foreign = requests.filter((url) => !url.startsWith(`${served.origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
  expect(foreign).toEqual([]);
});

test('a Python documentation page reads with its code blocks and inline code, and a highlight in its code lands after a reload', async ({ page, served }) => {
  test.skip(!fs.existsSync(PYTHON_CONTROLFLOW), `${PYTHON_CONTROLFLOW} is not installed (Debian's python3.11-doc)`);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await importPath(served, PYTHON_CONTROLFLOW);
  await openApp(page, served);
  await open(page, /More Control Flow Tools/);
  const text = page.getByTestId('document-text');
  const blocks = text.locator('pre.sb-code');
  expect(await blocks.count()).toBeGreaterThan(10);
  // The tutorial's nested loop, indentation kept.
  const loop = blocks.filter({ hasText: '>>> for n in range(2, 10):' }).first();
  await expect(loop).toBeVisible();
  expect(await loop.textContent()).toContain('>>> for n in range(2, 10):\n...     for x in range(2, n):\n...         if n % x == 0:');
  expect(await loop.evaluate((el) => getComputedStyle(el).fontFamily)).toMatch(/mono|Menlo|Consolas/i);
  await expect(text.locator('code.inline-code', { hasText: 'range()' }).first()).toBeVisible();
  await expect(text.locator('h2, h3').filter({ hasText: 'if Statements' }).first()).toBeVisible();
  // Highlight inside a code block, reload, the mark is on the same characters.
  const { documents } = await callApi<{ documents: { id: string }[] }>(served, 'listDocuments', {});
  const id = documents[0]!.id;
  const mark = await highlight(page, served, id, 'for x in range(2, n):');
  await page.reload();
  await expect(text.locator(`pre.sb-code mark[data-ann="${mark}"]`)).toHaveText('for x in range(2, n):');
  const foreign = requests.filter((url) => !url.startsWith(`${served.origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
  expect(foreign).toEqual([]);
});

test('a book-length Markdown document is drawn a window at a time, and a highlight near its end is one search away', async ({ page, served }) => {
  const sections = Array.from({ length: 4000 }, (_, i) =>
    [`## Chapter ${i}`, '', `Paragraph ${i} of the chronicle, with *emphasis* and \`code ${i}\`.`, '', `- point ${i}.a`, `- point ${i}.b`, ''].join('\n'),
  );
  sections[3900] = '## Chapter 3900\n\nNear the end the chronicler writes that the thaw came suddenly in March.\n';
  const report = await callApi<{ results: { documentId: string }[] }>(served, 'importFiles', {
    files: [{ name: 'chronicle.md', bytes: new TextEncoder().encode(`# The Long Winter Chronicle\n\n${sections.join('\n')}`) }],
  });
  const documentId = report.results[0]!.documentId;
  await callApi(served, 'addAnnotation', { documentId, quote: 'the thaw came suddenly in March', comment: 'spring marker', color: 'orange' });
  await openApp(page, served);
  await page.getByRole('button', { name: /The Long Winter Chronicle/ }).click();
  const text = page.getByTestId('document-text');
  await expect(text.locator('.sb-h').first()).toBeVisible();
  expect(await text.locator('.block').count()).toBeLessThan(2000); // of 16,000 top-level blocks
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('spring marker');
  await page.locator('#search-results button.hit.annotation').first().click();
  const mark = page.locator('mark[data-kind="highlight"]');
  await expect(mark).toHaveText('the thaw came suddenly in March');
  await expect(mark).toBeInViewport();
});

const PYTHON_RE = '/usr/share/doc/python3.11/html/library/re.html';

test('a Python reference page reads from its own main text: its title heading, API entries as a definition list, notes, and none of the page frame', async ({ page, served }) => {
  test.skip(!fs.existsSync(PYTHON_RE), `${PYTHON_RE} is not installed (Debian's python3.11-doc)`);
  await importPath(served, PYTHON_RE);
  await openApp(page, served);
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, /Regular expression operations/);
  const text = page.getByTestId('document-text');
  // the page's own <h1> opens the text, as a heading of the text
  await expect(text.locator('.sb-h').first()).toHaveText('re — Regular expression operations');
  // an API entry: its signature a definition term, its description the definition
  const entry = text.locator('.sb-dt', { hasText: 're.compile(pattern, flags=0)' }).first();
  await entry.scrollIntoViewIfNeeded();
  await expect(entry).toBeVisible();
  await expect(text.locator('.sb-dd', { hasText: 'Compile a regular expression pattern into a regular expression object' }).first()).toBeVisible();
  await expect(text.getByText(/Changed in version 3\.7/).first()).toBeAttached();
  await expect(text.getByText('See also', { exact: true }).first()).toBeAttached();
  for (const frame of ['Previous topic', 'Next topic', 'Report a Bug', 'Show Source', '¶']) {
    await expect(text.getByText(frame)).toHaveCount(0);
  }
  for (const scheme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.screenshot({ path: test.info().outputPath(`python-re-${scheme}.png`) });
  }
});

test('a web page too big for a DOM (a long report) is read by the streaming parser, with its headings, tables, code and links in the reader', async ({ page, served }) => {
  const file = path.join(served.work, 'long-report.html');
  fs.writeFileSync(file, bigReportHtml(3 * 1024 * 1024).html); // about 170,000 tags: past the DOM reader's limit
  const { sections } = bigReportHtml(3 * 1024 * 1024);
  const id = await importPath(served, file);
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await openApp(page, served);
  await page.setViewportSize({ width: 1280, height: 720 });
  await open(page, /Annual audit report/);
  const text = page.getByTestId('document-text');
  await expect(text.locator('.sb-h').first()).toHaveText('Annual audit report');
  await expect(text.locator('.sb-h', { hasText: 'Section 1: findings of audit 1' })).toBeVisible();
  await expect(text.locator('table').first()).toBeVisible();
  await expect(text.locator('.sb-th').first()).toHaveText('Office');
  await expect(text.locator('pre.sb-code').first()).toContainText('def reconcile_1(ledger):\n    total = sum(entry.amount for entry in ledger)');
  await expect(text.locator('a[href="https://example.org/audit/1"]')).toHaveText('the audit record 1');
  await expect(text.getByText(/NAVIGATION_TEXT|SIDEBAR_TEXT|FOOTER_TEXT|SCRIPT_TEXT/)).toHaveCount(0);
  await page.screenshot({ path: test.info().outputPath('long-report-1280.png') });
  // its last section is one search away
  await callApi(served, 'addAnnotation', { documentId: id, quote: `Finding ${sections} closes here.`, comment: 'last finding', color: 'orange' });
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('last finding');
  await page.locator('#search-results button.hit.annotation').first().click();
  const mark = page.locator('mark[data-kind="highlight"]');
  await expect(mark).toHaveText(`Finding ${sections} closes here.`);
  await expect(mark).toBeInViewport();
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.screenshot({ path: test.info().outputPath('long-report-end-1024.png') });
  const foreign = requests.filter((url) => !url.startsWith(`${served.origin}/`) && !url.startsWith('data:') && !url.startsWith('blob:'));
  expect(foreign).toEqual([]);
});
