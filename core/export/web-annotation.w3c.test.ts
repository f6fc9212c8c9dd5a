// The JSON export judged by a reference we did not write: the W3C Web Annotation Working Group's
// test suite (fixtures/w3c-web-annotation-tests), its MUST assertions for annotations and for
// collections, run offline with a draft-04 JSON Schema validator. Plus what the schemas cannot
// see: TextPositionSelector offsets counted in code points, as §4.2.5 of the model says.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { exportAnnotations } from './export.ts';
import { addAnnotation, addDocument, makeArchive, makePdf, tempDir } from './test-fixtures.ts';
import { W3cSuite } from './test-w3c-suite.ts';
import { codePointCounter } from './web-annotation.ts';

const cleanup: string[] = [];
afterAll(() => {
  for (const d of cleanup) fs.rmSync(d, { recursive: true, force: true });
});

const suite = new W3cSuite();
const ANNOTATION_MUSTS = 'annotations/annotationMusts.test';
const COLLECTION_MUSTS = 'collections/collectionMusts.test';

// An emoji and a CJK extension B ideograph (both outside the BMP) before the quotes.
const TEXT = 'Field notes 🙂 from 𠀋 the hills.\nThe river floods every spring, the elders said.\n🌊🌊 Water rose to the old mark.\n';

async function exportJson(author?: string) {
  const { dir, db } = makeArchive();
  const outDir = tempDir('pith-w3c-');
  cleanup.push(dir, outDir);
  const txt = addDocument(db, dir, { title: 'Field notes', body: TEXT, url: 'https://example.org/notes' });
  const h = addAnnotation(db, txt.id, { quote: 'The river floods every spring', comment: '  indented: kept', tags: ['water'] });
  addAnnotation(db, txt.id, { quote: 'Water rose', color: 'blue' });
  addAnnotation(db, txt.id, { kind: 'note', parent: h.id, text: 'Which spring?' });
  addAnnotation(db, txt.id, { kind: 'takeaway', text: 'Floods are yearly.', tags: ['summary'] });
  addAnnotation(db, txt.id, { kind: 'note', text: 'Whole-document note.' });
  addAnnotation(db, txt.id, { quote: 'the elders said', anchor: 'orphaned' });
  const pdf = await makePdf([['A first page of text.'], ['Second page, the quote is here.']]);
  const p = addDocument(db, dir, { title: 'Paper', body: pdf.body, kind: 'pdf', original: pdf.bytes, pageStarts: pdf.pageStarts, layouts: pdf.layouts });
  addAnnotation(db, p.id, { quote: 'the quote is here', page: 2 });
  const out = path.join(outDir, 'all.json');
  await exportAnnotations(db, dir, { format: 'json', out }, {}, author === undefined ? {} : { author });
  const collection = JSON.parse(fs.readFileSync(out, 'utf8')) as { first: { items: Record<string, any>[] } } & Record<string, unknown>;
  return { collection, items: collection.first.items };
}

function failures(results: ReturnType<W3cSuite['run']>) {
  return results.filter((r) => !r.passed).map((r) => `${r.file}: ${r.errors}`);
}

