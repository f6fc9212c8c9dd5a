// From a search to the passage: a hit opens the reader at its first match with every match marked
// and the query kept; find in the document (Ctrl+F) over every page of a long PDF; an annotation
// hit opens at the annotation and flashes it.
import fs from 'node:fs';
import { test, expect, openApp } from './support/fixtures.ts';
import { callApi, importFile } from './support/api.ts';

const R_EXTS = '/usr/share/R/doc/manual/R-exts.pdf';

const filler = (n: number) =>
  Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} of the briefing covers logistics, budgets and the rotation of troops in some detail.`).join('\n\n');

const BRIEFING = [
  '# Western Balkans briefing',
  '',
  filler(40),
  '',
  '## Pledges',
  '',
  'Rutte said in PRISTINA that NATO will not allow a security',
  'vacuum to emerge.',
  '',
  filler(30),
  '',
  'A later visit to Priština confirmed the pledge.',
  '',
].join('\n');

test('a document hit opens at its first match, every match marked, the query kept', async ({ page, served }) => {
  await callApi(served, 'importFiles', { files: [{ name: 'briefing.md', bytes: new TextEncoder().encode(BRIEFING) }] });
  await openApp(page, served);
  const box = page.getByRole('searchbox', { name: 'Search', exact: true });
  await box.fill('pristina');
  const hit = page.locator('#search-results button.hit:not(.annotation)').first();
  // The hit says where it is: the heading of the section of its first match.
  await expect(hit.getByTestId('hit-place')).toHaveText('Pledges');
  // By keyboard: down from the search box to the hit, Enter.
  await box.press('ArrowDown');
  await expect(hit).toBeFocused();
  await page.keyboard.press('Enter');

  const text = page.getByTestId('document-text');
  await expect(text).toBeVisible();
  await expect(box).toHaveValue('pristina');
  const count = page.getByTestId('find-count');
  await expect(count).toHaveText('1 of 2');
  // Diacritics and case folded: "PRISTINA" and "Priština" are marked.
  await expect(text.locator('mark.find')).toHaveText(['PRISTINA', 'Priština']);
  await expect(text.locator('mark.find.current')).toHaveText('PRISTINA');
  await expect(text.locator('mark.find.current')).toBeInViewport();

  const find = page.getByRole('textbox', { name: 'Find in this document' });
  await expect(find).toBeFocused();
  await find.press('Enter');
  await expect(count).toHaveText('2 of 2');
  await expect(text.locator('mark.find').nth(1)).toHaveClass(/current/);
  await expect(text.locator('mark.find.current')).toBeInViewport();
  await find.press('Shift+Enter');
  await expect(count).toHaveText('1 of 2');
  await expect(text.locator('mark.find.current')).toHaveText('PRISTINA');
  await page.keyboard.press('F3');
  await expect(count).toHaveText('2 of 2');
  await expect(text.locator('mark.find.current')).toHaveText('Priština');
  await expect(text.locator('mark.find.current')).toBeInViewport();
  await page.keyboard.press('Shift+F3');
  await expect(count).toHaveText('1 of 2');

  // Esc closes the bar and clears the marks.
  await find.press('Escape');
  await expect(find).toHaveCount(0);
  await expect(text.locator('mark.find')).toHaveCount(0);

  // Ctrl+F: find as you type, with a phrase across a line break; Esc gives focus back.
  const back = page.locator('nav.crumbs').getByRole('button', { name: '← Library' });
  await back.focus();
  await page.keyboard.press('Control+f');
  await expect(find).toBeFocused();
  await find.pressSequentially('"security vacuum"', { delay: 20 });
  await expect(count).toHaveText('1 of 1');
  await expect(text.locator('mark.find.current')).toHaveText('security vacuum');
  await find.fill('nothing-like-this');
  await expect(count).toHaveText('No matches');
  await find.press('Escape');
  await expect(find).toHaveCount(0);
  await expect(back).toBeFocused();

  // Typing in the search box again shows the results.
  await box.fill('vacuum');
  await expect(page.locator('#search-results')).toBeVisible();
});

test('a PDF hit opens at its page, and find searches every page of the PDF', async ({ page, served }) => {
  test.skip(!fs.existsSync(R_EXTS), 'needs r-doc-pdf (R-exts.pdf)');
  test.setTimeout(180_000);
  const id = await importFile(served, R_EXTS);
  // A highlight on the section's title, to come back to through search.
  await callApi(served, 'addAnnotation', { documentId: id, quote: 'Fortran array bounds checking', occurrence: 2, comment: 'zanzibar marker' });
  await openApp(page, served);
  const box = page.getByRole('searchbox', { name: 'Search', exact: true });
  await box.fill('"Fortran array bounds checking"');
  const hit = page.locator('#search-results button.hit:not(.annotation)').first();
  // The phrase is first in the table of contents, on page 5, printed as page "iii".
  await expect(hit.getByTestId('hit-place')).toHaveText('p. iii');
  await hit.click();
  const count = page.getByTestId('find-count');
  await expect(count).toHaveText('1 of 2', { timeout: 30_000 });
  await expect(box).toHaveValue('"Fortran array bounds checking"');
  await expect(page.locator('[data-page="5"]')).toBeInViewport({ timeout: 30_000 });
  const find = page.getByRole('textbox', { name: 'Find in this document' });
  await find.press('Enter');
  await expect(count).toHaveText('2 of 2');
  await expect(page.locator('[data-page="134"]')).toBeInViewport();
  await find.press('Escape');
  await expect(find).toHaveCount(0);

  // Ctrl+F over every page, not only the drawn ones (pdftotext: once on page 5, twice on 134).
  await page.keyboard.press('Control+f');
  await expect(find).toBeFocused();
  await find.fill('"array bounds"');
  await expect(count).toHaveText('1 of 3');
  await page.keyboard.press('F3');
  await expect(count).toHaveText('2 of 3');
  await expect(page.locator('[data-page="134"]')).toBeInViewport();
  await page.keyboard.press('Shift+F3');
  await expect(count).toHaveText('1 of 3');
  await expect(page.locator('[data-page="5"]')).toBeInViewport();
  await find.press('Shift+Enter');
  await expect(count).toHaveText('3 of 3');
  await expect(page.locator('[data-page="134"]')).toBeInViewport();
  await find.press('Escape');

  // Typed without quotes, as in the issue: the hit opens where all four words are together (the
  // table of contents on page 5), not at the first "array" of the manual.
  await page.locator('nav.crumbs').getByRole('button', { name: '← Library' }).click();
  await box.fill('Fortran array bounds checking');
  await expect(hit.getByTestId('hit-place')).toHaveText('p. iii');
  await hit.click();
  await expect(count).toHaveText(/^\d+ of \d+$/, { timeout: 30_000 });
  expect(Number((await count.textContent())!.split(' ')[0])).toBeGreaterThan(1);
  await expect(page.locator('[data-page="5"]')).toBeInViewport({ timeout: 30_000 });

  // An annotation hit opens at the annotation and flashes it.
  await page.locator('nav.crumbs').getByRole('button', { name: '← Library' }).click();
  await box.fill('zanzibar');
  await page.locator('#search-results button.hit.annotation').first().click();
  await expect(page.locator('[data-page="134"]')).toBeInViewport({ timeout: 30_000 });
  await expect(page.locator('[data-page="134"] .hl.flash')).toBeVisible();
  await expect(box).toHaveValue('zanzibar');
});

test('an annotation hit in a text document opens at the annotation and flashes it', async ({ page, served }) => {
  const report = await callApi<{ results: { documentId: string }[] }>(served, 'importFiles', {
    files: [{ name: 'briefing.md', bytes: new TextEncoder().encode(BRIEFING) }],
  });
  const documentId = report.results[0]!.documentId;
  await callApi(served, 'addAnnotation', { documentId, quote: 'A later visit to Priština confirmed the pledge.', comment: 'quetzal follow-up' });
  await openApp(page, served);
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('quetzal');
  await page.locator('#search-results button.hit.annotation').first().click();
  const mark = page.getByTestId('document-text').locator('mark[data-ann]');
  await expect(mark).toHaveClass(/flash/);
  await expect(mark).toBeInViewport();
});
