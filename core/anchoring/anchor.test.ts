import { describe, expect, it } from 'vitest';
import { anchorQuote, TextIndex, type AnchorResult, type StoredQuote } from './anchor.ts';
import { describeSpan } from './selectors.ts';

/** The stored quote of text[start, end), as an annotation would keep it. */
function stored(text: string, quote: string, occurrence = 1): StoredQuote {
  let at = -1;
  for (let i = 0; i < occurrence; i++) at = text.indexOf(quote, at + 1);
  if (at < 0) throw new Error(`fixture: "${quote}" not in text`);
  const { quote: q, position } = describeSpan(text, at, at + quote.length);
  return { ...q, ...position };
}

function slice(text: string, r: AnchorResult): string | null {
  return r.method === 'orphaned' ? null : text.slice(r.start, r.end);
}

const original = [
  'NATO Secretary General Mark Rutte concluded a two-day visit to Sarajevo and Pristina.',
  'He emphasized that the Dayton Peace Agreement is the cornerstone of peace in the country.',
  'NATO and its partners are present and engaged, and "will not allow a security vacuum to emerge."',
  'Rutte stated that NATO has supported peace and stability in the Western Balkans for thirty years.',
  'He met with representatives of international missions in Kosovo, including EULEX and UNMIK.',
].join('\n');

