// Annotating in one step, on a text document and on a PDF: the toolbar beside the selection, a
// highlight with no dialog, `n` as a highlight with its comment editor focused, the editor beside
// the highlight, undo by Ctrl+Z and by the toast, and a highlight made with the keyboard alone.
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import type { Annotation } from '../core/types.ts';
import { test, expect, openApp, selectInText, copyIn, SAMPLE, type Served } from './support/fixtures.ts';
import { callApi, importFile } from './support/api.ts';
import { makePdf, PDF_SENTENCES } from './support/make-pdf.ts';

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

function overlap(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  expect(box).not.toBeNull();
  return box!;
}

/** The live selection's box in the page, or null when nothing is selected. */
function selectionBox(page: Page): Promise<Box | null> {
  return page.evaluate(() => {
    const s = window.getSelection();
    if (!s || s.isCollapsed || s.rangeCount === 0) return null;
    const r = s.getRangeAt(0).getBoundingClientRect();
    return { x: r.left, y: r.top, width: r.width, height: r.height };
  });
}

/** The boxes of every piece of an annotation drawn in the document (text marks or PDF boxes). */
function markBoxes(page: Page, id: string): Promise<Box[]> {
  return page.evaluate((annotationId) => {
    const boxes: { x: number; y: number; width: number; height: number }[] = [];
    for (const el of document.querySelectorAll(`#reader-pane [data-ann="${CSS.escape(annotationId)}"]`))
      for (const r of el.getClientRects()) boxes.push({ x: r.left, y: r.top, width: r.width, height: r.height });
    return boxes;
  }, id);
}

async function annotations(served: Served, documentId: string): Promise<Annotation[]> {
  return (await callApi<{ annotations: Annotation[] }>(served, 'listAnnotations', { documentId })).annotations.filter((a) => !a.suggested);
}

async function only(served: Served, documentId: string, quote: string): Promise<Annotation | undefined> {
  return (await annotations(served, documentId)).find((a) => a.quote?.exact === quote);
}

const toolbar = (page: Page) => page.getByRole('toolbar', { name: 'Annotate the selection' });
const editor = (page: Page) => page.getByRole('dialog', { name: 'Edit highlight' });
const toast = (page: Page, text: RegExp) => page.locator('.toast', { hasText: text });

/** Checks that the highlight was made in one step: nothing left open, nothing left selected. */
async function expectOneStep(page: Page): Promise<void> {
  await expect(toolbar(page)).toBeHidden();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  expect(await selectionBox(page)).toBeNull();
}

async function openText(page: Page, served: Served): Promise<string> {
  const id = await importFile(served, copyIn(served, SAMPLE));
  await openApp(page, served);
  await page.getByRole('button', { name: /NATO Secretary General/ }).first().click();
  await expect(page.locator('[data-testid="document-text"]')).toBeVisible();
  return id;
}

