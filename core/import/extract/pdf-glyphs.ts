// The characters of one PDF page as the PDF engine (PDFium) reads them, and the shape of the page
// text made from them. Reading the engine (pdf.ts) and laying a page out (pdf-layout.ts) meet here.

/** Bits of PageGlyphs.flags. */
export const GLYPH_GENERATED = 1; // a space or line break the engine inferred; no glyph on the page
export const GLYPH_HYPHEN = 2; // the engine's own judgement: a hyphen that ends a line (FPDFText_IsHyphen)
export const GLYPH_MAP_ERROR = 4; // the font maps this glyph to no Unicode (FPDFText_HasUnicodeMapError)

/**
 * One page's characters in the engine's order (content-stream order, with the engine's inferred
 * spaces and line breaks), as parallel typed arrays: a page has thousands of them.
 * Coordinates are PDF user space of the unrotated page (origin bottom-left), in points.
 */
export interface PageGlyphs {
  page: number; // 1-based
  width: number;
  height: number;
  /** The page's /Rotate, in degrees clockwise: 0, 90, 180 or 270. */
  rotation: number;
  count: number;
  /** The Unicode code point of each character (FPDFText_GetUnicode); 0 when it has none. */
  unicode: Uint32Array;
  /** The tight glyph box of each character: left, bottom, right, top (FPDFText_GetCharBox). */
  box: Float32Array;
  /** The origin (start of the glyph on its baseline) of each character: x, y. */
  origin: Float32Array;
  /** The font size of each character, in points as drawn (FPDFText_GetFontSize). */
  fontSize: Float32Array;
  /** The angle of each character's baseline, radians counter-clockwise (FPDFText_GetCharAngle). */
  angle: Float32Array;
  /** GLYPH_* bits. */
  flags: Uint8Array;
}

/**
 * A run of a page's text: [start, end, x, y, w, h, ...edges].
 * start/end: offsets of its characters in the page text (the document's text once assembled);
 * x, y: where it starts on its baseline; w: its width along the baseline; h: its font height.
 * edges (optional, end - start - 1 numbers): the distance from x to each boundary between two
 * of its characters, so that a span starting or ending inside the run is placed on the glyphs
 * rather than interpolated. Runs are horizontal; a rotated character is a run of its own.
 */
export type PdfRun = number[];

export interface PageText {
  text: string;
  runs: PdfRun[];
}
