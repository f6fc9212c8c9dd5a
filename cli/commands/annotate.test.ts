import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PithApi } from '../../core/api.ts';
import * as annotate from '../../core/annotate/index.ts';
import { addDocument, tempArchive, type TestArchive } from '../../core/annotate/test-archive.ts';
import * as tags from '../../core/tags/index.ts';
import type { Io } from '../io.ts';
import { annotateCommand, annotationCommand, annotationsCommand, docCommand, tagCommand, tagsCommand } from './annotate.ts';

const BODY = 'NATO and its partners "will not allow a security vacuum to emerge." KFOR remains in Kosovo. KFOR stays.';

let archive: TestArchive;
let api: PithApi;
let docId: string;
let out: string[];
let err: string[];
const io: Io = { out: (s) => void out.push(s), err: (s) => void err.push(s) };

beforeEach(() => {
  archive = tempArchive();
  const db = archive.db;
  // The API methods these commands call, straight over the core functions.
  api = {
    addAnnotation: async (r) => annotate.addAnnotation(db, r),
    updateAnnotation: async (r) => annotate.updateAnnotation(db, r),
    keepAnnotation: async (r) => annotate.keepAnnotation(db, r),
    dismissAnnotation: async (r) => annotate.dismissAnnotation(db, r),
    deleteAnnotation: async (r) => annotate.deleteAnnotation(db, r),
    listAnnotations: async (r) => annotate.listAnnotations(db, r),
    listTags: async () => tags.listTags(db),
    renameTag: async (r) => tags.renameTag(db, r),
    mergeTags: async (r) => tags.mergeTags(db, r),
    deleteTag: async (r) => tags.deleteTag(db, r),
    setTagColor: async (r) => tags.setTagColor(db, r),
    tagDocument: async (r) => tags.tagDocument(db, r),
  } as Partial<PithApi> as PithApi;
  docId = addDocument(db, { title: 'NATO visit', body: BODY }).uuid;
  out = [];
  err = [];
});
afterEach(() => archive.close());

function json(): any {
  return JSON.parse(out.join('\n'));
}

describe('pith annotate', () => {
  it('highlights a quote and prints the annotation as JSON', async () => {
    const code = await annotateCommand(
      api,
      [docId, '--quote', 'will not allow a security vacuum to emerge', '--color', 'yellow', '--comment', 'pledge', '--tag', 'security', '--json'],
      io,
    );
    expect(code).toBe(0);
    const a = json();
    expect(Object.keys(a)).toEqual([
      'id', 'documentId', 'parentId', 'kind', 'suggested', 'color', 'quote', 'position', 'page', 'pageLabel', 'text', 'comment', 'tags', 'anchor', 'created', 'updated',
    ]);
    expect(a).toMatchObject({ kind: 'highlight', color: 'yellow', comment: 'pledge', tags: ['security'], anchor: 'exact', documentId: docId });
  });

  it('prints a readable line without --json', async () => {
    expect(await annotateCommand(api, [docId, '--kind', 'takeaway', '--text', 'KFOR stays.', '--tag', 'kosovo'], io)).toBe(0);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^[0-9a-f-]{36} {2}takeaway: KFOR stays\. {2}#kosovo$/);
  });

  it('takes --occurrence', async () => {
    await annotateCommand(api, [docId, '--quote', 'KFOR', '--occurrence', '2', '--json'], io);
    expect(json().position.start).toBe(BODY.lastIndexOf('KFOR'));
  });

  it('exits 1 with the message when the quote is not there', async () => {
    expect(await annotateCommand(api, [docId, '--quote', 'will not permit a security vacuum to emerge'], io)).toBe(1);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^pith: The quote was not found in "NATO visit"\. Closest passage: "/);
    expect(out).toEqual([]);
  });

  it('takes values that start with a dash: a comment, a note, a quote', async () => {
    expect(await annotateCommand(api, [docId, '--quote', 'KFOR stays', '--comment', '-2+3 is a formula, @me too', '--json'], io)).toBe(0);
    expect(json()).toMatchObject({ comment: '-2+3 is a formula, @me too' });
    out = [];
    expect(await annotateCommand(api, [docId, '--text', '- first point\n- second point', '--json'], io)).toBe(0);
    expect(json()).toMatchObject({ kind: 'note', text: '- first point\n- second point' });
    // A forgotten value followed by another option is still refused, as node:util refuses it.
    err = [];
    expect(await annotateCommand(api, [docId, '--quote', 'KFOR', '--comment', '--json'], io)).toBe(2);
    expect(err[0]).toMatch(/^pith: --comment needs a value\nusage: pith annotate /);
  });

  it('exits 2 with what was wrong and the usage when called wrongly', async () => {
    for (const argv of [[], [docId], [docId, '--quote'], [docId, '--quote', 'x', '--occurrence', 'two'], [docId, '--bogus', 'x'], [docId, 'extra', '--text', 't']]) {
      err = [];
      expect(await annotateCommand(api, argv, io)).toBe(2);
      expect(err).toHaveLength(1);
      // At most what was wrong, then the usage line.
      expect(err[0]!.split('\n').length).toBeLessThanOrEqual(2);
    }
  });
});

