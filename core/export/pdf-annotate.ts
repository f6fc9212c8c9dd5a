// An annotated copy of a PDF original: its own bytes, plus one real /Highlight per highlight and
// quoted takeaway and a /Text note per note (see pdf-annots.ts) in an incremental update, so
// Acrobat, Preview, Okular, Zotero and poppler show the user's work in the file itself.
import { PDFDocument, EncryptedPDFError, ParseSpeeds, type PDFContext } from 'pdf-lib';
import { PdfTextMap, type PageRuns } from '../anchoring/pdf-quads.ts';
import { PithError } from '../api.ts';
import type { ExportAnnotation, ExportDocument, PdfQuad } from './model.ts';
import { defaultAuthor, touchedObjects, writeAnnotations, type AnnotateResult } from './pdf-annots.ts';
import { parseEncrypted, PdfCryptError, type PdfCrypt } from './pdf-crypt.ts';
import { isEncrypted, reserveNumbers, saveIncremental } from './pdf-incremental.ts';
import { quietPdfLib } from './quiet-pdf-lib.ts';

export interface AnnotatePdfOptions {
  /** Text runs per page, to place annotations whose quads were not stored. */
  layouts?: readonly PageRuns[];
  author?: string;
  /** false: rewrite the whole file instead of appending an incremental update. */
  incremental?: boolean;
}

export async function annotatePdf(
  original: Uint8Array,
  doc: ExportDocument,
  options: AnnotatePdfOptions = {},
): Promise<{ bytes: Uint8Array } & AnnotateResult> {
  let pdf: PDFDocument;
  let crypt: PdfCrypt | undefined;
  if (isEncrypted(original)) ({ pdf, crypt } = await loadEncrypted(original));
  else {
    try {
      // Parsed in one go: pdf-lib's default pauses every 100 objects, slow for large files.
      // Its notices about repaired objects are held back (quiet-pdf-lib.ts); its errors are not.
      pdf = await quietPdfLib(() => PDFDocument.load(original, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest }));
    } catch (error) {
      // An encrypted file whose trailer we could not read: tried as one all the same.
      if (!isEncryptedError(error)) throw new PithError('invalid', `the original PDF cannot be read (${(error as Error).message})`);
      ({ pdf, crypt } = await loadEncrypted(original));
    }
  }
  let map: PdfTextMap | null = null;
  const place = (a: ExportAnnotation): PdfQuad[] | null => {
    if (a.quads && a.quads.length > 0) return a.quads;
    if (!a.position || !options.layouts) return null;
    map ??= new PdfTextMap(options.layouts);
    return map.place(a.position.start, a.position.end).quads;
  };
  const firstNew = options.incremental !== false ? reserveNumbers(original, pdf) : null;
  const result = writeAnnotations(pdf, doc, place, options.author ?? defaultAuthor());
  // The original's bytes stay as they are, with the annotations appended as an incremental
  // update; only a file whose cross-reference cannot be found is written whole, as pdf-lib read
  // it (yielding every 50 objects, pdf-lib's default, would only slow that down).
  const incremental = firstNew !== null ? saveIncremental(original, pdf, firstNew, touchedObjects(pdf), crypt) : null;
  if (!incremental && crypt) {
    // pdf-lib would write the decrypted objects under the original's /Encrypt: unreadable.
    throw new PithError('unsupported', 'the PDF is encrypted and its cross-reference table is damaged, so annotations cannot be appended to it');
  }
  const bytes = incremental ?? (await pdf.save({ objectsPerTick: Number.POSITIVE_INFINITY, updateFieldAppearances: false }));
  return { bytes, ...result };
}

/**
 * pdf-lib's EncryptedPDFError is an ES5 subclass of Error: `instanceof` does not recognise it,
 * its message does.
 */
function isEncryptedError(error: unknown): boolean {
  return error instanceof EncryptedPDFError || /\bis encrypted\b/.test((error as Error)?.message ?? '');
}

/**
 * An encrypted PDF that opens without a password, read decrypted (pdf-crypt.ts); the update is
 * then encrypted under the file's own key, so encryption and permissions stay as they were.
 */
async function loadEncrypted(original: Uint8Array): Promise<{ pdf: PDFDocument; crypt: PdfCrypt }> {
  try {
    const { context, crypt } = await parseEncrypted(original);
    // PDFDocument.load's own last step, on our context (the constructor is not in pdf-lib's types).
    const Doc = PDFDocument as unknown as new (context: PDFContext, ignoreEncryption: boolean, updateMetadata: boolean) => PDFDocument;
    return { pdf: new Doc(context, true, false), crypt };
  } catch (error) {
    if (error instanceof PdfCryptError) throw new PithError('unsupported', `the PDF is encrypted and ${error.message}, so annotations cannot be added to it`);
    throw new PithError('invalid', `the original PDF is encrypted and cannot be read (${(error as Error).message})`);
  }
}
