import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extract, ExtractError, kindOf, UnsupportedFormatError } from './index.ts';
import { decodeText } from './decode.ts';
import { findSuggestedTakeaways } from '../takeaways.ts';

const SAMPLE = '/work/shared/samples/nato-western-balkans-2025.txt';
const utf8 = (s: string) => new TextEncoder().encode(s);
const concat = (...parts: Uint8Array[]) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

// Text with characters outside ASCII in all the encodings below.
const CP1252_TEXT = '“Priština” is a city, said the café owner – it’s true… €5, naïve façade.\nSecond line.';
const LATIN1_TEXT = 'Le café est très agréable à Genève. Déjà vu, naïve façade, señor, Ærø.\nFin.';

describe('kindOf', () => {
  it.each([
    ['a.txt', 'txt'],
    ['a.TEXT', 'txt'],
    ['notes.md', 'md'],
    ['notes.markdown', 'md'],
    ['page.html', 'html'],
    ['PAGE.HTM', 'html'],
    ['page.xhtml', 'html'],
    ['/dir.with.dots/Report.PDF', 'pdf'],
    ['C:\\docs\\x.pdf', 'pdf'],
  ])('%s → %s', (name, kind) => {
    expect(kindOf(name)).toBe(kind);
  });

  it.each(['a.docx', 'a.epub', 'README', '.txt', 'archive.tar.gz', 'a.pdf.exe'])('%s → null', (name) => {
    expect(kindOf(name)).toBeNull();
  });
});

