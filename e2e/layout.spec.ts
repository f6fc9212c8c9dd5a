// The reader at a laptop's size (issue 11, "Laptop screens and themes"): the reading column
// keeps its measure, the sidebar and the annotations panel give way (icons, drawers) and
// nothing overlaps; the library keeps its titles; the Light / Dark / System switch; the skip
// link, one tab stop per list, and focus back where it was after every dialog.
import fs from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { test, expect, openApp, copyIn, importThroughUi, SAMPLE, type Served } from './support/fixtures.ts';
import { callApi, importFile } from './support/api.ts';
import { writeExtraDocuments } from './support/corpus.ts';
import { makePdf } from './support/make-pdf.ts';

const R_INTRO = '/usr/share/R/doc/manual/R-intro.pdf';
const NATO = /NATO Secretary General/;

type Box = { x: number; y: number; width: number; height: number };

async function box(locator: Locator): Promise<Box> {
  const b = await locator.boundingBox();
  expect(b, 'the element has a box').not.toBeNull();
  return b!;
}

function overlap(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0.5 && h > 0.5 ? w * h : 0;
}

/** The shown parts of the shell, each clipped to the window (the column scrolls beyond it). */
async function regions(page: Page): Promise<Record<string, Box>> {
  const view = page.viewportSize()!;
  const parts: Record<string, Locator> = {
    'top bar': page.locator('header.topbar'),
    sidebar: page.locator('#sidebar'),
    'reading column': page.locator('.reader .column'),
    'annotations panel': page.locator('#annotations-drawer'),
    'drawer rail': page.locator('.reader .rail'),
  };
  const out: Record<string, Box> = {};
  for (const [name, locator] of Object.entries(parts)) {
    if ((await locator.count()) === 0 || !(await locator.isVisible())) continue;
    const b = await box(locator);
    const bottom = Math.min(b.y + b.height, view.height);
    out[name] = { x: b.x, y: b.y, width: b.width, height: bottom - b.y };
  }
  return out;
}

async function expectNoOverlap(page: Page, where: string): Promise<Record<string, Box>> {
  const boxes = await regions(page);
  const view = page.viewportSize()!;
  const names = Object.keys(boxes);
  for (const name of names) {
    const b = boxes[name]!;
    expect(b.x >= -0.5 && b.x + b.width <= view.width + 0.5, `${name} inside the window at ${where}`).toBe(true);
  }
  for (let i = 0; i < names.length; i++) {
    for (let j = i + 1; j < names.length; j++) {
      expect(overlap(boxes[names[i]!]!, boxes[names[j]!]!), `${names[i]} and ${names[j]} overlap at ${where}`).toBe(0);
    }
  }
  // The top bar's own controls do not run into each other either.
  const controls = page.locator('header.topbar > *:visible, header.topbar .actions > *:visible');
  const own: Box[] = [];
  for (let i = 0; i < (await controls.count()); i++) own.push(await box(controls.nth(i)));
  const top = own.filter((b, i) => !own.some((o, k) => k !== i && o.x <= b.x && o.x + o.width >= b.x + b.width && o.width > b.width));
  for (let i = 0; i < top.length; i++) for (let j = i + 1; j < top.length; j++) expect(overlap(top[i]!, top[j]!), `top bar controls overlap at ${where}`).toBe(0);
  return boxes;
}

/** A fresh load at a window size (the layout mode is chosen when the app starts and on resize). */
async function openAt(page: Page, served: Served, width: number, height: number): Promise<void> {
  await page.setViewportSize({ width, height });
  await page.goto('about:blank');
  await openApp(page, served);
}

async function seed(served: Served): Promise<{ nato: string; pdf: string }> {
  for (const file of writeExtraDocuments(served.work)) await importFile(served, file);
  const pdf = await importFile(served, copyIn(served, R_INTRO));
  const nato = await importFile(served, copyIn(served, SAMPLE));
  await callApi(served, 'tagDocument', { id: nato, add: ['nato', 'western-balkans', 'security-policy', 'kosovo'] });
  await callApi(served, 'addAnnotation', { documentId: nato, quote: 'will not allow a security vacuum to emerge', color: 'yellow' });
  return { nato, pdf };
}

