import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertDocument } from '../../db/documents.ts';
import { openDatabase, type Db } from '../../db/open.ts';
import { clearPrefixCache, RARE_ROWS, SCAN_WINDOW } from '../../db/search.ts';
import type { SearchHit } from '../types.ts';
import { escapeHtml, excerptHtml, search, snippetHtml } from './search.ts';

let dir: string;
let db: Db;
const docs: Record<string, { id: number; uuid: string }> = {};
const anns: Record<string, { id: number; uuid: string }> = {};

function addDocument(
  key: string,
  d: { title: string; body: string; kind?: 'pdf' | 'html' | 'md' | 'txt'; published?: string | null; imported: string; authors?: string[] },
): void {
  const uuid = crypto.randomUUID();
  const id = insertDocument(db, {
    uuid,
    title: d.title,
    authors: JSON.stringify(d.authors ?? []),
    published: d.published ?? null,
    source_path: null,
    source_url: null,
    kind: d.kind ?? 'txt',
    mime: 'text/plain',
    sha256: crypto.createHash('sha256').update(key).digest('hex'),
    size: d.body.length,
    pages: null,
    page_starts: null,
    body: d.body,
    note: null,
    imported_at: d.imported,
    created_at: d.imported,
    updated_at: d.imported,
  });
  docs[key] = { id, uuid };
}

