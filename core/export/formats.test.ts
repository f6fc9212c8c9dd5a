import { describe, expect, it } from 'vitest';
import type { Annotation, DocumentDetail } from '../types.ts';
import { csvField, toCsv, CSV_COLUMNS } from './csv.ts';
import { escapeMarkdown, obsidianTag, toMarkdown, yamlString } from './markdown.ts';
import { toAnnotationCollection, urn } from './web-annotation.ts';
import { SAMPLE_TEXT } from './test-fixtures.ts';

// ---------------------------------------------------------------------------------------------
// A document built in memory, the shape getDocumentDetail returns.

let n = 0;
function annotation(doc: DocumentDetail, a: Omit<Partial<Annotation>, 'quote'> & { quote?: string }): Annotation {
  const { quote, ...rest } = a;
  let position = null;
  let q = null;
  if (quote) {
    const at = doc.text.indexOf(quote);
    if (at < 0) throw new Error(`not in text: ${quote}`);
    position = { start: at, end: at + quote.length };
    q = { exact: quote, prefix: doc.text.slice(Math.max(0, at - 32), at), suffix: doc.text.slice(at + quote.length, at + quote.length + 32) };
  }
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    documentId: doc.id,
    parentId: null,
    kind: 'highlight',
    suggested: false,
    color: 'yellow',
    quote: q,
    position,
    page: null,
    text: null,
    comment: null,
    tags: [],
    anchor: q ? 'exact' : null,
    created: '2025-03-12T10:00:00.000Z',
    updated: '2025-03-13T08:30:00.000Z',
    ...rest,
  };
}

function sampleDoc(): DocumentDetail {
  const doc: DocumentDetail = {
    id: '6c1e9a3e-5b1a-4c4e-9a52-0f6d7c1d2e3f',
    title: 'NATO: Rutte visit "Sarajevo & Priština" — #1',
    authors: ['Jane Doe', 'Марко Марковић'],
    published: '2025-03-11',
    source: { path: '/home/r/docs/nato: visit.txt', url: 'https://example.org/a?b=1&c="2"' },
    kind: 'txt',
    mime: 'text/plain',
    pages: null,
    pageStarts: null,
    pageLabels: null,
    importedAt: '2025-03-12T09:00:00.000Z',
    updated: '2025-03-12T09:00:00.000Z',
    note: null,
    sha256: 'a'.repeat(64),
    tags: ['Western Balkans', 'nato', '2025'],
    text: SAMPLE_TEXT,
    annotations: [],
  };
  const h = annotation(doc, {
    quote: 'will not allow a security vacuum to emerge',
    comment: 'Key line.\n# not a heading\n=HYPERLINK("x")',
    tags: ['security vacuum', 'quotes/strong'],
    color: 'red',
  });
  doc.annotations = [
    annotation(doc, { kind: 'takeaway', quote: 'NATO remains committed to the stability and territorial integrity of Bosnia and Herzegovina.' }),
    annotation(doc, { kind: 'takeaway', suggested: true, quote: 'NATO will not allow a security vacuum in Bosnia and Herzegovina.' }),
    annotation(doc, { kind: 'takeaway', text: 'Rutte backs Dayton; KFOR stays.', tags: ['summary'] }),
    h,
    annotation(doc, { quote: 'Priština', comment: '-2+3 is a formula, @me too' }),
    annotation(doc, { kind: 'note', parentId: h.id, text: 'Compare with the 2024 speech.' }),
    annotation(doc, { kind: 'note', text: 'Whole-document note, with "quotes", commas\r\nand lines.' }),
  ];
  return doc;
}

// ---------------------------------------------------------------------------------------------
// A strict reader for the YAML the front matter uses: `key: scalar`, `key:` + `  - scalar` lists,
// scalars double-quoted (YAML 1.2 escapes) or plain dates. It throws on anything else, so it also
// checks we write nothing a YAML parser could read differently.

