// Bytes of a text file → a JS string: UTF-8 (with or without BOM), UTF-16 LE/BE (BOM, or
// plainly ASCII-in-UTF-16 without one), else the legacy encoding chardet finds, with
// Windows-1252 standing for the whole Latin-1 family. Newlines normalized to \n, BOM removed.
import { isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { ExtractError } from './errors.ts';

export interface Decoded {
  text: string;
  encoding: string;
}

// chardet names for single-byte Latin encodings: decode all of them as Windows-1252, a
// superset of ISO-8859-1 that browsers also use for "latin1". chardet cannot tell these
// apart reliably on short texts and misreads Windows-1252 as ISO-8859-2 and the like.
const LATIN = new Set(['ISO-8859-1', 'windows-1252', 'ISO-8859-15', 'ISO-8859-9', 'windows-1254', 'windows-1258', 'ISO-8859-2', 'windows-1257', 'ASCII']);

export function normalizeNewlines(s: string): string {
  return s.indexOf('\r') < 0 ? s : s.replace(/\r\n?/g, '\n');
}

function stripBom(s: string): string {
  return s.charCodeAt(0) === 0xfeff ? s.slice(1) : s;
}

/** UTF-16 without a BOM: mostly ASCII, so every other byte is zero. */
function sniffUtf16(bytes: Uint8Array): 'utf16le' | 'utf16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenZero++;
    if (bytes[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.7 && evenZero < pairs * 0.05) return 'utf16le';
  if (evenZero > pairs * 0.7 && oddZero < pairs * 0.05) return 'utf16be';
  return null;
}

function hasControlGarbage(s: string): boolean {
  // NUL and C0 controls other than tab/newline/CR/FF, or C1 controls: not text.
  return /[\u0000-\u0008\u000e-\u001f\u0080-\u009f]/.test(s);
}

function mostlyControls(buf: Uint8Array): boolean {
  const n = Math.min(buf.length, 4096);
  let controls = 0;
  for (let i = 0; i < n; i++) {
    const b = buf[i]!;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 12 && b !== 13) controls++;
  }
  return controls > n * 0.05;
}

/** Decode the bytes of a text file. Throws ExtractError for binary content. */
export function decodeText(bytes: Uint8Array): Decoded {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) {
    return { text: normalizeNewlines(buf.toString('utf8', 3)), encoding: 'UTF-8' };
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) {
    return { text: normalizeNewlines(stripBom(iconv.decode(buf.subarray(2), 'utf16le'))), encoding: 'UTF-16LE' };
  }
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) {
    return { text: normalizeNewlines(stripBom(iconv.decode(buf.subarray(2), 'utf16be'))), encoding: 'UTF-16BE' };
  }
  if (buf.indexOf(0) >= 0) {
    const utf16 = sniffUtf16(buf);
    if (utf16) {
      const text = iconv.decode(buf, utf16);
      if (!hasControlGarbage(text)) return { text: normalizeNewlines(stripBom(text)), encoding: utf16.toUpperCase() };
    }
    throw new ExtractError('it looks like a binary file, not text');
  }
  if (isUtf8(buf)) return { text: normalizeNewlines(buf.toString('utf8')), encoding: 'UTF-8' };

  const detected = chardet.detect(buf);
  if (detected && !LATIN.has(detected) && iconv.encodingExists(detected)) {
    const text = iconv.decode(buf, detected);
    if (!hasControlGarbage(text)) return { text: normalizeNewlines(stripBom(text)), encoding: detected };
  }
  if (mostlyControls(buf)) throw new ExtractError('it looks like a binary file, not text');
  return { text: normalizeNewlines(iconv.decode(buf, 'windows-1252')), encoding: 'windows-1252' };
}
