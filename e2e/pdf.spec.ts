// PDFs in the reader: pages drawn lazily by pdf.js with a text layer, a selection in the text
// layer mapped to the document's text, the highlight drawn over the page and exported into the
// PDF as a real /Highlight annotation.
import fs from 'node:fs';
import path from 'node:path';
import { PDFArray, PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { test, expect, openApp, importThroughUi, closeImportReport } from './support/fixtures.ts';
import { makePdf } from './support/make-pdf.ts';

const SENTENCE = 'The alliance keeps a reserve force ready to reinforce KFOR within days.';

test('a long PDF opens at once, and a highlight made in its text layer lands in the exported PDF', async ({ page, served }) => {
  const pdf = path.join(served.work, 'long-report.pdf');
  await makePdf(pdf, 240);
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (message) => {
    if (/Content[- ]Security[- ]Policy|Refused to/i.test(message.text())) problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  await openApp(page, served);
  await importThroughUi(page, [pdf]);
  await closeImportReport(page);

  await page.getByRole('button', { name: /Deterrence and Presence/ }).click();
  await expect(page.getByText('240 pages')).toBeVisible();
  // All pages have their place; only those near the view are drawn.
  await expect(page.locator('[data-page]')).toHaveCount(240, { timeout: 20_000 });
  await expect(page.locator('[data-page="1"] .textLayer span').first()).toBeAttached({ timeout: 20_000 });
  const drawn = await page.locator('[data-page] canvas').count();
  expect(drawn).toBeGreaterThan(0);
  expect(drawn).toBeLessThan(20);

  // Zoom in and back to fit: the page is drawn again at the new size.
  const width = async () => (await page.locator('[data-page="1"] canvas').boundingBox())!.width;
  const fitted = await width();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect.poll(width).toBeGreaterThan(fitted * 1.2);
  await page.getByRole('button', { name: 'Fit width' }).click();
  await expect.poll(width).toBeCloseTo(fitted, 0);
  await expect(page.locator('[data-page="1"] .textLayer span').first()).toBeAttached();

  // Select a sentence in page 1's text layer.
  const found = await page.evaluate((wanted) => {
    const layer = document.querySelector('[data-page="1"] .textLayer');
    if (!layer) return false;
    for (const span of layer.querySelectorAll('span')) {
      const node = span.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE || !node.textContent!.includes(wanted)) continue;
      const at = node.textContent!.indexOf(wanted);
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + wanted.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      span.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
      return true;
    }
    return false;
  }, SENTENCE);
  expect(found).toBe(true);
  await expect(page.getByRole('toolbar', { name: 'Annotate the selection' })).toBeVisible();
  // A colour highlights at once; clicking the highlight opens its editor.
  await page.getByRole('button', { name: 'Green', exact: true }).click();
  const made = page.locator('[data-page="1"] .hl').first();
  await expect(made).toBeVisible();
  const box = (await made.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  const editor = page.getByRole('dialog', { name: 'Edit highlight' });
  await editor.getByRole('textbox', { name: 'Comment' }).fill('Reserve force, days not weeks');
  await editor.getByRole('button', { name: 'Save' }).click();

  const annotations = page.getByRole('complementary', { name: 'Annotations' });
  await expect(annotations).toContainText(SENTENCE);
  // The highlight is drawn over page 1.
  await expect(page.locator('[data-page="1"] .hl').first()).toBeVisible();

  // Scroll far and back: pages far from view are released, page 1 is drawn again with its highlight.
  await page.locator('#reader-pane').evaluate((el) => (el.scrollTop = el.scrollHeight / 2));
  await expect(page.locator('[data-page="1"] canvas')).toHaveCount(0);
  await annotations.getByRole('button', { name: new RegExp(SENTENCE.slice(0, 30)) }).click();
  await expect(page.locator('[data-page="1"] .hl').first()).toBeVisible();

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export notes and documents' });
  await exportDialog.getByRole('radio', { name: /Annotated PDF/ }).check();
  const download = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Start export' }).click();
  const file = await (await download).path();
  const exported = await PDFDocument.load(fs.readFileSync(file));
  expect(exported.getPageCount()).toBe(240);
  const annots = exported.getPage(0).node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  expect(annots?.size() ?? 0).toBeGreaterThanOrEqual(1);
  const highlight = annots!.lookup(0, PDFDict);
  expect(highlight.get(PDFName.of('Subtype'))?.toString()).toBe('/Highlight');
  expect(highlight.get(PDFName.of('QuadPoints'))).toBeDefined();

  // pdf.js ran under the strict CSP without tripping it, and fetched nothing from elsewhere.
  expect(problems).toEqual([]);
  expect(requests.filter((url) => !url.startsWith(`${served.origin}/`) && !url.startsWith('blob:'))).toEqual([]);
});
