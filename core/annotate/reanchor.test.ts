import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addAnnotation, dismissAnnotation, listAnnotations } from './annotations.ts';
import { reanchorDocument } from './reanchor.ts';
import { createSuggestedTakeaways } from './suggested.ts';
import { addDocument, replaceBody, tempArchive, tick, type TestArchive } from './test-archive.ts';

let archive: TestArchive;
beforeEach(() => {
  archive = tempArchive();
});
afterEach(() => archive.close());

const BODY = [
  'The first paragraph sets the scene in Sarajevo.',
  'The second paragraph quotes a pledge: no security vacuum will be allowed to emerge.',
  'The third paragraph is about KFOR, the longest mission of the alliance in Kosovo.',
  'The fourth paragraph closes with talks between Belgrade and Pristina.',
].join('\n');

function quoted(documentId: string, quote: string) {
  return addAnnotation(archive.db, { documentId, quote });
}

function row(id: string) {
  return archive.db.prepare('SELECT start, "end", anchor, page, quads, prefix, suffix, exact, updated_at FROM annotations WHERE uuid = ?').get(id) as {
    start: number;
    end: number;
    anchor: string;
    page: number | null;
    quads: string | null;
    prefix: string;
    suffix: string;
    exact: string;
    updated_at: string;
  };
}

describe('reanchorDocument', () => {
  it('anchors exact, fuzzy and orphaned, and reports how many of each', async () => {
    const doc = addDocument(archive.db, { body: BODY });
    const moved = quoted(doc.uuid, 'KFOR, the longest mission');
    const edited = quoted(doc.uuid, 'talks between Belgrade and Pristina');
    const gone = quoted(doc.uuid, 'sets the scene in Sarajevo');
    const still = quoted(doc.uuid, 'The first paragraph');
    await tick();
    const next = BODY.replace('sets the scene in Sarajevo', 'opens')
      .replace('talks between Belgrade', 'dialogue between Belgrade')
      .replace('The third', 'An inserted paragraph.\nThe third');
    replaceBody(archive.db, doc.id, next);
    expect(reanchorDocument(archive.db, doc.id, next)).toEqual({ exact: 2, fuzzy: 1, orphaned: 1 });

    const m = row(moved.id);
    expect(m).toMatchObject({ anchor: 'exact', start: next.indexOf('KFOR, the longest') });
    expect(m.updated_at > moved.updated).toBe(true);
    // Exact anchors describe the new text around them.
    expect(m.prefix).toBe(next.slice(m.start - 32, m.start));

    const e = row(edited.id);
    expect(e.anchor).toBe('fuzzy');
    expect(next.slice(e.start, e.end)).toBe('dialogue between Belgrade and Pristina');
    // The quote stays as the user made it.
    expect(e.exact).toBe('talks between Belgrade and Pristina');
    expect(e.prefix).toBe(edited.quote!.prefix);

    const g = row(gone.id);
    expect(g).toMatchObject({ anchor: 'orphaned', start: gone.position!.start, end: gone.position!.end, exact: 'sets the scene in Sarajevo' });
    expect(g.updated_at > gone.updated).toBe(true);

    // Nothing moved: nothing written, updated unchanged.
    expect(row(still.id)).toMatchObject({ anchor: 'exact', start: 0, updated_at: still.updated });

    // The JSON shows it.
    const byId = Object.fromEntries(listAnnotations(archive.db, { documentId: doc.uuid }).annotations.map((a) => [a.id, a]));
    expect(byId[gone.id]).toMatchObject({ anchor: 'orphaned', quote: { exact: 'sets the scene in Sarajevo' } });
    expect(byId[edited.id]!.anchor).toBe('fuzzy');
  });

  it('changes nothing when run again on the same text', async () => {
    const doc = addDocument(archive.db, { body: BODY });
    const a = quoted(doc.uuid, 'talks between Belgrade and Pristina');
    const next = BODY.replace('talks', 'dialogue');
    replaceBody(archive.db, doc.id, next);
    reanchorDocument(archive.db, doc.id, next);
    const first = row(a.id);
    await tick();
    expect(reanchorDocument(archive.db, doc.id, next)).toEqual({ exact: 0, fuzzy: 1, orphaned: 0 });
    expect(row(a.id)).toEqual(first);
  });

  it('finds an orphaned annotation again when its text comes back', () => {
    const doc = addDocument(archive.db, { body: BODY });
    const a = quoted(doc.uuid, 'KFOR, the longest mission');
    const without = BODY.replace(/The third[^\n]*\n/, '');
    reanchorDocument(archive.db, doc.id, without);
    expect(row(a.id).anchor).toBe('orphaned');
    reanchorDocument(archive.db, doc.id, BODY);
    expect(row(a.id)).toMatchObject({ anchor: 'exact', start: a.position!.start });
  });

  it('re-anchors dismissed suggestions without counting them, and leaves free annotations alone', () => {
    const doc = addDocument(archive.db, { body: BODY });
    const s = BODY.indexOf('The fourth');
    createSuggestedTakeaways(archive.db, doc.id, BODY, [{ start: s, end: BODY.length }]);
    const suggestion = listAnnotations(archive.db, { documentId: doc.uuid }).annotations[0]!;
    dismissAnnotation(archive.db, { id: suggestion.id });
    const free = addAnnotation(archive.db, { documentId: doc.uuid, kind: 'takeaway', text: 'Mine.' });
    const next = `Intro.\n${BODY}`;
    expect(reanchorDocument(archive.db, doc.id, next)).toEqual({ exact: 0, fuzzy: 0, orphaned: 0 });
    expect(row(suggestion.id).start).toBe(s + 7);
    expect(row(free.id)).toMatchObject({ anchor: null, start: null });
  });

  it('returns zeros for a document without quoted annotations', () => {
    const doc = addDocument(archive.db, { body: BODY });
    expect(reanchorDocument(archive.db, doc.id, 'new')).toEqual({ exact: 0, fuzzy: 0, orphaned: 0 });
  });

  it('places PDF annotations on the new layout: page and quads follow', () => {
    const body = 'Page one words.\nPage two holds the quote here.';
    const p2 = body.indexOf('Page two');
    const doc = addDocument(archive.db, {
      kind: 'pdf',
      body,
      pageStarts: [0, p2],
      layouts: [
        { page: 1, runs: [[0, 15, 72, 700, 75, 10]] },
        { page: 2, runs: [[p2, body.length, 72, 700, 150, 10]] },
      ],
    });
    const a = quoted(doc.uuid, 'the quote');
    expect(row(a.id).page).toBe(2);
    // The new version has a page before: the quote is now on page 3, lower on the page.
    const next = `Cover.\n${body}`;
    const q = next.indexOf('Page two');
    const layouts = [
      { page: 1, runs: [[0, 6, 72, 700, 30, 10]] },
      { page: 2, runs: [[7, 22, 72, 700, 75, 10]] },
      { page: 3, runs: [[q, next.length, 72, 500, 150, 10]] },
    ];
    archive.db.prepare('UPDATE documents SET page_starts = ? WHERE id = ?').run(JSON.stringify([0, 7, q]), doc.id);
    expect(reanchorDocument(archive.db, doc.id, next, layouts)).toEqual({ exact: 1, fuzzy: 0, orphaned: 0 });
    const r = row(a.id);
    expect(r.page).toBe(3);
    expect(JSON.parse(r.quads!)).toEqual([expect.objectContaining({ page: 3, y1: 498, y2: 508 })]);
  });
});