describe('the JSON export against the W3C Web Annotation test suite', () => {
  it('passes every MUST assertion, for each annotation standing alone and for the collection', async () => {
    const { collection, items } = await exportJson('reader');
    expect(items).toHaveLength(7);
    expect(suite.assertionsOf(ANNOTATION_MUSTS)).toHaveLength(54);
    for (const item of items) {
      const results = suite.run(ANNOTATION_MUSTS, item);
      expect(failures(results), JSON.stringify(item)).toEqual([]);
      // Stricter than the suite's runner, which lets an assertion about a feature not used pass:
      // every MUST schema accepts every annotation.
      expect(results.filter((r) => !r.valid).map((r) => r.file)).toEqual([]);
    }
    const collectionResults = suite.run(COLLECTION_MUSTS, collection);
    expect(collectionResults).toHaveLength(10);
    expect(collectionResults.filter((r) => !r.valid).map((r) => `${r.file}: ${r.errors}`)).toEqual([]);
  });

  it('is a suite that fails what breaks the model (the runner itself)', async () => {
    const { items } = await exportJson();
    const broken = structuredClone(items[0]!);
    delete broken['@context'];
    broken.target = { type: 'SpecificResource', source: broken.target.source };
    broken.created = 'yesterday';
    expect(failures(suite.run(ANNOTATION_MUSTS, broken)).map((f) => f.split(':')[0])).toEqual([
      'annotations/3.1-annotationContextValidated.json',
      'annotations/3.2-targetObjectsRecognized.json',
      'annotations/3.3.1-annotationCreatedValidated.json',
    ]);
  });

  it('recognises every target strictly: a SpecificResource, an annotation IRI, or the document itself', async () => {
    const { items } = await exportJson();
    for (const item of items) {
      // 3.2-targetObjectsRecognized fails the annotation when its schema rejects the target.
      const result = suite.run(ANNOTATION_MUSTS, item).find((r) => r.file === 'annotations/3.2-targetObjectsRecognized.json')!;
      expect(result.valid, JSON.stringify(item.target)).toBe(true);
    }
    const takeaway = items.find((a) => a.motivation === 'describing')!;
    expect(takeaway.target).toMatchObject({ id: expect.stringMatching(/^urn:uuid:/), type: 'Text', format: 'text/plain', label: 'Field notes' });
    expect(takeaway.target.source).toBeUndefined();
  });

  it('gives each annotation its @context and its creator', async () => {
    const { items } = await exportJson('reader');
    for (const item of items) {
      expect(item['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
      expect(item.creator).toEqual({ type: 'Person', nickname: 'reader' });
    }
    // The suite's SHOULDs for the creator: a type from the model's list, a single nickname.
    const should = ['annotations/3.3.2-annotationCreatorAgentTypeImplemented.json', 'annotations/3.3.2-annotationCreatorAgentNicknameImplemented.json'];
    const test = path.join('annotations', 'annotationsAgentOptionals.test');
    const results = suite.run(test, items[0]).filter((r) => should.includes(r.file));
    expect(results.map((r) => r.valid)).toEqual([true, true]);
  });

  it('counts TextPositionSelector offsets in code points: an emoji before a quote does not move it', async () => {
    const { items } = await exportJson();
    const points = Array.from(TEXT);
    let checked = 0;
    for (const item of items) {
      if (typeof item.target === 'string' || !item.target.selector) continue;
      const quote = item.target.selector.find((s: { type: string }) => s.type === 'TextQuoteSelector');
      const position = item.target.selector.find((s: { type: string }) => s.type === 'TextPositionSelector');
      if (!quote || !position || item.target.source.label !== 'Field notes') continue;
      expect(points.slice(position.start, position.end).join('')).toBe(quote.exact);
      checked += 1;
    }
    expect(checked).toBe(2);
    const river = items.find((a) => a.target?.selector?.[0]?.exact === 'The river floods every spring')!;
    // 32 characters precede it, two of them outside the BMP: 34 UTF-16 code units.
    expect(TEXT.indexOf('The river')).toBe(34);
    expect(river.target.selector[1]).toEqual({ type: 'TextPositionSelector', start: 32, end: 32 + 'The river floods every spring'.length });
  });
});

describe('codePointCounter', () => {
  it('agrees with Array.from on every offset of a mixed text', () => {
    const text = 'a🙂b𠀋c\u{1F1F7}\u{1F1F8}d';
    const count = codePointCounter(text);
    for (let unit = 0, points = 0; unit <= text.length; ) {
      expect(count(unit)).toBe(points);
      unit += (text.codePointAt(unit) ?? 0) > 0xffff ? 2 : 1;
      points += 1;
    }
    expect(count(text.length + 1)).toBeNull();
    expect(count(-1)).toBeNull();
  });
});
