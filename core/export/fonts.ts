// The fonts typeset PDFs embed (DejaVu, in resources/fonts/), read and parsed once per process.
import fs from 'node:fs';
import path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument } from 'pdf-lib';
import { packageRoot } from '../paths.ts';

export const FONT_FILES = {
  serif: 'DejaVuSerif.ttf',
  serifBold: 'DejaVuSerif-Bold.ttf',
  sans: 'DejaVuSans.ttf',
  sansBold: 'DejaVuSans-Bold.ttf',
} as const;

export type FontName = keyof typeof FONT_FILES;

/** resources/fonts of the app: beside the sources, the bundles and app.asar alike (packageRoot). */
export function defaultFontsDir(): string {
  return path.join(packageRoot(import.meta.url), 'resources', 'fonts');
}

const bytesCache = new Map<string, Uint8Array>();

export function fontBytes(name: FontName, dir = defaultFontsDir()): Uint8Array {
  const file = path.join(dir, FONT_FILES[name]);
  let bytes = bytesCache.get(file);
  if (!bytes) {
    try {
      bytes = new Uint8Array(fs.readFileSync(file));
    } catch {
      throw new Error(`the font ${FONT_FILES[name]} is missing from ${dir}; reinstall Pith`);
    }
    bytesCache.set(file, bytes);
  }
  return bytes;
}

type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
type FontkitFont = ReturnType<Fontkit['create']>;

const parsed = new WeakMap<Uint8Array, FontkitFont>();

/**
 * The features to embed fonts with for plain typesetting: every OpenType feature off, so one
 * character is one glyph from the cmap. Ligatures would make highlight edges and copied text
 * inexact; Latin, Greek and Cyrillic body text needs no shaping (pdf-lib never applied kerning
 * positions anyway: it reads only the glyphs of a layout).
 */
export const PLAIN_FEATURES: Readonly<Record<string, boolean>> = Object.freeze(
  Object.fromEntries(
    ['rvrn', 'ltra', 'ltrm', 'frac', 'numr', 'dnom', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'dlig', 'rclt', 'curs', 'kern'].map(
      (f) => [f, false],
    ),
  ),
);

type Glyph = ReturnType<FontkitFont['glyphForCodePoint']>;

/**
 * With PLAIN_FEATURES, layout is a cmap lookup per character: fontkit's shaping engine, run for
 * every line pdf-lib draws or measures, was most of the time a typeset PDF took. Other features
 * go through fontkit as before.
 */
function withPlainLayout(font: FontkitFont): FontkitFont {
  const layout = font.layout.bind(font);
  const byCodePoint = new Map<number, Glyph>();
  const plain = ((text: string, features?: unknown, ...rest: unknown[]) => {
    if (features !== PLAIN_FEATURES) return (layout as (...args: unknown[]) => ReturnType<FontkitFont['layout']>)(text, features, ...rest);
    const glyphs: Glyph[] = [];
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      let glyph = byCodePoint.get(cp);
      if (!glyph) {
        glyph = font.glyphForCodePoint(cp);
        byCodePoint.set(cp, glyph);
      }
      glyphs.push(glyph);
    }
    return { glyphs, positions: [] } as unknown as ReturnType<FontkitFont['layout']>;
  }) as FontkitFont['layout'];
  font.layout = plain;
  return font;
}

/**
 * fontkit for pdf-lib that parses each font file once per process, not once per document:
 * pdf-lib only reads from the parsed font (layout, glyphs) and builds a fresh subset per document.
 */
export const sharedFontkit: Fontkit = {
  create(data: Uint8Array, postscriptName?: string) {
    let font = parsed.get(data);
    if (!font) {
      font = withPlainLayout(fontkit.create(data, postscriptName));
      parsed.set(data, font);
    }
    return font;
  },
};