const SIZES = [
  { width: 1440, height: 900, laptop: true, mode: 'wide' },
  { width: 1280, height: 720, laptop: true, mode: 'wide' },
  { width: 1024, height: 768, laptop: true, mode: 'compact' },
  { width: 900, height: 700, laptop: false, mode: 'compact' },
  { width: 700, height: 800, laptop: false, mode: 'narrow' },
] as const;

test('the reading column keeps its measure and nothing overlaps, text and PDF, from 1440 to 700 px', async ({ page, served }) => {
  test.skip(!fs.existsSync(R_INTRO), 'R-intro.pdf (Debian r-doc-pdf) is not installed');
  test.setTimeout(240_000);
  await seed(served);
  for (const size of SIZES) {
    const where = `${size.width}×${size.height}`;
    await openAt(page, served, size.width, size.height);
    await expect(page.locator('html')).toHaveAttribute('data-layout', size.mode);
    await expectNoOverlap(page, `${where} (library)`);

    await page.getByRole('button', { name: NATO }).click();
    await expect(page.locator('[data-testid="document-text"]')).toBeVisible();
    const text = await expectNoOverlap(page, `${where} (text)`);
    if (size.laptop) expect(text['reading column']!.width, `reading column at ${where}`).toBeGreaterThanOrEqual(560);
    if (size.mode === 'wide') {
      expect(text['annotations panel'], `panel beside the text at ${where}`).toBeDefined();
      expect(text.sidebar!.width).toBeGreaterThan(150);
    } else {
      expect(text['annotations panel'], `panel is a closed drawer at ${where}`).toBeUndefined();
      expect(text['drawer rail']).toBeDefined();
    }
    if (size.mode === 'compact') expect(text.sidebar!.width, `sidebar is icons at ${where}`).toBeLessThanOrEqual(72);
    if (size.mode === 'narrow') expect(text.sidebar, `sidebar is a closed drawer at ${where}`).toBeUndefined();

    await openAt(page, served, size.width, size.height);
    await page.getByRole('button', { name: /Introduction to R/ }).click();
    await expect(page.locator('#reader-pane .textLayer span').first()).toBeAttached({ timeout: 30_000 });
    await expectNoOverlap(page, `${where} (PDF)`);
    const pageBox = await box(page.locator('#reader-pane [data-page="1"]').first());
    const pane = await box(page.locator('#reader-pane'));
    if (size.laptop) expect(pageBox.width, `PDF page at fit width at ${where}`).toBeGreaterThanOrEqual(560);
    expect(pageBox.x + pageBox.width, `PDF page inside the pane at ${where}`).toBeLessThanOrEqual(pane.x + pane.width + 0.5);
  }
});

test('the annotations drawer opens and closes by its button, by a and by Esc, and focus comes back', async ({ page, served }) => {
  await seed(served);
  await openAt(page, served, 1024, 768);
  await page.getByRole('button', { name: NATO }).click();
  const toggle = page.getByRole('button', { name: /^Annotations( \d+)?$/ });
  const panel = page.getByRole('complementary', { name: 'Annotations' });
  await expect(toggle).toHaveAttribute('aria-expanded', 'false');
  await expect(panel).toBeHidden();

  // By the button; Esc closes it and focus is on the button again.
  await toggle.click();
  await expect(panel).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  await expect(page.locator('#annotations-drawer')).toBeFocused();
  const drawn = await box(page.locator('#annotations-drawer'));
  expect(overlap(drawn, await box(page.locator('header.topbar')))).toBe(0);
  await expect(panel.getByText('will not allow a security vacuum to emerge')).toBeVisible();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(toggle).toBeFocused();

  // By the shortcut, from the document; Esc brings focus back to the document.
  await page.locator('#reader-pane').focus();
  await page.keyboard.press('a');
  await expect(panel).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel).toBeHidden();
  await expect(page.locator('#reader-pane')).toBeFocused();

  // The shortcut toggles; typing an "a" in the panel's fields does not.
  await page.keyboard.press('a');
  await expect(panel).toBeVisible();
  await panel.getByRole('textbox', { name: 'New takeaway' }).fill('a a a');
  await expect(panel).toBeVisible();
  await page.locator('#annotations-drawer').focus();
  await page.keyboard.press('a');
  await expect(panel).toBeHidden();

  // The shortcut sheet lists it.
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Show or hide the annotations');
  await page.keyboard.press('Escape');

  // Wide again: the panel is back beside the text and the rail is gone.
  await page.setViewportSize({ width: 1440, height: 900 });
  await expect(panel).toBeVisible();
  await expect(toggle).toHaveCount(0);
});

