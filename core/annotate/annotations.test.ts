import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPithError, PithError } from '../api.ts';
import {
  addAnnotation,
  deleteAnnotation,
  dismissAnnotation,
  keepAnnotation,
  listAnnotations,
  updateAnnotation,
} from './annotations.ts';
import { createSuggestedTakeaways } from './suggested.ts';
import { addDocument, ftsAnnotations, tempArchive, tick, type TestArchive } from './test-archive.ts';

const BODY =
  'Rutte said NATO and its partners are present and engaged, and\n"will not allow a  security vacuum to emerge." ' +
  'NATO will not allow a security vacuum in Bosnia. KFOR remains NATO’s longest mission in Kosovo.';

let archive: TestArchive;
let doc: { id: number; uuid: string };

beforeEach(() => {
  archive = tempArchive();
  doc = addDocument(archive.db, { title: 'NATO visit', body: BODY });
});
afterEach(() => archive.close());

function count(table: string): number {
  return (archive.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
}

/** Runs fn, expecting a PithError with this code; returns its message. */
function pithError(fn: () => unknown, code: PithError['code']): string {
  try {
    fn();
  } catch (error) {
    expect(isPithError(error)).toBe(true);
    expect((error as PithError).code).toBe(code);
    return (error as Error).message;
  }
  throw new Error('expected a PithError');
}

describe('addAnnotation', () => {
  it('highlights a quote: yellow by default, anchored exactly, with selectors, comment and tags', () => {
    const a = addAnnotation(archive.db, {
      documentId: doc.uuid,
      quote: 'NATO will not allow a security vacuum',
      comment: 'Key phrase',
      tags: ['security', 'Bosnia'],
    });
    expect(Object.keys(a)).toEqual([
      'id', 'documentId', 'parentId', 'kind', 'suggested', 'color', 'quote', 'position', 'page', 'pageLabel',
      'text', 'comment', 'tags', 'anchor', 'created', 'updated',
    ]);
    const start = BODY.indexOf('NATO will not');
    expect(a).toMatchObject({
      documentId: doc.uuid,
      parentId: null,
      kind: 'highlight',
      suggested: false,
      color: 'yellow',
      quote: { exact: 'NATO will not allow a security vacuum', prefix: BODY.slice(start - 32, start), suffix: BODY.slice(start + 37, start + 69) },
      position: { start, end: start + 37 },
      page: null,
      text: null,
      comment: 'Key phrase',
      tags: ['Bosnia', 'security'],
      anchor: 'exact',
    });
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.created).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(a.updated).toBe(a.created);
  });

  it('maps a quote typed with single spaces onto the text as it is (newline, double space)', () => {
    const a = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'engaged, and "will not allow a security vacuum to emerge."' });
    expect(a.quote!.exact).toBe('engaged, and\n"will not allow a  security vacuum to emerge."');
  });

  it('tells repeated quotes apart by occurrence', () => {
    const second = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'NATO', occurrence: 2 });
    expect(second.position!.start).toBe(BODY.indexOf('NATO', BODY.indexOf('NATO') + 1));
    const message = pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, quote: 'NATO', occurrence: 9 }), 'invalid');
    expect(message).toBe('The quote occurs 3 times in "NATO visit"; there is no occurrence 9.');
  });

  it('refuses a quote that is not in the document, offering the closest passage, and stores nothing', () => {
    const message = pithError(
      () => addAnnotation(archive.db, { documentId: doc.uuid, quote: 'will not permit a security vacuum to emerge', tags: ['newtag'] }),
      'not-found',
    );
    expect(message).toMatch(/^The quote was not found in "NATO visit"\. Closest passage: ".*security vacuum to emerge/);
    expect(count('annotations')).toBe(0);
    expect(count('tags')).toBe(0);
    const plain = pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, quote: 'zzzzzzzzzzzzzzzzzzzz' }), 'not-found');
    expect(plain).toBe('The quote was not found in "NATO visit".');
  });

  it('refuses an unknown document, a bad color, an empty quote, and stores nothing', () => {
    expect(pithError(() => addAnnotation(archive.db, { documentId: 'nope', quote: 'NATO' }), 'not-found')).toBe('No document with id nope.');
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', color: 'pink' as never, tags: ['x'] }), 'invalid')).toBe(
      'Unknown color "pink": use one of yellow, red, green, blue, purple, orange, gray.',
    );
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, quote: '  ' }), 'invalid')).toBe('The quote is empty.');
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, quote: 'NATO', occurrence: 0 }), 'invalid')).toMatch(/occurrence/);
    expect(count('annotations')).toBe(0);
    expect(count('tags')).toBe(0);
  });

  it('keeps a comment as written: leading spaces, a leading dash; blank lines around it and an empty one go', () => {
    const indented = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', comment: '\n  \n    x <- c(1, 2)\n    mean(x)\n\n' });
    expect(indented.comment).toBe('    x <- c(1, 2)\n    mean(x)');
    expect(addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', comment: '- first point' }).comment).toBe('- first point');
    expect(addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', comment: ' \n\t ' }).comment).toBeNull();
    const note = addAnnotation(archive.db, { documentId: doc.uuid, text: '  indented note' });
    expect(note.text).toBe('  indented note');
    expect(updateAnnotation(archive.db, { id: indented.id, comment: '  still indented  ' }).comment).toBe('  still indented');
  });

  it('takes a color for a highlight', () => {
    expect(addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', color: 'green' }).color).toBe('green');
  });

  it('adds a free takeaway: no quote, no position, no anchor, no color', () => {
    const t = addAnnotation(archive.db, { documentId: doc.uuid, kind: 'takeaway', text: 'KFOR stays.', tags: ['kosovo'] });
    expect(t).toMatchObject({ kind: 'takeaway', quote: null, position: null, anchor: null, color: null, text: 'KFOR stays.', tags: ['kosovo'] });
  });

  it('adds a quoted takeaway, anchored', () => {
    const t = addAnnotation(archive.db, { documentId: doc.uuid, kind: 'takeaway', quote: 'KFOR remains NATO’s longest mission' });
    expect(t).toMatchObject({ kind: 'takeaway', anchor: 'exact', color: null });
  });

  it('adds a note on the document, and a note on a highlight', () => {
    const note = addAnnotation(archive.db, { documentId: doc.uuid, text: 'Compare with the 2024 visit.' });
    expect(note).toMatchObject({ kind: 'note', parentId: null, anchor: null, quote: null });
    const h = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR' });
    const onIt = addAnnotation(archive.db, { documentId: doc.uuid, parentId: h.id, text: 'Which mandate?' });
    expect(onIt).toMatchObject({ kind: 'note', parentId: h.id });
  });

  it('refuses shapes that make no sense', () => {
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, kind: 'note' }), 'invalid')).toBe('A note needs text.');
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, kind: 'highlight', text: 'x' }), 'invalid')).toBe(
      'A highlight needs a quote from the document.',
    );
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', text: 'mine' }), 'invalid')).toMatch(/comment/);
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, kind: 'takeaway' }), 'invalid')).toMatch(/takeaway needs/);
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, kind: 'bogus' as never, text: 'x' }), 'invalid')).toBe(
      'Unknown kind "bogus": use one of highlight, takeaway, note.',
    );
    const note = addAnnotation(archive.db, { documentId: doc.uuid, text: 'n' });
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, parentId: note.id, text: 'x' }), 'invalid')).toMatch(/not to another note/);
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, parentId: 'gone', text: 'x' }), 'not-found')).toBe(
      'No annotation with id gone.',
    );
    const other = addDocument(archive.db, { title: 'Other', body: 'Other text.' });
    const h = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR' });
    expect(pithError(() => addAnnotation(archive.db, { documentId: other.uuid, parentId: h.id, text: 'x' }), 'invalid')).toMatch(/another document/);
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, parentId: h.id, kind: 'takeaway', text: 'x' }), 'invalid')).toBe(
      'Only a note can be attached to another annotation.',
    );
  });

  it('refuses an empty note on a passage, pointing to a highlight with a comment', () => {
    const start = BODY.indexOf('KFOR');
    const message = pithError(
      () => addAnnotation(archive.db, { documentId: doc.uuid, kind: 'note', position: { start, end: start + 4 } }),
      'invalid',
    );
    expect(message).toBe('A note is text of your own and needs it: to write on a passage, highlight it and put your words in its comment.');
    expect(count('annotations')).toBe(0);
  });

  it('highlights by position, trimming whitespace, and checks the position', () => {
    const start = BODY.indexOf('KFOR');
    const a = addAnnotation(archive.db, { documentId: doc.uuid, position: { start: start - 1, end: start + 4 } });
    expect(a.quote!.exact).toBe('KFOR');
    expect(a.position).toEqual({ start, end: start + 4 });
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, position: { start: 5, end: 99999 } }), 'invalid')).toMatch(
      /is not a span of the text of "NATO visit"/,
    );
    expect(pithError(() => addAnnotation(archive.db, { documentId: doc.uuid, quote: 'NATO', position: { start, end: start + 4 } }), 'invalid')).toMatch(
      /disagree/,
    );
    expect(addAnnotation(archive.db, { documentId: doc.uuid, quote: 'kfor', position: { start, end: start + 4 } }).quote!.exact).toBe('KFOR');
  });

  it('indexes the quote, comment and tags for search at once', () => {
    const a = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'security vacuum in Bosnia', comment: 'stability pledge', tags: ['defence'] });
    const rowid = (archive.db.prepare('SELECT id FROM annotations WHERE uuid = ?').get(a.id) as { id: number }).id;
    expect(ftsAnnotations(archive.db, 'vacuum')).toEqual([rowid]);
    expect(ftsAnnotations(archive.db, 'pledge')).toEqual([rowid]);
    expect(ftsAnnotations(archive.db, 'tags_text:defence')).toEqual([rowid]);
  });
});