function parseDoubleQuoted(s: string): string {
  if (!s.startsWith('"') || !s.endsWith('"') || s.length < 2) throw new Error(`not double-quoted: ${s}`);
  const inner = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < inner.length; i += 1) {
    const c = inner[i]!;
    const code = inner.charCodeAt(i);
    // YAML 1.2 printable set (c-printable) minus what must be escaped inside double quotes.
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) throw new Error(`unescaped control ${code}`);
    if (c === '"') throw new Error('unescaped quote');
    if (c !== '\\') {
      out += c;
      continue;
    }
    const e = inner[++i];
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', n: '\n', t: '\t', r: '\r', '0': '\0', ' ': ' ', N: '\u0085', _: '\u00a0' };
    if (e !== undefined && e in simple) out += simple[e]!;
    else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = inner.slice(i + 1, i + 1 + len);
      if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) throw new Error(`bad escape \\${e}${hex}`);
      out += String.fromCodePoint(parseInt(hex, 16));
      i += len;
    } else throw new Error(`unknown escape \\${e}`);
  }
  return out;
}

function parseScalar(s: string): string {
  if (s.startsWith('"')) return parseDoubleQuoted(s);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  throw new Error(`plain scalar we do not write: ${s}`);
}

export function parseFrontMatter(md: string): Record<string, string | string[]> {
  const m = /^---\n([\s\S]*?)\n---\n/.exec(md);
  if (!m) throw new Error('no front matter');
  const result: Record<string, string | string[]> = {};
  let list: string[] | null = null;
  for (const line of m[1]!.split('\n')) {
    const item = /^ {2}- (.*)$/.exec(line);
    if (item) {
      if (!list) throw new Error(`list item outside a list: ${line}`);
      list.push(parseScalar(item[1]!));
      continue;
    }
    const kv = /^([a-z][a-z0-9-]*):(?: (.*))?$/.exec(line);
    if (!kv) throw new Error(`not a key: ${line}`);
    if (kv[1]! in result) throw new Error(`duplicate key ${kv[1]}`);
    if (kv[2] === undefined) result[kv[1]!] = list = [];
    else {
      result[kv[1]!] = parseScalar(kv[2]);
      list = null;
    }
  }
  return result;
}

