// A PDF's text as a reader reads it: a side-by-side parallel text column by column, a word
// hyphenated at a line end found whole, a compound found as the phrase it is.
import fs from 'node:fs';
import path from 'node:path';
import { degrees, PDFDocument, StandardFonts } from 'pdf-lib';
import { test, expect, openApp } from './support/fixtures.ts';
import { callApi, importFile } from './support/api.ts';
import { wrapWords as wrap } from '../core/import/fixtures/wrap-words.ts';

const LATIN =
  'Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam Aquitani, tertiam qui ipsorum lingua Celtae, nostra Galli appellantur. ' +
  'Hi omnes lingua, institutis, legibus inter se differunt. Gallos ab Aquitanis Garumna flumen, a Belgis Matrona et Sequana dividit.';
const GERMAN =
  'Gallien ist in seiner Gesamtheit in drei Teile geteilt, von denen den einen die Belger bewohnen, den anderen die Aquitaner, den dritten die, welche in ihrer eigenen Sprache Kelten, in unserer Gallier heißen. ' +
  'Diese alle unterscheiden sich voneinander in Sprache, Einrichtungen und Gesetzen.';

/** A page of Caesar in Latin and German side by side, drawn across the page line by line (both
 *  columns on the same baselines), with a hyphenated word and a compound below; and a second page,
 *  turned by /Rotate 90, with a line of its own. */
async function makeParallelText(served: { work: string }): Promise<{ file: string; left: string[]; right: string[] }> {
  const doc = await PDFDocument.create();
  doc.setTitle('Caesar, De bello Gallico, Latin and German');
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const p = doc.addPage([612, 792]);
  p.drawText('De bello Gallico I, 1', { x: 230, y: 730, size: 16, font });
  const left = wrap(LATIN, font, 11, 226);
  const right = wrap(GERMAN, font, 11, 226);
  // Drawn line by line across the page, the two columns on the same baselines.
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    if (left[i]) p.drawText(left[i]!, { x: 60, y: 690 - i * 14, size: 11, font });
    if (right[i]) p.drawText(right[i]!, { x: 326, y: 690 - i * 14, size: 11, font });
  }
  ['Below, a note on the text: each strategy is dom-', 'inated by another, a well-', 'known result.'].forEach((t, i) => p.drawText(t, { x: 60, y: 400 - i * 14, size: 11, font }));
  const turned = doc.addPage([612, 792]);
  turned.setRotation(degrees(90));
  turned.drawText('A page turned on its side still reads in its own order.', { x: 72, y: 700, size: 12, font });
  const file = path.join(served.work, 'caesar-parallel.pdf');
  fs.writeFileSync(file, await doc.save());
  return { file, left, right };
}

test('a parallel text reads column by column; hyphenated words and compounds are found', async ({ page, served }) => {
  const { file, left, right } = await makeParallelText(served);
  await importFile(served, file);
  await openApp(page, served);

  const search = page.getByRole('searchbox', { name: 'Search', exact: true });
  const results = page.locator('#search-results');
  // Across a line end of the left column: only found when the column is read down.
  const lastOfLine1 = left[0]!.split(' ').pop()!.replace(/\W+$/, '');
  const firstOfLine2 = left[1]!.split(' ')[0]!;
  for (const query of [`"${lastOfLine1} ${firstOfLine2}"`, 'dominated', '"well known"']) {
    await search.fill(query);
    await expect(results.getByRole('status')).toHaveText(/^1 result for/);
  }
  // What merging the columns would have made is not there.
  await search.fill(`"${lastOfLine1} ${right[0]!.split(' ')[0]}"`);
  await expect(results.getByText('No document matches.')).toBeVisible();

  await search.fill('dominated');
  await expect(results.getByRole('status')).toHaveText(/^1 result for/);
  for (const [w, h] of [[1440, 900], [1024, 768]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: test.info().outputPath(`search-${w}.png`) });
  }
});

/** Selects, in page `page`'s text layer, from `from` (its start) to `to` (its end), as a drag would, and lets the reader take it. */
async function selectInTextLayer(page: import('@playwright/test').Page, pageNumber: number, from: string, to: string): Promise<void> {
  const done = await page.evaluate(
    ({ pageNumber, from, to }) => {
      const layer = document.querySelector(`[data-page="${pageNumber}"] .textLayer`);
      if (!layer) return 'no text layer';
      const nodes: Text[] = [];
      const walker = document.createTreeWalker(layer, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) nodes.push(n as Text);
      const start = nodes.find((n) => n.data.includes(from));
      const end = nodes.find((n) => n.data.includes(to) && (n === start || start!.compareDocumentPosition(n) & Node.DOCUMENT_POSITION_FOLLOWING));
      if (!start || !end) return `not in the text layer: ${!start ? from : to}`;
      const box = start.parentElement!.getBoundingClientRect();
      if (box.top < 0 || box.bottom > innerHeight) start.parentElement!.scrollIntoView({ block: 'center' });
      const range = document.createRange();
      range.setStart(start, start.data.indexOf(from));
      range.setEnd(end, end.data.indexOf(to) + to.length);
      const selection = window.getSelection()!;
      selection.removeAllRanges();
      selection.addRange(range);
      start.parentElement!.dispatchEvent(new PointerEvent('pointerup', { bubbles: true }));
      return 'ok';
    },
    { pageNumber, from, to },
  );
  expect(done).toBe('ok');
  await expect(page.getByRole('toolbar', { name: 'Annotate the selection' })).toBeVisible();
}