describe('annotations in a PDF', () => {
  it('get the page of their start and quads in PDF user space', () => {
    const body = 'First page text.\nSecond page: the quoted words here.';
    const p2 = body.indexOf('Second');
    const pdf = addDocument(archive.db, {
      title: 'Report',
      kind: 'pdf',
      body,
      pageStarts: [0, p2],
      layouts: [
        { page: 1, runs: [[0, 16, 72, 700, 80, 10]] },
        { page: 2, runs: [[p2, body.length, 72, 700, 180, 10]] },
      ],
    });
    const a = addAnnotation(archive.db, { documentId: pdf.uuid, quote: 'the quoted words' });
    expect(a.page).toBe(2);
    const quads = JSON.parse((archive.db.prepare('SELECT quads FROM annotations WHERE uuid = ?').get(a.id) as { quads: string }).quads);
    expect(quads).toHaveLength(1);
    expect(quads[0]).toMatchObject({ page: 2, y1: 698, y2: 708 });
    expect(quads[0].x1).toBeGreaterThan(72);
  });

  it('get a page from the page starts when the PDF kept no text runs', () => {
    const pdf = addDocument(archive.db, { kind: 'pdf', body: 'aaa\nbbb\nccc', pageStarts: [0, 4, 8] });
    expect(addAnnotation(archive.db, { documentId: pdf.uuid, quote: 'ccc' }).page).toBe(3);
  });
});