describe('Markdown', () => {
  it('writes front matter that parses back to the document metadata', () => {
    const doc = sampleDoc();
    const fm = parseFrontMatter(toMarkdown(doc));
    expect(fm).toEqual({
      title: doc.title,
      authors: doc.authors,
      published: '2025-03-11',
      source: doc.source.path,
      url: doc.source.url,
      tags: ['Western-Balkans', 'nato', '_2025'],
      'pith-id': doc.id,
    });
  });

  it('parses with the yaml package too, when it is installed', async () => {
    let yaml: { parse(s: string): unknown } | null = null;
    try {
      yaml = (await import(/* @vite-ignore */ ['y', 'a', 'm', 'l'].join(''))) as { parse(s: string): unknown };
    } catch {
      console.warn('skipped: the yaml package is not installed; the strict reader above checks the front matter');
      return;
    }
    const md = toMarkdown(sampleDoc());
    const body = /^---\n([\s\S]*?)\n---\n/.exec(md)![1]!;
    expect((yaml.parse(body) as { title: string }).title).toBe(sampleDoc().title);
  });

  it('quotes every awkward string so YAML reads it back exactly', () => {
    const hard = ['plain', 'a: b', '- dash', '#hash', '"quoted"', 'back\\slash', 'tab\there', 'line\nbreak', 'nul\u0000', 'del\u007f', 'c1\u0085', 'ls\u2028', 'yes', 'null', '1e3', '😀 emoji', 'lone \ud800 surrogate', '  spaces  ', '', '@at', '`tick`', '{a: 1}', '[x]', '*star', '&amp', '!tag', '%pct', "it's"];
    for (const s of hard) {
      const expected = s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
      expect(parseDoubleQuoted(yamlString(s))).toBe(expected);
    }
  });

  it('has takeaways (kept only), highlights as blockquotes with comment, tags and location, and notes', () => {
    const md = toMarkdown(sampleDoc());
    const takeaways = md.slice(md.indexOf('## Takeaways'), md.indexOf('## Highlights'));
    expect(takeaways).toContain('- NATO remains committed to the stability and territorial integrity of Bosnia and Herzegovina. · para. 3');
    expect(takeaways).toContain('- Rutte backs Dayton; KFOR stays. · #summary');
    expect(takeaways).not.toContain('will not allow a security vacuum in Bosnia'); // suggested, not kept
    const highlights = md.slice(md.indexOf('## Highlights'), md.indexOf('## Notes'));
    expect(highlights).toContain('> will not allow a security vacuum to emerge\n');
    expect(highlights).toContain('Key line.\n\\# not a heading\n=HYPERLINK("x")');
    expect(highlights).toContain('#security-vacuum #quotes/strong · para. 6');
    expect(highlights).toContain('Note: Compare with the 2024 speech.');
    expect(highlights).toContain('> Priština');
    const notes = md.slice(md.indexOf('## Notes'));
    expect(notes).toContain('Whole-document note, with "quotes", commas\nand lines.');
    expect(notes).not.toContain('2024 speech'); // under its highlight instead
    expect(md.startsWith('---\n')).toBe(true);
    expect(md).toContain('\n# NATO: Rutte visit "Sarajevo & Priština" — \\#1\n');
  });

  it('gives pages for PDFs', () => {
    const doc = sampleDoc();
    doc.kind = 'pdf';
    doc.pageStarts = [0, 200, 400];
    doc.annotations = [annotation(doc, { quote: 'will not allow a security vacuum to emerge' })];
    expect(toMarkdown(doc)).toMatch(/\np\. 3\n/);
  });

  it('escapes Markdown and Obsidian syntax in quotes', () => {
    expect(escapeMarkdown('# title')).toBe('\\# title');
    expect(escapeMarkdown('- item')).toBe('\\- item');
    expect(escapeMarkdown('1. one')).toBe('1\\. one');
    expect(escapeMarkdown('a [[link]] ==mark== %%c%% <b>x</b> *e* $x$ #tag')).toBe(
      'a \\[\\[link\\]\\] \\==mark\\== \\%%c\\%% \\<b\\>x\\</b\\> \\*e\\* \\$x\\$ \\#tag',
    );
    expect(escapeMarkdown('    code')).toBe('code');
    expect(obsidianTag('Western Balkans')).toBe('Western-Balkans');
    expect(obsidianTag('a, b & c!')).toBe('a-b-c');
    expect(obsidianTag('Београд')).toBe('Београд');
    expect(obsidianTag('1984')).toBe('_1984');
    expect(obsidianTag('  ')).toBe('tag');
  });
});

// ---------------------------------------------------------------------------------------------
// The Web Annotation Data Model's rules for what we write (https://www.w3.org/TR/annotation-model/):
// the MUSTs for Annotation, bodies, targets, selectors and collections, checked by hand.

const MOTIVATIONS = ['assessing', 'bookmarking', 'classifying', 'commenting', 'describing', 'editing', 'highlighting', 'identifying', 'linking', 'moderating', 'questioning', 'replying', 'tagging'];
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
// Every term the model's JSON-LD context defines that an annotation of ours may use.
const ANNOTATION_KEYS = new Set(['@context', 'id', 'type', 'motivation', 'created', 'modified', 'generator', 'creator', 'body', 'bodyValue', 'target', 'generated', 'rights', 'canonical', 'via', 'audience', 'stylesheet']);

