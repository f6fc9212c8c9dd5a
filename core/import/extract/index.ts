// The per-format text extractors of the import pipeline: bytes of a file in, its text and
// metadata out. Pure functions (no database, no file system); PDFs can be split into page ranges
// so one big file can be extracted by several worker threads.
import type { DocumentKind } from '../../types.ts';
import { ExtractError, UnsupportedFormatError } from './errors.ts';
import { decodeText } from './decode.ts';
import { markdownToText, parseFrontMatter, splitFrontMatter } from './markdown.ts';
import { extractHtml } from './html.ts';
import { sliceStructure } from './structure.ts';
import { assemblePdf, extractPdfChunk } from './pdf.ts';
import type { Extracted } from './types.ts';
import { extensionOf, kindOf } from './kinds.ts';
import { clampTitle, findDate, splitAuthors, titleFromFileName, titleFromText } from '../metadata.ts';

// kindOf lives in kinds.ts so that callers who only need a file's kind need not load jsdom.
export { kindOf } from './kinds.ts';
export { ExtractError, UnsupportedFormatError } from './errors.ts';
export type { Extracted, PdfPageLayout } from './types.ts';
export type { PdfChunk, PdfChunkPage, PdfInfo } from './pdf.ts';
export { assemblePdf, extractPdfChunk, extractPdfPart, NO_TEXT_LAYER_NOTE, pdfPageLabels } from './pdf.ts';

const MIMES: Record<string, string> = {
  txt: 'text/plain',
  text: 'text/plain',
  md: 'text/markdown',
  markdown: 'text/markdown',
  html: 'text/html',
  htm: 'text/html',
  xhtml: 'application/xhtml+xml',
  pdf: 'application/pdf',
};

export const NO_TEXT_HTML_NOTE = 'This page has no readable text; it was imported without text.';

/** Extract text and metadata from a file's bytes. Throws UnsupportedFormatError or ExtractError. */
export async function extract(fileName: string, bytes: Uint8Array): Promise<Extracted> {
  const ext = extensionOf(fileName);
  const kind = kindOf(fileName);
  if (!kind) {
    throw new UnsupportedFormatError(
      ext
        ? `".${ext}" files are not supported (Pith imports PDF, HTML, Markdown and plain text)`
        : 'files without an extension are not supported (Pith imports .pdf, .html, .md and .txt files)',
    );
  }
  if (bytes.length === 0) throw new ExtractError('the file is empty');
  const mime = MIMES[ext]!;
  switch (kind) {
    case 'pdf':
      return assemblePdf([await extractPdfChunk(bytes, 1, Infinity)], fileName);
    case 'txt':
      return { ...extractTxt(bytes, fileName), mime };
    case 'md':
      return { ...extractMd(bytes, fileName), mime };
    case 'html': {
      const r = extractHtml(bytes);
      const hasText = /\S/.test(r.text);
      return {
        kind,
        mime,
        title: r.title ?? (hasText ? titleFromText(r.text) : null) ?? titleFromFileName(fileName),
        authors: r.authors,
        published: r.published,
        url: r.url,
        text: r.text,
        structure: r.structure,
        pages: null,
        pageStarts: null,
        pageLabels: null,
        layout: null,
        note: hasText ? null : NO_TEXT_HTML_NOTE,
      };
    }
  }
}

function plain(kind: DocumentKind, mime: string, text: string): Extracted {
  return { kind, mime, title: null, authors: [], published: null, url: null, text, structure: null, pages: null, pageStarts: null, pageLabels: null, layout: null, note: null };
}

/** Blank lines at the top and whitespace at the end carry nothing. */
function tidy(text: string): string {
  return text.replace(/^(?:[ \t]*\n)+/, '').trimEnd();
}

function extractTxt(bytes: Uint8Array, fileName: string): Extracted {
  const text = tidy(decodeText(bytes).text);
  if (!text) throw new ExtractError('the file has no text (it is blank)');
  const doc = plain('txt', 'text/plain', text);
  doc.title = titleFromText(text) ?? titleFromFileName(fileName);
  doc.published = findDate(text);
  // A "By …" / "Author: …" line or a "Source: https://…" line near the top.
  const head = text.slice(0, 3000).split('\n').slice(0, 15);
  for (const line of head) {
    const by = /^\s*(?:by|authors?:)\s+([^\n]{3,120})$/i.exec(line);
    if (by && !doc.authors.length) doc.authors = splitAuthors(by[1]!).filter((a) => !/\d{4}/.test(a));
    const src = /^\s*(?:url|source|link|canonical)\s*:\s*(https?:\/\/\S+)\s*$/i.exec(line);
    if (src && !doc.url) doc.url = src[1]!;
  }
  return doc;
}

function extractMd(bytes: Uint8Array, fileName: string): Extracted {
  const src = decodeText(bytes).text;
  const { yaml, body } = splitFrontMatter(src);
  const fm = yaml !== null ? parseFrontMatter(yaml) : null;
  const { text: raw, structure, headings } = markdownToText(body);
  const text = tidy(raw);
  if (!text) throw new ExtractError('the file has no text (it is blank)');
  const doc = plain('md', 'text/markdown', text);
  const lead = raw.length - raw.replace(/^(?:[ \t]*\n)+/, '').length;
  doc.structure = sliceStructure(structure, lead, lead + text.length);
  const h1 = headings.find((h) => h.level === 1) ?? headings[0];
  doc.title = fm?.title ?? clampTitle(h1?.text) ?? titleFromText(text) ?? titleFromFileName(fileName);
  doc.authors = fm?.authors ?? [];
  doc.published = fm?.published ?? findDate(text);
  doc.url = fm?.url ?? null;
  return doc;
}