describe('updateAnnotation', () => {
  it('changes the comment, color and tags; sets updated; the index follows', async () => {
    const a = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', comment: 'old remark', tags: ['kosovo'] });
    await tick();
    const b = updateAnnotation(archive.db, { id: a.id, comment: 'new remark', color: 'blue', addTags: ['mission'], removeTags: ['KOSOVO'] });
    expect(b).toMatchObject({ comment: 'new remark', color: 'blue', tags: ['mission'], created: a.created });
    expect(b.updated > a.updated).toBe(true);
    expect(ftsAnnotations(archive.db, 'remark')).toHaveLength(1);
    expect(ftsAnnotations(archive.db, 'old')).toHaveLength(0);
    expect(ftsAnnotations(archive.db, 'tags_text:kosovo')).toHaveLength(0);
    expect(ftsAnnotations(archive.db, 'tags_text:mission')).toHaveLength(1);
  });

  it('sets updated for a change of tags alone, and not for a change that changes nothing', async () => {
    const a = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', comment: 'c' });
    await tick();
    const same = updateAnnotation(archive.db, { id: a.id, comment: 'c', color: 'yellow', removeTags: ['absent'] });
    expect(same.updated).toBe(a.updated);
    const tagged = updateAnnotation(archive.db, { id: a.id, addTags: ['x'] });
    expect(tagged.updated > a.updated).toBe(true);
  });

  it('clears a comment with null or an empty string', () => {
    const a = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', comment: 'c' });
    expect(updateAnnotation(archive.db, { id: a.id, comment: null }).comment).toBeNull();
    updateAnnotation(archive.db, { id: a.id, comment: 'again' });
    expect(updateAnnotation(archive.db, { id: a.id, comment: '' }).comment).toBeNull();
  });

  it('turns a highlight into a takeaway and back, and refuses kinds that do not fit', () => {
    const a = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR' });
    expect(updateAnnotation(archive.db, { id: a.id, kind: 'takeaway' }).kind).toBe('takeaway');
    expect(pithError(() => updateAnnotation(archive.db, { id: a.id, kind: 'note' }), 'invalid')).toMatch(/put your words in its comment/);
    const free = addAnnotation(archive.db, { documentId: doc.uuid, kind: 'takeaway', text: 'mine' });
    expect(pithError(() => updateAnnotation(archive.db, { id: free.id, kind: 'highlight' }), 'invalid')).toMatch(/needs a quote/);
    expect(pithError(() => updateAnnotation(archive.db, { id: free.id, text: null }), 'invalid')).toMatch(/takeaway needs/);
  });

  it('refuses an unknown id or a bad color, changing nothing', () => {
    expect(pithError(() => updateAnnotation(archive.db, { id: 'missing', comment: 'x' }), 'not-found')).toBe('No annotation with id missing.');
    const a = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR' });
    pithError(() => updateAnnotation(archive.db, { id: a.id, color: 'teal' as never, addTags: ['t'] }), 'invalid');
    expect(count('tags')).toBe(0);
  });
});

