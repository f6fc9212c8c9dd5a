// Highlights on a real PDF (R-intro.pdf) starting and ending inside words: the reader draws each
// where the exported PDF puts it (both come from core's PdfTextMap, on the glyph edges the
// import keeps), and the boxes sit on the text: screenshots in light and dark.
import fs from 'node:fs';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, PDFString, PDFHexString } from 'pdf-lib';
import { test, expect, openApp } from './support/fixtures.ts';
import { callApi, importFile } from './support/api.ts';

const R_INTRO = '/usr/share/R/doc/manual/R-intro.pdf';
const PAGE = 12;

test.skip(!fs.existsSync(R_INTRO), 'needs R-intro.pdf (apt-get install r-doc-pdf)');

test('highlights starting and ending inside words are drawn where the exported PDF puts them', async ({ page, served }, testInfo) => {
  const id = await importFile(served, R_INTRO);
  const doc = await callApi<{ text: string; pageStarts: number[]; pageLabels: string[] | null; title: string }>(served, 'getDocument', { id });
  // Three quotes on one page, cut inside words: from the third letter of a word to the middle of another.
  const from = doc.pageStarts[PAGE - 1]!;
  const to = doc.pageStarts[PAGE]! - 2;
  const spans: [number, number][] = [];
  for (const f of [0.2, 0.45, 0.7]) {
    const start = doc.text.indexOf(' ', from + Math.floor((to - from) * f)) + 3;
    spans.push([start, start + 25 + spans.length * 20]);
  }
  const colors = ['yellow', 'green', 'blue'];
  const ids: string[] = [];
  for (const [i, [start, end]] of spans.entries()) {
    const a = await callApi<{ id: string }>(served, 'addAnnotation', { documentId: id, position: { start, end }, color: colors[i], comment: `q${i}` });
    ids.push(a.id);
  }

  await page.setViewportSize({ width: 1440, height: 900 });
  await openApp(page, served);
  await page.getByRole('button', { name: new RegExp(doc.title.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).first().click();
  const pageBox = page.getByRole('textbox', { name: 'Page', exact: true });
  await pageBox.fill(doc.pageLabels?.[PAGE - 1] ?? String(PAGE)); // the page as printed
  await pageBox.press('Enter');
  const pageEl = page.locator(`[data-page="${PAGE}"]`);
  await expect(pageEl.locator('.hl').first()).toBeVisible({ timeout: 20_000 });
  await pageEl.scrollIntoViewIfNeeded();

  // The exported PDF's quads, by comment.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export notes and documents' });
  await exportDialog.getByRole('radio', { name: /Annotated PDF/ }).check();
  const download = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Start export' }).click();
  const exported = await PDFDocument.load(fs.readFileSync(await (await download).path()));
  const annots = exported.getPage(PAGE - 1).node.lookup(PDFName.of('Annots'), PDFArray);
  const quadsOf = new Map<string, number[][]>();
  for (let i = 0; i < annots.size(); i++) {
    const a = annots.lookup(i, PDFDict);
    if (a.get(PDFName.of('Subtype'))?.toString() !== '/Highlight') continue;
    const contents = a.lookup(PDFName.of('Contents'));
    const text = contents instanceof PDFHexString || contents instanceof PDFString ? contents.decodeText() : '';
    const q = a.lookup(PDFName.of('QuadPoints'), PDFArray).asArray().map((n) => (n as PDFNumber).asNumber());
    const rects: number[][] = [];
    for (let k = 0; k + 7 < q.length; k += 8) {
      const xs = [q[k]!, q[k + 2]!, q[k + 4]!, q[k + 6]!];
      const ys = [q[k + 1]!, q[k + 3]!, q[k + 5]!, q[k + 7]!];
      rects.push([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
    }
    quadsOf.set(text.split('\n')[0]!, rects);
  }
  expect([...quadsOf.keys()].sort()).toEqual(['q0', 'q1', 'q2']);
  await page.keyboard.press('Escape');

  // Each drawn box, taken back to PDF points, is the exported quad.
  const canvas = (await pageEl.locator('canvas').boundingBox())!;
  const layout = await callApi<{ width: number; height: number }>(served, 'getPageLayout', { id, page: PAGE });
  const scale = canvas.width / layout.width;
  for (const [i, annotation] of ids.entries()) {
    const boxes = pageEl.locator(`.hl[data-ann="${annotation}"]`);
    const drawn: number[][] = [];
    for (const box of await boxes.all()) {
      const b = (await box.boundingBox())!;
      drawn.push([(b.x - canvas.x) / scale, layout.height - (b.y + b.height - canvas.y) / scale, (b.x + b.width - canvas.x) / scale, layout.height - (b.y - canvas.y) / scale]);
    }
    const expected = quadsOf.get(`q${i}`)!;
    expect(drawn).toHaveLength(expected.length);
    drawn.forEach((d, k) => d.forEach((v, j) => expect(Math.abs(v - expected[k]![j]!), `q${i} box ${k} side ${j}`).toBeLessThan(0.75)));
  }

  for (const [width, height] of [[1440, 900], [1280, 720], [1024, 768]] as const) {
    await page.setViewportSize({ width, height });
    await expect(pageEl.locator('.hl').first()).toBeVisible();
    await pageEl.locator('.hl').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: testInfo.outputPath(`pdf-highlights-${width}x${height}.png`) });
  }
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: testInfo.outputPath('pdf-highlights-1024x768-dark.png') });
});