describe('reanchoring speed', () => {
  it('re-anchors 10,000 annotations of one long document', () => {
    // A seeded generator: sentences that differ, like real prose, but reproducibly.
    let seed = 42;
    const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const words = 'alliance mission security stability partners council defence region peace talks budget troops mandate leaders reform border trade energy'.split(' ');
    const sentence = (i: number) =>
      `Item ${i}: ` + Array.from({ length: 8 + Math.floor(rand() * 8) }, () => words[Math.floor(rand() * words.length)]).join(' ') + '.';
    const sentences = Array.from({ length: 10_000 }, (_, i) => sentence(i));
    const body = sentences.join(' ');
    const doc = addDocument(archive.db, { body });
    const spans: { start: number; end: number }[] = [];
    let at = 0;
    for (const s of sentences) {
      spans.push({ start: at, end: at + s.length });
      at += s.length + 1;
    }
    createSuggestedTakeaways(archive.db, doc.id, body, spans);

    // New version: a paragraph inserted every 500 sentences, one word changed in every 50th
    // sentence, every 200th sentence deleted.
    const next = sentences
      .map((s, i) => {
        if (i % 200 === 7) return null;
        let out = i % 50 === 3 ? s.replace(/: (\w+)/, ': changed') : s;
        if (i % 500 === 0) out = `An inserted paragraph number ${i}. ${out}`;
        return out;
      })
      .filter((s) => s !== null)
      .join(' ');
    // Its speed is measured in bench/ (workload 4), not here.
    const counts = reanchorDocument(archive.db, doc.id, next);
    expect(counts).toEqual({ exact: 9750, fuzzy: 200, orphaned: 50 });
  });
});
