// The library at scale (virtualized, sorted, filtered), drag and drop, the tag manager, and
// deleting a highlight from its editor.
import fs from 'node:fs';
import { test, expect, openApp, importThroughUi, closeImportReport, selectInText, copyIn, SAMPLE } from './support/fixtures.ts';
import { callApi } from './support/api.ts';

test('a library of 3,000 documents scrolls, sorts and filters without rendering them all', async ({ page, served }) => {
  const total = 3000;
  for (let batch = 0; batch < total / 500; batch++) {
    const files = Array.from({ length: 500 }, (_, i) => {
      const n = batch * 500 + i;
      const text = `Field report ${String(n).padStart(4, '0')}\nObservations from district ${n % 37} on ${n % 2 ? 'patrols' : 'elections'}, number ${n}.\n`;
      return { name: `report-${n}.txt`, bytes: new TextEncoder().encode(text) };
    });
    await callApi(served, 'importFiles', { files });
  }
  await openApp(page, served);
  const table = page.getByRole('table', { name: 'Documents' });
  await expect(page.getByText('3,000 documents')).toBeVisible();
  await expect(table).toHaveAttribute('aria-rowcount', String(total + 1));
  const rendered = await table.getByRole('row').count();
  expect(rendered).toBeLessThan(80);

  // Sort by title, ascending, then jump to the end with the keyboard.
  await table.getByRole('button', { name: /Title/ }).click();
  await expect(table.getByRole('columnheader', { name: /Title/ })).toHaveAttribute('aria-sort', 'ascending');
  await expect(table.getByRole('row').nth(1)).toContainText('Field report 0000');
  await table.getByRole('row').nth(1).getByRole('button').focus();
  await page.keyboard.press('End');
  await expect(table.getByRole('button', { name: 'Field report 2999' })).toBeFocused();
  await page.keyboard.press('ArrowUp');
  await expect(table.getByRole('button', { name: 'Field report 2998' })).toBeFocused();
  expect(await table.getByRole('row').count()).toBeLessThan(80);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Field report 2998' })).toBeVisible();
  // Back and Forward move between views; a reload stays on the document.
  await page.goBack();
  await expect(table).toBeVisible();
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1, name: 'Field report 2998' })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Field report 2998' })).toBeVisible();
  await page.getByRole('button', { name: '← Library' }).click();
  // The list is where it was.
  await expect(table.getByRole('button', { name: 'Field report 2998' })).toBeInViewport();

  // Filter by type from the sidebar.
  await page.getByRole('button', { name: 'Web page', exact: true }).click();
  await expect(page.getByText('0 documents')).toBeVisible();
  await page.getByRole('button', { name: 'Clear filter' }).click();
  await expect(page.getByText('3,000 documents')).toBeVisible();
});

