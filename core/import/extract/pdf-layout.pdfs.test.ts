// layoutPage on real PDFs read by PDFium: the R manuals (ligatures, hyphenation, word recall
// against poppler's pdftotext) and generated pages (a side-by-side parallel text, a two-column
// article), whose text is known.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { degrees, PDFDocument, StandardFonts, type PDFPage } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { GLYPH_HYPHEN } from './pdf-glyphs.ts';
import { layoutPage } from './pdf-layout.ts';
import { readPageGlyphs, withDocument } from './pdfium.ts';
import { tokenize } from '../../search/unicode61.ts';
import { wrapWords as wrap } from '../fixtures/wrap-words.ts';

const MANUAL = '/usr/share/R/doc/manual';

const LATIN =
  'Gallia est omnis divisa in partes tres, quarum unam incolunt Belgae, aliam Aquitani, tertiam qui ipsorum lingua Celtae, nostra Galli appellantur. ' +
  'Hi omnes lingua, institutis, legibus inter se differunt. Gallos ab Aquitanis Garumna flumen, a Belgis Matrona et Sequana dividit. ' +
  'Horum omnium fortissimi sunt Belgae, propterea quod a cultu atque humanitate provinciae longissime absunt, minimeque ad eos mercatores saepe commeant atque ea quae ad effeminandos animos pertinent important, ' +
  'proximique sunt Germanis, qui trans Rhenum incolunt, quibuscum continenter bellum gerunt.';
const GERMAN =
  'Gallien ist in seiner Gesamtheit in drei Teile geteilt, von denen den einen die Belger bewohnen, den anderen die Aquitaner, den dritten die, welche in ihrer eigenen Sprache Kelten, in unserer Gallier heißen. ' +
  'Diese alle unterscheiden sich voneinander in Sprache, Einrichtungen und Gesetzen. Die Gallier trennt von den Aquitanern der Fluss Garonne, von den Belgern die Marne und die Seine. ' +
  'Von allen diesen sind die Belger die tapfersten, weil sie von der Lebensart und Bildung der Provinz am weitesten entfernt sind und am wenigsten oft Kaufleute zu ihnen kommen und das einführen, was zur Verweichlichung der Gemüter beiträgt, ' +
  'und weil sie den Germanen am nächsten sind, die jenseits des Rheins wohnen und mit denen sie beständig Krieg führen.';

/**
 * A page with a full-width title, two columns of text on the same baselines and a footer. The
 * columns are drawn line by line across the page (left line, right line, …) or column by column.
 */
async function twoColumnPdf(left: string, right: string, order: 'across' | 'down', gutter = 20): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page: PDFPage = doc.addPage([612, 792]);
  const size = 10;
  const colWidth = (612 - 2 * 60 - gutter) / 2;
  page.drawText('C. Iulius Caesar, De bello Gallico I, 1 (Latin and German)', { x: 60, y: 730, size: 14, font });
  const l = wrap(left, font, size, colWidth);
  const r = wrap(right, font, size, colWidth);
  const draw = (text: string, x: number, i: number) => page.drawText(text, { x, y: 700 - i * 12, size, font });
  if (order === 'across') {
    for (let i = 0; i < Math.max(l.length, r.length); i++) {
      if (l[i]) draw(l[i]!, 60, i);
      if (r[i]) draw(r[i]!, 60 + colWidth + gutter, i);
    }
  } else {
    l.forEach((t, i) => draw(t, 60, i));
    r.forEach((t, i) => draw(t, 60 + colWidth + gutter, i));
  }
  page.drawText('Page 1 of the parallel edition, printed for the tests of the layout', { x: 60, y: 60, size: 9, font });
  return doc.save();
}

async function pageText(bytes: Uint8Array, index = 0): Promise<string> {
  return withDocument(bytes, (doc) => layoutPage(readPageGlyphs(doc, index)).text);
}

const flat = (s: string): string => s.replace(/\s+/g, ' ').trim();

