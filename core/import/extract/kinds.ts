// Which formats Pith reads, by file extension. Kept apart from the extractors so that callers
// which only need to know a file's kind do not load jsdom and PDFium.
import type { DocumentKind } from '../../types.ts';

const KINDS: Record<string, DocumentKind> = {
  txt: 'txt',
  text: 'txt',
  md: 'md',
  markdown: 'md',
  html: 'html',
  htm: 'html',
  xhtml: 'html',
  pdf: 'pdf',
};

export function extensionOf(fileName: string): string {
  const base = fileName.split(/[\\/]/).pop() ?? fileName;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** The document kind for a file name, by its extension; null when Pith does not import it. */
export function kindOf(fileName: string): DocumentKind | null {
  return KINDS[extensionOf(fileName)] ?? null;
}
