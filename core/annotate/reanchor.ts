// Finding every annotation of a document again after its text changed (`import --update`).
import { listQuotedAnnotations, updateAnnotationAnchor } from '../../db/annotations.ts';
import { findDocumentById } from '../../db/documents.ts';
import type { Db } from '../../db/open.ts';
import { anchorQuote, TextIndex } from '../anchoring/anchor.ts';
import type { PageRuns } from '../anchoring/pdf-quads.ts';
import { describeSpan } from '../anchoring/selectors.ts';
import { now } from '../time.ts';
import { placer } from './placement.ts';

export interface ReanchorCounts {
  exact: number;
  fuzzy: number;
  orphaned: number;
}

/**
 * Re-anchors every annotation of the document that has a quote in `newText`, the document's new
 * text (see anchoring/anchor.ts for the order of attempts). Called by import inside the
 * transaction that replaces the text, after the new page layout is stored, or with `layouts`.
 *
 * - exact: new position; prefix/suffix describe the new text.
 * - fuzzy: new position; the quote, prefix and suffix stay as the user made them.
 * - orphaned: quote and old position kept, never deleted.
 * Page and quads follow the new position. updated_at changes only where the anchor changed
 * (method, position or page). Counts leave out dismissed suggestions.
 */
export function reanchorDocument(db: Db, documentRowId: number, newText: string, layouts?: readonly PageRuns[]): ReanchorCounts {
  const counts: ReanchorCounts = { exact: 0, fuzzy: 0, orphaned: 0 };
  const doc = findDocumentById(db, documentRowId);
  if (!doc) throw new Error(`reanchorDocument: no document with row id ${documentRowId}`);
  const rows = listQuotedAnnotations(db, doc.id);
  if (rows.length === 0) return counts;
  const index = new TextIndex(newText);
  const place = placer(db, doc, layouts);
  const at = now();
  // Edits shift everything after them: the quotes are taken in their old order, and each is
  // expected where it was, moved by as much as the quote before it moved.
  let shift = 0;
  db.transaction(() => {
    for (const row of rows) {
      const result = anchorQuote(
        index,
        { exact: row.exact, prefix: row.prefix ?? '', suffix: row.suffix ?? '', start: row.start, end: row.end },
        { expected: row.start === null ? undefined : row.start + shift },
      );
      if (result.method !== 'orphaned' && row.start !== null) shift = result.start - row.start;
      if (row.dismissed === 0) counts[result.method] += 1;
      let next;
      if (result.method === 'orphaned') {
        next = { start: row.start, end: row.end, prefix: row.prefix, suffix: row.suffix, page: row.page, quads: row.quads, page_label: row.page_label };
      } else {
        const context = result.method === 'exact' ? describeSpan(newText, result.start, result.end).quote : row;
        next = { start: result.start, end: result.end, prefix: context.prefix, suffix: context.suffix, ...place(result.start, result.end) };
      }
      const moved = result.method !== row.anchor || next.start !== row.start || next.end !== row.end || next.page !== row.page;
      if (moved || next.prefix !== row.prefix || next.suffix !== row.suffix || next.quads !== row.quads || next.page_label !== row.page_label) {
        updateAnnotationAnchor(db, row.id, { ...next, anchor: result.method, updated_at: moved ? at : row.updated_at });
      }
    }
  })();
  return counts;
}