function validateAnnotation(a: Record<string, unknown>, texts: Map<string, string>): string[] {
  const errors: string[] = [];
  const err = (m: string) => errors.push(`${String(a.id)}: ${m}`);
  for (const k of Object.keys(a)) if (!ANNOTATION_KEYS.has(k)) err(`unknown property ${k}`);
  if (typeof a.id !== 'string' || !IRI.test(a.id)) err('id must be an IRI');
  if (a.type !== 'Annotation') err('type must be Annotation');
  if (!MOTIVATIONS.includes(a.motivation as string)) err(`motivation ${String(a.motivation)} is not one of the model's`);
  for (const k of ['created', 'modified']) if (a[k] !== undefined && !DATETIME.test(a[k] as string)) err(`${k} must be an xsd:dateTime with a timezone`);
  if (a.target === undefined) err('target is required');
  const bodies = a.body === undefined ? [] : Array.isArray(a.body) ? a.body : [a.body];
  for (const b of bodies as Record<string, unknown>[]) {
    if (b.type !== 'TextualBody') err('bodies are TextualBody');
    if (typeof b.value !== 'string') err('TextualBody needs a string value');
    if (b.purpose !== undefined && !MOTIVATIONS.includes(b.purpose as string)) err(`purpose ${String(b.purpose)} is unknown`);
    if (b.format !== undefined && b.format !== 'text/plain') err('format must be a media type');
  }
  const targets = a.target === undefined ? [] : Array.isArray(a.target) ? a.target : [a.target];
  for (const t of targets as unknown[]) {
    if (typeof t === 'string') {
      if (!IRI.test(t)) err('target IRI');
      continue;
    }
    const target = t as Record<string, unknown>;
    if (target.source === undefined) {
      // An External Web Resource (§3.2.1): the document itself, by its IRI.
      if (typeof target.id !== 'string' || !IRI.test(target.id)) err('an external resource needs an id IRI');
      if (target.selector !== undefined) err('an external resource has no selector');
      continue;
    }
    const source = target.source as Record<string, unknown> | string;
    const sourceId = typeof source === 'string' ? source : source?.id;
    if (typeof sourceId !== 'string' || !IRI.test(sourceId)) err('a SpecificResource needs a source IRI');
    const selectors = (target.selector === undefined ? [] : Array.isArray(target.selector) ? target.selector : [target.selector]) as Record<string, unknown>[];
    const text = texts.get(sourceId as string);
    let quote: string | null = null;
    let span: [number, number] | null = null;
    for (const s of selectors) {
      if (s.type === 'TextQuoteSelector') {
        if (typeof s.exact !== 'string' || s.exact === '') err('TextQuoteSelector needs exact');
        for (const k of ['prefix', 'suffix']) if (s[k] !== undefined && typeof s[k] !== 'string') err(`${k} must be a string`);
        quote = s.exact as string;
        if (text !== undefined && s.prefix !== undefined && !text.includes(`${String(s.prefix)}${quote}${String(s.suffix ?? '')}`)) err('prefix+exact+suffix not in the text');
      } else if (s.type === 'TextPositionSelector') {
        if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || (s.start as number) < 0 || (s.end as number) < (s.start as number))
          err('TextPositionSelector needs 0 <= start <= end, integers');
        span = [s.start as number, s.end as number];
      } else if (s.type === 'FragmentSelector') {
        // §4.2.1: a value, and conformsTo naming the fragment's specification (RFC 3778 for PDF).
        if (typeof s.value !== 'string' || s.value === '') err('FragmentSelector needs a value');
        if (s.conformsTo !== undefined && (typeof s.conformsTo !== 'string' || !IRI.test(s.conformsTo))) err('conformsTo must be an IRI');
        if (s.conformsTo === 'http://tools.ietf.org/rfc/rfc3778' && !/^page=[1-9]\d*$/.test(s.value as string)) err('an RFC 3778 fragment names a page as page=N');
        const refined = s.refinedBy as Record<string, unknown> | undefined;
        if (refined !== undefined && (refined.type !== 'TextQuoteSelector' || typeof refined.exact !== 'string')) err('refinedBy must be a selector');
      } else err(`selector type ${String(s.type)}`);
    }
    // §4.2.5: positions count code points, not UTF-16 code units.
    if (text !== undefined && quote !== null && span !== null && Array.from(text).slice(span[0], span[1]).join('') !== quote) err('position and quote disagree');
  }
  return errors;
}