test('without its token the page says how to open it, and the API refuses it', async ({ page, served }) => {
  await page.goto(served.origin + '/');
  await expect(page.getByRole('alert')).toContainText('Open Pith from the address it printed');
  const status = await page.evaluate(async () => (await fetch('/api/listTags', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status);
  expect(status).toBe(401);
});

test('drop files to import; manage tags; delete a highlight', async ({ page, served }) => {
  await openApp(page, served);
  // Drag and drop a file onto the window.
  await page.evaluate(() => {
    const data = new DataTransfer();
    data.items.add(new File(['Dropped notes on Kosovo\nThe dropped document talks about the dialogue between Belgrade and Pristina.\n'], 'dropped.txt', { type: 'text/plain' }));
    for (const type of ['dragenter', 'dragover', 'drop']) window.dispatchEvent(new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }));
  });
  const importDialog = page.getByRole('dialog', { name: /Import/ });
  await expect(importDialog.getByRole('status')).toContainText('1 imported');
  await closeImportReport(page);
  // A file too large for one request is reported, not sent.
  const huge = `${served.work}/huge.txt`;
  fs.writeFileSync(huge, Buffer.alloc(48 * 1024 * 1024, 'a'));
  await importThroughUi(page, [copyIn(served, SAMPLE), huge]);
  await expect(importDialog.getByRole('list', { name: 'Import report' })).toContainText(/huge\.txt.*too large to send through the browser/s);
  await closeImportReport(page);
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('row')).toHaveCount(3);

  // Tag the NATO document and a highlight in it.
  await page.getByRole('button', { name: /NATO Secretary General/ }).click();
  await page.getByRole('textbox', { name: 'Add a tag to this document' }).fill('balkans');
  await page.keyboard.press('Enter');
  await selectInText(page, 'will not allow a security vacuum to emerge');
  await page.getByRole('textbox', { name: 'Tags', exact: true }).fill('defence, nato');
  // Enter in the toolbar's tags highlights at once, tagged; no editor opens.
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="document-text"] mark[data-kind="highlight"]')).toBeVisible();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  const sidebar = page.getByRole('navigation', { name: 'Archive' });
  await expect(sidebar.getByRole('button', { name: /defence/ })).toBeVisible();

  // The tag manager: rename, recolor, merge, delete.
  await sidebar.getByRole('button', { name: 'Tags', exact: true }).click();
  const manager = page.getByRole('region', { name: 'Tags' });
  await manager.getByRole('button', { name: 'Rename defence' }).click();
  await manager.getByRole('textbox', { name: 'New name for defence' }).fill('security');
  await manager.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(manager.getByRole('cell', { name: 'security', exact: true })).toBeVisible();
  await manager.getByRole('group', { name: 'Color of security' }).getByRole('button', { name: 'purple' }).click();
  await expect(manager.getByRole('group', { name: 'Color of security' }).getByRole('button', { name: 'purple' })).toHaveAttribute('aria-pressed', 'true');
  await manager.getByRole('button', { name: 'Merge nato' }).click();
  await manager.getByRole('combobox', { name: 'Merge nato into' }).selectOption('security');
  await manager.getByRole('button', { name: 'Merge', exact: true }).click();
  await expect(manager.getByRole('cell', { name: 'nato', exact: true })).toHaveCount(0);
  page.once('dialog', (dialog) => void dialog.accept());
  await manager.getByRole('button', { name: 'Delete balkans' }).click();
  await expect(manager.getByRole('cell', { name: 'balkans', exact: true })).toHaveCount(0);
  const tags = await callApi<{ tags: { name: string; color: string; count: number }[] }>(served, 'listTags');
  expect(tags.tags).toEqual([{ name: 'security', color: 'purple', count: 1 }]);

  // Click the highlight, delete it from its editor.
  await page.getByRole('button', { name: 'Library', exact: true }).click();
  await page.getByRole('button', { name: /NATO Secretary General/ }).click();
  const mark = page.locator('[data-testid="document-text"] mark[data-kind="highlight"]');
  // No confirmation: the message that says it was deleted offers Undo.
  await mark.click();
  await page.getByRole('dialog', { name: 'Edit highlight' }).getByRole('button', { name: 'Delete' }).click();
  await expect(page.locator('.toast', { hasText: 'Highlight deleted.' }).getByRole('button', { name: 'Undo' })).toBeVisible();
  await expect(mark).toHaveCount(0);
  await expect(page.getByRole('complementary', { name: 'Annotations' }).getByRole('heading', { name: /Highlights\s*0/ })).toBeVisible();

  // A backup of the whole archive comes as a download.
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const backup = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Back up the whole archive' }).click();
  const file = await backup;
  expect(fs.statSync(await file.path()).size).toBeGreaterThan(1000);
  await page.getByRole('dialog', { name: 'Export notes and documents' }).getByRole('button', { name: 'Close' }).click();

  // Delete a document from the reader.
  await page.getByRole('button', { name: '← Library' }).click();
  await page.getByRole('button', { name: /Dropped notes on Kosovo/ }).click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Delete document…' }).click();
  await expect(page.getByRole('table', { name: 'Documents' }).getByRole('row')).toHaveCount(2);
  await expect(page.getByRole('table', { name: 'Documents' })).not.toContainText('Dropped notes');
});