describe('pith annotations and pith annotation', () => {
  it('lists, filters, keeps, dismisses, edits and deletes', async () => {
    await annotateCommand(api, [docId, '--quote', 'KFOR remains', '--tag', 'kosovo', '--json'], io);
    const h = json();
    out = [];
    await annotateCommand(api, [docId, '--text', 'a note', '--json'], io);
    const note = json();

    out = [];
    expect(await annotationsCommand(api, ['--json', '--tag', 'kosovo'], io)).toBe(0);
    expect(json().annotations.map((a: { id: string }) => a.id)).toEqual([h.id]);
    out = [];
    expect(await annotationsCommand(api, [docId, '--kind', 'note'], io)).toBe(0);
    expect(out).toEqual([`${note.id}  note: a note`, '1 annotation.']);

    out = [];
    expect(await annotationCommand(api, ['edit', h.id, '--comment', 'renewed', '--color', 'green', '--tag', 'kfor', '--untag', 'kosovo', '--json'], io)).toBe(0);
    expect(json()).toMatchObject({ comment: 'renewed', color: 'green', tags: ['kfor'] });
    out = [];
    expect(await annotationCommand(api, ['edit', h.id, '--comment', '', '--json'], io)).toBe(0);
    expect(json().comment).toBeNull();

    out = [];
    expect(await annotationCommand(api, ['edit', note.id, '--parent', h.id, '--json'], io)).toBe(0);
    expect(json().parentId).toBe(h.id);
    out = [];
    expect(await annotationCommand(api, ['edit', note.id, '--detach', '--json'], io)).toBe(0);
    expect(json().parentId).toBeNull();
    err = [];
    expect(await annotationCommand(api, ['edit', note.id, '--detach', '--parent', h.id], io)).toBe(2);

    err = [];
    expect(await annotationCommand(api, ['dismiss', h.id], io)).toBe(1);
    expect(err[0]).toMatch(/^pith: Only suggested takeaways can be dismissed/);

    out = [];
    expect(await annotationCommand(api, ['delete', h.id, '--json'], io)).toBe(0);
    expect(json()).toEqual({ deleted: true });
    err = [];
    expect(await annotationCommand(api, ['delete', h.id], io)).toBe(1);
    expect(err).toEqual([`pith: No annotation with id ${h.id}.`]);
  });

  it('keeps and dismisses suggested takeaways', async () => {
    const start = BODY.indexOf('KFOR remains');
    annotate.createSuggestedTakeaways(archive.db, 1, BODY, [{ start, end: start + 'KFOR remains in Kosovo.'.length }, { start: BODY.indexOf('KFOR stays'), end: BODY.length }]);
    await annotationsCommand(api, [docId, '--json'], io);
    const [a, b] = json().annotations;
    out = [];
    expect(await annotationCommand(api, ['keep', a.id], io)).toBe(0);
    expect(out[0]).toMatch(/^Kept: /);
    out = [];
    expect(await annotationCommand(api, ['dismiss', b.id, '--json'], io)).toBe(0);
    expect(json()).toEqual({ dismissed: true });
    out = [];
    await annotationsCommand(api, ['--json'], io);
    expect(json().annotations.map((x: { id: string }) => x.id)).toEqual([a.id]);
  });

  it('exits 2 for a wrong action or nothing to edit', async () => {
    expect(await annotationCommand(api, ['frobnicate', 'x'], io)).toBe(2);
    expect(await annotationCommand(api, ['edit', 'x'], io)).toBe(2);
    expect(await annotationCommand(api, ['keep'], io)).toBe(2);
    expect(await annotationsCommand(api, ['a', 'b'], io)).toBe(2);
  });
});

