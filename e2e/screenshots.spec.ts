// Screenshots for the README (docs/screenshots/): the library, the reader with highlights, the
// Takeaways board, dark mode, and the reader in a laptop's narrow window (1024×768). They are written to docs/screenshots/ when PITH_SCREENSHOTS=1
// (PITH_SCREENSHOTS=1 npx playwright test e2e/screenshots.spec.ts), else under test-results/,
// so that an ordinary test run leaves the repository as it was.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, openApp, copyIn, selectInText, SAMPLE, ROOT } from './support/fixtures.ts';
import { callApi, importFile } from './support/api.ts';
import { writeExtraDocuments } from './support/corpus.ts';
import { makePdf } from './support/make-pdf.ts';

const R_EXTS = '/usr/share/R/doc/manual/R-exts.pdf';
const PY_TUTORIAL = '/usr/share/doc/python3.11/html/tutorial/controlflow.html';

test('screenshots of the library, the reader, the Takeaways board, dark mode and a narrow window', async ({ page, served }, testInfo) => {
  test.setTimeout(240_000);
  const OUT = process.env.PITH_SCREENSHOTS ? path.join(ROOT, 'docs/screenshots') : testInfo.outputPath('screenshots');
  fs.mkdirSync(OUT, { recursive: true });
  const pdf = path.join(served.work, 'deterrence.pdf');
  await makePdf(pdf, 4);
  const extra = writeExtraDocuments(served.work);
  for (const file of extra) await importFile(served, file);
  const pdfId = await importFile(served, pdf);
  await callApi(served, 'addAnnotation', { documentId: pdfId, quote: 'The alliance keeps a reserve force ready to reinforce KFOR within days.', occurrence: 1, color: 'green', comment: 'Days, not weeks.', tags: ['kosovo'] });
  await callApi(served, 'addAnnotation', { documentId: pdfId, kind: 'takeaway', quote: 'Local ownership of security institutions is the long-term goal.', occurrence: 1, tags: ['security'] });
  const nato = await importFile(served, copyIn(served, SAMPLE));

  // A researcher's marks on the NATO article.
  const add = (body: Record<string, unknown>) => callApi<{ id: string }>(served, 'addAnnotation', { documentId: nato, ...body });
  await add({ quote: 'will not allow a security vacuum to emerge', color: 'yellow', comment: 'The pledge to quote in the brief.', tags: ['security', 'bosnia'] });
  await add({ quote: 'the Dayton Peace Agreement is the cornerstone of peace in the country', color: 'green', tags: ['dayton'] });
  await add({ quote: 'KFOR being its longest and largest mission', color: 'blue', tags: ['kosovo'] });
  await add({ kind: 'takeaway', quote: 'a secure Western Balkans contributes to greater security across the Euro-Atlantic area', tags: ['security'] });
  await add({ kind: 'note', text: 'Compare with the 2019 visit: same language on Dayton, new emphasis on the Political Cell.' });
  const doc = await callApi<{ annotations: { id: string; suggested: boolean }[] }>(served, 'getDocument', { id: nato });
  const suggested = doc.annotations.filter((a) => a.suggested);
  await callApi(served, 'keepAnnotation', { id: suggested[0]!.id });
  await callApi(served, 'updateAnnotation', { id: suggested[0]!.id, addTags: ['bosnia'] });
  await callApi(served, 'keepAnnotation', { id: suggested[3]!.id });
  await callApi(served, 'updateAnnotation', { id: suggested[3]!.id, addTags: ['kosovo'] });
  await callApi(served, 'tagDocument', { id: nato, add: ['nato', 'western-balkans'] });
  const list = await callApi<{ documents: { id: string; title: string }[] }>(served, 'listDocuments', {});
  for (const d of list.documents) {
    if (/KFOR/.test(d.title)) {
      await callApi(served, 'tagDocument', { id: d.id, add: ['kosovo'] });
      const full = await callApi<{ annotations: { id: string; suggested: boolean }[] }>(served, 'getDocument', { id: d.id });
      for (const a of full.annotations.filter((x) => x.suggested).slice(0, 2)) {
        await callApi(served, 'keepAnnotation', { id: a.id });
        await callApi(served, 'updateAnnotation', { id: a.id, addTags: ['kosovo'] });
      }
    }
    if (/EU enlargement/.test(d.title)) {
      await callApi(served, 'tagDocument', { id: d.id, add: ['eu'] });
      const full = await callApi<{ annotations: { id: string; suggested: boolean }[] }>(served, 'getDocument', { id: d.id });
      for (const a of full.annotations.filter((x) => x.suggested).slice(0, 2)) {
        await callApi(served, 'keepAnnotation', { id: a.id });
        await callApi(served, 'updateAnnotation', { id: a.id, addTags: ['eu'] });
      }
    }
  }

  await page.emulateMedia({ colorScheme: 'light' });
  await openApp(page, served);
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('row')).toHaveCount(6);
  await page.screenshot({ path: path.join(OUT, 'library.png') });

  await page.getByRole('button', { name: /NATO Secretary General/ }).click();
  await expect(page.locator('mark[data-kind="highlight"]').first()).toBeVisible();
  await page.locator('#reader-pane').evaluate((el) => (el.scrollTop = 560));
  await page.screenshot({ path: path.join(OUT, 'reader.png') });

  await selectInText(page, 'NATO and its partners are present and engaged');
  await page.getByRole('textbox', { name: 'Tags', exact: true }).fill('bosnia');
  await page.screenshot({ path: path.join(OUT, 'selection.png') });
  await page.getByRole('button', { name: 'Note', exact: true }).click();
  await page.getByRole('dialog', { name: 'Edit highlight' }).getByRole('textbox', { name: 'Comment' }).fill('Presence, not just words.');
  await page.screenshot({ path: path.join(OUT, 'editor.png') });
  await page.getByRole('dialog', { name: 'Edit highlight' }).getByRole('button', { name: 'Save' }).click();

  await page.getByRole('button', { name: 'Takeaways', exact: true }).click();
  await expect(page.getByRole('region', { name: /kosovo/ })).toBeVisible();
  await page.screenshot({ path: path.join(OUT, 'takeaways.png') });

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await page.getByRole('button', { name: /NATO Secretary General/ }).click();
  await expect(page.locator('mark[data-kind="highlight"]').first()).toBeVisible();
  await page.locator('#reader-pane').evaluate((el) => (el.scrollTop = 560));
  await page.screenshot({ path: path.join(OUT, 'dark.png') });

  await page.emulateMedia({ colorScheme: 'light' });
  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('security');
  await expect(page.locator('#search-results button.hit').first()).toBeVisible();
  await page.screenshot({ path: path.join(OUT, 'search.png') });

  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('');
  await page.getByRole('button', { name: 'PDF', exact: true }).click();
  await page.getByRole('button', { name: /Deterrence and Presence/ }).click();
  await expect(page.locator('.textLayer span').first()).toBeAttached({ timeout: 20_000 });
  await page.screenshot({ path: path.join(OUT, 'pdf.png') });

  // Real documents nobody here wrote (Debian's r-doc-pdf and python3.11-doc, which npm test installs).
  if (fs.existsSync(R_EXTS) && fs.existsSync(PY_TUTORIAL)) {
    await importFile(served, copyIn(served, R_EXTS));
    await importFile(served, copyIn(served, PY_TUTORIAL));
    // From a query to the passage: the hit names its page, the reader opens there with every match marked.
    const search = page.getByRole('searchbox', { name: 'Search', exact: true });
    await search.fill('"array bounds checking"');
    const hit = page.locator('#search-results button.hit:not(.annotation)').first();
    await expect(hit).toContainText('Writing R Extensions', { timeout: 20_000 });
    await page.screenshot({ path: path.join(OUT, 'search-pages.png') });
    await hit.click();
    await expect(page.getByTestId('find-count')).toHaveText(/^1 of \d+$/, { timeout: 30_000 });
    await page.keyboard.press('F3');
    await expect(page.getByTestId('find-count')).toHaveText(/^2 of \d+$/);
    await page.waitForTimeout(1500);
    await page.getByRole('tab', { name: 'Outline' }).click();
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(OUT, 'pdf-outline.png') });
    // A web page keeps its shape: headings, code blocks, inline code, lists.
    await page.getByRole('button', { name: 'Close find (Esc)' }).click();
    await search.fill('"More Control Flow Tools"');
    await page.locator('#search-results button.hit:not(.annotation)').first().click();
    await expect(page.locator('[data-testid="document-text"] pre').first()).toBeVisible({ timeout: 20_000 });
    await page.getByRole('button', { name: 'Close find (Esc)' }).click();
    await page.locator('[data-testid="document-text"] pre').nth(1).evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(OUT, 'html.png') });
    await search.fill('');
    await page.getByRole('button', { name: 'Library', exact: true }).click();
  }

  // A 1024×768 laptop: the sidebar as icons, the annotations in a drawer beside the text.
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto('about:blank');
  await openApp(page, served);
  await page.getByRole('button', { name: /NATO Secretary General/ }).click();
  await expect(page.locator('mark[data-kind="highlight"]').first()).toBeVisible();
  await page.locator('#reader-pane').evaluate((el) => (el.scrollTop = 560));
  await page.screenshot({ path: path.join(OUT, 'narrow.png') });
  await page.getByRole('button', { name: /^Annotations( \d+)?$/ }).click();
  await expect(page.getByRole('complementary', { name: 'Annotations' })).toBeVisible();
  await page.screenshot({ path: path.join(OUT, 'narrow-annotations.png') });
});
