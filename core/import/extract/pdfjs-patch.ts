// Three speed fixes to pdf.js 5.6.205's worker code, applied to its source text when it loads
// (node_modules is left alone). Each replaces one exact passage; if any passage is not found
// exactly once (another pdf.js version), or the patched module fails to load, the stock worker
// is used instead. PITH_PDFJS_STOCK=1 turns the patches off.
//
// 1. getCurrentTextTransform() ran for every glyph of text extraction, building the glyph's
//    matrix through two Util.transform() calls and three arrays. The same arithmetic inlined,
//    with one array: about a third less CPU for text extraction on a 2,000-page manual. The
//    results are the same numbers (the terms dropped are products with the constant zeros).
// 2. Catalog.getPageDict(i) walks the page tree from its root for every page: with a flat tree
//    (one /Pages node with 2,000 kids, as pdf-lib and mupdf write) reading every page is
//    quadratic, about 2 s for 2,000 pages. Past the first pages, the patched version asks for the
//    whole tree once (pdf.js's own getAllPageDicts) and looks pages up in it, when that agrees
//    with the page count; otherwise it takes the original path.
// 3. TextState.clone() (every "q" operator during text extraction) made each copy with the
//    state it copies as its prototype, so every copy had a V8 hidden class of its own and all
//    code reading text states went megamorphic. Copies now share TextState.prototype (every
//    field is an own property, so nothing else changes): about a fifth less CPU again.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const PDFJS_VERSION = '5.6.205';

interface Patch {
  name: string;
  find: string;
  replace: string;
}

const PATCHES: Patch[] = [
  {
    name: 'getCurrentTextTransform',
    find: `    function getCurrentTextTransform() {
      const font = textState.font;
      const tsm = [textState.fontSize * textState.textHScale, 0, 0, textState.fontSize, 0, textState.textRise];
      if (font.isType3Font && (textState.fontSize <= 1 || font.isCharBBox) && !isArrayEqual(textState.fontMatrix, FONT_IDENTITY_MATRIX)) {
        const glyphHeight = font.bbox[3] - font.bbox[1];
        if (glyphHeight > 0) {
          tsm[3] *= glyphHeight * textState.fontMatrix[3];
        }
      }
      return Util.transform(textState.ctm, Util.transform(textState.textMatrix, tsm));
    }`,
    replace: `    function getCurrentTextTransform() {
      const font = textState.font;
      const tsm0 = textState.fontSize * textState.textHScale;
      let tsm3 = textState.fontSize;
      const tsm5 = textState.textRise;
      if (font.isType3Font && (textState.fontSize <= 1 || font.isCharBBox) && !isArrayEqual(textState.fontMatrix, FONT_IDENTITY_MATRIX)) {
        const glyphHeight = font.bbox[3] - font.bbox[1];
        if (glyphHeight > 0) {
          tsm3 *= glyphHeight * textState.fontMatrix[3];
        }
      }
      const t = textState.textMatrix, c = textState.ctm;
      const i0 = t[0] * tsm0, i1 = t[1] * tsm0, i2 = t[2] * tsm3, i3 = t[3] * tsm3;
      const i4 = t[2] * tsm5 + t[4], i5 = t[3] * tsm5 + t[5];
      return [c[0] * i0 + c[2] * i1, c[1] * i0 + c[3] * i1, c[0] * i2 + c[2] * i3, c[1] * i2 + c[3] * i3, c[0] * i4 + c[2] * i5 + c[4], c[1] * i4 + c[3] * i5 + c[5]];
    }`,
  },
  {
    name: 'getPageDict',
    find: `  async getPageDict(pageIndex) {
    const nodesToVisit = [this.toplevelPagesDict];`,
    replace: `  async getPageDict(pageIndex) {
    if (pageIndex >= 32) {
      this.__pithPageDicts ||= this.getAllPageDicts().then(map => {
        try {
          return map.size === this.numPages ? map : null;
        } catch {
          return null;
        }
      }, () => null);
      const entry = (await this.__pithPageDicts)?.get(pageIndex);
      if (entry && entry[0] instanceof Dict) {
        return entry;
      }
    }
    const nodesToVisit = [this.toplevelPagesDict];`,
  },
  {
    name: 'TextState.clone',
    find: `  clone() {
    const clone = Object.assign(Object.create(this), this);
    clone.textMatrix = this.textMatrix.slice();`,
    replace: `  clone() {
    const clone = Object.assign(Object.create(TextState.prototype), this);
    clone.textMatrix = this.textMatrix.slice();`,
  },
];

export interface WorkerModule {
  WorkerMessageHandler: unknown;
}

/** How the pdf.js worker module was loaded, for tests and benchmarks. */
export let pdfjsWorkerPatched: boolean | null = null;

/** pdf.js's worker module source with the patches applied, or null when they do not apply. */
export function patchedWorkerSource(): string | null {
  try {
    const req = createRequire(import.meta.url);
    const pkg = JSON.parse(readFileSync(req.resolve('pdfjs-dist/package.json'), 'utf8')) as { version?: string };
    if (pkg.version !== PDFJS_VERSION) return null;
    let src = readFileSync(req.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs'), 'utf8');
    for (const p of PATCHES) {
      const at = src.indexOf(p.find);
      if (at < 0 || src.indexOf(p.find, at + 1) >= 0) return null;
      src = src.slice(0, at) + p.replace + src.slice(at + p.find.length);
    }
    // The source map would not match any more. Name the module for stack traces, which would
    // otherwise carry the whole data: URL (megabytes) in every frame.
    return `${src.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n')}\n//# sourceURL=pdfjs-dist/legacy/build/pdf.worker.pith-patched.mjs\n`;
  } catch {
    return null;
  }
}

/** Load pdf.js's worker module (which sets globalThis.pdfjsWorker), patched when possible. */
export async function loadWorkerModule(): Promise<WorkerModule> {
  if (process.env.PITH_PDFJS_STOCK !== '1') {
    const src = patchedWorkerSource();
    if (src) {
      try {
        const mod = (await import(`data:text/javascript;base64,${Buffer.from(src).toString('base64')}`)) as WorkerModule;
        if (mod.WorkerMessageHandler) {
          pdfjsWorkerPatched = true;
          return mod;
        }
      } catch {
        // fall through to the stock worker
      }
    }
  }
  const mod = (await import('pdfjs-dist/legacy/build/pdf.worker.mjs')) as WorkerModule;
  pdfjsWorkerPatched = false;
  return mod;
}
