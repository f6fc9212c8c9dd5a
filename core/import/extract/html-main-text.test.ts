// The main text of real pages: Python's HTML documentation (Debian's python3.11-doc, installed
// for the tests) measured against each page's own <div role="main">, read independently with
// jsdom's textContent (permalink signs taken out). What is kept must be that landmark's words
// (recall) and little else (precision): no sidebar, "Previous topic", "Report a Bug" or footer.
import { existsSync, readFileSync } from 'node:fs';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';
import { extractHtmlDom } from './html.ts';
import { extractHtmlStreaming } from './html-stream.ts';

const DOCS = '/usr/share/doc/python3.11/html/';
const PAGES = [
  'library/re.html', 'library/superseded.html', 'library/functions.html', 'library/json.html', 'library/string.html',
  'library/pathlib.html', 'library/collections.html', 'library/itertools.html', 'library/functools.html', 'library/csv.html',
  'library/textwrap.html', 'library/math.html', 'library/random.html', 'library/shutil.html', 'library/glob.html',
  'library/tempfile.html', 'library/datetime.html',
  'tutorial/controlflow.html', 'tutorial/datastructures.html', 'tutorial/classes.html', 'tutorial/errors.html',
  'tutorial/inputoutput.html', 'tutorial/modules.html', 'tutorial/introduction.html', 'tutorial/stdlib.html',
  'reference/datamodel.html', 'reference/expressions.html', 'reference/simple_stmts.html', 'reference/compound_stmts.html',
  'reference/lexical_analysis.html',
];

const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}_]+/gu) ?? [];

function bag(list: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of list) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

/** The reference: the landmark's words, and the landmark itself for the specific checks. */
function reference(bytes: Buffer): { words: string[]; main: Element; h1: string } {
  const doc = new JSDOM(bytes.toString('utf8')).window.document;
  const main = doc.querySelector('[role=main]')!;
  const h1 = (main.querySelector('h1')?.textContent ?? '').replace(/¶/g, '').replace(/\s+/g, ' ').trim();
  return { words: words((main.textContent ?? '').replace(/¶/g, ' ')), main, h1 };
}

/** Recall: reference words kept; extra: words kept that the reference does not have. */
function compare(ref: string[], got: string[]): { recall: number; extra: number } {
  const r = bag(ref);
  const g = bag(got);
  let hit = 0;
  for (const [w, n] of r) hit += Math.min(n, g.get(w) ?? 0);
  let extra = 0;
  for (const [w, n] of g) extra += Math.max(0, n - (r.get(w) ?? 0));
  return { recall: hit / ref.length, extra: extra / Math.max(1, got.length) };
}

const read = (page: string) => readFileSync(DOCS + page);
const have = existsSync(DOCS + 'library/re.html');

describe.skipIf(!have)('HTML main text against the page landmark (Python documentation)', () => {
  it.each(PAGES)('%s: the landmark’s words, its <h1> first, and none of the page frame', async (page) => {
    const bytes = read(page);
    const ref = reference(bytes);
    const doc = await extract(page.split('/').pop()!, bytes);
    const { recall, extra } = compare(ref.words, words(doc.text));
    expect(recall, `recall of ${page}`).toBeGreaterThanOrEqual(0.99);
    expect(extra, `words not in the landmark, ${page}`).toBeLessThanOrEqual(0.02);
    // the page's title heading opens the text, as a level-1 heading block
    expect(doc.text.startsWith(ref.h1)).toBe(true);
    expect(doc.structure!.blocks[0]).toEqual(['h', 0, ref.h1.length, -1, { level: 1 }]);
    for (const frame of ['Previous topic', 'Next topic', 'Report a Bug', 'Show Source', 'This Page', '¶', 'Navigation', '© Copyright']) {
      expect(doc.text, `${frame} in ${page}`).not.toContain(frame);
    }
  }, 120_000);

  it('keeps definition lists (API entries) as dt/dd blocks, with notes, "See also" and version notes', async () => {
    const bytes = read('library/re.html');
    const main = reference(bytes).main;
    const nonEmpty = (tag: string) => [...main.querySelectorAll(tag)].filter((e) => (e.textContent ?? '').replace(/¶/g, '').trim()).length;
    const doc = await extract('re.html', bytes);
    const text = doc.text;
    const blocks = doc.structure!.blocks;
    const dt = blocks.filter((b) => b[0] === 'dt').map((b) => text.slice(b[1], b[2]));
    const dd = blocks.filter((b) => b[0] === 'dd');
    expect(dt).toContain('re.compile(pattern, flags=0)');
    expect(dt).toContain('re.sub(pattern, repl, string, count=0, flags=0)');
    expect(dt).toHaveLength(nonEmpty('dt'));
    expect(dd).toHaveLength(nonEmpty('dd'));
    expect(blocks.filter((b) => b[0] === 'dl')).toHaveLength(nonEmpty('dl'));
    expect(text).toContain('Compile a regular expression pattern into a regular expression object');
    expect(text).toMatch(/Changed in version 3\.7: /);
    expect(text).toMatch(/New in version 3\.\d+/);
    expect(text).toContain('See also\n\nThe third-party regex module');
    expect(text).toMatch(/Note\n\nThe compiled versions of the most recent patterns/);
  });

  it('keeps footnotes and warnings', async () => {
    const expressions = await extract('expressions.html', read('reference/expressions.html'));
    expect(expressions.text).toContain('While abs(x%y) < abs(y) is true mathematically, for floats it may not be true numerically');
    const functions = await extract('functions.html', read('library/functions.html'));
    expect(functions.text).toMatch(/Warning\n\nIt is possible to crash the Python interpreter with a sufficiently large\/complex string/);
  });

  it('keeps the whole list of superseded.html, every item a list item', async () => {
    const bytes = read('library/superseded.html');
    const items = reference(bytes).main.querySelectorAll('li').length;
    expect(items).toBeGreaterThanOrEqual(454);
    const doc = await extract('superseded.html', bytes);
    expect(doc.structure!.blocks.filter((b) => b[0] === 'li')).toHaveLength(items);
    expect(doc.text).toContain('- aifc — Read and write AIFF and AIFC files\n  - open()');
    expect(doc.text).toContain('xdrlib');
  });

  it('reads the same text and structure with the streaming parser as with the DOM', () => {
    for (const page of ['library/re.html', 'library/superseded.html', 'reference/expressions.html', 'tutorial/controlflow.html', 'library/datetime.html']) {
      const bytes = read(page);
      const dom = extractHtmlDom(bytes);
      const stream = extractHtmlStreaming(bytes);
      expect(stream.text, page).toBe(dom.text);
      expect(stream.structure, page).toEqual(dom.structure);
      expect({ ...stream, text: '', structure: null }).toEqual({ ...dom, text: '', structure: null });
    }
  }, 120_000);
});
