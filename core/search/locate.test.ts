import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDocument, setPageLabels } from '../../db/documents.ts';
import { setDocumentStructure } from '../../db/structure.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { headingBefore, locateHit, MAX_SCAN_CHARS, sectionHeading } from './locate.ts';
import { parseQuery } from './query.ts';
import { search } from './search.ts';

let dir: string;
let db: Db;

function add(body: string, kind: 'pdf' | 'md' | 'txt' = 'txt', pageStarts: number[] | null = null, size = body.length): { id: number; uuid: string } {
  const uuid = crypto.randomUUID();
  const now = '2025-01-01T00:00:00Z';
  const id = insertDocument(db, {
    uuid,
    title: `Document ${uuid.slice(0, 8)}`,
    authors: '[]',
    published: null,
    source_path: null,
    source_url: null,
    kind,
    mime: 'text/plain',
    sha256: crypto.createHash('sha256').update(uuid).digest('hex'),
    size,
    pages: pageStarts?.length ?? null,
    page_starts: pageStarts ? JSON.stringify(pageStarts) : null,
    body,
    note: null,
    imported_at: now,
    created_at: now,
    updated_at: now,
  });
  return { id, uuid };
}

const terms = (q: string) => parseQuery(q).clauses;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-locate-'));
  db = openDatabase(path.join(dir, 'pith.db'));
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('where a hit is', () => {
  it('gives the offset of the first match in the text, in UTF-16 units', () => {
    const body = 'Emoji 😀😀 first, then the talks in Priština went on; Pristina again.';
    const doc = add(body);
    expect(locateHit(db, doc.id, terms('pristina'))).toEqual({ offset: body.indexOf('Priština') });
    expect(locateHit(db, doc.id, terms('again OR talks'))).toEqual({ offset: body.indexOf('talks') });
    expect(locateHit(db, doc.id, terms('"went on"'))).toEqual({ offset: body.indexOf('went on') });
    expect(locateHit(db, doc.id, terms('absent'))).toBeUndefined();
  });

  it('goes to the first passage where all the words are close, else to the first match', () => {
    const body = `Array types first.\n${'Unrelated prose here. '.repeat(40)}\n4.3.8 Fortran array bounds checking\nMore text.`;
    const doc = add(body);
    expect(locateHit(db, doc.id, terms('fortran array bounds checking'))?.offset).toBe(body.indexOf('Fortran'));
    expect(locateHit(db, doc.id, terms('array'))?.offset).toBe(0);
    // Never close together: the first match.
    expect(locateHit(db, doc.id, terms('types more'))?.offset).toBe(body.indexOf('types'));
  });

  it('finds a match past the first windows, and a phrase cut by a window’s end', () => {
    const words = Array.from({ length: 30_000 }, (_, i) => `w${i % 97}`).join(' ');
    const body = `${words} security\nvacuum ${words}`;
    const doc = add(body);
    expect(locateHit(db, doc.id, terms('"security vacuum"'))).toEqual({ offset: body.indexOf('security') });
    // At every offset around the first window's end, the phrase is still found.
    for (const shift of [8180, 8186, 8190, 8192, 8196]) {
      const text = `${'x '.repeat(shift / 2)}security vacuum`;
      expect(locateHit(db, add(text).id, terms('"security vacuum"'))?.offset, String(shift)).toBe(text.indexOf('security'));
    }
  });

  it('gives up past MAX_SCAN_CHARS (the reader still finds the match)', () => {
    const doc = add(`${'filler '.repeat(MAX_SCAN_CHARS / 7 + 10)} needle`);
    expect(locateHit(db, doc.id, terms('needle'))).toBeUndefined();
  });

  it('names the page of a PDF hit', () => {
    const pages = ['Title page', 'Contents and more', 'Chapter text: Fortran array bounds checking here'];
    const starts: number[] = [];
    let body = '';
    for (const p of pages) {
      starts.push(body.length);
      body += `${p}\n\n`;
    }
    const doc = add(body, 'pdf', starts);
    expect(locateHit(db, doc.id, terms('fortran'))).toEqual({ offset: body.indexOf('Fortran'), page: 3 });
  });

  it('names the section heading of a text hit', () => {
    const body = 'Introduction\nA first paragraph, long enough to be one.\n\nInstalling packages\nRun the installer and then check the security settings.';
    const doc = add(body, 'md');
    expect(locateHit(db, doc.id, terms('security'))).toEqual({ offset: body.indexOf('security'), heading: 'Installing packages' });
    expect(locateHit(db, doc.id, terms('first'))).toEqual({ offset: body.indexOf('first'), heading: 'Introduction' });
    expect(sectionHeading('No heading at all. Just text')).toBeNull();
    expect(sectionHeading('## Setup ##\nsome text')).toBe('Setup');
  });

  it('reads nothing more of a large document than its snippet’s window', () => {
    const body = `${'Opening words of a long manual. '.repeat(100)}The quokka appears early. ${'More text. '.repeat(100_000)}`;
    const doc = add(body, 'txt', null, 2_000_000);
    expect(locateHit(db, doc.id, terms('quokka'), { large: true, window: null })).toBeUndefined();
    expect(locateHit(db, doc.id, terms('quokka'), { large: true, window: body.slice(0, 16_384) })).toEqual({ offset: body.indexOf('quokka') });
    // Through search: the snippet's window holds the match.
    const hit = search(db, { query: 'quokka' }).hits.find((h) => h.documentId === doc.uuid);
    expect(hit?.location).toEqual({ offset: body.indexOf('quokka') });
  });

  it('comes with the search’s document hits', () => {
    const doc = add('Nothing here.\nThe zanzibar clause is on the second line.');
    const hit = search(db, { query: 'zanzib' }).hits.find((h) => h.documentId === doc.uuid);
    expect(hit).toBeUndefined();
    const found = search(db, { query: 'zanzib*' }).hits.find((h) => h.documentId === doc.uuid);
    expect(found?.location).toEqual({ offset: 'Nothing here.\nThe '.length });
  });
});

