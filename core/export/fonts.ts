// The fonts typeset PDFs embed (DejaVu, in resources/fonts/), read and parsed once per process.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';

export const FONT_FILES = {
  serif: 'DejaVuSerif.ttf',
  serifBold: 'DejaVuSerif-Bold.ttf',
  sans: 'DejaVuSans.ttf',
  sansBold: 'DejaVuSans-Bold.ttf',
} as const;

export type FontName = keyof typeof FONT_FILES;

/** resources/fonts, or $PITH_FONTS_DIR (a packaged app keeps resources outside its sources). */
export function fontsDir(): string {
  return process.env.PITH_FONTS_DIR || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../resources/fonts');
}

const bytesCache = new Map<string, Uint8Array>();

export function fontBytes(name: FontName): Uint8Array {
  const file = path.join(fontsDir(), FONT_FILES[name]);
  let bytes = bytesCache.get(file);
  if (!bytes) {
    try {
      bytes = new Uint8Array(fs.readFileSync(file));
    } catch {
      throw new Error(`the font ${FONT_FILES[name]} is missing from ${fontsDir()}; reinstall Pith`);
    }
    bytesCache.set(file, bytes);
  }
  return bytes;
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type FontkitFont = ReturnType<Fontkit['create']>;

const parsed = new WeakMap<Uint8Array, FontkitFont>();

/**
 * fontkit for pdf-lib that parses each font file once per process, not once per document:
 * pdf-lib only reads from the parsed font (layout, glyphs) and builds a fresh subset per document.
 */
export const sharedFontkit: Fontkit = {
  create(data: Uint8Array, postscriptName?: string) {
    let font = parsed.get(data);
    if (!font) {
      font = fontkit.create(data, postscriptName);
      parsed.set(data, font);
    }
    return font;
  },
};