function validateCollection(c: Record<string, unknown>, texts: Map<string, string>): string[] {
  const errors: string[] = [];
  if (c['@context'] !== 'http://www.w3.org/ns/anno.jsonld') errors.push('@context');
  if (c.type !== 'AnnotationCollection') errors.push('type');
  if (typeof c.id !== 'string' || !IRI.test(c.id)) errors.push('collection id must be an IRI');
  const first = c.first as Record<string, unknown>;
  if (!first || first.type !== 'AnnotationPage' || !Array.isArray(first.items)) errors.push('first must be an AnnotationPage with items');
  else {
    if (c.total !== first.items.length) errors.push('total must count the annotations');
    if (first.partOf !== c.id) errors.push('the page must be partOf the collection');
    for (const a of first.items as Record<string, unknown>[]) errors.push(...validateAnnotation(a, texts));
    const ids = (first.items as { id: string }[]).map((a) => a.id);
    if (new Set(ids).size !== ids.length) errors.push('annotation ids must be unique');
  }
  return errors;
}

describe('Web Annotation JSON', () => {
  it('follows the model: collection, page, annotations, bodies, selectors', () => {
    const doc = sampleDoc();
    const c = JSON.parse(JSON.stringify(toAnnotationCollection([doc]))) as Record<string, unknown>;
    expect(validateCollection(c, new Map([[urn(doc.id), doc.text]]))).toEqual([]);
    const items = (c.first as { items: Record<string, any>[] }).items;
    expect(items).toHaveLength(doc.annotations.length);
    const h = items.find((a) => a.id === urn(doc.annotations[3]!.id))!;
    expect(h.motivation).toBe('commenting');
    expect(h.body).toEqual([
      { type: 'TextualBody', value: 'Key line.\n# not a heading\n=HYPERLINK("x")', format: 'text/plain', purpose: 'commenting' },
      { type: 'TextualBody', value: 'security vacuum', purpose: 'tagging' },
      { type: 'TextualBody', value: 'quotes/strong', purpose: 'tagging' },
    ]);
    expect(h.target.source).toMatchObject({ id: urn(doc.id), type: 'Text', format: 'text/plain', label: doc.title, 'dc:source': doc.source.url });
    expect(h.target.selector[0]).toMatchObject({ type: 'TextQuoteSelector', exact: 'will not allow a security vacuum to emerge' });
    expect(h.target.selector[1]).toEqual({ type: 'TextPositionSelector', start: doc.annotations[3]!.position!.start, end: doc.annotations[3]!.position!.end });
    const plain = items.find((a) => a.id === urn(doc.annotations[0]!.id))!;
    expect(plain.motivation).toBe('highlighting');
    expect(plain.body).toBeUndefined();
    const reply = items.find((a) => a.id === urn(doc.annotations[5]!.id))!;
    expect(reply.target).toBe(urn(h.id.replace('urn:uuid:', '')));
    const free = items.find((a) => a.id === urn(doc.annotations[2]!.id))!;
    expect(free.motivation).toBe('describing');
    // About the whole document: the target is the document (an External Web Resource).
    expect(free.target).toEqual(expect.objectContaining({ id: urn(doc.id), type: 'Text', label: doc.title }));
  });

  it('names a PDF annotation\'s page: an RFC 3778 page fragment refined by the quote, and the page label', () => {
    const doc = sampleDoc();
    doc.kind = 'pdf';
    doc.mime = 'application/pdf';
    doc.pageStarts = [0, 200, 400];
    doc.pageLabels = ['i', 'ii', '1'];
    doc.annotations = [annotation(doc, { quote: 'will not allow a security vacuum to emerge' }), annotation(doc, { quote: 'Priština', anchor: 'orphaned' })];
    const c = JSON.parse(JSON.stringify(toAnnotationCollection([doc]))) as Record<string, unknown>;
    expect(validateCollection(c, new Map([[urn(doc.id), doc.text]]))).toEqual([]);
    const [placed, orphan] = (c.first as { items: Record<string, any>[] }).items;
    expect(placed!.target.label).toBe('p. 1');
    expect(placed!.target.selector[2]).toEqual({
      type: 'FragmentSelector',
      conformsTo: 'http://tools.ietf.org/rfc/rfc3778',
      value: 'page=3',
      refinedBy: placed!.target.selector[0],
    });
    // An orphaned quote has no place on a page any more.
    expect(orphan!.target.label).toBeUndefined();
    expect(orphan!.target.selector.map((s: { type: string }) => s.type)).toEqual(['TextQuoteSelector']);
    expect(toMarkdown(doc)).toMatch(/\np\. 1\n/);
  });

  it('catches what breaks the model (the validator itself)', () => {
    const doc = sampleDoc();
    const c = JSON.parse(JSON.stringify(toAnnotationCollection([doc]))) as any;
    c.first.items[0].motivation = 'liking';
    c.first.items[1].target.selector[1].start = 3;
    delete c.first.items[2].target;
    expect(validateCollection(c, new Map([[urn(doc.id), doc.text]])).length).toBeGreaterThanOrEqual(3);
  });

  it('drops the position of orphaned annotations and makes non-UUID ids into UUID URNs', () => {
    const doc = sampleDoc();
    doc.annotations = [annotation(doc, { quote: 'Priština', anchor: 'orphaned' })];
    const c = toAnnotationCollection([doc]) as any;
    expect(c.first.items[0].target.selector.map((s: { type: string }) => s.type)).toEqual(['TextQuoteSelector']);
    expect(urn('not-a-uuid')).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

// ---------------------------------------------------------------------------------------------
// RFC 4180, read back by a strict parser written from the RFC's grammar.

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let i = 0;
  while (i < text.length) {
    const row: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i += 1;
        for (;;) {
          if (i >= text.length) throw new Error('unterminated quoted field');
          if (text[i] === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
            } else {
              i += 1;
              break;
            }
          } else field += text[i++];
        }
      } else {
        while (i < text.length && text[i] !== ',' && text[i] !== '\r') {
          if (text[i] === '"' || text[i] === '\n') throw new Error(`bare quote or LF in unquoted field at ${i}`);
          field += text[i++];
        }
      }
      row.push(field);
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text.slice(i, i + 2) !== '\r\n') throw new Error(`record must end with CRLF at ${i}`);
      i += 2;
      break;
    }
    rows.push(row);
  }
  return rows;
}

