// Reading a long PDF by its pages: the page box (labels from /PageLabels), keys, the outline and
// the page thumbnails beside the annotations, zoom that keeps the place, the toolbar above the
// pages, the page label on annotation cards, and dark pages. On a generated 300-page manual with
// roman front matter and bookmarks, and on R's own "Writing R Extensions" (236 pages).
import fs from 'node:fs';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openApp, importThroughUi, closeImportReport } from './support/fixtures.ts';
import { makePdf } from './support/make-pdf.ts';

const PAGES = 300;
/** Pages 1–10 are i–x, page 11 is "1": the label of page n (n > 10) is n − 10. */
const FRONT = 10;
const CHAPTERS = [
  { title: 'Chapter 1 Foundations', page: 11 },
  { title: 'Chapter 2 Presence', page: 60 },
  { title: 'Chapter 3 Reserve forces', page: 130 },
];

async function openManual(page: Page, served: { work: string }, opened: () => Promise<void>): Promise<void> {
  const file = path.join(served.work, 'manual.pdf');
  await makePdf(file, PAGES, {
    labels: [
      { from: 1, style: 'r' },
      { from: FRONT + 1, style: 'D' },
    ],
    outline: CHAPTERS.map((c) => ({ ...c, children: [{ title: `${c.title}, first section`, page: c.page + 2 }] })),
  });
  await opened();
  await importThroughUi(page, [file]);
  await closeImportReport(page);
  await page.getByRole('button', { name: /Deterrence and Presence/ }).click();
  await expect(page.locator('[data-page]')).toHaveCount(PAGES, { timeout: 30_000 });
}

const pageBox = (page: Page): Locator => page.getByRole('textbox', { name: 'Page', exact: true });

/** The page of the view the app says is current: its slot contains the point a third down the view. */
async function pageInView(page: Page): Promise<number> {
  return page.evaluate(() => {
    const bar = document.querySelector('.bar')!.getBoundingClientRect();
    const pane = document.querySelector('#reader-pane')!.getBoundingClientRect();
    const y = bar.bottom + (pane.bottom - bar.bottom) / 3;
    for (const slot of document.querySelectorAll<HTMLElement>('[data-page]')) {
      const r = slot.getBoundingClientRect();
      if (r.top <= y + 20 && r.bottom >= y - 20) return Number(slot.dataset.page);
    }
    return -1;
  });
}

async function goToLabel(page: Page, label: string): Promise<void> {
  await pageBox(page).click();
  await pageBox(page).fill(label);
  await pageBox(page).press('Enter');
}