describe('where a hit is, from what the document stores', () => {
  it('names a PDF page by its printed label when the PDF has labels', () => {
    const body = 'Preface text here.\fChapter one text.\fThe array bounds are checked here.';
    const starts = [0, body.indexOf('Chapter'), body.indexOf('The array')];
    const doc = add(body, 'pdf', starts);
    expect(locateHit(db, doc.id, terms('bounds'))).toEqual({ offset: body.indexOf('bounds'), page: 3 });
    setPageLabels(db, doc.id, ['i', '1', '2']);
    expect(locateHit(db, doc.id, terms('bounds'))).toEqual({ offset: body.indexOf('bounds'), page: 3, pageLabel: '2' });
  });

  it('names the heading block a match follows in a document with a structure', () => {
    const body = 'Regular expressions\nintro words\nMatch objects\nlowercase heading-like line\nthe group method returns';
    const h1 = [0, 'Regular expressions'.length] as const;
    const h2 = [body.indexOf('Match objects'), body.indexOf('Match objects') + 'Match objects'.length] as const;
    const doc = add(body, 'md');
    const structure = {
      blocks: [['h', h1[0], h1[1], -1, { level: 1 }], ['p', h1[1] + 1, body.indexOf('Match') - 1, -1], ['h', h2[0], h2[1], -1, { level: 2 }], ['p', h2[1] + 1, body.length, -1]],
      spans: [],
      images: [],
    };
    setDocumentStructure(db, doc.id, 1, JSON.stringify(structure));
    expect(locateHit(db, doc.id, terms('group'))).toEqual({ offset: body.indexOf('group'), heading: 'Match objects' });
    expect(locateHit(db, doc.id, terms('intro'))).toEqual({ offset: body.indexOf('intro'), heading: 'Regular expressions' });
    // Before the first heading there is none.
    expect(headingBefore(JSON.stringify(structure), 0)).toEqual([0, h1[1]]);
    expect(headingBefore(JSON.stringify({ blocks: [['p', 0, 5, -1], ['h', 6, 9, -1]] }), 3)).toBeNull();
  });
});