test('on a narrow window the sidebar is a drawer behind a menu button', async ({ page, served }) => {
  await seed(served);
  await openAt(page, served, 700, 800);
  const menu = page.getByRole('button', { name: 'Archive menu' });
  const sidebar = page.getByRole('navigation', { name: 'Archive' });
  await expect(sidebar).toBeHidden();
  await menu.click();
  await expect(sidebar).toBeVisible();
  await expect(menu).toHaveAttribute('aria-expanded', 'true');
  await expect(sidebar.getByRole('button', { name: 'Library', exact: true })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(sidebar).toBeHidden();
  await expect(menu).toBeFocused();

  // A choice in the drawer closes it and shows the view.
  await menu.click();
  await sidebar.getByRole('button', { name: 'Takeaways', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Takeaways' })).toBeVisible();
  await expect(sidebar).toBeHidden();

  // A click outside closes it too.
  await menu.click();
  await expect(sidebar).toBeVisible();
  await page.getByRole('heading', { level: 1, name: 'Takeaways' }).click();
  await expect(sidebar).toBeHidden();
});

test('library titles survive a narrow window: columns go first, titles wrap, chips stay beside', async ({ page, served }) => {
  await seed(served);
  for (const size of [SIZES[0], SIZES[2], SIZES[3], SIZES[4]]) {
    const where = `${size.width}×${size.height}`;
    await openAt(page, served, size.width, size.height);
    const table = page.getByRole('table', { name: 'Documents' });
    await expect(table.getByRole('row')).toHaveCount(6);
    const headers = table.getByRole('columnheader');
    const shown = await headers.evaluateAll((els) => els.filter((el) => (el as HTMLElement).checkVisibility()).map((el) => el.textContent!.trim()));
    expect(shown[0], `title column at ${where}`).toMatch(/^Title/);
    if (size.width >= 1440) expect(shown.length).toBe(5);
    else expect(shown.length, `secondary columns dropped at ${where}`).toBeLessThan(5);

    const titleCell = await box(page.locator('[role="row"][data-index] .c-title').first());
    for (const row of await page.locator('[role="row"][data-index]').all()) {
      const title = await box(row.locator('.title-text'));
      expect(title.width, `a title at ${where} keeps room`).toBeGreaterThan(Math.min(240, titleCell.width * 0.5));
      for (const chip of await row.locator('.tags .chip').all()) {
        expect(overlap(title, await box(chip)), `a tag chip over a title at ${where}`).toBe(0);
      }
    }
    // The long title wraps to two lines rather than being cut to a few letters.
    const nato = page.locator('[role="row"][data-index]', { hasText: NATO }).locator('.title-text');
    const lines = await nato.evaluate((el) => Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight)));
    expect(lines, `the long title's lines at ${where}`).toBe(2);
    await expect(page.locator('[role="row"][data-index]', { hasText: NATO }).locator('.chip.more')).toHaveText(/^\+2/);
  }
});

test('the Light / Dark / System switch sets data-theme, follows the system live, and is remembered', async ({ page, served }) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await openApp(page, served);
  const html = page.locator('html');
  await expect(html).toHaveAttribute('data-theme', 'dark');

  const button = page.getByRole('button', { name: /^Theme: / });
  await expect(button).toHaveAccessibleName('Theme: System');
  await button.click();
  const choices = page.getByRole('group', { name: 'Theme' });
  await expect(choices.getByRole('radio', { name: 'System' })).toBeChecked();
  await expect(choices.getByRole('radio', { name: 'System' })).toBeFocused();
  // Arrow keys move through the radios and apply at once.
  await page.keyboard.press('ArrowUp');
  await expect(choices.getByRole('radio', { name: 'Dark' })).toBeChecked();
  await page.keyboard.press('ArrowUp');
  await expect(choices.getByRole('radio', { name: 'Light' })).toBeChecked();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.keyboard.press('Escape');
  await expect(choices).toBeHidden();
  await expect(button).toBeFocused();
  await expect(button).toHaveAccessibleName('Theme: Light');
  const background = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  const light = await background();

  await page.reload();
  await expect(page.getByRole('searchbox', { name: 'Search', exact: true })).toBeVisible();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('button', { name: 'Theme: Light' })).toBeVisible();

  await page.getByRole('button', { name: 'Theme: Light' }).click();
  await choices.getByRole('radio', { name: 'Dark' }).check();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await background()).not.toBe(light);
  await choices.getByRole('radio', { name: 'System' }).check();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await expect(page.getByRole('button', { name: 'Theme: System' })).toBeVisible();
});