function intersects(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('page box, labels, keys, outline and thumbnails move through a 300-page manual', async ({ page, served }) => {
  await openManual(page, served, () => openApp(page, served));
  await expect(pageBox(page)).toHaveValue('i');
  await expect(page.locator('#pdf-page-of')).toHaveText(`(1 / ${PAGES})`);

  // A label goes to its page; a roman one too; a number that is no label is the page's position.
  await goToLabel(page, '27');
  await expect(pageBox(page)).toHaveValue('27');
  await expect(page.locator('#pdf-page-of')).toHaveText(`(${27 + FRONT} / ${PAGES})`);
  await expect.poll(() => pageInView(page)).toBe(27 + FRONT);
  await expect(page.locator(`[data-page="${27 + FRONT}"] canvas`)).toBeAttached();
  await goToLabel(page, 'iv');
  await expect.poll(() => pageInView(page)).toBe(4);
  await expect(pageBox(page)).toHaveValue('iv');
  await goToLabel(page, 'nonsense');
  await expect(pageBox(page)).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Escape');

  // Keys, with the focus out of any field.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('PageDown');
  await expect(pageBox(page)).toHaveValue('v');
  await expect.poll(() => pageInView(page)).toBe(5);
  await page.keyboard.press('PageUp');
  await expect(pageBox(page)).toHaveValue('iv');
  await page.keyboard.press('End');
  await expect(pageBox(page)).toHaveValue(String(PAGES - FRONT));
  await expect.poll(() => pageInView(page)).toBe(PAGES);
  await page.keyboard.press('Home');
  await expect(pageBox(page)).toHaveValue('i');
  const before = await page.evaluate(() => document.querySelector('#reader-pane')!.scrollTop);
  await page.keyboard.press('Space');
  await expect.poll(() => page.evaluate(() => document.querySelector('#reader-pane')!.scrollTop)).toBeGreaterThan(before + 300);
  await page.keyboard.press('Shift+Space');
  await expect.poll(() => page.evaluate(() => document.querySelector('#reader-pane')!.scrollTop)).toBeLessThan(before + 50);

  // The outline: bookmarks resolved to pages, a click goes there, the current chapter is marked.
  await page.getByRole('tab', { name: 'Outline' }).click();
  const outline = page.getByRole('navigation', { name: 'Outline' });
  await expect(outline.getByRole('button', { name: /Chapter 2 Presence/ }).first()).toBeVisible();
  await outline.getByRole('button', { name: /^Chapter 3 Reserve forces/ }).first().click();
  await expect(pageBox(page)).toHaveValue(String(130 - FRONT));
  await expect.poll(() => pageInView(page)).toBe(130);
  await expect(outline.locator('[aria-current="location"]')).toContainText('Chapter 3 Reserve forces');
  await outline.getByRole('button', { name: /Chapter 1 Foundations, first section/ }).click();
  await expect.poll(() => pageInView(page)).toBe(13);
  await expect(outline.locator('[aria-current="location"]')).toContainText('Chapter 1 Foundations, first section');

  // Tabs are reachable by keyboard: one tab stop, arrows move.
  await page.getByRole('tab', { name: 'Outline' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByRole('tab', { name: 'Pages' })).toBeFocused();
  await expect(page.getByRole('tab', { name: 'Pages' })).toHaveAttribute('aria-selected', 'true');

  // Thumbnails: drawn lazily, the current page marked, a click goes to the page.
  const strip = page.getByRole('navigation', { name: 'Pages' });
  await expect(strip.locator('[aria-current="page"]')).toHaveAccessibleName('Page 3');
  const drawnThumbs = await strip.locator('canvas[width]').count();
  expect(drawnThumbs).toBeLessThan(40);
  await strip.getByRole('button', { name: 'Page 5', exact: true }).click();
  await expect(pageBox(page)).toHaveValue('5');
  await expect.poll(() => pageInView(page)).toBe(15);
  await expect(strip.locator('[aria-current="page"]')).toHaveAccessibleName('Page 5');
  await page.getByRole('tab', { name: 'Annotations' }).click();
  await expect(page.getByRole('heading', { name: /Highlights/ })).toBeVisible();
});

test('zooming on page 120 stays on page 120, by buttons, keys and Ctrl+wheel; the toolbar never covers a page', async ({ page, served }) => {
  await openManual(page, served, () => openApp(page, served));
  const bar = page.locator('.bar');

  // At the top of the document, zoomed in, the toolbar is above page 1's text, never over it.
  for (const times of [2, 4]) {
    for (let i = 0; i < times; i++) await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect(page.locator('[data-page="1"] .textLayer span').first()).toBeAttached();
    const box = (await bar.boundingBox())!;
    for (const span of await page.locator('[data-page="1"] .textLayer span').all()) {
      const s = await span.boundingBox();
      if (s && s.width > 0) expect(intersects(box, s), 'toolbar over page text').toBe(false);
    }
  }
  await page.getByRole('button', { name: 'Fit width' }).click();

  await goToLabel(page, String(120 - FRONT));
  await expect.poll(() => pageInView(page)).toBe(120);
  const pct = page.getByRole('button', { name: /reset zoom/ });
  const start = await pct.textContent();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await page.getByRole('button', { name: 'Zoom in' }).click();
  await expect(pct).not.toHaveText(start!);
  await expect.poll(() => pageInView(page)).toBe(120);
  await expect(pageBox(page)).toHaveValue(String(120 - FRONT));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Control+Minus');
  await page.keyboard.press('Control+Minus');
  await page.keyboard.press('Control+Minus');
  await expect.poll(() => pageInView(page)).toBe(120);
  await page.keyboard.press('Control+0');
  await expect.poll(() => pageInView(page)).toBe(120);

  // The toolbar is an opaque band above the pages: what lies under it is the band, and page
  // 120 starts below it.
  const box = (await bar.boundingBox())!;
  const top120 = (await page.locator('[data-page="120"]').boundingBox())!.y;
  expect(top120).toBeGreaterThanOrEqual(box.y + box.height - 1);
  const covered = await page.evaluate(({ x, y, w }) => {
    const hits: boolean[] = [];
    for (let k = 1; k < 10; k++) hits.push(Boolean(document.elementFromPoint(x + (w * k) / 10, y)?.closest('.bar')));
    return hits.every(Boolean);
  }, { x: box.x, y: box.y + box.height / 2, w: box.width });
  expect(covered).toBe(true);

  // Ctrl+wheel at a point of page 120: zooms in, and the point under the pointer stays on page 120.
  const slot = (await page.locator('[data-page="120"]').boundingBox())!;
  const pane = (await page.locator('#reader-pane').boundingBox())!;
  const x = slot.x + slot.width * 0.3;
  const y = Math.min(slot.y + slot.height * 0.4, pane.y + pane.height - 60);
  const widthBefore = slot.width;
  await page.mouse.move(x, y);
  await page.keyboard.down('Control');
  await page.mouse.wheel(0, -300);
  await page.keyboard.up('Control');
  await expect.poll(async () => (await page.locator('[data-page="120"]').boundingBox())!.width).toBeGreaterThan(widthBefore * 1.5);
  const under = await page.evaluate(({ x, y }) => Number(document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-page]')?.dataset.page), { x, y });
  expect(under).toBe(120);
  await expect.poll(() => pageInView(page)).toBe(120);
  await expect(page.locator('[data-page="120"] canvas')).toBeAttached();

  // Pages wider than the pane scroll sideways under the toolbar, which stays where it was.
  const barBefore = (await bar.boundingBox())!;
  const sideways = await page.locator('#reader-pane').evaluate((el) => {
    el.scrollLeft += 250;
    return el.scrollLeft;
  });
  expect(sideways).toBeGreaterThan(0);
  await expect.poll(async () => (await bar.boundingBox())!.x).toBeCloseTo(barBefore.x, 0);
  await page.locator('#reader-pane').evaluate((el) => (el.scrollLeft = 0));

  // Fit page: the whole page in view.
  await page.getByRole('button', { name: 'Fit page' }).click();
  await expect.poll(() => pageInView(page)).toBe(120);
  const fitted = (await page.locator('[data-page="120"]').boundingBox())!;
  const paneNow = (await page.locator('#reader-pane').boundingBox())!;
  expect(fitted.height).toBeLessThanOrEqual(paneNow.height - box.height);
});

test('an annotation card names the page by its label; dark pages invert the pages when the app is dark', async ({ page, served }) => {
  await openManual(page, served, () => openApp(page, served));
  await goToLabel(page, '3');
  const slot = page.locator(`[data-page="${3 + FRONT}"]`);
  await expect(slot.locator('.textLayer span').first()).toBeAttached({ timeout: 20_000 });
  const selected = await page.evaluate((n) => {
    const layer = document.querySelector(`[data-page="${n}"] .textLayer`)!;
    for (const span of layer.querySelectorAll('span')) {
      const node = span.firstChild;
      if (!node || !node.textContent!.includes('reserve force')) continue;
      const range = document.createRange();
      const at = node.textContent!.indexOf('reserve force');
      range.setStart(node, at);
      range.setEnd(node, at + 'reserve force'.length);
      window.getSelection()!.removeAllRanges();
      window.getSelection()!.addRange(range);
      span.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
      return true;
    }
    return false;
  }, 3 + FRONT);
  expect(selected).toBe(true);
  const tools = page.getByRole('toolbar', { name: 'Annotate the selection' });
  await tools.getByRole('button', { name: 'Highlight', exact: true }).click();
  const card = page.locator('.panel .card').filter({ hasText: 'reserve force' });
  await expect(card).toBeVisible();
  await expect(card.locator('.page')).toHaveText('p. 3');
  await page.keyboard.press('Escape');

  // No dark-pages switch in a light app.
  await expect(page.getByRole('checkbox', { name: 'Dark pages' })).toHaveCount(0);
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  const toggle = page.getByRole('checkbox', { name: 'Dark pages' });
  await expect(toggle).toBeVisible();
  const filter = () => page.locator(`[data-page="${3 + FRONT}"] .paint`).evaluate((el) => getComputedStyle(el).filter);
  expect(await filter()).toBe('none');
  await toggle.check();
  await expect.poll(filter).toContain('invert(1)');
  await expect.poll(filter).toContain('hue-rotate(180deg)');
  // Remembered.
  await page.reload();
  await page.evaluate(() => (document.documentElement.dataset.theme = 'dark'));
  expect(await page.evaluate(() => localStorage.getItem('pith.pdf.darkPages'))).toBe('1');
});

const R_EXTS = '/usr/share/R/doc/manual/R-exts.pdf';

test('R’s “Writing R Extensions”: its own labels and bookmarks', async ({ page, served }) => {
  test.skip(!fs.existsSync(R_EXTS), `${R_EXTS} is not installed (Debian package r-doc-pdf)`);
  await openApp(page, served);
  const file = path.join(served.work, 'R-exts.pdf');
  fs.copyFileSync(R_EXTS, file);
  await importThroughUi(page, [file]);
  await closeImportReport(page);
  await page.getByRole('button', { name: /Writing R Extensions/ }).click();
  await expect(page.locator('[data-page]')).toHaveCount(236, { timeout: 30_000 });
  // PyMuPDF: page 1 is "T-1", page 3 is "i", page 8 is "1".
  await expect(pageBox(page)).toHaveValue('T-1');
  await goToLabel(page, 'iii');
  await expect.poll(() => pageInView(page)).toBe(5);
  await goToLabel(page, '100');
  await expect.poll(() => pageInView(page)).toBe(107);
  await page.getByRole('tab', { name: 'Outline' }).click();
  const outline = page.getByRole('navigation', { name: 'Outline' });
  await outline.getByRole('button', { name: /^1 Creating R packages/ }).click();
  await expect(pageBox(page)).toHaveValue('2');
  await expect.poll(() => pageInView(page)).toBe(9);
});
