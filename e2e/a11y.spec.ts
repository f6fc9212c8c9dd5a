// axe-core on each main view: no serious or critical violation.
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { test, expect, openApp, importThroughUi, closeImportReport, selectInText, copyIn, SAMPLE } from './support/fixtures.ts';
import { makePdf } from './support/make-pdf.ts';

async function expectAccessible(page: Page, view: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const bad = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(bad, `axe on ${view}`).toEqual([]);
}

for (const scheme of ['light', 'dark'] as const) {
  test(`every main view passes axe (${scheme})`, async ({ page, served }) => {
    await page.emulateMedia({ colorScheme: scheme });
    await openApp(page, served);
    // With the app's theme on System, the palette follows the OS scheme.
    await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
    await expectAccessible(page, 'empty library');

    const pdf = path.join(served.work, 'deterrence.pdf');
    await makePdf(pdf, 2);
    await importThroughUi(page, [copyIn(served, SAMPLE), pdf]);
    await expectAccessible(page, 'import report');
    await closeImportReport(page);
    await expectAccessible(page, 'library');

    await page.keyboard.press('?');
    const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
    await expect(help).toBeVisible();
    await expectAccessible(page, 'keyboard shortcuts');
    await help.getByRole('button', { name: 'Close' }).click();

    await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('security');
    await expect(page.locator('#search-results button.hit').first()).toBeVisible();
    await expectAccessible(page, 'search results');

    await page.locator('#search-results button.hit:not(.annotation)', { hasText: 'NATO Secretary General' }).first().click();
    await expect(page.getByRole('complementary', { name: 'Annotations' })).toBeVisible();
    await selectInText(page, 'will not allow a security vacuum to emerge');
    await expectAccessible(page, 'reader with the selection toolbar');
    await page.getByRole('button', { name: 'Note', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Edit highlight' })).toBeVisible();
    await expectAccessible(page, 'highlight editor');
    await page.getByRole('dialog', { name: 'Edit highlight' }).getByRole('button', { name: 'Save' }).click();
    await page.getByRole('complementary', { name: 'Annotations' }).getByRole('button', { name: 'Keep' }).first().click();
    await expectAccessible(page, 'reader');

    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await expect(page.getByRole('dialog', { name: 'Export notes and documents' })).toBeVisible();
    await expectAccessible(page, 'export dialog');
    await page.getByRole('dialog', { name: 'Export notes and documents' }).getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Takeaways', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Takeaways' })).toBeVisible();
    await expectAccessible(page, 'takeaways board');

    await page.getByRole('navigation', { name: 'Archive' }).getByRole('button', { name: 'Tags', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Tags' })).toBeVisible();
    await expectAccessible(page, 'tag manager');

    await page.getByRole('button', { name: 'Library', exact: true }).click();
    await page.getByRole('button', { name: /Deterrence and Presence/ }).click();
    await expect(page.locator('.textLayer span').first()).toBeAttached({ timeout: 20_000 });
    await expectAccessible(page, 'PDF reader');
  });
}
