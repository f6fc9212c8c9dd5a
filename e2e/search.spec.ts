// Search as you type: a stale answer that comes back late is never shown, and when more documents
// match than the first page holds, the rest of the hits follow once typing pauses.
import { test, expect, openApp } from './support/fixtures.ts';
import { callApi } from './support/api.ts';

test('search as you type drops a late answer and then shows every hit', async ({ page, served }) => {
  const files = Array.from({ length: 30 }, (_, i) => ({
    name: `crossing-${i + 1}.md`,
    bytes: new TextEncoder().encode(`# Crossing report ${i + 1}\n\nThe zebra crossing number ${i + 1} was repainted this spring.\n`),
  }));
  files.push({ name: 'herds.md', bytes: new TextEncoder().encode('# Herds\n\nA note about zebu herds in the valley.\n') });
  await callApi(served, 'importFiles', { files });

  // The answer for "zeb" is held back until long after the box says "zebra".
  await page.route('**/api/search', async (route) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as { query?: string };
    if (body.query === 'zeb*') await new Promise((resolve) => setTimeout(resolve, 700));
    await route.continue();
  });
  await openApp(page, served);
  // Every status the results region shows, in order.
  await page.evaluate(() => {
    const seen: string[] = ((window as unknown as { __statuses: string[] }).__statuses = []);
    new MutationObserver(() => {
      const status = document.querySelector('#search-results [role="status"]')?.textContent?.trim();
      if (status && seen[seen.length - 1] !== status) seen.push(status);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

  await page.getByRole('searchbox', { name: 'Search', exact: true }).pressSequentially('zebra', { delay: 30 });
  const results = page.locator('#search-results');
  await expect(results.getByRole('status')).toHaveText('30 results for “zebra”');
  // All 30 hits, not just the first page, and the zebu note is not among them.
  await expect(results.locator('button.hit:not(.annotation)')).toHaveCount(30);
  await expect(results.getByText('No document matches.')).toHaveCount(0);
  await expect(results).not.toContainText('zebu');

  await page.waitForTimeout(800);
  const statuses = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
  expect(statuses.some((s) => s.includes('“zeb”'))).toBe(false);
  expect(statuses[statuses.length - 1]).toBe('30 results for “zebra”');
});
