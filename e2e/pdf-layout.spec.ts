// A PDF's text as a reader reads it: a side-by-side parallel text column by column, a word
// hyphenated at a line end found whole, a compound found as the phrase it is.
import fs from 'node:fs';
import path from 'node:path';
import { PDFDocument, StandardFonts, type PDFFont } from 'pdf-lib';
import { test, expect, openApp } from './support/fixtures.ts';
import { importFile } from './support/api.ts';

const LATIN =
  'Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam Aquitani, tertiam qui ipsorum lingua Celtae, nostra Galli appellantur. ' +
  'Hi omnes lingua, institutis, legibus inter se differunt. Gallos ab Aquitanis Garumna flumen, a Belgis Matrona et Sequana dividit.';
const GERMAN =
  'Gallien ist in seiner Gesamtheit in drei Teile geteilt, von denen den einen die Belger bewohnen, den anderen die Aquitaner, den dritten die, welche in ihrer eigenen Sprache Kelten, in unserer Gallier heißen. ' +
  'Diese alle unterscheiden sich voneinander in Sprache, Einrichtungen und Gesetzen.';

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const next = line ? `${line} ${word}` : word;
    if (line && font.widthOfTextAtSize(next, size) > width) {
      lines.push(line);
      line = word;
    } else line = next;
  }
  if (line) lines.push(line);
  return lines;
}

test('a parallel text reads column by column; hyphenated words and compounds are found', async ({ page, served }) => {
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
  const file = path.join(served.work, 'caesar-parallel.pdf');
  fs.writeFileSync(file, await doc.save());
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
