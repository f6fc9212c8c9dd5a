// Shortened ids: a unique prefix of six or more characters names its document or annotation
// wherever an id is taken; an ambiguous one names the candidates; a short one says why.
import { afterEach, describe, expect, it } from 'vitest';
import { addDocument, tempArchive, type TestArchive } from './annotate/test-archive.ts';
import { addAnnotation, listAnnotations, updateAnnotation } from './annotate/annotations.ts';
import { requireDocument } from './documents/library.ts';
import { tagDocument } from './tags/tags.ts';

let archive: TestArchive | null = null;
afterEach(() => archive?.close());

function setUp() {
  archive = tempArchive();
  const { db } = archive;
  const ids = ['656ce24f-0000-4000-8000-000000000001', '656ce24f-1111-4000-8000-000000000002', '7a1b2c3d-2222-4000-8000-000000000003'];
  const titles = ['NATO and the Western Balkans', 'Regular expressions', 'Writing R Extensions'];
  ids.forEach((uuid, i) => {
    const { id } = addDocument(db, { title: titles[i], body: `The body of ${titles[i]}: a security vacuum must not emerge.` });
    db.prepare('UPDATE documents SET uuid = ? WHERE id = ?').run(uuid, id);
  });
  return { db, ids };
}

describe('a shortened id', () => {
  it('names the one document it starts', () => {
    const { db, ids } = setUp();
    expect(requireDocument(db, '7a1b2c').uuid).toBe(ids[2]);
    expect(requireDocument(db, '656CE24F-1').uuid).toBe(ids[1]);
    expect(requireDocument(db, ` ${ids[0]} `).uuid).toBe(ids[0]);
    expect(tagDocument(db, { id: '7a1b2c3d', add: ['r'] }).tags).toEqual(['r']);
  });

  it('that starts several ids is refused, naming them with their titles', () => {
    const { db, ids } = setUp();
    expect(() => requireDocument(db, '656ce24f')).toThrow(
      `The id 656ce24f is the start of several documents' ids: ${ids[0]} (NATO and the Western Balkans), ${ids[1]} (Regular expressions). Give more of it.`,
    );
    expect(() => requireDocument(db, '656ce24f')).toThrow(expect.objectContaining({ code: 'invalid' }));
  });

  it('shorter than six characters is not taken, and says so', () => {
    const { db } = setUp();
    expect(() => requireDocument(db, '7a1b2')).toThrow('No document with id 7a1b2 (a shortened id needs at least 6 characters).');
    expect(() => requireDocument(db, 'ffffff')).toThrow('No document with id ffffff.');
    expect(() => requireDocument(db, '')).toThrow('Give the id of the document.');
  });

  it('works for annotations too, wherever an id is taken', () => {
    const { db, ids } = setUp();
    const a = addAnnotation(db, { documentId: '7a1b2c3d', quote: 'security vacuum' });
    expect(listAnnotations(db, { documentId: ids[2]!.slice(0, 8) }).annotations.map((x) => x.id)).toEqual([a.id]);
    const edited = updateAnnotation(db, { id: a.id.slice(0, 10), comment: 'short ids work' });
    expect(edited.comment).toBe('short ids work');
  });
});
