// A book-length text opens at once (its blocks are put in the page progressively) and a
// highlight near its end is reached from search.
import { test, expect, openApp } from './support/fixtures.ts';
import { callApi } from './support/api.ts';

test('a 40,000-paragraph text opens at once and a highlight near its end is one search away', async ({ page, served }) => {
  const paragraphs = Array.from({ length: 40_000 }, (_, i) => `Paragraph ${i}: the chronicle of the long winter continues with ordinary events of the day.`);
  paragraphs[39_500] = 'Near the end the chronicler writes that the thaw came suddenly in March.';
  const text = `The Long Winter Chronicle\n${paragraphs.join('\n')}\n`;
  const report = await callApi<{ results: { documentId: string }[] }>(served, 'importFiles', {
    files: [{ name: 'chronicle.txt', bytes: new TextEncoder().encode(text) }],
  });
  const documentId = report.results[0]!.documentId;
  await callApi(served, 'addAnnotation', { documentId, quote: 'the thaw came suddenly in March', comment: 'spring marker', color: 'orange' });

  await openApp(page, served);
  await page.getByRole('button', { name: /The Long Winter Chronicle/ }).click();
  await expect(page.locator('[data-testid="document-text"] [data-start]').first()).toBeVisible();
  const blocks = await page.locator('[data-testid="document-text"] [data-start]').count();
  expect(blocks).toBeLessThan(2000);

  await page.getByRole('searchbox', { name: 'Search', exact: true }).fill('spring marker');
  await page.locator('#search-results button.hit.annotation').first().click();
  const mark = page.locator('mark[data-kind="highlight"]');
  await expect(mark).toHaveText('the thaw came suddenly in March');
  await expect(mark).toBeInViewport();
});