describe('suggested takeaways', () => {
  function suggest(): string[] {
    const spans = ['NATO will not allow a security vacuum in Bosnia.', 'KFOR remains NATO’s longest mission in Kosovo.'].map((s) => ({
      start: BODY.indexOf(s),
      end: BODY.indexOf(s) + s.length,
    }));
    createSuggestedTakeaways(archive.db, doc.id, BODY, spans);
    return listAnnotations(archive.db, { documentId: doc.uuid }).annotations.map((a) => a.id);
  }

  it('are stored suggested and anchored, listed for their document, and not elsewhere unless asked', () => {
    const ids = suggest();
    expect(ids).toHaveLength(2);
    const [first] = listAnnotations(archive.db, { documentId: doc.uuid }).annotations;
    expect(first).toMatchObject({ kind: 'takeaway', suggested: true, anchor: 'exact', color: null });
    expect(listAnnotations(archive.db).annotations).toHaveLength(0);
    expect(listAnnotations(archive.db, { includeSuggested: true }).annotations).toHaveLength(2);
    expect(listAnnotations(archive.db, { documentId: doc.uuid, includeSuggested: false }).annotations).toHaveLength(0);
  });

  it('are not suggested twice, and bad spans are skipped', () => {
    suggest();
    createSuggestedTakeaways(archive.db, doc.id, BODY, [
      { start: 0, end: 0 },
      { start: -1, end: 3 },
      { start: 5, end: 99999 },
      { start: BODY.indexOf('KFOR'), end: BODY.indexOf('KFOR') + 'KFOR remains NATO’s longest mission in Kosovo.'.length },
    ]);
    expect(listAnnotations(archive.db, { documentId: doc.uuid }).annotations).toHaveLength(2);
  });

  it('are kept or dismissed; dismissed ones are never listed; kept ones are listed everywhere', async () => {
    const [a, b] = suggest();
    await tick();
    const kept = keepAnnotation(archive.db, { id: a! });
    expect(kept.suggested).toBe(false);
    expect(kept.updated > kept.created).toBe(true);
    expect(dismissAnnotation(archive.db, { id: b! })).toEqual({ dismissed: true });
    expect(dismissAnnotation(archive.db, { id: b! })).toEqual({ dismissed: true });
    expect(listAnnotations(archive.db, { documentId: doc.uuid }).annotations.map((x) => x.id)).toEqual([a]);
    expect(listAnnotations(archive.db).annotations.map((x) => x.id)).toEqual([a]);
    expect(listAnnotations(archive.db, { includeSuggested: true }).annotations.map((x) => x.id)).toEqual([a]);
    // A change of mind: keeping a dismissed suggestion brings it back.
    expect(keepAnnotation(archive.db, { id: b! }).suggested).toBe(false);
    expect(listAnnotations(archive.db).annotations).toHaveLength(2);
  });

  it('dismissing applies only to suggestions', () => {
    const own = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR' });
    expect(pithError(() => dismissAnnotation(archive.db, { id: own.id }), 'invalid')).toMatch(/Only suggested takeaways/);
    expect(keepAnnotation(archive.db, { id: own.id })).toEqual(own);
  });
});

