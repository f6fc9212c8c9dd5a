// The one allowlist of what an imported page may keep: DOMPurify's HTML profile over the DOM
// (scripts, styles, event handlers, frames and forms out) before the page is read, and the URLs
// a link or an image may carry. Everything not allowed here is dropped.
import { createRequire } from 'node:module';
import type { DOMPurify as Purifier } from 'dompurify';

const requireLazily = createRequire(import.meta.url);
let purifier: Purifier | null = null;
let purifierWindow: unknown = null;

/** Tags taken out with everything in them: what they hold is never text of the page. */
export const DROPPED_WITH_CONTENT = ['style', 'script', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'svg', 'math', 'title', 'head'];
const FORBID_TAGS = ['style', 'script', 'template', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'link', 'meta', 'base'];

/**
 * Sanitizes an element in place (its document stays the caller's to release). `window` is the
 * jsdom window the element's document was parsed in. In place rather than as a copy: the page's
 * document is thrown away once read, so a copy would only cost time.
 */
export function sanitizeInPlace(window: unknown, root: Element): Element {
  if (!purifier || purifierWindow !== window) {
    const create = requireLazily('dompurify') as (w: unknown) => Purifier;
    purifier = create(window);
    purifierWindow = window;
  }
  purifier.sanitize(root, {
    USE_PROFILES: { html: true },
    FORBID_TAGS,
    // what these hold is never the page's text
    FORBID_CONTENTS: DROPPED_WITH_CONTENT,
    IN_PLACE: true,
  });
  // DOMPurify remembers what it removed until its next call: those nodes would keep the page alive.
  purifier.removed.length = 0;
  return root;
}

/** A link's target, if it is one the reader may offer to open: absolute http, https or mailto. */
export function safeLinkHref(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const href = raw.trim();
  if (href.length > 2048 || /[\s<>"]/.test(href.replace(/ /g, '%20'))) return null;
  if (/^https?:\/\/[^/?#\s]+/i.test(href)) {
    try {
      const url = new URL(href);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  }
  if (/^mailto:[^\s]+$/i.test(href)) return href;
  return null;
}

/** Image types a data: URI may carry (raster only: an SVG is a document of its own). */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'image/avif', 'image/bmp'] as const;

const DATA_IMAGE = /^data:(image\/(?:png|jpeg|jpg|gif|webp|avif|bmp));base64,([A-Za-z0-9+/\s]*={0,2})$/i;
/** Largest data: image kept in a document's structure (larger ones become placeholders). */
const MAX_DATA_IMAGE = 4 * 1024 * 1024;

export type ImageSource = { kind: 'data'; uri: string } | { kind: 'file'; path: string } | { kind: 'remote' } | null;

/**
 * What an <img src> points at: a data: URI of an image type (kept, normalised), a relative path
 * (a file beside the page: stored with the document at import if it is there), a remote URL
 * (never fetched), or nothing usable.
 */
export function imageSource(raw: string | null | undefined): ImageSource {
  if (!raw) return null;
  const src = raw.trim();
  if (/^data:/i.test(src)) {
    const m = DATA_IMAGE.exec(src);
    if (!m || src.length > MAX_DATA_IMAGE) return null;
    const type = m[1]!.toLowerCase().replace('image/jpg', 'image/jpeg');
    return { kind: 'data', uri: `data:${type};base64,${m[2]!.replace(/\s+/g, '')}` };
  }
  if (/^[a-z][a-z0-9+.-]*:/i.test(src) || src.startsWith('//')) return /^(https?:)?\/\//i.test(src) ? { kind: 'remote' } : null;
  const path = src.replace(/[?#].*$/, '');
  if (!path || path.startsWith('/') || path.startsWith('\\')) return null;
  try {
    return { kind: 'file', path: decodeURIComponent(path) };
  } catch {
    return null;
  }
}

/** The image type of a file's first bytes, if it is one of IMAGE_TYPES. */
export function sniffImageType(bytes: Uint8Array): (typeof IMAGE_TYPES)[number] | null {
  const b = bytes;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'image/gif';
  if (b.length >= 12 && b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45 && b[10] === 0x42 && b[11] === 0x50)
    return 'image/webp';
  if (b.length >= 12 && b[4] === 0x66 && b[5] === 0x74 && b[6] === 0x79 && b[7] === 0x70 && b[8] === 0x61 && b[9] === 0x76 && b[10] === 0x69)
    return 'image/avif';
  if (b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d) return 'image/bmp';
  return null;
}
