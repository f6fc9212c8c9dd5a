// A small multi-page PDF made with pdf-lib for the tests: real text, a title, an author.
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, StandardFonts, rgb } from 'pdf-lib';
import { setOutline, setPageLabels, type Bookmark, type LabelRange } from '../../core/export/test-pdf-structure.ts';

const SERIF = path.resolve(import.meta.dirname, '../../resources/fonts/DejaVuSerif.ttf');

export const PDF_SENTENCES = [
  'Deterrence in the Western Balkans rests on a credible presence.',
  'The alliance keeps a reserve force ready to reinforce KFOR within days.',
  'Local ownership of security institutions is the long-term goal.',
];

export interface PdfStructure {
  /** /PageLabels ranges (roman front matter, then 1, 2, …). */
  labels?: LabelRange[];
  /** Bookmarks. */
  outline?: Bookmark[];
}

export async function makePdf(file: string, pages = 3, structure: PdfStructure = {}): Promise<void> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Deterrence and Presence in the Balkans');
  pdf.setAuthor('A. Researcher');
  pdf.setCreationDate(new Date('2025-02-01T00:00:00Z'));
  // An embedded font as well as a standard one: pdf.js must draw both without fetching anything.
  pdf.registerFontkit(fontkit);
  const font = fs.existsSync(SERIF) ? await pdf.embedFont(fs.readFileSync(SERIF), { subset: true }) : await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  for (let p = 0; p < pages; p++) {
    const page = pdf.addPage([595, 842]);
    let y = 780;
    page.drawText(p === 0 ? 'Deterrence and Presence in the Balkans' : `Section ${p + 1}`, { x: 60, y, size: 18, font: bold, color: rgb(0.1, 0.1, 0.1) });
    y -= 40;
    for (let i = 0; i < 6; i++) {
      const sentence = PDF_SENTENCES[(p + i) % PDF_SENTENCES.length]!;
      page.drawText(sentence, { x: 60, y, size: 12, font });
      y -= 22;
    }
    page.drawText(`Page ${p + 1} closes with a note on interoperability number ${p + 1}.`, { x: 60, y: y - 10, size: 12, font });
  }
  if (structure.labels) setPageLabels(pdf, structure.labels);
  if (structure.outline) setOutline(pdf, structure.outline);
  fs.writeFileSync(file, await pdf.save());
}
