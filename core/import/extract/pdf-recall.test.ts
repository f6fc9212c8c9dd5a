// Words of the extracted text against poppler's pdftotext on real manuals (Debian's r-doc-pdf):
// what one reads, the other must read too. Line-end hyphens are joined on both sides so that
// joining them (or not) in Pith's text is neither a loss nor a gain here.
// Floors: what pdf.js gave before PDFium replaced it (R-exts 0.9974 / 0.9950, R-intro 0.9968 /
// 0.9956, recall / precision), rounded down to three places.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';

const MANUALS = [
  { file: '/usr/share/R/doc/manual/R-exts.pdf', recall: 0.997, precision: 0.994 },
  { file: '/usr/share/R/doc/manual/R-intro.pdf', recall: 0.996, precision: 0.995 },
];

/** Word counts (letters and digits), after joining words hyphenated across a line break. */
function words(text: string): Map<string, number> {
  const joined = text.replace(/(\p{L})[-\u00ad\u2010\u0002][ \t]*\n\s*(?=\p{Ll})/gu, '$1');
  const counts = new Map<string, number>();
  for (const w of joined.match(/[\p{L}\p{N}_]+/gu) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

function compare(ours: Map<string, number>, reference: Map<string, number>): { recall: number; precision: number } {
  let common = 0;
  let total = 0;
  let refTotal = 0;
  for (const [w, n] of ours) {
    total += n;
    common += Math.min(n, reference.get(w) ?? 0);
  }
  for (const n of reference.values()) refTotal += n;
  return { recall: common / refTotal, precision: common / total };
}

describe('PDF text against pdftotext', () => {
  for (const m of MANUALS) {
    it(`reads the words of ${m.file.split('/').pop()} (recall ≥ ${m.recall}, precision ≥ ${m.precision})`, async () => {
      const doc = await extract(m.file, readFileSync(m.file));
      const reference = execFileSync('pdftotext', ['-enc', 'UTF-8', m.file, '-'], { maxBuffer: 1 << 28 }).toString();
      const { recall, precision } = compare(words(doc.text), words(reference));
      expect(recall).toBeGreaterThanOrEqual(m.recall);
      expect(precision).toBeGreaterThanOrEqual(m.precision);
    }, 60_000);
  }
});