describe('layoutPage on generated PDFs', () => {
  it('reads a side-by-side parallel text column by column, drawn across or down', async () => {
    for (const order of ['across', 'down'] as const) {
      const text = await pageText(await twoColumnPdf(LATIN, GERMAN, order));
      const lines = text.split('\n');
      expect(lines[0]).toBe('C. Iulius Caesar, De bello Gallico I, 1 (Latin and German)');
      expect(lines[lines.length - 1]).toMatch(/^Page 1 of the parallel edition/);
      const body = flat(lines.slice(1, -1).join('\n'));
      expect(body).toBe(`${LATIN} ${GERMAN}`);
    }
  });

  it('reads a page turned by /Rotate in the order its text is read, each turned glyph a run', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    const page = doc.addPage([612, 792]);
    page.setRotation(degrees(90));
    // Upright on the turned page: drawn up the unrotated page, lines from left to right.
    page.drawText('The first line of the turned page', { x: 100, y: 100, size: 12, font, rotate: degrees(90) });
    page.drawText('and the second line below it', { x: 116, y: 100, size: 12, font, rotate: degrees(90) });
    const bytes = await doc.save();
    await withDocument(bytes, (d) => {
      const g = readPageGlyphs(d, 0);
      expect(g.rotation).toBe(90);
      const t = layoutPage(g);
      expect(t.text).toBe('The first line of the turned page\nand the second line below it');
      // Each character its own run, its box in unrotated coordinates: a narrow, tall box.
      expect(t.runs.length).toBe(t.text.replace(/\s/g, '').length);
      const T = t.runs[0]!;
      expect(T[2]!).toBeGreaterThan(90);
      expect(T[2]!).toBeLessThan(101);
      expect(T[3]!).toBeGreaterThan(99);
    });
  });

  it('joins a hyphenated word and keeps a compound, so that search finds both as a reader types them', async () => {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    const page = doc.addPage([612, 792]);
    const lines = ['In this model every strategy is dom-', 'inated by a mixed one, a well-', 'known result of the theory of games.'];
    lines.forEach((t, i) => page.drawText(t, { x: 72, y: 700 - i * 13, size: 11, font }));
    await withDocument(await doc.save(), (d) => {
      const t = layoutPage(readPageGlyphs(d, 0));
      expect(t.text).toBe('In this model every strategy is dominated by a mixed one, a well-known result of the theory of games.');
      const words = tokenize(t.text);
      expect(words).toContain('dominated');
      expect(words.join(' ')).toContain('well known');
      // "dominated" is placed on both lines: "dom" on the first, "inated" on the second.
      const at = t.text.indexOf('dominated');
      const runOf = (o: number) => t.runs.find((r) => r[0]! <= o && o < r[1]!)!;
      expect(runOf(at)[3]).toBeCloseTo(700, 0);
      expect(runOf(at + 3)[3]).toBeCloseTo(687, 0);
    });
  });

  it('reads a narrow gutter too', async () => {
    const text = await pageText(await twoColumnPdf(LATIN, GERMAN, 'across', 12));
    expect(flat(text)).toContain(`${LATIN} ${GERMAN}`);
  });
});