describe('anchorQuote', () => {
  it('keeps a quote whose text did not change where it is (exact)', () => {
    const q = stored(original, 'will not allow a security vacuum to emerge');
    expect(anchorQuote(original, q)).toEqual({ start: q.start, end: q.end, method: 'exact' });
  });

  it('follows a quote that moved: a paragraph inserted before it (exact)', () => {
    const q = stored(original, 'will not allow a security vacuum to emerge');
    const changed = 'A new opening paragraph, added in the second version.\n' + original;
    const r = anchorQuote(changed, q);
    expect(r.method).toBe('exact');
    expect(slice(changed, r)).toBe(q.exact);
    expect(r).toMatchObject({ start: q.start! + 54 });
  });

  it('follows a quote that moved back: text deleted before it (exact)', () => {
    const q = stored(original, 'international missions in Kosovo');
    const changed = original.replace(/^.*\n/, '');
    const r = anchorQuote(changed, q);
    expect(r.method).toBe('exact');
    expect(slice(changed, r)).toBe(q.exact);
  });

  it('finds a quote with one word changed (fuzzy), covering the changed passage', () => {
    const q = stored(original, 'NATO has supported peace and stability in the Western Balkans for thirty years');
    const changed = original.replace('thirty years', 'three decades');
    const r = anchorQuote(changed, q);
    expect(r.method).toBe('fuzzy');
    expect(slice(changed, r)).toBe('NATO has supported peace and stability in the Western Balkans for three decades');
  });

  it('widens a fuzzy match to whole words when an edit falls on the first word', () => {
    const q = stored(original, 'representatives of international missions in Kosovo');
    const changed = original.replace('representatives', 'envoys');
    const r = anchorQuote(changed, q);
    expect(r.method).toBe('fuzzy');
    expect(slice(changed, r)).toBe('envoys of international missions in Kosovo');
  });

  describe('with an expected position', () => {
    it('takes the exact quote there when its whole context is there too', () => {
      const doc = 'The same sentence. '.repeat(12);
      const q = stored(doc, 'same sentence', 6);
      const changed = 'Twelve more.' + doc;
      expect(anchorQuote(changed, q, { expected: q.start! + 12 })).toMatchObject({ method: 'exact', start: q.start! + 12 });
      // Without it, proximity to the old position decides between copies in identical contexts.
      expect(anchorQuote(changed, q)).toMatchObject({ method: 'exact', start: q.start! + 12 - 19 });
    });

    it('ignores an expected position without the whole context', () => {
      const q = stored(original, 'security vacuum');
      const changed = 'security vacuum? ' + original;
      expect(anchorQuote(changed, q, { expected: 0 })).toMatchObject({ method: 'exact', start: q.start! + 17 });
    });

    it('looks for a fuzzy match around it first, far from the old position in a long text', () => {
      const filler = Array.from({ length: 3000 }, (_, i) => `Line ${i} of the filler text.`).join('\n');
      const text = `${filler}\nThe quoted passage about the security vacuum in the region.\n${filler}`;
      const q = stored(text, 'The quoted passage about the security vacuum in the region.');
      const changed = text.replace(/^(.*\n){400}/, '').replace('security vacuum', 'safety vacuum');
      const shift = text.length - changed.length - 'security vacuum'.length + 'safety vacuum'.length;
      const r = anchorQuote(changed, q, { expected: q.start! - shift });
      expect(r.method).toBe('fuzzy');
      expect(slice(changed, r)).toBe('The quoted passage about the safety vacuum in the region.');
    });
  });

  it('orphans a quote whose sentence was deleted', () => {
    const q = stored(original, 'the Dayton Peace Agreement is the cornerstone of peace in the country');
    const changed = original.replace(/He emphasized[^\n]*\n/, '');
    expect(anchorQuote(changed, q)).toEqual({ method: 'orphaned' });
  });

  it('orphans a quote rewritten beyond recognition', () => {
    const q = stored(original, 'security vacuum');
    const changed = original.replace('security vacuum', 'power gap');
    expect(anchorQuote(changed, q)).toEqual({ method: 'orphaned' });
  });

  describe('a duplicated quote', () => {
    const text = 'Alpha said: we will hold the line. Then Beta, the other one, said: we will hold the line. End.';

    it('picks the occurrence whose context matches, even when another is nearer the old position', () => {
      const q = stored(text, 'we will hold the line', 2);
      // Insert enough before both that the old offset now points near the first occurrence.
      const changed = 'Preface. '.repeat(3) + text.replace('Alpha said', 'Alpha had said');
      const r = anchorQuote(changed, q);
      expect(r.method).toBe('exact');
      expect((r as { start: number }).start).toBe(changed.lastIndexOf('we will hold the line'));
    });

    it('picks the occurrence nearest the old position when the contexts are alike', () => {
      const para = 'The same sentence. ';
      const doc = para.repeat(6);
      const q = stored(doc, 'same sentence', 4);
      const changed = 'X' + doc; // every occurrence moved by one: none is at the old position
      const r = anchorQuote(changed, q);
      expect(r).toMatchObject({ method: 'exact', start: q.start! + 1 });
    });

    it('with one copy edited, the old position still wins while it holds the quote', () => {
      const q = stored(text, 'we will hold the line', 1);
      expect(anchorQuote(text, q)).toMatchObject({ method: 'exact', start: q.start });
    });
  });

  it('finds a quote whose whitespace changed (re-extraction wrapped the lines) as fuzzy', () => {
    const q = stored(original, 'will not allow a security vacuum to emerge');
    const changed = original.replace('allow a security vacuum', 'allow a\n  security\nvacuum');
    const r = anchorQuote(changed, q);
    expect(r.method).toBe('fuzzy');
    expect(slice(changed, r)).toBe('will not allow a\n  security\nvacuum to emerge');
  });

  it('finds a quote whose case changed as fuzzy', () => {
    const q = stored(original, 'Western Balkans');
    const changed = original.replace('Western Balkans', 'WESTERN BALKANS');
    const r = anchorQuote(changed, q);
    expect(r.method).toBe('fuzzy');
    expect(slice(changed, r)).toBe('WESTERN BALKANS');
  });

  it('anchors quotes at the very start and the very end of the text, moved and edited', () => {
    const first = stored(original, 'NATO Secretary General');
    const last = stored(original, 'including EULEX and UNMIK.');
    expect(anchorQuote(original, first)).toMatchObject({ method: 'exact', start: 0 });
    expect(anchorQuote(original, last)).toMatchObject({ method: 'exact', end: original.length });

    const grown = 'Intro.\n' + original + '\nOutro.';
    expect(slice(grown, anchorQuote(grown, first))).toBe('NATO Secretary General');
    expect(slice(grown, anchorQuote(grown, last))).toBe('including EULEX and UNMIK.');

    const edited = original.replace('NATO Secretary General', 'NATO Secretary-General').replace('EULEX and UNMIK.', 'EULEX and UNMlK.');
    const a = anchorQuote(edited, first);
    const b = anchorQuote(edited, last);
    expect(a).toMatchObject({ method: 'fuzzy', start: 0 });
    expect(b).toMatchObject({ method: 'fuzzy', end: edited.length });
  });

  it('orphans an empty quote', () => {
    expect(anchorQuote(original, { exact: '', prefix: '', suffix: '', start: 0, end: 0 })).toEqual({ method: 'orphaned' });
  });

  it('anchors a quote that never had a position by its text alone', () => {
    const r = anchorQuote(original, { exact: 'Dayton Peace Agreement', prefix: '', suffix: '', start: null, end: null });
    expect(slice(original, r)).toBe('Dayton Peace Agreement');
  });

  it('ignores an old position that lies beyond the new, shorter text', () => {
    const q = stored(original, 'including EULEX');
    const shorter = 'He met people including EULEX.';
    expect(slice(shorter, anchorQuote(shorter, q))).toBe('including EULEX');
  });

  it('finds a long quote (over 64 characters) with several edits, quickly, in a long text', () => {
    const filler = (n: number) =>
      Array.from({ length: n }, (_, i) => `Paragraph ${i} tells of meetings, budgets and missions in the region.`).join('\n');
    const quote =
      'He commended KFOR’s efforts in ensuring a safe and secure environment for all communities in Kosovo, ' +
      'operating under its UN mandate, and stressed that political solutions requiring flexibility and compromise ' +
      'are essential for long-term peace and the safeguarding of all communities’ rights.';
    const before = filler(2000);
    const after = filler(2000);
    const text = `${before}\n${quote}\n${after}`; // ~290k characters
    const q = stored(text, quote);
    const changed = `${filler(2100)}\n${quote
      .replace('safe and secure', 'secure and safe')
      .replace('long-term', 'lasting')
      .replace('UN mandate', 'United Nations mandate')}\n${after}`;
    const r = anchorQuote(changed, q);
    expect(r.method).toBe('fuzzy');
    expect(slice(changed, r)).toMatch(/^He commended KFOR’s efforts.*communities’ rights\.$/);
  });

  it('finds a whole-paragraph quote (2,000 characters) with one change', () => {
    const paragraph = Array.from({ length: 40 }, (_, i) => `Sentence ${i} of the long quoted paragraph.`).join(' ');
    const text = `Before.\n${paragraph}\nAfter.`;
    const q = stored(text, paragraph);
    const changed = text.replace('Sentence 17', 'Sentence seventeen');
    const r = anchorQuote(changed, q);
    expect(r.method).toBe('fuzzy');
    expect(slice(changed, r)).toBe(paragraph.replace('Sentence 17', 'Sentence seventeen'));
  });

  it('shares one folded text between many quotes through a TextIndex', () => {
    const index = new TextIndex(original.toUpperCase());
    const a = anchorQuote(index, stored(original, 'security vacuum'));
    const b = anchorQuote(index, stored(original, 'Western Balkans'));
    expect(a.method).toBe('fuzzy');
    expect(b.method).toBe('fuzzy');
  });
});