describe('pith tags, pith tag, pith doc tag', () => {
  it('lists, renames, colors, merges and deletes tags', async () => {
    await annotateCommand(api, [docId, '--quote', 'security vacuum', '--tag', 'security'], io);
    await annotateCommand(api, [docId, '--quote', 'KFOR remains', '--tag', 'kosovo', '--tag', 'balkans'], io);

    out = [];
    expect(await tagCommand(api, ['rename', 'security', 'defence', '--json'], io)).toBe(0);
    expect(json()).toMatchObject({ name: 'defence', count: 1 });

    err = [];
    expect(await tagCommand(api, ['rename', 'defence', 'kosovo'], io)).toBe(1);
    expect(err[0]).toMatch(/^pith: A tag named "kosovo" already exists\. .*merge/);

    out = [];
    expect(await tagCommand(api, ['color', 'defence', 'red'], io)).toBe(0);
    expect(out).toEqual(['defence  red  1']);
    err = [];
    expect(await tagCommand(api, ['color', 'defence', 'teal'], io)).toBe(1);
    expect(err[0]).toMatch(/use one of yellow, red, green, blue, purple, orange, gray, or #rrggbb/);

    out = [];
    expect(await tagCommand(api, ['merge', 'balkans', 'kosovo'], io)).toBe(0);
    expect(out[0]).toMatch(/^Merged "balkans" into "kosovo"/);
    out = [];
    expect(await tagCommand(api, ['delete', 'kosovo', '--json'], io)).toBe(0);
    expect(json()).toEqual({ deleted: true });

    out = [];
    expect(await tagsCommand(api, ['--json'], io)).toBe(0);
    expect(json()).toEqual({ tags: [{ name: 'defence', color: 'red', count: 1 }] });
    out = [];
    expect(await tagsCommand(api, [], io)).toBe(0);
    expect(out).toEqual(['defence  red  1']);
  });

  it('tags a document', async () => {
    expect(await docCommand(api, ['tag', docId, 'nato', 'balkans', '--json'], io)).toBe(0);
    expect(json()).toEqual({ tags: ['balkans', 'nato'] });
    out = [];
    expect(await docCommand(api, ['tag', docId, '--remove', 'nato'], io)).toBe(0);
    expect(out).toEqual([`${docId}  #balkans`]);
    err = [];
    expect(await docCommand(api, ['tag', 'nope', 'x'], io)).toBe(1);
    expect(err).toEqual(['pith: No document with id nope.']);
  });

  it('exits 2 with one line of usage when called wrongly', async () => {
    for (const [cmd, argv] of [
      [tagCommand, []],
      [tagCommand, ['rename', 'one']],
      [tagCommand, ['paint', 'a', 'b']],
      [tagsCommand, ['extra']],
      [docCommand, ['tag', docId]],
      [docCommand, ['untag', docId, 'x']],
    ] as const) {
      err = [];
      expect(await cmd(api, [...argv], io)).toBe(2);
      expect(err).toHaveLength(1);
    }
  });

  it('says so when there are no tags', async () => {
    await tagsCommand(api, [], io);
    expect(out).toEqual(['No tags yet.']);
  });
});
