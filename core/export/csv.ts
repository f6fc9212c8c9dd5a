// Annotations as CSV (RFC 4180): one row per annotation, CRLF line ends, fields quoted when they
// hold a quote, comma, CR or LF, quotes doubled inside.
import type { Annotation, DocumentDetail } from '../types.ts';
import { inReadingOrder, pageLabelOf, pageOf } from './model.ts';

export const CSV_COLUMNS = [
  'document title',
  'document id',
  'kind',
  'quote',
  'comment',
  'tags',
  'color',
  // As the PDF prints it (its page label: "xii"), then the page's 1-based position in the file.
  'page',
  'page index',
  'created',
  'updated',
] as const;

/**
 * One field. Spreadsheets (Excel, LibreOffice, Google Sheets) run a cell that starts with
 * = + - @ (or a tab or CR, which some of them skip before looking) as a formula: a quote such as
 * "=HYPERLINK(...)" from an untrusted document would run when the CSV is opened ("CSV formula
 * injection", OWASP). Such cells get a leading apostrophe, which spreadsheets show as text and
 * readers of the quote can recognize; this is the one change made to the data.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value == null) return '';
  let s = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvRow(fields: readonly (string | number | null | undefined)[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}

export function annotationRow(doc: DocumentDetail, a: Annotation): string {
  return csvRow([
    doc.title,
    doc.id,
    a.kind,
    a.quote?.exact ?? (a.kind === 'takeaway' ? a.text : null),
    // A note's body is its text; a takeaway with its own sentence and a quote keeps both.
    [a.kind === 'note' || (a.kind === 'takeaway' && a.quote) ? a.text : null, a.comment]
      .filter((s): s is string => Boolean(s?.trim()))
      .join('\n\n'),
    a.tags.join('; '),
    a.color,
    pageLabelOf(doc, a),
    pageOf(doc, a),
    a.created,
    a.updated,
  ]);
}

/** The header and one row per annotation of each document. */
export function toCsv(docs: Iterable<DocumentDetail>): string {
  const parts = [csvRow(CSV_COLUMNS)];
  for (const doc of docs) for (const a of inReadingOrder(doc.annotations)) parts.push(annotationRow(doc, a));
  return parts.join('');
}
