import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPithError, type PithError } from '../api.ts';
import { addAnnotation, dismissAnnotation, listAnnotations, updateAnnotation } from '../annotate/annotations.ts';
import { createSuggestedTakeaways } from '../annotate/suggested.ts';
import { addDocument, ftsAnnotations, tempArchive, tick, type TestArchive } from '../annotate/test-archive.ts';
import { COLORS } from '../types.ts';
import { defaultTagColor, normalizeTagName } from './names.ts';
import { deleteTag, listTags, mergeTags, renameTag, setTagColor, tagDocument } from './tags.ts';

let archive: TestArchive;
let doc: { id: number; uuid: string };
const BODY = 'The alliance will not allow a security vacuum to emerge. KFOR keeps Kosovo safe.';

beforeEach(() => {
  archive = tempArchive();
  doc = addDocument(archive.db, { title: 'Visit', body: BODY });
});
afterEach(() => archive.close());

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

function documentFts(match: string): number[] {
  return (archive.db.prepare('SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?').all(match) as { rowid: number }[]).map((r) => r.rowid);
}

describe('tag names and colors', () => {
  it('are unique without regard to case; the first spelling stays', () => {
    addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', tags: ['Security', 'security', ' SECURITY '] });
    addAnnotation(archive.db, { documentId: doc.uuid, quote: 'Kosovo', tags: ['security'] });
    expect(listTags(archive.db).tags).toEqual([{ name: 'Security', color: defaultTagColor('security'), count: 2 }]);
  });

  it('get a color from the palette that depends only on the name', () => {
    for (const name of ['security', 'kosovo', 'defence', 'a', 'Ünïcode', '😀']) {
      expect(COLORS).toContain(defaultTagColor(name));
      expect(defaultTagColor(name)).toBe(defaultTagColor(name.toUpperCase()));
    }
    expect(new Set(['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map(defaultTagColor)).size).toBeGreaterThan(2);
  });

  it('are trimmed with inner whitespace collapsed; empty, overlong or control characters are refused', () => {
    expect(normalizeTagName('  climate \n policy ')).toBe('climate policy');
    expect(pithError(() => normalizeTagName('  '), 'invalid')).toBe('A tag name cannot be empty.');
    expect(pithError(() => normalizeTagName('x'.repeat(101)), 'invalid')).toMatch(/at most 100/);
    expect(pithError(() => normalizeTagName('a\u0000b'), 'invalid')).toMatch(/control characters/);
  });
});

describe('listTags', () => {
  it('counts the documents and the annotations carrying each tag, dismissed suggestions aside', () => {
    tagDocument(archive.db, { id: doc.uuid, add: ['kosovo'] });
    addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', tags: ['kosovo'] });
    const start = BODY.indexOf('KFOR keeps');
    createSuggestedTakeaways(archive.db, doc.id, BODY, [{ start, end: BODY.length }]);
    const suggestion = listAnnotations(archive.db, { documentId: doc.uuid }).annotations.find((a) => a.suggested)!;
    addAnnotation(archive.db, { documentId: doc.uuid, text: 'note', tags: ['zeta'] });
    expect(listTags(archive.db).tags.map((t) => [t.name, t.count])).toEqual([
      ['kosovo', 2],
      ['zeta', 1],
    ]);
    updateAnnotation(archive.db, { id: suggestion.id, addTags: ['kosovo'] });
    expect(listTags(archive.db).tags[0]!.count).toBe(3);
    dismissAnnotation(archive.db, { id: suggestion.id });
    expect(listTags(archive.db).tags[0]!.count).toBe(2);
  });

  it('is empty for a new archive', () => {
    expect(listTags(archive.db)).toEqual({ tags: [] });
  });
});

describe('renameTag', () => {
  it('renames everywhere: annotations, documents, the tag list and both search indexes', async () => {
    const a = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'security vacuum', tags: ['security'] });
    tagDocument(archive.db, { id: doc.uuid, add: ['security'] });
    await tick();
    const info = renameTag(archive.db, { from: 'SECURITY', to: 'defence' });
    expect(info).toEqual({ name: 'defence', color: defaultTagColor('security'), count: 2 });
    const [renamed] = listAnnotations(archive.db).annotations;
    expect(renamed!.tags).toEqual(['defence']);
    expect(renamed!.updated > a.updated).toBe(true);
    expect(listTags(archive.db).tags.map((t) => t.name)).toEqual(['defence']);
    expect(ftsAnnotations(archive.db, 'tags_text:defence')).toHaveLength(1);
    expect(ftsAnnotations(archive.db, 'tags_text:security')).toHaveLength(0);
    expect(documentFts('tags_text:defence')).toEqual([doc.id]);
    expect(documentFts('tags_text:security')).toEqual([]);
  });

  it('allows a change of case only', () => {
    addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', tags: ['kfor'] });
    expect(renameTag(archive.db, { from: 'kfor', to: 'KFOR' }).name).toBe('KFOR');
    expect(listAnnotations(archive.db).annotations[0]!.tags).toEqual(['KFOR']);
    expect(renameTag(archive.db, { from: 'KFOR', to: 'KFOR' }).name).toBe('KFOR');
  });

  it('refuses a name another tag has, suggesting a merge; and an unknown tag', () => {
    addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', tags: ['security', 'defence'] });
    expect(pithError(() => renameTag(archive.db, { from: 'security', to: 'Defence' }), 'conflict')).toBe(
      'A tag named "defence" already exists. To put everything tagged "security" under "defence", merge the two tags.',
    );
    expect(pithError(() => renameTag(archive.db, { from: 'nope', to: 'x' }), 'not-found')).toBe('No tag named "nope".');
    expect(listTags(archive.db).tags.map((t) => t.name)).toEqual(['defence', 'security']);
  });
});

describe('mergeTags', () => {
  it('moves everything to the target, one copy each, and deletes the source', () => {
    const both = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', tags: ['security', 'defence'] });
    const one = addAnnotation(archive.db, { documentId: doc.uuid, quote: 'Kosovo', tags: ['security'] });
    tagDocument(archive.db, { id: doc.uuid, add: ['security', 'defence'] });
    const info = mergeTags(archive.db, { from: 'security', into: 'defence' });
    expect(info).toMatchObject({ name: 'defence', count: 3 });
    const tagsOf = Object.fromEntries(listAnnotations(archive.db).annotations.map((a) => [a.id, a.tags]));
    expect(tagsOf[both.id]).toEqual(['defence']);
    expect(tagsOf[one.id]).toEqual(['defence']);
    expect(tagDocument(archive.db, { id: doc.uuid }).tags).toEqual(['defence']);
    expect(listTags(archive.db).tags.map((t) => t.name)).toEqual(['defence']);
    expect(ftsAnnotations(archive.db, 'tags_text:security')).toEqual([]);
    expect(ftsAnnotations(archive.db, 'tags_text:defence')).toHaveLength(2);
    expect(documentFts('tags_text:security')).toEqual([]);
  });

  it('refuses merging a tag into itself or into an unknown tag', () => {
    addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', tags: ['security'] });
    expect(pithError(() => mergeTags(archive.db, { from: 'security', into: 'SECURITY' }), 'invalid')).toMatch(/same tag/);
    expect(pithError(() => mergeTags(archive.db, { from: 'security', into: 'defence' }), 'not-found')).toBe('No tag named "defence".');
    expect(listTags(archive.db).tags).toHaveLength(1);
  });
});

describe('deleteTag', () => {
  it('removes the tag from everything that carried it, which stays', () => {
    addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', tags: ['temp', 'keep'] });
    tagDocument(archive.db, { id: doc.uuid, add: ['temp'] });
    expect(deleteTag(archive.db, { name: 'TEMP' })).toEqual({ deleted: true });
    expect(listAnnotations(archive.db).annotations[0]!.tags).toEqual(['keep']);
    expect(ftsAnnotations(archive.db, 'tags_text:temp')).toEqual([]);
    expect(documentFts('tags_text:temp')).toEqual([]);
    expect(pithError(() => deleteTag(archive.db, { name: 'temp' }), 'not-found')).toBe('No tag named "temp".');
  });
});

describe('setTagColor', () => {
  it('takes a named color or #rrggbb, and refuses anything else', () => {
    addAnnotation(archive.db, { documentId: doc.uuid, quote: 'KFOR', tags: ['kosovo'] });
    expect(setTagColor(archive.db, { name: 'kosovo', color: 'Purple' }).color).toBe('purple');
    expect(setTagColor(archive.db, { name: 'kosovo', color: '#1A2B3C' }).color).toBe('#1a2b3c');
    expect(pithError(() => setTagColor(archive.db, { name: 'kosovo', color: 'teal' }), 'invalid')).toBe(
      'Unknown color "teal": use one of yellow, red, green, blue, purple, orange, gray, or #rrggbb.',
    );
    expect(pithError(() => setTagColor(archive.db, { name: 'kosovo', color: '#12345' }), 'invalid')).toMatch(/Unknown color/);
    expect(listTags(archive.db).tags[0]!.color).toBe('#1a2b3c');
    expect(pithError(() => setTagColor(archive.db, { name: 'x', color: 'red' }), 'not-found')).toBe('No tag named "x".');
  });
});

describe('tagDocument', () => {
  it('adds and removes tags of a document, creating tags on first use, and sets its updated time', async () => {
    const before = (archive.db.prepare('SELECT updated_at FROM documents WHERE id = ?').get(doc.id) as { updated_at: string }).updated_at;
    await tick();
    expect(tagDocument(archive.db, { id: doc.uuid, add: ['nato', 'Balkans', 'NATO'] })).toEqual({ tags: ['Balkans', 'nato'] });
    expect(tagDocument(archive.db, { id: doc.uuid, remove: ['balkans', 'unknown'] })).toEqual({ tags: ['nato'] });
    const after = (archive.db.prepare('SELECT updated_at FROM documents WHERE id = ?').get(doc.id) as { updated_at: string }).updated_at;
    expect(after > before).toBe(true);
    expect(documentFts('tags_text:nato')).toEqual([doc.id]);
    expect(listTags(archive.db).tags.map((t) => [t.name, t.count])).toEqual([
      ['Balkans', 0],
      ['nato', 1],
    ]);
  });

  it('refuses an unknown document and bad names, storing nothing', () => {
    expect(pithError(() => tagDocument(archive.db, { id: 'nope', add: ['x'] }), 'not-found')).toBe('No document with id nope.');
    expect(pithError(() => tagDocument(archive.db, { id: doc.uuid, add: ['ok', ''] }), 'invalid')).toMatch(/empty/);
    expect(listTags(archive.db).tags).toEqual([]);
  });
});