test('a selection in the PDF becomes the stored text it shows: down a column, across a joined hyphen, on a turned page', async ({ page, served }) => {
  const { file, left } = await makeParallelText(served);
  const documentId = await importFile(served, file);
  await openApp(page, served);
  await page.getByRole('button', { name: /De bello Gallico/ }).click();
  await expect(page.locator('[data-page="1"] .textLayer span').first()).toBeAttached({ timeout: 20_000 });

  const quotes = async () =>
    (await callApi<{ annotations: { quote: { exact: string } | null; suggested?: boolean }[] }>(served, 'listAnnotations', { documentId })).annotations
      .filter((a) => a.quote && !a.suggested)
      .map((a) => a.quote!.exact.replace(/\s+/g, ' '));
  const highlight = async () => {
    await page.getByRole('button', { name: 'Yellow', exact: true }).click();
    await expect(page.getByRole('toolbar', { name: 'Annotate the selection' })).toBeHidden();
  };

  // Down the left column: in the text layer's order the German line lies between the two.
  const line1 = left[0]!.split(' ');
  const line2 = left[1]!.split(' ');
  await selectInTextLayer(page, 1, line1.slice(-2).join(' '), line2.slice(0, 2).join(' '));
  await highlight();
  await expect.poll(quotes).toContain(`${line1.slice(-2).join(' ')} ${line2.slice(0, 2).join(' ')}`);

  // Across the hyphen the importer joined, and across the compound it kept.
  await selectInTextLayer(page, 1, 'strategy is dom-', 'inated by another');
  await highlight();
  await expect.poll(quotes).toContain('strategy is dominated by another');
  await selectInTextLayer(page, 1, 'a well-', 'known result');
  await highlight();
  await expect.poll(quotes).toContain('a well-known result');

  // A page turned by /Rotate.
  await page.getByRole('textbox', { name: 'Page' }).fill('2');
  await page.getByRole('textbox', { name: 'Page' }).press('Enter');
  await expect(page.locator('[data-page="2"] .textLayer span').first()).toBeAttached({ timeout: 20_000 });
  await selectInTextLayer(page, 2, 'turned on its side', 'its own order');
  await highlight();
  await expect.poll(quotes).toContain('turned on its side still reads in its own order');
  for (const [w, h] of [[1280, 720]] as const) {
    await page.setViewportSize({ width: w, height: h });
    await page.screenshot({ path: test.info().outputPath(`highlights-${w}.png`) });
  }
});

test('a selection on a real typeset PDF (ligatures, LaTeX spacing) becomes exactly the words selected', async ({ page, served }) => {
  const copy = path.join(served.work, 'R-exts.pdf');
  fs.copyFileSync('/usr/share/R/doc/manual/R-exts.pdf', copy);
  const documentId = await importFile(served, copy);
  await openApp(page, served);
  await page.getByRole('button', { name: /Writing R Extensions/ }).click();
  // Page 11 of the file (printed "4"): its text layer drawn, select a word with a ligature in it.
  await page.getByRole('textbox', { name: 'Page' }).fill('4');
  await page.getByRole('textbox', { name: 'Page' }).press('Enter');
  await expect(page.locator('[data-page="11"] .textLayer span').first()).toBeAttached({ timeout: 20_000 });
  const picked = await page.evaluate(() => {
    for (const span of document.querySelectorAll('[data-page="11"] .textLayer span')) {
      const text = span.textContent ?? '';
      const m = /\b\w*(?:\ufb01|\ufb02|\ufb00|fi|fl|ff)\w*\b(?: \w+){2}/.exec(text);
      if (m && span.closest('[data-page]')) return { page: Number(span.closest<HTMLElement>('[data-page]')!.dataset.page), words: m[0] };
    }
    return null;
  });
  expect(picked).not.toBeNull();
  await selectInTextLayer(page, picked!.page, picked!.words, picked!.words);
  await page.getByRole('button', { name: 'Yellow', exact: true }).click();
  const expected = picked!.words.replace(/\ufb01/g, 'fi').replace(/\ufb02/g, 'fl').replace(/\ufb00/g, 'ff');
  await expect
    .poll(async () =>
      (await callApi<{ annotations: { quote: { exact: string } | null; suggested?: boolean }[] }>(served, 'listAnnotations', { documentId })).annotations
        .filter((a) => a.quote && !a.suggested)
        .map((a) => a.quote!.exact.replace(/\s+/g, ' ')),
    )
    .toContain(expected);
});