describe('deleteAnnotation', () => {
  it('deletes it and its index entry; notes on it stay, on the document', () => {
    const h = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', comment: 'unique-word' });
    const n = addAnnotation(archive.db, { documentId: doc.uuid, parentId: h.id, text: 'my note' });
    expect(deleteAnnotation(archive.db, { id: h.id })).toEqual({ deleted: true });
    expect(ftsAnnotations(archive.db, 'unique')).toHaveLength(0);
    expect(listAnnotations(archive.db).annotations.map((a) => [a.id, a.parentId])).toEqual([[n.id, null]]);
    expect(pithError(() => deleteAnnotation(archive.db, { id: h.id }), 'not-found')).toBe(`No annotation with id ${h.id}.`);
  });
});

describe('restoring a deleted annotation (undo)', () => {
  it('comes back under its id and creation time, with its comment, color and tags, indexed again', async () => {
    const h = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', color: 'blue', comment: 'unique-word', tags: ['kosovo', 'nato'] });
    deleteAnnotation(archive.db, { id: h.id });
    await tick();
    const back = addAnnotation(archive.db, {
      id: h.id,
      created: h.created,
      documentId: doc.uuid,
      kind: h.kind,
      position: h.position!,
      color: h.color!,
      comment: h.comment!,
      tags: h.tags,
    });
    expect(back).toMatchObject({ id: h.id, created: h.created, kind: 'highlight', color: 'blue', comment: 'unique-word', tags: ['kosovo', 'nato'] });
    expect(back.quote).toEqual(h.quote);
    expect(back.position).toEqual(h.position);
    expect(back.updated > h.created).toBe(true);
    expect(ftsAnnotations(archive.db, 'unique')).toHaveLength(1);
  });

  it('re-attaches the notes that were on it', () => {
    const h = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR' });
    const n = addAnnotation(archive.db, { documentId: doc.uuid, parentId: h.id, text: 'my note' });
    deleteAnnotation(archive.db, { id: h.id });
    addAnnotation(archive.db, { id: h.id, documentId: doc.uuid, position: h.position! });
    expect(updateAnnotation(archive.db, { id: n.id, parentId: h.id })).toMatchObject({ id: n.id, parentId: h.id, text: 'my note' });
  });

  it('refuses an id in use, an id that is not a UUID, and a creation time without an id or that is no time', () => {
    const h = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR' });
    expect(pithError(() => addAnnotation(archive.db, { id: h.id, documentId: doc.uuid, quote: 'Rutte' }), 'exists')).toBe(
      `An annotation with id ${h.id} already exists.`,
    );
    expect(pithError(() => addAnnotation(archive.db, { id: 'x1', documentId: doc.uuid, quote: 'Rutte' }), 'invalid')).toMatch(/not a UUID/);
    expect(pithError(() => addAnnotation(archive.db, { created: h.created, documentId: doc.uuid, quote: 'Rutte' }), 'invalid')).toMatch(
      /only when an annotation is restored/,
    );
    const id = '0b6f2a8e-4a3b-4c1d-9e2f-123456789abc';
    expect(pithError(() => addAnnotation(archive.db, { id, created: 'yesterday', documentId: doc.uuid, quote: 'Rutte' }), 'invalid')).toMatch(
      /not a date and time/,
    );
    expect(count('annotations')).toBe(1);
  });
});