describe('CSV', () => {
  it('is RFC 4180: CRLF records, quoted fields, doubled quotes, one row per annotation', () => {
    const doc = sampleDoc();
    const rows = parseCsv(toCsv([doc]));
    expect(rows[0]).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(doc.annotations.length + 1);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
    const h = rows.find((r) => r[3] === 'will not allow a security vacuum to emerge')!;
    expect(h).toEqual([
      doc.title,
      doc.id,
      'highlight',
      'will not allow a security vacuum to emerge',
      'Key line.\n# not a heading\n=HYPERLINK("x")',
      'security vacuum; quotes/strong',
      'red',
      '',
      '',
      '2025-03-12T10:00:00.000Z',
      '2025-03-13T08:30:00.000Z',
    ]);
    const note = rows.find((r) => r[2] === 'note' && r[4]!.startsWith('Whole'))!;
    expect(note[4]).toBe('Whole-document note, with "quotes", commas\r\nand lines.');
  });

  it('guards against formula injection', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-2+3 is a formula, @me too')).toBe(`"'-2+3 is a formula, @me too"`);
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\t=1')).toBe("'\t=1");
    expect(csvField('a=1')).toBe('a=1');
    expect(csvField(12)).toBe('12');
    expect(csvField(null)).toBe('');
  });
});