/** Presses Tab until `done` holds; the number of presses, or Infinity. */
async function tabsUntil(page: Page, done: () => Promise<boolean>, limit = 40): Promise<number> {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press('Tab');
    if (await done()) return i;
  }
  return Infinity;
}

const inRows = (page: Page) => () => page.evaluate(() => Boolean(document.activeElement?.closest('.viewport [data-index]')));

test('the skip link is the first Tab, and the library rows are one tab stop with arrow keys', async ({ page, served }) => {
  await seed(served);
  await openApp(page, served);
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('row')).toHaveCount(6);

  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to content' });
  await expect(skip).toBeFocused();
  const shown = await box(skip);
  expect(shown.y).toBeGreaterThanOrEqual(0);
  expect(shown.width).toBeGreaterThan(40);
  await page.keyboard.press('Enter');
  await expect(page.locator('#main')).toBeFocused();
  // From the content: the column headers (one stop), then the rows.
  expect(await tabsUntil(page, inRows(page))).toBeLessThanOrEqual(2);

  // The whole page from the top: a stop per control of the top bar, one per sidebar list.
  await page.goto('about:blank');
  await openApp(page, served);
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('row')).toHaveCount(6);
  expect(await tabsUntil(page, inRows(page))).toBeLessThanOrEqual(13);

  // Inside the rows: arrows move, Tab leaves the table at once, Shift+Tab comes back to the same row.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const third = page.locator('[data-index="2"] .open');
  await expect(third).toBeFocused();
  await expect(page.locator('.viewport .open[tabindex="0"]')).toHaveCount(1);
  await page.keyboard.press('Tab');
  expect(await inRows(page)()).toBe(false);
  await page.keyboard.press('Shift+Tab');
  await expect(third).toBeFocused();
  const title = (await third.textContent())!;
  await page.keyboard.press('Enter');
  await expect(page.locator('#doc-title')).toHaveText(title);

  // In the reader the skip link goes to the document.
  await page.reload();
  await expect(page.locator('#doc-title')).toHaveText(title);
  await page.keyboard.press('Tab');
  const toDoc = page.getByRole('link', { name: 'Skip to document' });
  await expect(toDoc).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.locator('#reader-pane')).toBeFocused();

  // Sidebar lists are one stop each with arrows inside.
  const types = page.getByRole('list', { name: 'Types' });
  await types.getByRole('button', { name: 'PDF' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(types.getByRole('button', { name: 'Web page' })).toBeFocused();
  await expect(types.locator('button[tabindex="0"]')).toHaveCount(1);
});