describe('attaching a note (updateAnnotation parentId)', () => {
  it('moves a note onto a highlight and back onto the document', () => {
    const h = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR' });
    const n = addAnnotation(archive.db, { documentId: doc.uuid, text: 'loose' });
    expect(updateAnnotation(archive.db, { id: n.id, parentId: h.id }).parentId).toBe(h.id);
    expect(updateAnnotation(archive.db, { id: n.id, parentId: null }).parentId).toBeNull();
  });

  it('refuses a parent that is a note, itself, of another document, and a highlight as child', () => {
    const h = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR' });
    const n = addAnnotation(archive.db, { documentId: doc.uuid, text: 'loose' });
    const m = addAnnotation(archive.db, { documentId: doc.uuid, text: 'other' });
    const other = addDocument(archive.db, { title: 'Other', body: 'Other text.' });
    const far = addAnnotation(archive.db, { documentId: other.uuid, quote: 'Other' });
    expect(pithError(() => updateAnnotation(archive.db, { id: n.id, parentId: m.id }), 'invalid')).toMatch(/not to another note/);
    expect(pithError(() => updateAnnotation(archive.db, { id: h.id, parentId: h.id }), 'invalid')).toMatch(/itself/);
    expect(pithError(() => updateAnnotation(archive.db, { id: n.id, parentId: far.id }), 'invalid')).toMatch(/another document/);
    const h2 = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'Rutte' });
    expect(pithError(() => updateAnnotation(archive.db, { id: h2.id, parentId: h.id }), 'invalid')).toBe('Only a note can be attached to another annotation.');
  });
});

describe('listAnnotations', () => {
  it('filters by document, tag (any case) and kind, in reading order', () => {
    const other = addDocument(archive.db, { title: 'Other', body: 'Another text about Kosovo.' });
    const late = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', tags: ['Kosovo'] });
    const early = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'Rutte said' });
    const note = addAnnotation(archive.db, { documentId: doc.uuid, text: 'free note', tags: ['kosovo'] });
    const elsewhere = addAnnotation(archive.db, { documentId: other.uuid, quote: 'Kosovo', tags: ['kosovo'] });
    expect(listAnnotations(archive.db, { documentId: doc.uuid }).annotations.map((a) => a.id)).toEqual([early.id, late.id, note.id]);
    expect(listAnnotations(archive.db, { tag: 'KOSOVO' }).annotations.map((a) => a.id)).toEqual([late.id, note.id, elsewhere.id]);
    expect(listAnnotations(archive.db, { kind: 'note' }).annotations.map((a) => a.id)).toEqual([note.id]);
    expect(listAnnotations(archive.db, { tag: 'kosovo', kind: 'highlight', documentId: other.uuid }).annotations.map((a) => a.id)).toEqual([
      elsewhere.id,
    ]);
    expect(listAnnotations(archive.db, { tag: 'no-such-tag' }).annotations).toEqual([]);
    expect(pithError(() => listAnnotations(archive.db, { kind: 'comment' as never }), 'invalid')).toMatch(/Unknown kind/);
    expect(pithError(() => listAnnotations(archive.db, { documentId: 'x' }), 'not-found')).toBe('No document with id x.');
  });
});
