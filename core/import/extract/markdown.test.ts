import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extract } from './index.ts';
import { markdownToText, parseFrontMatter, splitFrontMatter } from './markdown.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url));
const md = async (src: string, name = 'notes.md') => extract(name, new TextEncoder().encode(src));

describe('markdown', () => {
  it('extracts the fixture: front matter as metadata, readable text', async () => {
    const doc = await extract('notes.md', fixture('notes.md'));
    expect(doc.kind).toBe('md');
    expect(doc.mime).toBe('text/markdown');
    expect(doc.title).toBe('Notes on the Western Balkans visit');
    expect(doc.authors).toEqual(['Ana Petrović', 'Marko Jurić']);
    expect(doc.published).toBe('2025-03-12');
    expect(doc.url).toBe('https://notes.example/balkans');
    expect(doc.text).toBe(
      [
        'NATO in the Western Balkans',
        '',
        'Secretary General Mark Rutte visited Sarajevo and Priština; see the official release for details.',
        '',
        'Key Takeaways',
        '',
        '- NATO remains committed to Bosnia and Herzegovina.',
        '- The Dayton Peace Agreement must be respected.',
        "- KFOR is NATO's longest and largest mission.",
        '',
        'Timeline',
        '',
        '1. Sarajevo, March 10, 2025',
        '2. Priština, March 11, 2025',
        '',
        'quote = "will not allow a security vacuum to emerge"',
        '',
        'Closing paragraph with inline html and done.',
      ].join('\n'),
    );
    for (const marker of ['---', 'title:', 'tags:', '**', '`', '](', 'RAW_HTML', 'INLINE_SCRIPT', '<span>', '#']) {
      expect(doc.text).not.toContain(marker);
    }
  });

  it('takes the first h1 as title without front matter, and dates from the text', async () => {
    const doc = await md('Intro line\n\n## Second level\n\n# The Real Title\n\nWritten on 10 March 2025.');
    expect(doc.title).toBe('The Real Title');
    expect(doc.published).toBe('2025-03-10');
    expect(doc.authors).toEqual([]);
    expect(doc.url).toBeNull();
  });

  it('takes the first heading of any level, then the first line, then the file name', async () => {
    expect((await md('para\n\n### Only h3\n')).title).toBe('Only h3');
    expect((await md('Just a paragraph of text.')).title).toBe('Just a paragraph of text.');
    expect((await md('```\n123\n```', 'dir/My Notes.md')).title).toBe('My Notes');
  });

  it('renders lists: bullets, ordered with their start number, nested, loose', () => {
    const { text } = markdownToText('* a\n* b\n    * b1\n    * b2\n* c\n\n3. three\n4. four\n\n- loose one\n\n- loose two\n');
    expect(text).toBe('- a\n- b\n  - b1\n  - b2\n- c\n\n3. three\n4. four\n\n- loose one\n- loose two');
  });

  it('keeps code blocks as text, with their blank lines', () => {
    const { text } = markdownToText('Before\n\n    indented code\n    more\n\n```ts\nconst a = 1;\n\nconst b = "<b>";\n```\nAfter');
    expect(text).toBe('Before\n\nindented code\nmore\n\nconst a = 1;\n\nconst b = "<b>";\n\nAfter');
  });

  it('drops raw HTML, keeping text around inline tags but never script contents', () => {
    const { text } = markdownToText('<script>\nalert("BLOCK")\n</script>\n\nSee <b>bold</b> and <script>alert("INLINE")</script>end.<br>Next <!-- comment --> line');
    expect(text).toBe('See bold and end.\nNext line');
  });

  it('keeps link text (not image alt text), drops emphasis and strikethrough markers, hard breaks as new lines', () => {
    const { text } = markdownToText('A [link](http://x) and ![alt text](img.png) *em* __strong__ ~~gone~~  \nnew line\\\nthird');
    expect(text).toBe('A link and em strong gone\nnew line\nthird');
  });

  it('renders tables as rows of cells', () => {
    const { text } = markdownToText('| a | b |\n|---|---|\n| 1 | 2 |\n');
    expect(text).toBe('a | b\n1 | 2');
  });

  it('joins soft-wrapped lines of a paragraph with spaces, and decodes entities', () => {
    const { text } = markdownToText('one\ntwo &amp; three\n\nnext &lt;p&gt;');
    expect(text).toBe('one two & three\n\nnext <p>');
  });

  it('parses front matter variants', () => {
    expect(splitFrontMatter('no front matter\n---\nx: y\n---\n').yaml).toBeNull();
    const { yaml, body } = splitFrontMatter('---\ntitle: A\n---\n# Body\n');
    expect(yaml).toBe('title: A');
    expect(body).toBe('# Body\n');
    expect(parseFrontMatter("title: 'It''s here' # comment\nauthor: Jane Doe and John Smith\npublished: \"March 3, 2024\"\nsource: https://a.example/x")).toEqual({
      title: "It's here",
      authors: ['Jane Doe', 'John Smith'],
      published: '2024-03-03',
      url: 'https://a.example/x',
    });
    expect(parseFrontMatter('authors: [Jane Doe, "John Smith"]\ndate: 2024-03-03T10:00:00Z').authors).toEqual(['Jane Doe', 'John Smith']);
    expect(parseFrontMatter('author:\n  - name: Jane Doe\n  - name: John Smith\nurl: not a url').authors).toEqual(['Jane Doe', 'John Smith']);
    expect(parseFrontMatter('url: not a url').url).toBeNull();
  });

  it('does not treat front matter anywhere but the top as front matter', async () => {
    const doc = await md('# Title\n\n---\ntitle: Not this\n---\n');
    expect(doc.title).toBe('Title');
    expect(doc.text).toContain('title: Not this');
  });
});