test('focus returns to the opener after the Import, Export and Shortcuts dialogs', async ({ page, served }) => {
  await openApp(page, served);
  const pdf = `${served.work}/two-pages.pdf`;
  await makePdf(pdf, 2);

  const importButton = page.getByRole('button', { name: 'Import', exact: true });
  await importThroughUi(page, [copyIn(served, SAMPLE), pdf]);
  await page.getByRole('dialog', { name: /Import/ }).getByRole('button', { name: 'Done' }).click();
  await expect(page.getByRole('dialog', { name: /Import/ })).toBeHidden();
  await expect(importButton).toBeFocused();

  const exportButton = page.getByRole('button', { name: 'Export', exact: true });
  await exportButton.click();
  await expect(page.getByRole('dialog', { name: 'Export notes and documents' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog', { name: 'Export notes and documents' })).toBeHidden();
  await expect(exportButton).toBeFocused();

  const help = page.getByRole('button', { name: 'Keyboard shortcuts' });
  await help.click();
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByRole('button', { name: 'Close' }).click();
  await expect(help).toBeFocused();

  // Opened by its key from a library row: back on that row.
  const row = page.locator('[data-index="1"] .open');
  await row.focus();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(row).toBeFocused();

  // Deleting the open document (a confirm) leaves focus in the library's region, not on <body>.
  await row.click();
  await expect(page.locator('#doc-title')).toBeVisible();
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Delete document…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Library' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => Boolean(document.activeElement?.closest('#main')))).toBe(true);

  // Back from the reader by its "← Library": on the row of the document just read.
  const first = page.locator('[data-index="0"] .open');
  const read = (await first.textContent())!;
  await first.press('Enter');
  await expect(page.locator('#doc-title')).toHaveText(read);
  await page.getByRole('button', { name: '← Library' }).click();
  await expect(page.locator('.viewport .open', { hasText: read })).toBeFocused();
});

test("a document's tags and the tag manager's colours are one tab stop each; focus stays put after changes", async ({ page, served }) => {
  await seed(served);
  await openApp(page, served);
  await page.getByRole('button', { name: NATO }).click();
  const chips = page.getByRole('group', { name: 'Tags of this document' });
  await expect(chips.getByRole('button')).toHaveCount(4);
  await expect(chips.locator('button[tabindex="0"]')).toHaveCount(1);
  await chips.getByRole('button').first().focus();
  await page.keyboard.press('ArrowRight');
  const second = chips.getByRole('button').nth(1);
  await expect(second).toBeFocused();
  const removed = (await second.getAttribute('aria-label'))!.replace('Remove tag ', '');
  await page.keyboard.press('Enter');
  await expect(chips.getByRole('button')).toHaveCount(3);
  await expect(chips.getByRole('button', { name: `Remove tag ${removed}` })).toHaveCount(0);
  // On the chip that took its place, not on <body>.
  await expect(chips.getByRole('button').nth(1)).toBeFocused();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('textbox', { name: 'Add a tag to this document' })).toBeFocused();

  await page.getByRole('navigation', { name: 'Archive' }).getByRole('button', { name: 'Tags', exact: true }).click();
  const colours = page.getByRole('group', { name: 'Color of kosovo' });
  await expect(colours.locator('button[tabindex="0"]')).toHaveCount(1);
  await expect(colours.locator('button[tabindex="0"]')).toHaveAttribute('aria-pressed', 'true');
  const rename = page.getByRole('button', { name: 'Rename kosovo' });
  await rename.click();
  await expect(page.getByRole('textbox', { name: 'New name for kosovo' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(rename).toBeFocused();
  await rename.click();
  await page.getByRole('textbox', { name: 'New name for kosovo' }).fill('kosovo-2025');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('button', { name: 'Rename kosovo-2025' })).toBeFocused();
});

async function expectAccessible(page: Page, view: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, `axe on ${view}`).toEqual([]);
}

for (const theme of ['Light', 'Dark'] as const) {
  test(`axe finds nothing serious at laptop and narrow sizes (${theme} chosen in the app)`, async ({ page, served }) => {
    await seed(served);
    // The opposite system scheme: the app's choice wins.
    await page.emulateMedia({ colorScheme: theme === 'Light' ? 'dark' : 'light' });
    await openAt(page, served, 1024, 768);
    await page.getByRole('button', { name: /^Theme: / }).click();
    await page.getByRole('group', { name: 'Theme' }).getByRole('radio', { name: theme }).check();
    await page.keyboard.press('Escape');
    await expect(page.locator('html')).toHaveAttribute('data-theme', theme.toLowerCase());
    await expectAccessible(page, `library at 1024 (${theme})`);

    await page.getByRole('button', { name: NATO }).click();
    await expect(page.locator('[data-testid="document-text"]')).toBeVisible();
    await expectAccessible(page, `reader at 1024 (${theme})`);
    await page.getByRole('button', { name: /^Annotations( \d+)?$/ }).click();
    await expect(page.getByRole('complementary', { name: 'Annotations' })).toBeVisible();
    await expectAccessible(page, `reader with the annotations drawer (${theme})`);

    await openAt(page, served, 700, 800);
    await page.getByRole('button', { name: 'Archive menu' }).click();
    await expect(page.getByRole('navigation', { name: 'Archive' })).toBeVisible();
    await expectAccessible(page, `library with the sidebar drawer at 700 (${theme})`);
  });
}