test('text: one-step highlight, a note with its editor focused, the editor beside the highlight', async ({ page, served }) => {
  const docId = await openText(page, served);

  // The toolbar sits beside the selection, never over it.
  const quote = 'will not allow a security vacuum to emerge';
  await selectInText(page, quote);
  const selected = await selectionBox(page);
  expect(selected).not.toBeNull();
  expect(overlap(await boxOf(toolbar(page)), selected!)).toBe(false);

  // h highlights at once: no editor, no toolbar, no selection left.
  await page.keyboard.press('h');
  const mark = page.locator('[data-testid="document-text"] mark[data-kind="highlight"]', { hasText: quote });
  await expect(mark).toHaveText(quote);
  await expectOneStep(page);
  await expect(toast(page, /Highlight added/).getByRole('button', { name: 'Undo' })).toBeVisible();
  const highlight = (await only(served, docId, quote))!;
  expect(highlight).toMatchObject({ kind: 'highlight', comment: null });

  // A colour swatch also highlights in one step.
  const second = 'NATO and its partners are present and engaged';
  await selectInText(page, second);
  await toolbar(page).getByRole('button', { name: 'Green', exact: true }).click();
  await expectOneStep(page);
  expect(await only(served, docId, second)).toMatchObject({ kind: 'highlight', color: 'green' });

  // Clicking a highlight opens its editor beside it, not over its lines.
  await mark.click();
  await expect(editor(page)).toBeVisible();
  const editorBox = await boxOf(editor(page));
  for (const box of await markBoxes(page, highlight.id)) expect(overlap(editorBox, box)).toBe(false);
  // A drag that starts outside the editor never takes its labels along.
  expect(await editor(page).evaluate((el) => getComputedStyle(el).userSelect)).toBe('none');
  await page.keyboard.press('Escape');
  await expect(editor(page)).toBeHidden();

  // e on a focused annotation (its card in the panel) opens the editor too.
  const panel = page.getByRole('complementary', { name: 'Annotations' });
  await panel.getByRole('button', { name: quote }).focus();
  await page.keyboard.press('e');
  await expect(editor(page)).toBeVisible();
  await expect(editor(page).getByRole('textbox', { name: 'Comment' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(editor(page)).toBeHidden();

  // n: a highlight with its comment editor open and focused; Enter saves the comment.
  const third = 'KFOR being its longest and largest mission';
  await selectInText(page, third);
  await page.keyboard.press('n');
  await expect(editor(page)).toBeVisible();
  await expect(editor(page).getByRole('textbox', { name: 'Comment' })).toBeFocused();
  await page.keyboard.type('The longest mission');
  await page.keyboard.press('Enter');
  await expect(editor(page)).toBeHidden();
  await expect.poll(async () => (await only(served, docId, third))?.comment).toBe('The longest mission');
  await expect(page.getByRole('complementary', { name: 'Annotations' })).toContainText('The longest mission');

  // n then Esc keeps the plain highlight; the toolbar's Note does the same as n.
  const fourth = 'NATO remains committed';
  await selectInText(page, fourth);
  await toolbar(page).getByRole('button', { name: 'Note', exact: true }).click();
  await expect(editor(page).getByRole('textbox', { name: 'Comment' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(editor(page)).toBeHidden();
  expect(await only(served, docId, fourth)).toMatchObject({ kind: 'highlight', comment: null });
});

test('text: Ctrl+Z and the toast’s Undo revert a create, an edit and a delete', async ({ page, served }) => {
  const docId = await openText(page, served);
  const quote = 'will not allow a security vacuum to emerge';
  const mark = page.locator('[data-testid="document-text"] mark[data-kind="highlight"]', { hasText: quote });

  // Create, then Ctrl+Z: gone.
  await selectInText(page, quote);
  await page.keyboard.press('h');
  await expect(mark).toBeVisible();
  await page.keyboard.press('Control+z');
  await expect(mark).toHaveCount(0);
  await expect.poll(async () => only(served, docId, quote)).toBeUndefined();

  // Create with a comment and tags (n), then edit the comment, then Ctrl+Z: the comment is back.
  await selectInText(page, quote);
  await page.keyboard.press('n');
  await editor(page).getByRole('textbox', { name: 'Tags', exact: true }).fill('security, bosnia');
  await editor(page).getByRole('textbox', { name: 'Comment' }).fill("Rutte's pledge");
  await editor(page).getByRole('textbox', { name: 'Comment' }).press('Enter');
  await expect(editor(page)).toBeHidden();
  await expect.poll(async () => (await only(served, docId, quote))?.comment).toBe("Rutte's pledge");
  const made = (await only(served, docId, quote))!;
  expect(made.tags).toEqual(['bosnia', 'security']);

  await mark.click();
  await editor(page).getByRole('textbox', { name: 'Comment' }).fill('A different reading');
  await editor(page).getByRole('button', { name: 'Save' }).click();
  await expect.poll(async () => (await only(served, docId, quote))?.comment).toBe('A different reading');
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await only(served, docId, quote))?.comment).toBe("Rutte's pledge");

  // Delete (no confirmation: the toast offers Undo), then Ctrl+Z: back with its id, comment and tags.
  await mark.click();
  await editor(page).getByRole('button', { name: 'Delete' }).click();
  await expect(mark).toHaveCount(0);
  await expect.poll(async () => only(served, docId, quote)).toBeUndefined();
  await page.keyboard.press('Control+z');
  await expect(mark).toBeVisible();
  await expect.poll(async () => only(served, docId, quote)).toMatchObject({
    id: made.id,
    created: made.created,
    comment: "Rutte's pledge",
    tags: ['bosnia', 'security'],
    color: made.color,
  });

  // The toast's Undo does the same: a delete comes back, a create goes away.
  await mark.click();
  await editor(page).getByRole('button', { name: 'Delete' }).click();
  await expect(mark).toHaveCount(0);
  const deleted = toast(page, /Highlight deleted/);
  // The toast stays while it has focus, and its Undo is reached by the keyboard.
  await deleted.getByRole('button', { name: 'Undo' }).focus();
  await page.keyboard.press('Enter');
  await expect(mark).toBeVisible();
  await expect.poll(async () => only(served, docId, quote)).toMatchObject({ id: made.id, comment: "Rutte's pledge", tags: ['bosnia', 'security'] });

  const other = 'NATO remains committed';
  await selectInText(page, other);
  await page.keyboard.press('h');
  await expect.poll(async () => (await only(served, docId, other))?.kind).toBe('highlight');
  await toast(page, /Highlight added/).getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => only(served, docId, other)).toBeUndefined();
  await expect(toast(page, /Highlight removed/).last()).toBeVisible();
});

test('text: a highlight made with the keyboard alone', async ({ page, served }) => {
  const docId = await openText(page, served);
  // A caret where find (or a click) would put it: collapsed at the start of a word.
  const placed = await page.evaluate(() => {
    const root = document.querySelector('[data-testid="document-text"]')!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const at = node.textContent!.indexOf('will not allow');
      if (at === -1) continue;
      node.parentElement!.scrollIntoView({ block: 'center' });
      window.getSelection()!.collapse(node, at);
      return true;
    }
    return false;
  });
  expect(placed).toBe(true);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Control+ArrowRight');
  await expect(toolbar(page)).toBeVisible();
  await page.keyboard.press('h');
  await expectOneStep(page);
  await expect.poll(async () => (await annotations(served, docId)).map((a) => a.quote?.exact)).toContain('will not allow');

  // Shift+End takes the selection to the end of the line; Shift+Left gives a letter back.
  const line = await page.evaluate(() => {
    const mark = document.querySelector('[data-testid="document-text"] mark[data-kind="highlight"]')!;
    window.getSelection()!.collapse(mark.nextSibling ?? mark, 0);
    return true;
  });
  expect(line).toBe(true);
  await page.keyboard.press('Shift+End');
  const extended = await page.evaluate(() => window.getSelection()!.toString());
  await page.keyboard.press('Shift+ArrowLeft');
  expect(await page.evaluate(() => window.getSelection()!.toString())).toBe(extended.slice(0, -1));
  expect(extended.length).toBeGreaterThan(3);
});

/** Selects a sentence in a PDF page's text layer the way a drag ends. */
async function selectInPdf(page: Page, pageNumber: number, phrase: string): Promise<void> {
  const found = await page.evaluate(
    ({ n, wanted }) => {
      const layer = document.querySelector(`[data-page="${n}"] .textLayer`);
      for (const span of layer?.querySelectorAll('span') ?? []) {
        const node = span.firstChild;
        if (!node || node.nodeType !== Node.TEXT_NODE || !node.textContent!.includes(wanted)) continue;
        const at = node.textContent!.indexOf(wanted);
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + wanted.length);
        window.getSelection()!.removeAllRanges();
        window.getSelection()!.addRange(range);
        span.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
        return true;
      }
      return false;
    },
    { n: pageNumber, wanted: phrase },
  );
  expect(found, `"${phrase}" on page ${pageNumber}`).toBe(true);
  await expect(toolbar(page)).toBeVisible();
}

test('PDF: one-step highlight, the editor beside it, a note, undo, and the keyboard alone', async ({ page, served }) => {
  const pdf = path.join(served.work, 'deterrence.pdf');
  await makePdf(pdf, 3);
  const docId = await importFile(served, pdf);
  await openApp(page, served);
  await page.getByRole('button', { name: /Deterrence and Presence/ }).first().click();
  await expect(page.locator('[data-page="1"] .textLayer span').first()).toBeAttached({ timeout: 20_000 });

  const [first, second, third] = PDF_SENTENCES as [string, string, string];
  await selectInPdf(page, 1, second);
  const selected = await selectionBox(page);
  expect(overlap(await boxOf(toolbar(page)), selected!)).toBe(false);
  await page.keyboard.press('h');
  await expectOneStep(page);
  const hl = page.locator('[data-page="1"] .hl').first();
  await expect(hl).toBeVisible();
  await expect.poll(async () => (await only(served, docId, second))?.kind).toBe('highlight');
  const highlight = (await only(served, docId, second))!;

  // Clicking the highlight opens the editor beside it.
  const box = await boxOf(hl);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await expect(editor(page)).toBeVisible();
  const editorBox = await boxOf(editor(page));
  for (const piece of await markBoxes(page, highlight.id)) expect(overlap(editorBox, piece)).toBe(false);
  await page.keyboard.press('Escape');
  await expect(editor(page)).toBeHidden();

  // n on a PDF selection: the comment editor has focus; Enter saves.
  await selectInPdf(page, 1, first);
  await page.keyboard.press('n');
  await expect(editor(page).getByRole('textbox', { name: 'Comment' })).toBeFocused();
  await page.keyboard.type('Presence, credibly');
  await page.keyboard.press('Enter');
  await expect(editor(page)).toBeHidden();
  await expect.poll(async () => (await only(served, docId, first))?.comment).toBe('Presence, credibly');

  // Ctrl+Z takes the comment back off, then the highlight away.
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await only(served, docId, first))?.comment).toBeNull();
  await page.keyboard.press('Control+z');
  await expect.poll(async () => only(served, docId, first)).toBeUndefined();

  // Keyboard alone on page 2: a caret at a word, three words by Shift+Ctrl+Right, h.
  await page.locator('[data-page="2"]').scrollIntoViewIfNeeded();
  await expect(page.locator('[data-page="2"] .textLayer span').first()).toBeAttached({ timeout: 20_000 });
  const placed = await page.evaluate((wanted) => {
    const layer = document.querySelector('[data-page="2"] .textLayer');
    for (const span of layer?.querySelectorAll('span') ?? []) {
      const node = span.firstChild;
      if (!node || node.nodeType !== Node.TEXT_NODE || !node.textContent!.startsWith(wanted)) continue;
      span.scrollIntoView({ block: 'center' });
      window.getSelection()!.collapse(node, 0);
      return true;
    }
    return false;
  }, third.split(' ')[0]!);
  expect(placed).toBe(true);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Control+ArrowRight');
  await expect(toolbar(page)).toBeVisible();
  await page.keyboard.press('h');
  await expectOneStep(page);
  await expect
    .poll(async () => (await annotations(served, docId)).map((a) => a.quote?.exact))
    .toContain(third.split(' ').slice(0, 3).join(' '));
});
