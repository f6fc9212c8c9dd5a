// Test helpers that give a pdf-lib document the structure real manuals have: page labels
// (/PageLabels: roman front matter, then 1, 2, …) and bookmarks (/Outlines). Used by the unit
// tests and by the e2e PDFs (e2e/support/make-pdf.ts).
import { PDFDocument, PDFHexString, PDFName, PDFRef, PDFString } from 'pdf-lib';

/** A range of page labels (PDF 32000-1 §12.4.2): from page `from` (1-based), style D/R/r/A/a, prefix, first number. */
export interface LabelRange {
  from: number;
  style?: 'D' | 'R' | 'r' | 'A' | 'a';
  prefix?: string;
  start?: number;
}

/** Writes a /PageLabels number tree into a pdf-lib document's catalog. */
export function setPageLabels(pdf: PDFDocument, ranges: readonly LabelRange[]): void {
  const nums: unknown[] = [];
  for (const r of ranges) {
    const dict: Record<string, unknown> = {};
    if (r.style) dict.S = PDFName.of(r.style);
    if (r.prefix) dict.P = PDFString.of(r.prefix);
    if (r.start !== undefined && r.start !== 1) dict.St = r.start;
    nums.push(r.from - 1, pdf.context.obj(dict as never));
  }
  pdf.catalog.set(PDFName.of('PageLabels'), pdf.context.obj({ Nums: pdf.context.obj(nums as never) }));
}

/** One bookmark: a title and the 1-based page it goes to (with a /XYZ destination at the page's top). */
export interface Bookmark {
  title: string;
  page: number;
  children?: Bookmark[];
}

/** Writes an /Outlines tree (bookmarks) into a pdf-lib document's catalog. */
export function setOutline(pdf: PDFDocument, items: readonly Bookmark[]): void {
  const pages = pdf.getPages();
  const rootRef = pdf.context.nextRef();
  const build = (list: readonly Bookmark[], parent: PDFRef): { first: PDFRef; last: PDFRef; count: number } => {
    const refs = list.map(() => pdf.context.nextRef());
    let count = 0;
    list.forEach((item, i) => {
      const page = pages[item.page - 1]!;
      const dict: Record<string, unknown> = {
        Title: PDFHexString.fromText(item.title),
        Parent: parent,
        Dest: pdf.context.obj([page.ref, PDFName.of('XYZ'), null, page.getHeight(), null] as never),
      };
      if (i > 0) dict.Prev = refs[i - 1];
      if (i < list.length - 1) dict.Next = refs[i + 1];
      if (item.children?.length) {
        const sub = build(item.children, refs[i]!);
        dict.First = sub.first;
        dict.Last = sub.last;
        dict.Count = sub.count;
      }
      pdf.context.assign(refs[i]!, pdf.context.obj(dict as never));
      count += 1;
    });
    return { first: refs[0]!, last: refs[refs.length - 1]!, count };
  };
  const top = build(items, rootRef);
  pdf.context.assign(rootRef, pdf.context.obj({ Type: PDFName.of('Outlines'), First: top.first, Last: top.last, Count: top.count }));
  pdf.catalog.set(PDFName.of('Outlines'), rootRef);
}
