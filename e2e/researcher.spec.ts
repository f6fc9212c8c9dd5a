// The path a researcher takes, through the real UI: import, search as you type, read, highlight
// with a comment and a tag, keep a suggested takeaway, find the highlight again, see the board,
// export Markdown and an annotated PDF.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, PDFName, PDFArray, PDFDict } from 'pdf-lib';
import { test, expect, openApp, importThroughUi, closeImportReport, selectInText, copyIn, SAMPLE } from './support/fixtures.ts';
import { makePdf } from './support/make-pdf.ts';

const QUOTE = 'will not allow a security vacuum to emerge';

test('a researcher imports, reads, highlights, keeps a takeaway, finds it again and exports', async ({ page, served }) => {
  const sample = copyIn(served, SAMPLE);
  const pdf = path.join(served.work, 'deterrence.pdf');
  await makePdf(pdf);
  await openApp(page, served);

  // The token is taken out of the address bar once read.
  expect(page.url()).not.toContain('token=');
  await expect(page.getByRole('heading', { name: 'Your archive is empty' })).toBeVisible();

  // Import both through the Import button; the progress bar shows while the upload runs.
  await page.route('**/api/importFiles', async (route) => {
    await new Promise((r) => setTimeout(r, 700));
    await route.continue();
  });
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Import', exact: true }).click();
  await (await chooser).setFiles([sample, pdf]);
  const importDialog = page.getByRole('dialog', { name: /Import/ });
  await expect(importDialog.getByRole('progressbar')).toBeVisible();
  await expect(importDialog.getByRole('button', { name: 'Cancel' })).toBeVisible();
  await expect(importDialog.getByRole('heading', { name: 'Import finished' })).toBeVisible({ timeout: 60_000 });
  await page.unroute('**/api/importFiles');
  await expect(importDialog.getByRole('status')).toContainText('2 imported');
  const report = importDialog.getByRole('list', { name: 'Import report' });
  await expect(report.getByRole('listitem')).toHaveCount(2);
  await expect(report).toContainText('Deterrence and Presence in the Balkans');
  await closeImportReport(page);

  // The library lists both.
  const table = page.getByRole('table', { name: 'Documents' });
  await expect(table.getByRole('row')).toHaveCount(3);
  await expect(table).toContainText('Deterrence and Presence in the Balkans');
  await expect(table).toContainText('PDF');

  // Search as you type: results appear without pressing Enter, with marked snippets.
  const search = page.getByRole('searchbox', { name: 'Search', exact: true });
  await search.pressSequentially('security vacu', { delay: 40 });
  const results = page.locator('#search-results');
  await expect(results.getByRole('button', { name: /NATO Secretary General/ }).first()).toBeVisible();
  await expect(results.locator('mark').first()).toBeVisible();

  // Open the document from its hit.
  await results.locator('button.hit:not(.annotation)').first().click();
  await expect(page.getByRole('heading', { level: 1, name: /NATO Secretary General/ })).toBeVisible();
  const annotations = page.getByRole('complementary', { name: 'Annotations' });
  await expect(annotations).toBeVisible();

  // Select the quote, tag it, highlight it, and write a comment.
  await selectInText(page, QUOTE);
  await page.getByRole('textbox', { name: 'Tags', exact: true }).fill('security');
  // Note: a highlight with its comment editor open (Highlight alone makes it in one step).
  await page.getByRole('button', { name: 'Note', exact: true }).click();
  const editor = page.getByRole('dialog', { name: 'Edit highlight' });
  await expect(editor).toBeVisible();
  await expect(editor.getByRole('textbox', { name: 'Tags', exact: true })).toHaveValue('security');
  await editor.getByRole('textbox', { name: 'Comment' }).fill("Rutte's pledge on Bosnia");
  await editor.getByRole('button', { name: 'Save' }).click();
  await expect(editor).toBeHidden();
  // The search's matches ("security", "vacuum") are marked inside it, so it may come in pieces.
  const mark = page.locator('[data-testid="document-text"] mark[data-kind="highlight"]');
  await expect.poll(async () => (await mark.allTextContents()).join('')).toBe(QUOTE);
  await expect(annotations).toContainText(QUOTE);
  await expect(annotations).toContainText("Rutte's pledge on Bosnia");

  // Keep a suggested takeaway (from the document's Key Takeaways list).
  await expect(annotations.getByRole('button', { name: 'Keep' })).toHaveCount(5);
  await annotations.getByRole('button', { name: 'Keep' }).first().click();
  await expect(annotations.getByRole('button', { name: 'Keep' })).toHaveCount(4);
  await expect(annotations.getByRole('heading', { name: /Takeaways\s*1/ })).toBeVisible();

  // The keyboard: select another sentence and press t for a takeaway, made at once; tag it in
  // its editor, opened by clicking it.
  await selectInText(page, 'KFOR being its longest and largest mission');
  await page.keyboard.press('t');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expect(annotations.getByRole('heading', { name: /Takeaways\s*2/ })).toBeVisible();
  await page.locator('[data-testid="document-text"] mark[data-kind="takeaway"]', { hasText: 'KFOR being its longest' }).first().click();
  const takeawayEditor = page.getByRole('dialog', { name: 'Edit takeaway' });
  await takeawayEditor.getByRole('textbox', { name: 'Tags', exact: true }).fill('kosovo');
  await takeawayEditor.getByRole('button', { name: 'Save' }).click();
  await expect(takeawayEditor).toBeHidden();

  // Clicking the highlight opens it for editing.
  await mark.first().click();
  await expect(page.getByRole('dialog', { name: 'Edit highlight' }).getByRole('textbox', { name: 'Comment' })).toHaveValue("Rutte's pledge on Bosnia");
  await page.keyboard.press('Escape');

  // The tag shows in the sidebar with its count.
  await expect(page.getByRole('navigation', { name: 'Archive' }).getByRole('button', { name: /security/ })).toBeVisible();

  // Find the highlight again by searching its comment.
  await search.fill('pledge');
  const annotationHit = results.locator('button.hit.annotation').first();
  await expect(annotationHit).toContainText('Highlight');
  await expect(annotationHit.locator('mark')).toHaveText(/pledge/i);
  await annotationHit.click();
  await expect(page.locator('mark.flash').first()).toBeVisible();

  // The Takeaways board groups the kept takeaways by tag.
  await page.getByRole('button', { name: 'Takeaways', exact: true }).click();
  const board = page.getByRole('region', { name: 'Takeaways' });
  await expect(board.getByRole('region', { name: /kosovo/ })).toContainText('KFOR being its longest and largest mission');
  await expect(board.getByRole('region', { name: /Untagged/ })).toContainText('NATO remains committed');

  // Export this document's notes as Markdown.
  await board.getByRole('button', { name: /KFOR being its longest/ }).click();
  await expect(page.getByRole('heading', { level: 1, name: /NATO Secretary General/ })).toBeVisible();
  await page.getByRole('button', { name: 'Export', exact: true }).click();
  const exportDialog = page.getByRole('dialog', { name: 'Export notes and documents' });
  await expect(exportDialog.getByRole('radio', { name: /This document/ })).toBeChecked();
  await exportDialog.getByRole('radio', { name: /Markdown/ }).check();
  let download = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Start export' }).click();
  const md = await (await download).path();
  const markdown = fs.readFileSync(md, 'utf8');
  expect(markdown).toMatch(/^---\n/);
  expect(markdown).toContain(QUOTE);
  expect(markdown).toContain("Rutte's pledge on Bosnia");
  expect(markdown).toContain('security');
  expect(markdown).toContain('NATO remains committed');
  await expect(exportDialog.getByRole('status')).toContainText('Exported 1 document');

  // And as an annotated PDF: a real PDF with a /Highlight annotation carrying the comment.
  await exportDialog.getByRole('radio', { name: /Annotated PDF/ }).check();
  download = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Start export' }).click();
  const pdfDownload = await download;
  expect(pdfDownload.suggestedFilename()).toMatch(/\.pdf$/);
  const bytes = fs.readFileSync(await pdfDownload.path());
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  const exported = await PDFDocument.load(bytes);
  const highlights: string[] = [];
  for (const p of exported.getPages()) {
    const annots = p.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
    for (let i = 0; annots && i < annots.size(); i++) {
      const annot = annots.lookup(i, PDFDict);
      if (annot.get(PDFName.of('Subtype'))?.toString() === '/Highlight') highlights.push(String(annot.get(PDFName.of('Contents')) ?? ''));
    }
  }
  expect(highlights.length).toBeGreaterThanOrEqual(1);

  // A tag's annotations as CSV, and everything as W3C Web Annotation JSON.
  await exportDialog.getByRole('radio', { name: /Annotations tagged/ }).check();
  await exportDialog.getByRole('combobox', { name: 'Tag to export' }).selectOption('security');
  await exportDialog.getByRole('radio', { name: /CSV/ }).check();
  download = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Start export' }).click();
  const csv = fs.readFileSync(await (await download).path(), 'utf8');
  expect(csv.split('\n')[0]).toMatch(/quote/i);
  expect(csv).toContain(QUOTE);
  await exportDialog.getByRole('radio', { name: /Everything/ }).check();
  await exportDialog.getByRole('radio', { name: /JSON/ }).check();
  download = page.waitForEvent('download');
  await exportDialog.getByRole('button', { name: 'Start export' }).click();
  const json = JSON.parse(fs.readFileSync(await (await download).path(), 'utf8')) as unknown;
  expect(JSON.stringify(json)).toContain('AnnotationCollection');
  expect(JSON.stringify(json)).toContain(QUOTE);
  await exportDialog.getByRole('button', { name: 'Close' }).click();
});