describe('layoutPage on the R manuals', () => {
  it('writes ligatures as letters and joins words hyphenated at line ends', async () => {
    const bytes = new Uint8Array(readFileSync(`${MANUAL}/R-exts.pdf`));
    await withDocument(bytes, (doc) => {
      const g = readPageGlyphs(doc, 7);
      const t = layoutPage(g);
      expect(t.text).not.toMatch(/[\ufb00-\ufb06]/);
      // "infor-⏎mation" on page 8: one word, the hyphen's glyph in no run.
      expect(t.text).toContain('information');
      expect(t.text).not.toContain('infor-');
      let hyphens = 0;
      for (let i = 0; i < g.count; i++) if (g.flags[i]! & GLYPH_HYPHEN) hyphens++;
      expect(hyphens).toBeGreaterThan(0);
      // Every run's characters are the text's, every edge inside its run.
      for (const r of t.runs) {
        expect(r[1]!).toBeLessThanOrEqual(t.text.length);
        for (const e of r.slice(6)) expect(e).toBeLessThanOrEqual(r[4]! + 0.01);
      }
    });
  });

  it('finds the words pdftotext finds in R-exts.pdf (hyphens joined on both sides)', async () => {
    const pdf = `${MANUAL}/R-exts.pdf`;
    const ref = execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\f');
    // pdftotext joins hyphenated words itself; the rest of the "-⏎" and the hyphens of compounds
    // are taken out on both sides, so that "well-known" and "wellknown" count as one word.
    const words = (s: string): Map<string, number> => {
      const m = new Map<string, number>();
      const t = s.normalize('NFKC').replace(/-\n(?=\p{Ll})/gu, '').replace(/(?<=\p{L})-(?=\p{L})/gu, '').toLowerCase();
      for (const w of t.match(/[\p{L}\p{N}]+/gu) ?? []) m.set(w, (m.get(w) ?? 0) + 1);
      return m;
    };
    let common = 0;
    let ours = 0;
    let theirs = 0;
    await withDocument(new Uint8Array(readFileSync(pdf)), (doc) => {
      for (let i = 0; i < doc.numPages; i++) {
        const a = words(layoutPage(readPageGlyphs(doc, i)).text);
        const b = words(ref[i] ?? '');
        for (const [w, k] of a) {
          ours += k;
          common += Math.min(k, b.get(w) ?? 0);
        }
        for (const k of b.values()) theirs += k;
      }
    });
    // Measured 0.9997 / 0.9997 (2026-12-08); the differences are pdftotext's (subscripts run
    // into the next word, "wltotypemism" for "mism" + "atch" at a line end).
    expect(common / theirs).toBeGreaterThan(0.999);
    expect(common / ours).toBeGreaterThan(0.999);
  }, 120_000);

  it('places every word of a run on its glyphs, as PyMuPDF reads the page', async () => {
    // An independent reader: for each word of each run, the rectangle its edges give (the run's
    // height as a quad takes it) must hold exactly that word's characters (by their centres).
    const pdf = `${MANUAL}/R-exts.pdf`;
    const pages = [8, 20, 50, 86, 101, 150, 211];
    const runs: { page: number; text: string; runs: number[][] }[] = [];
    await withDocument(new Uint8Array(readFileSync(pdf)), (doc) => {
      for (const p of pages) runs.push({ page: p, ...layoutPage(readPageGlyphs(doc, p - 1)) });
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pith-layout-'));
    try {
      const file = path.join(dir, 'runs.json');
      writeFileSync(file, JSON.stringify(runs));
      const out = execFileSync('/usr/bin/python3', ['-c', CHECK, pdf, file], { encoding: 'utf8' });
      const { words, exact, misses } = JSON.parse(out) as { words: number; exact: number; misses: string[] };
      expect(words).toBeGreaterThan(2000);
      // Measured 3,635 of 3,645 on a sample of all pages; the misses are TeX's "LaTeX" logo (a
      // raised A over the L) and a ligature split between two lines.
      expect(exact / words, misses.join(' | ')).toBeGreaterThan(0.995);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

const CHECK = `
import sys, json, re, fitz
doc = fitz.open(sys.argv[1]); pages = json.load(open(sys.argv[2]))
LIG = {'\\ufb00': 'ff', '\\ufb01': 'fi', '\\ufb02': 'fl', '\\ufb03': 'ffi', '\\ufb04': 'ffl'}
norm = lambda t: ''.join(LIG.get(c, c) for c in t if not c.isspace())
words = exact = 0; misses = []
for p in pages:
    page = doc[p['page'] - 1]; H = page.rect.height; text = p['text']
    chars = [((c['bbox'][0] + c['bbox'][2]) / 2, (c['bbox'][1] + c['bbox'][3]) / 2, c['c'])
             for b in page.get_text('rawdict', flags=fitz.TEXT_PRESERVE_LIGATURES)['blocks']
             for l in b.get('lines', []) for s in l['spans'] for c in s['chars'] if c['c'] != ' ']
    for r in p['runs']:
        s, e, x, y, w, h = r[:6]; edges = r[6:]
        if len(edges) != e - s - 1: continue
        xs = [x] + [x + d for d in edges] + [x + w]
        for m in re.finditer(r'\\S+', text[s:e]):
            x0 = xs[m.start()]; x1 = xs[m.end()] if m.end() < e - s else x + w
            y0 = H - (y + 0.8 * h); y1 = H - (y - 0.2 * h)
            got = ''.join(c for (cx, cy, c) in chars if x0 <= cx <= x1 and y0 <= cy <= y1)
            words += 1
            if norm(got) == norm(m.group(0)): exact += 1
            elif len(misses) < 20: misses.append('%d: %s / %s' % (p['page'], m.group(0), got))
print(json.dumps({'words': words, 'exact': exact, 'misses': misses}))
`;
