// Suggested takeaways: the items of a document's own "Key Takeaways" list, found by import and
// offered to the user to keep or dismiss.
import { randomUUID } from 'node:crypto';
import { insertAnnotation, takeawayQuotes } from '../../db/annotations.ts';
import { findDocumentById } from '../../db/documents.ts';
import type { Db } from '../../db/open.ts';
import { foldString } from '../anchoring/fold.ts';
import { describeSpan, isValidSpan, trimSpan } from '../anchoring/selectors.ts';
import { now } from '../time.ts';
import { placer } from './placement.ts';

/**
 * Stores each item (a span of `text`, the document's text) as a suggested takeaway anchored
 * exactly. Called by import inside the transaction that writes the document, after its page
 * layout. Items that are not spans of the text, and items the document already has as a
 * takeaway (suggested, kept or dismissed), are skipped: running it again adds nothing.
 */
export function createSuggestedTakeaways(db: Db, documentRowId: number, text: string, items: { start: number; end: number }[]): void {
  const doc = findDocumentById(db, documentRowId);
  if (!doc) throw new Error(`createSuggestedTakeaways: no document with row id ${documentRowId}`);
  db.transaction(() => {
    const at = now();
    const place = placer(db, doc);
    const known = new Set(takeawayQuotes(db, doc.id).map((q) => foldString(q).trim()));
    for (const item of items) {
      if (!isValidSpan(text, item?.start, item?.end)) continue;
      const span = trimSpan(text, item.start, item.end);
      if (!span) continue;
      const { quote, position } = describeSpan(text, span.start, span.end);
      const key = foldString(quote.exact).trim();
      if (known.has(key)) continue;
      known.add(key);
      const placed = place(position.start, position.end);
      insertAnnotation(db, {
        uuid: randomUUID(),
        document_id: doc.id,
        parent_id: null,
        kind: 'takeaway',
        suggested: 1,
        dismissed: 0,
        color: null,
        exact: quote.exact,
        prefix: quote.prefix,
        suffix: quote.suffix,
        start: position.start,
        end: position.end,
        page: placed.page,
        quads: placed.quads,
        page_label: placed.page_label,
        text: null,
        comment: null,
        anchor: 'exact',
        created_at: at,
        updated_at: at,
      });
    }
  })();
}
