// A long import shows its progress (from Server-Sent Events) and stops on Cancel, with a report
// of what was done; importing the same files again finishes the job.
import fs from 'node:fs';
import path from 'node:path';
import { test, expect, openApp } from './support/fixtures.ts';

test('a long import reports progress and can be cancelled, then finished', async ({ page, served }) => {
  const folder = path.join(served.work, 'batch');
  fs.mkdirSync(folder);
  const files = Array.from({ length: 1500 }, (_, i) => {
    const file = path.join(folder, `note-${String(i).padStart(4, '0')}.md`);
    fs.writeFileSync(file, `# Note ${i}\n\nA field note, number ${i}, about ${i % 2 ? 'Sarajevo' : 'Pristina'}.\n`);
    return file;
  });
  await openApp(page, served);

  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await (await chooser).setFiles(files);
  const dialog = page.getByRole('dialog', { name: /Import/ });
  const bar = dialog.getByRole('progressbar', { name: 'Import progress' });
  await expect(bar).toHaveAttribute('aria-valuemax', '1500');
  // Cancel at once, while the files are still on their way: the cancel waits for the archive to
  // know the task, then stops it.
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog.getByRole('heading', { name: 'Import cancelled' })).toBeVisible({ timeout: 30_000 });
  const summary = await dialog.getByRole('status').textContent();
  const imported = Number(/(\d+) imported/.exec(summary ?? '')?.[1]);
  expect(imported).toBeLessThan(1500);
  await dialog.getByRole('button', { name: 'Done' }).click();

  // Importing the same files again imports the rest, with progress from the server as it goes.
  const again = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await (await again).setFiles(files);
  await expect.poll(async () => Number((await bar.getAttribute('aria-valuenow')) ?? -1), { timeout: 30_000 }).toBeGreaterThan(0);
  await expect(dialog).toContainText(/note-(?!0000)\d{4}\.md/);
  await expect(dialog.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
  await expect(dialog.getByRole('status')).toContainText(`${1500 - imported} imported`);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('1,500 documents')).toBeVisible();
});