describe('unsupported and empty files', () => {
  it('rejects an unsupported extension, naming it', async () => {
    await expect(extract('report.docx', utf8('x'))).rejects.toThrow(UnsupportedFormatError);
    await expect(extract('report.docx', utf8('x'))).rejects.toThrow(/"\.docx" files are not supported/);
    await expect(extract('Makefile', utf8('x'))).rejects.toThrow(/without an extension/);
  });

  it.each(['empty.txt', 'empty.md', 'empty.html', 'empty.pdf'])('%s → "the file is empty"', async (name) => {
    const err = await extract(name, new Uint8Array(0)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect((err as Error).message).toBe('the file is empty');
  });

  it('rejects a text file with nothing but blank space', async () => {
    await expect(extract('blank.txt', utf8(' \n\t\r\n  '))).rejects.toThrow(/no text/);
    await expect(extract('blank.md', utf8('\n\n'))).rejects.toThrow(/no text/);
  });
});

describe('plain text', () => {
  it('extracts the sample article: text, title, date, takeaways', async () => {
    const bytes = readFileSync(SAMPLE);
    const doc = await extract('nato-western-balkans-2025.txt', bytes);
    expect(doc.kind).toBe('txt');
    expect(doc.mime).toBe('text/plain');
    expect(doc.text).toBe(bytes.toString('utf8').trimEnd());
    expect(doc.published).toBe('2025-03-10');
    // The first line is one long sentence: the title is its start, cut at a word boundary.
    expect(doc.title).toMatch(/^NATO Secretary General Mark Rutte concluded a two-day visit to Sarajevo and Pristina, .*…$/);
    expect(doc.title!.length).toBeLessThanOrEqual(151);
    expect(doc.text.startsWith(doc.title!.slice(0, -1))).toBe(true);
    expect(doc.pages).toBeNull();
    expect(doc.pageStarts).toBeNull();
    expect(doc.layout).toBeNull();
    expect(doc.note).toBeNull();
    expect(findSuggestedTakeaways(doc.text)).toHaveLength(5);
    expect(doc.text).toContain('"will not allow a security vacuum to emerge."');
  });

  it('decodes UTF-8 with a BOM, and strips it', async () => {
    const doc = await extract('a.txt', concat(new Uint8Array([0xef, 0xbb, 0xbf]), utf8(CP1252_TEXT)));
    expect(doc.text).toBe(CP1252_TEXT);
    expect(doc.title).toBe('“Priština” is a city, said the café owner – it’s true… €5, naïve façade.');
  });

  it('decodes UTF-16 LE with a BOM', async () => {
    const bytes = concat(new Uint8Array([0xff, 0xfe]), iconv.encode(CP1252_TEXT, 'utf16le'));
    expect((await extract('a.txt', bytes)).text).toBe(CP1252_TEXT);
  });

  it('decodes UTF-16 BE with a BOM', async () => {
    const bytes = concat(new Uint8Array([0xfe, 0xff]), iconv.encode(CP1252_TEXT, 'utf16be'));
    expect((await extract('a.txt', bytes)).text).toBe(CP1252_TEXT);
  });

  it('decodes mostly-ASCII UTF-16 without a BOM', async () => {
    const text = 'Plain English notes about Priština.\nSecond line.';
    expect(decodeText(iconv.encode(text, 'utf16le')).text).toBe(text);
    expect(decodeText(iconv.encode(text, 'utf16be')).text).toBe(text);
  });

  it('decodes Windows-1252: curly quotes, dashes, ellipsis, euro, "Priština", "café"', async () => {
    const bytes = iconv.encode(CP1252_TEXT, 'windows-1252');
    expect(bytes.includes(0x93)).toBe(true); // “ is 0x93 in Windows-1252
    expect(bytes.includes(0x9a)).toBe(true); // š is 0x9A
    const doc = await extract('a.txt', bytes);
    expect(doc.text).toBe(CP1252_TEXT);
  });

  it('decodes Latin-1 (ISO-8859-1)', async () => {
    const bytes = iconv.encode(LATIN1_TEXT, 'latin1');
    expect((await extract('a.txt', bytes)).text).toBe(LATIN1_TEXT);
  });

  it('decodes a short Latin-1 word', async () => {
    expect((await extract('a.txt', iconv.encode('café', 'latin1'))).text).toBe('café');
  });

  it('prefers UTF-8 whenever the bytes are valid UTF-8', () => {
    const text = 'Priština café – “quoted” 東京 😀';
    expect(decodeText(utf8(text))).toEqual({ text, encoding: 'UTF-8' });
  });

  it('decodes Cyrillic in Windows-1251 when chardet is sure of it', () => {
    const text = 'Привет, как дела? Это тестовый текст на русском языке для проверки кодировки.';
    expect(decodeText(iconv.encode(text, 'windows-1251')).text).toBe(text);
  });

  it('normalizes CRLF and CR line ends to \\n', async () => {
    const doc = await extract('a.txt', utf8('Title line\r\nsecond\rthird\r\n\r\nfourth'));
    expect(doc.text).toBe('Title line\nsecond\nthird\n\nfourth');
    expect(doc.title).toBe('Title line');
  });

  it('rejects binary content', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 1, 2, 3, 0, 0, 7]);
    const err = await extract('image.txt', bytes).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ExtractError);
    expect((err as Error).message).toBe('it looks like a binary file, not text');
    await expect(extract('x.txt', concat(utf8('hello'), new Uint8Array([0]), utf8('world')))).rejects.toThrow(/binary/);
    await expect(extract('x.md', new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 0x80, 0x81]))).rejects.toThrow(/binary/);
  });

  it('finds a "By" line and a source URL near the top', async () => {
    const doc = await extract('a.txt', utf8('A headline\nBy Jane Doe and John Smith\nSource: https://example.com/a\n\nBody text on 2024-01-05.'));
    expect(doc.authors).toEqual(['Jane Doe', 'John Smith']);
    expect(doc.url).toBe('https://example.com/a');
    expect(doc.published).toBe('2024-01-05');
  });

  it('falls back to the file name for a title when no line has letters', async () => {
    const doc = await extract('/tmp/numbers 2025.txt', utf8('1 2 3\n4 5 6\n'));
    expect(doc.title).toBe('numbers 2025');
  });
});
