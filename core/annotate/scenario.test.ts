// Issue 3's "Done when", at the level of core functions, on the sample article.
import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTags, renameTag } from '../tags/tags.ts';
import { addAnnotation, dismissAnnotation, keepAnnotation, listAnnotations } from './annotations.ts';
import { reanchorDocument } from './reanchor.ts';
import { createSuggestedTakeaways } from './suggested.ts';
import { addDocument, ftsAnnotations, replaceBody, tempArchive, type TestArchive } from './test-archive.ts';

// A copy of shared/samples/nato-western-balkans-2025.txt, so the test runs in any clone.
const SAMPLE = new URL('./fixtures/nato-western-balkans-2025.txt', import.meta.url);

/** The items of the "Key Takeaways" list, as spans of the text (what import finds). */
function keyTakeaways(text: string): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  const from = text.indexOf('Key Takeaways\n');
  const re = /^- (.+)$/gm;
  re.lastIndex = from;
  for (let m = re.exec(text); m && m.index < text.indexOf('Commitment to Bosnia'); m = re.exec(text)) {
    spans.push({ start: m.index + 2, end: m.index + m[0].length });
  }
  return spans;
}

let archive: TestArchive;
beforeEach(() => {
  archive = tempArchive();
});
afterEach(() => archive.close());

describe('a new user on the sample article', () => {
  it('highlights, keeps and dismisses takeaways, tags, renames a tag, and keeps everything through a new version', () => {
    const text = fs.readFileSync(SAMPLE, 'utf8');
    const doc = addDocument(archive.db, { title: 'NATO Secretary General visits the Western Balkans', body: text });
    const { db } = archive;

    // Import found five suggested takeaways.
    createSuggestedTakeaways(db, doc.id, text, keyTakeaways(text));
    const suggested = listAnnotations(db, { documentId: doc.uuid }).annotations;
    expect(suggested.map((a) => a.suggested)).toEqual([true, true, true, true, true]);

    // Highlight the quote in yellow, with a comment and a tag.
    const highlight = addAnnotation(db, {
      documentId: doc.uuid,
      quote: 'will not allow a security vacuum to emerge',
      color: 'yellow',
      comment: 'The pledge behind the visit.',
      tags: ['security'],
    });
    expect(highlight).toMatchObject({ kind: 'highlight', color: 'yellow', anchor: 'exact', tags: ['security'] });

    // Keep three suggestions, dismiss two.
    for (const i of [0, 2, 3]) keepAnnotation(db, { id: suggested[i]!.id });
    for (const i of [1, 4]) dismissAnnotation(db, { id: suggested[i]!.id });

    // A free takeaway tagged kosovo.
    const free = addAnnotation(db, { documentId: doc.uuid, kind: 'takeaway', text: 'KFOR is staying in Kosovo.', tags: ['kosovo'] });

    // Two more quotes, to be edited and deleted in the next version.
    const praised = addAnnotation(db, {
      documentId: doc.uuid,
      quote: 'He commended KFOR’s efforts in ensuring a safe and secure environment for all communities in Kosovo',
    });
    const nalt = addAnnotation(db, {
      documentId: doc.uuid,
      kind: 'takeaway',
      quote: 'The NATO Advisory and Liaison Team continues to support Kosovo’s security organizations',
    });

    // "vacuum" finds the document and the highlight (and the kept takeaway that says it too).
    const vacuumDocs = (db.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?').all('vacuum') as { rowid: number }[]).map((r) => r.rowid);
    expect(vacuumDocs).toEqual([doc.id]);
    const rowid = (uuid: string) => (db.prepare('SELECT id FROM annotations WHERE uuid = ?').get(uuid) as { id: number }).id;
    expect(ftsAnnotations(db, 'vacuum')).toContain(rowid(highlight.id));

    // Rename security → defence: everywhere.
    renameTag(db, { from: 'security', to: 'defence' });
    expect(listAnnotations(db, { tag: 'defence' }).annotations.map((a) => a.id)).toEqual([highlight.id]);
    expect(listAnnotations(db, { tag: 'security' }).annotations).toEqual([]);
    expect(listTags(db).tags.map((t) => t.name)).toEqual(['defence', 'kosovo']);
    expect(ftsAnnotations(db, 'tags_text:defence')).toEqual([rowid(highlight.id)]);
    expect(ftsAnnotations(db, 'tags_text:security')).toEqual([]);

    const before = listAnnotations(db, { documentId: doc.uuid }).annotations;
    const total = (db.prepare('SELECT count(*) AS n FROM annotations').get() as { n: number }).n;

    // The new version: a paragraph before the quote, a word changed in another, a sentence deleted.
    const inserted = 'Editor’s note: this article was updated on 12 March 2025 with reactions from Sarajevo.\n';
    const next = text
      .replace('Commitment to Bosnia and Herzegovina\n', `Commitment to Bosnia and Herzegovina\n${inserted}`)
      .replace('He commended KFOR’s efforts', 'He praised KFOR’s efforts')
      .replace(
        'The NATO Advisory and Liaison Team continues to support Kosovo’s security organizations through capacity-building and training coordination. ',
        '',
      );
    expect(next).not.toBe(text);
    replaceBody(db, doc.id, next);
    const counts = reanchorDocument(db, doc.id, next);
    expect(counts).toEqual({ exact: 4, fuzzy: 1, orphaned: 1 });

    const after = Object.fromEntries(listAnnotations(db, { documentId: doc.uuid }).annotations.map((a) => [a.id, a]));
    // Nothing lost: every annotation is still there, dismissed ones included.
    expect((db.prepare('SELECT count(*) AS n FROM annotations').get() as { n: number }).n).toBe(total);
    expect(Object.keys(after).sort()).toEqual(before.map((a) => a.id).sort());

    const h = after[highlight.id]!;
    expect(h).toMatchObject({ anchor: 'exact', comment: 'The pledge behind the visit.', tags: ['defence'], color: 'yellow' });
    expect(h.position!.start).toBe(highlight.position!.start + inserted.length);
    expect(next.slice(h.position!.start, h.position!.end)).toBe('will not allow a security vacuum to emerge');

    const p = after[praised.id]!;
    expect(p.anchor).toBe('fuzzy');
    expect(next.slice(p.position!.start, p.position!.end)).toBe(
      'He praised KFOR’s efforts in ensuring a safe and secure environment for all communities in Kosovo',
    );
    expect(p.quote!.exact).toBe(praised.quote!.exact);

    const n = after[nalt.id]!;
    expect(n).toMatchObject({ anchor: 'orphaned', quote: nalt.quote, position: nalt.position });

    expect(after[free.id]).toEqual(free);
    for (const i of [0, 2, 3]) expect(after[suggested[i]!.id]!.anchor).toBe('exact');
  });
});