function addAnnotation(
  key: string,
  doc: string,
  a: { kind: 'highlight' | 'takeaway' | 'note'; exact?: string; text?: string; comment?: string; suggested?: boolean; dismissed?: boolean; created: string },
): void {
  const uuid = crypto.randomUUID();
  const result = db
    .prepare(
      `INSERT INTO annotations (uuid, document_id, kind, suggested, dismissed, exact, text, comment, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(uuid, docs[doc]!.id, a.kind, a.suggested ? 1 : 0, a.dismissed ? 1 : 0, a.exact ?? null, a.text ?? null, a.comment ?? null, a.created, a.created);
  anns[key] = { id: Number(result.lastInsertRowid), uuid };
}

function tag(name: string): number {
  const found = db.prepare('SELECT id FROM tags WHERE name = ?').get(name) as { id: number } | undefined;
  if (found) return found.id;
  return Number(
    db
      .prepare(`INSERT INTO tags (uuid, name, color, created_at, updated_at) VALUES (?, ?, 'yellow', '2025-01-01', '2025-01-01')`)
      .run(crypto.randomUUID(), name).lastInsertRowid,
  );
}
const tagDocument = (doc: string, name: string) =>
  db.prepare('INSERT INTO document_tags (document_id, tag_id) VALUES (?, ?)').run(docs[doc]!.id, tag(name));
const tagAnnotation = (ann: string, name: string) =>
  db.prepare('INSERT INTO annotation_tags (annotation_id, tag_id) VALUES (?, ?)').run(anns[ann]!.id, tag(name));

const q = (query: string, extra: { limit?: number; offset?: number } = {}) => search(db, { query, ...extra });
const documentIds = (hits: SearchHit[]) => hits.filter((h) => h.kind === 'document').map((h) => h.documentId);
const is = (key: string) => docs[key]!.uuid;
const unescape = (html: string) =>
  html.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-search-'));
  db = openDatabase(dir);
  addDocument('nato', {
    title: 'NATO Secretary General visits Sarajevo and Priština',
    authors: ['Newsroom'],
    body:
      'NATO Secretary General Mark Rutte concluded a two-day visit to Sarajevo and Priština. ' +
      'Rutte said that NATO and its partners "will not allow a security vacuum to emerge." ' +
      'KFOR remains the longest mission, ensuring a safe environment in Kosovo. Contact us by e-mail.',
    published: '2025-03-11',
    imported: '2025-03-12T08:00:00.000Z',
  });
  addDocument('vacuum', {
    title: 'Cleaning the workshop',
    body: 'The vacuum in the workshop is broken; a new vacuum cleaner arrives on Monday. Nothing about security here, or Kosovo.',
    kind: 'md',
    published: null,
    imported: '2024-06-01T10:00:00.000Z',
  })
  addDocument('pristina', {
    title: 'Pristina travel notes',
    body: 'Pristina (also spelled Prishtina) is the capital of Kosovo. The old bazaar is worth a visit.',
    kind: 'pdf',
    published: '2019-05-04',
    imported: '2025-01-05T09:00:00.000Z',
  });
  addDocument('titled', {
    title: 'Security sector reform',
    body: 'A short report on reform of the police and the courts.',
    kind: 'html',
    published: '2023-01-01',
    imported: '2025-02-01T09:00:00.000Z',
  });
  addDocument('bodyonly', {
    title: 'Annual report',
    body: 'Chapter three mentions security once, among many other things like budgets, staff and buildings.',
    kind: 'html',
    published: '2023-06-01',
    imported: '2025-02-02T09:00:00.000Z',
  });
  addDocument('script', {
    title: 'A page with <b>markup</b>',
    body: 'Before the scripted part <script>alert("x")</script> & after it comes "quoted" text with O\'Brien.',
    kind: 'html',
    published: '2022-02-02',
    imported: '2025-02-03T09:00:00.000Z',
  });
  addDocument('sentinel', {
    title: 'Odd characters',
    body: `Text holding the marker characters \ufdd0 themselves \ufdd1 near the word zanzibar.`,
    published: '2021-01-01',
    imported: '2025-02-04T09:00:00.000Z',
  });
  tagDocument('nato', 'Balkans');
  tagDocument('pristina', 'Balkans');
  tagDocument('pristina', 'travel');
  tagDocument('vacuum', 'two words');
  tagDocument('titled', 'Balkans extra');

  addAnnotation('quote', 'nato', {
    kind: 'highlight',
    exact: 'will not allow a security vacuum to emerge',
    comment: 'the key sentence',
    created: '2025-03-12T09:00:00.000Z',
  });
  addAnnotation('takeaway', 'nato', {
    kind: 'takeaway',
    exact: 'KFOR remains the longest mission',
    suggested: true,
    created: '2025-03-12T09:01:00.000Z',
  });
  addAnnotation('note', 'vacuum', {
    kind: 'note',
    text: 'Remember to order a vacuum bag for the workshop',
    created: '2025-03-12T09:02:00.000Z',
  });
  addAnnotation('commented', 'pristina', {
    kind: 'highlight',
    exact: 'the old bazaar',
    comment: 'Worth a detour with a guide',
    created: '2025-03-12T09:03:00.000Z',
  });
  addAnnotation('dismissed', 'nato', {
    kind: 'takeaway',
    exact: 'Mark Rutte concluded a two-day visit',
    text: 'quagga',
    suggested: true,
    dismissed: true,
    created: '2025-03-12T09:04:00.000Z',
  });
  tagAnnotation('commented', 'evidence');
});

afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('search: words and syntax', () => {
  it('finds Priština from pristina, and Pristina from Priština', () => {
    const plain = documentIds(q('pristina').hits);
    const accented = documentIds(q('Priština').hits);
    expect(plain).toEqual(expect.arrayContaining([is('nato'), is('pristina')]));
    expect(accented.sort()).toEqual(plain.sort());
  });

  it('matches phrases in order only', () => {
    const r = q('"security vacuum"');
    expect(documentIds(r.hits)).toEqual([is('nato')]);
    expect(r.hits.some((h) => h.kind === 'annotation' && h.annotationId === anns.quote!.uuid)).toBe(true);
    expect(q('"vacuum security"').total).toBe(0);
  });

  it('requires every word', () => {
    expect(documentIds(q('vacuum kosovo').hits).sort()).toEqual([is('nato'), is('vacuum')].sort());
    expect(documentIds(q('vacuum kosovo rutte').hits)).toEqual([is('nato')]);
  });

  it('excludes words', () => {
    expect(documentIds(q('vacuum -rutte').hits)).toEqual([is('vacuum')]);
    expect(documentIds(q('kosovo -"security vacuum"').hits).sort()).toEqual([is('pristina'), is('vacuum')].sort());
  });

  it('searches nothing for exclusions alone, with a notice', () => {
    const r = q('-kosovo');
    expect(r.total).toBe(0);
    expect(r.notice).toMatch(/Exclusions/);
  });

  it('takes either side of OR', () => {
    expect(documentIds(q('bazaar OR zanzibar').hits).sort()).toEqual([is('pristina'), is('sentinel')].sort());
    expect(documentIds(q('kosovo bazaar OR rutte').hits).sort()).toEqual([is('nato'), is('pristina')].sort());
  });

  it('finds prefixes, long (expanded from the vocabulary) and short (prefix index)', () => {
    clearPrefixCache(db);
    const long = documentIds(q('secur*').hits);
    expect(long.sort()).toEqual([is('nato'), is('vacuum'), is('titled'), is('bodyonly')].sort());
    expect(documentIds(q('bazaa*').hits)).toEqual([is('pristina')]);
    expect(documentIds(q('baz*').hits)).toEqual([is('pristina')]);
    expect(documentIds(q('prishti*').hits)).toEqual([is('pristina')]);
    expect(q('nothingstartslikethis*').total).toBe(0);
    expect(q('-secur* kosovo').hits.map((h) => h.documentId)).toEqual([is('pristina')]);
  });

  it('sees new words after the archive changes (prefix cache)', () => {
    expect(q('quokka*').total).toBe(0);
    addDocument('late', { title: 'Late', body: 'A quokkas story', imported: '2025-04-01T00:00:00.000Z' });
    expect(documentIds(q('quokka*').hits)).toEqual([is('late')]);
    db.prepare('DELETE FROM documents WHERE id = ?').run(docs.late!.id);
    expect(q('quokka*').total).toBe(0);
  });

  it('searches a one-letter prefix as a word, with a notice', () => {
    const r = q('a*');
    expect(r.notice).toMatch(/two letters/);
    expect(r.total).toBeGreaterThan(0);
  });

  it('finds hyphenated words and words with punctuation', () => {
    expect(documentIds(q('e-mail').hits)).toEqual([is('nato')]);
    expect(documentIds(q('"e mail"').hits)).toEqual([is('nato')]);
  });

  it('never fails on malformed queries', () => {
    for (const input of ['"unbalanced security', 'security "', '*', '-', 'OR', 'AND AND', 'NOT', '((', 'a)', 'tag:"', 'type:', '😀', '\u0000', 'x'.repeat(10_000), 'NEAR(a b)', '{title}:x', 'title:security', '^security']) {
      const r = q(input);
      expect(Array.isArray(r.hits), input).toBe(true);
    }
    const r = q('"unbalanced security');
    expect(r.notice).toMatch(/not closed/);
    expect(r.total).toBe(0);
    expect(documentIds(q('security "vacuum').hits).sort()).toEqual([is('nato'), is('vacuum')].sort());
  });

  it('never throws on random queries, whatever the filters and scopes combine into', () => {
    const piece = fc.constantFrom(
      'security', 'vacuum', 'kosovo', 'pristina', 'Priština', 'secur*', 'bazaa*', 'se*', 'a*', '"security vacuum"', '"e mail"*',
      '-kosovo', '-secur*', '-"old bazaar"', 'OR', 'AND', 'NOT', '"', '*', '-', '(', ')', ':', 'NEAR', '{title}:',
      'type:pdf', 'type:md|html', 'type:docx', 'tag:balkans', 'tag:"two words"', 'tag:evidence', 'tag:nosuch', 'tag:',
      'before:2024', 'after:2020-06', 'before:2025-02-30', 'in:quotes', 'in:notes', 'in:documents', 'in:x', '😀', '\u0000',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.nat(30), fc.nat(5), (pieces, limit, offset) => {
        const r = search(db, { query: pieces.join(' '), limit, offset });
        expect(r.hits.length).toBeLessThanOrEqual(limit);
        for (const hit of r.hits) expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
      }),
      { numRuns: 1500 },
    );
  });

  it('returns nothing for an empty query', () => {
    expect(q('')).toEqual({ query: '', total: 0, hits: [] });
  });
});

describe('search: filters', () => {
  it('filters by type', () => {
    expect(documentIds(q('kosovo type:pdf').hits)).toEqual([is('pristina')]);
    expect(documentIds(q('kosovo type:pdf|md').hits).sort()).toEqual([is('pristina'), is('vacuum')].sort());
    expect(documentIds(q('kosovo type:html').hits)).toEqual([]);
  });

  it('filters by tag, case-insensitively, whole names only', () => {
    expect(documentIds(q('kosovo tag:balkans').hits).sort()).toEqual([is('nato'), is('pristina')].sort());
    expect(documentIds(q('kosovo tag:BALKANS tag:Travel').hits)).toEqual([is('pristina')]);
    expect(documentIds(q('workshop tag:"two words"').hits)).toEqual([is('vacuum')]);
    // "Balkans" must not select the document tagged "Balkans extra".
    expect(documentIds(q('reform tag:balkans').hits)).toEqual([]);
    const none = q('kosovo tag:nosuchtag');
    expect(none.total).toBe(0);
    expect(none.notice).toMatch(/no tag named “nosuchtag”/);
  });

  it('filters annotations by their own tags or their document’s', () => {
    const own = q('guide tag:evidence');
    expect(own.hits.map((h) => h.annotationId)).toEqual([anns.commented!.uuid]);
    const inherited = q('key sentence tag:balkans');
    expect(inherited.hits.map((h) => h.annotationId)).toEqual([anns.quote!.uuid]);
  });

  it('filters by date: published, else the import date', () => {
    expect(documentIds(q('kosovo before:2020').hits)).toEqual([is('pristina')]);
    expect(documentIds(q('kosovo after:2025-03-11').hits)).toEqual([is('nato')]);
    expect(documentIds(q('kosovo after:2025-03-12').hits)).toEqual([]);
    // No published date: imported 2024-06-01.
    expect(documentIds(q('kosovo after:2024-06 before:2024-07').hits)).toEqual([is('vacuum')]);
    expect(documentIds(q('kosovo after:2024-06-02 before:2025').hits)).toEqual([]);
    expect(q('kosovo after:2025 before:2024').notice).toMatch(/No date/);
  });

  it('keeps in:quotes to annotations quoting the document', () => {
    const r = q('in:quotes vacuum');
    expect(r.hits.map((h) => h.annotationId)).toEqual([anns.quote!.uuid]);
    expect(r.hits[0]).toMatchObject({ kind: 'annotation', annotationKind: 'highlight', documentId: is('nato'), title: expect.stringContaining('NATO') });
  });

  it('keeps in:notes to notes and commented annotations', () => {
    expect(q('in:notes vacuum').hits.map((h) => h.annotationId)).toEqual([anns.note!.uuid]);
    expect(q('in:notes key').hits.map((h) => h.annotationId)).toEqual([anns.quote!.uuid]);
  });

  it('keeps in:documents to documents', () => {
    expect(q('in:documents vacuum').hits.every((h) => h.kind === 'document')).toBe(true);
  });

  it('includes suggested annotations, never dismissed ones', () => {
    expect(q('kfor longest').hits.map((h) => h.annotationId)).toContain(anns.takeaway!.uuid);
    expect(q('quagga').total).toBe(0);
  });

  it('lists documents for filters alone, newest import first, with the start of the body', () => {
    const r = q('tag:balkans');
    expect(documentIds(r.hits)).toEqual([is('nato'), is('pristina')]);
    expect(r.total).toBe(2);
    expect(r.hits[0]!.snippet).toMatch(/^NATO Secretary General Mark Rutte/);
    expect(documentIds(q('type:html').hits)).toEqual([is('script'), is('bodyonly'), is('titled')]);
    expect(q('type:html').hits[0]!.snippet).toContain('&lt;script&gt;');
    expect(documentIds(q('before:2020').hits)).toEqual([is('pristina')]);
  });

  it('lists documents for a date range by the date they are filed under, newest first', () => {
    // vacuum has no published date: it is filed under the day it was imported, 2024-06-01.
    expect(documentIds(q('after:2021 before:2024-06-02').hits)).toEqual(
      ['vacuum', 'bodyonly', 'titled', 'script', 'sentinel'].map(is),
    );
    expect(q('after:2021 before:2024-06-02').total).toBe(5);
    expect(documentIds(q('after:2024-06-01 before:2024-06-02').hits)).toEqual([is('vacuum')]);
  });

  it('lists annotations for in:quotes or in:notes alone', () => {
    expect(q('in:quotes').hits.map((h) => h.annotationId)).toEqual([anns.commented!.uuid, anns.takeaway!.uuid, anns.quote!.uuid]);
    expect(q('in:notes tag:evidence').hits.map((h) => h.annotationId)).toEqual([anns.commented!.uuid]);
  });
});

describe('search: ranking, snippets, pages', () => {
  it('ranks a title match above a body-only match', () => {
    const ids = documentIds(q('security').hits);
    expect(ids.indexOf(is('titled'))).toBeLessThan(ids.indexOf(is('bodyonly')));
    const scores = q('security').hits.map((h) => h.score);
    expect(scores.every((s) => s > 0)).toBe(true);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it('marks matches in snippets and escapes everything else', () => {
    const hit = q('scripted').hits[0]!;
    expect(hit.snippet).toContain('<mark>scripted</mark>');
    expect(hit.snippet).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(hit.snippet).toContain('O&#39;Brien');
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(hit.title).toBe('A page with <b>markup</b>'); // titles are plain text
    const accented = q('pristina').hits.find((h) => h.documentId === is('nato'))!;
    expect(accented.snippet).toContain('<mark>Priština</mark>');
  });

  it('gives every hit the snippet of its own document or annotation', () => {
    const r = q('kosovo');
    expect(r.hits.length).toBeGreaterThan(2);
    for (const hit of r.hits) {
      const body = (db.prepare('SELECT body FROM documents WHERE uuid = ?').get(hit.documentId) as { body: string }).body;
      const text = unescape(hit.snippet.replace(/<\/?mark>/g, '')).replace(/^…|…$/g, '');
      if (hit.kind === 'document') expect(body).toContain(text);
    }
    const vacuum = q('vacuum');
    for (const hit of vacuum.hits.filter((h) => h.kind === 'annotation')) {
      const row = db.prepare('SELECT exact, text, comment FROM annotations WHERE uuid = ?').get(hit.annotationId) as Record<string, string | null>;
      expect(Object.values(row).join(' ')).toContain(hit.snippet.replace(/<\/?mark>/g, ''));
    }
  });

  it('keeps snippets well-formed when a document holds the marker characters', () => {
    const hit = q('zanzibar').hits[0]!;
    expect(hit.snippet).toContain('<mark>zanzibar</mark>');
    expect(hit.snippet.match(/<mark>/g)!.length).toBe(hit.snippet.match(/<\/mark>/g)!.length);
  });

  it('gives annotation hits their ids, kind, document and best column', () => {
    const hit = q('guide').hits[0]!;
    expect(hit).toMatchObject({
      kind: 'annotation',
      annotationId: anns.commented!.uuid,
      annotationKind: 'highlight',
      documentId: is('pristina'),
      title: 'Pristina travel notes',
    });
    expect(hit.snippet).toBe('Worth a detour with a <mark>guide</mark>');
    const quote = q('emerge').hits.find((h) => h.kind === 'annotation')!;
    expect(quote.snippet).toBe('will not allow a security vacuum to <mark>emerge</mark>');
  });

  it('counts both kinds and pages through them', () => {
    const all = q('vacuum');
    expect(all.total).toBe(4); // two documents, the highlight and the note
    expect(all.hits).toHaveLength(4);
    const first = q('vacuum', { limit: 2 });
    const second = q('vacuum', { limit: 2, offset: 2 });
    expect([...first.hits, ...second.hits]).toEqual(all.hits);
    expect(first.total).toBe(4);
    expect(q('vacuum', { limit: 0 }).hits).toEqual([]);
    expect(q('vacuum', { limit: 10_000 }).hits).toHaveLength(4);
    expect(q('vacuum', { offset: 99 }).hits).toEqual([]);
  });
});

describe('search: very common words (more matches than the window)', () => {
  // More documents than RARE_ROWS, so that "common" is too common to rank with bm25; the window
  // holds the newest SCAN_WINDOW of them.
  const BIG = RARE_ROWS + 500;
  const TITLED = BIG - 100;
  let big: Db;
  let bigDir: string;
  beforeAll(() => {
    bigDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-search-big-'));
    big = openDatabase(bigDir);
    const insert = (uuid: string, title: string, sha256: string, body: string, at: string) =>
      insertDocument(big, {
        uuid, title, authors: '[]', published: null, source_path: null, source_url: null, kind: 'txt', mime: 'text/plain',
        sha256, size: 0, pages: null, page_starts: null, body, note: null, imported_at: at, created_at: at, updated_at: at,
      });
    big.transaction(() => {
      for (let i = 0; i < BIG; i++) {
        const at = new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString();
        const title =
          i === TITLED ? 'The common word in a title' : i === 10 ? 'An old common title' : i === 1005 ? 'Text, Cómmon matters' : `Document ${i}`;
        const medium = i === BIG - 50 ? ' medium medium medium medium' : i % 3 === 0 ? ' medium' : '';
        const phrase = i % 1000 === 5 ? ' text common' : '';
        const body = `common filler text number ${i}${i % 500 === 7 ? ' rareword' : ''}${medium}${phrase}`;
        insert(crypto.randomUUID(), title, `sha${i}`, body, at);
      }
    })();
  });
  afterAll(() => {
    big.close();
    fs.rmSync(bigDir, { recursive: true, force: true });
  });

  it('caps the total, puts title matches first, then the newest', () => {
    const r = search(big, { query: 'common', limit: 3 });
    expect(r.total).toBe(SCAN_WINDOW);
    expect(r.totalCapped).toBe(true);
    expect(r.hits.map((h) => h.title)).toEqual(['The common word in a title', `Document ${BIG - 1}`, `Document ${BIG - 2}`]);
    expect(r.hits[0]!.score).toBeGreaterThan(r.hits[1]!.score);
    expect(r.hits[1]!.score).toBeGreaterThan(r.hits[2]!.score);
  });

  it('ranks the window with bm25 when the word is not too common', () => {
    const r = search(big, { query: 'medium', limit: 3 });
    expect(r.totalCapped).toBe(true);
    expect(r.total).toBe(SCAN_WINDOW);
    expect(r.hits[0]!.title).toBe(`Document ${BIG - 50}`);
  });

  it('counts exactly and ranks with bm25 when a rare word narrows the query', () => {
    const r = search(big, { query: 'common rareword' });
    expect(r.total).toBe(Math.ceil((BIG - 7) / 500));
    expect(r.totalCapped).toBeUndefined();
    expect(r.hits.every((h) => h.snippet.includes('<mark>rareword</mark>'))).toBe(true);
  });

  it('puts title matches first for a phrase of common words found in few documents', () => {
    // Both words are in every document, the phrase in five: all of them fit the window.
    const r = search(big, { query: '"text common"' });
    expect(r.total).toBe(5);
    expect(r.totalCapped).toBeUndefined();
    expect(r.hits.map((h) => h.title)).toEqual(['Text, Cómmon matters', 'Document 4005', 'Document 3005', 'Document 2005', 'Document 5']);
  });

  it('looks only at the newest matches when every word is common', () => {
    // "An old common title" (the 11th document) is older than the newest SCAN_WINDOW matches.
    expect(BIG - SCAN_WINDOW).toBeGreaterThan(10);
    expect(BIG - SCAN_WINDOW).toBeLessThanOrEqual(TITLED);
    const r = search(big, { query: 'common filler', limit: 500, offset: 0 });
    expect(r.totalCapped).toBe(true);
    expect(r.hits[0]!.title).toBe('The common word in a title');
    expect(r.hits.map((h) => h.title)).not.toContain('An old common title');
    expect(search(big, { query: 'common', offset: SCAN_WINDOW }).hits).toEqual([]);
  });
});

describe('snippet HTML', () => {
  it('escapes text and turns balanced markers into <mark>', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(snippetHtml('a \ufdd0<b>\ufdd1 c')).toBe('a <mark>&lt;b&gt;</mark> c');
    expect(snippetHtml('\ufdd1x\ufdd0y\ufdd0z')).toBe('x<mark>yz</mark>');
    expect(excerptHtml('word '.repeat(100), 20)).toBe('word word word word…');
    expect(excerptHtml('<i>short</i>')).toBe('&lt;i&gt;short&lt;/i&gt;');
  });
});
