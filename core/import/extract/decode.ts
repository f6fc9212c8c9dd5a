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

// Encodings we take chardet's word for. Anything else it reports (ISO-8859-1/2/9/15,
// windows-1250/1252/1254/1257/1258, or "UTF-8" for bytes that are not valid UTF-8) is decoded
// as Windows-1252, a superset of ISO-8859-1 that browsers also use for "latin1": chardet cannot
// tell the Latin encodings apart on short texts and misreads Windows-1252 as ISO-8859-2 and
// the like.
const NON_LATIN = new Set([
  'windows-1251', 'KOI8-R', 'ISO-8859-5', 'ISO-8859-6', 'ISO-8859-7', 'ISO-8859-8', 'windows-1253',
  'windows-1255', 'windows-1256', 'Shift_JIS', 'EUC-JP', 'ISO-2022-JP', 'EUC-KR', 'ISO-2022-KR',
  'GB18030', 'Big5', 'ISO-2022-CN',
]);
const MIN_CONFIDENCE = 20;

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

  const best = chardet.analyse(buf)[0];
  if (best && best.confidence >= MIN_CONFIDENCE && NON_LATIN.has(best.name) && iconv.encodingExists(best.name)) {
    const text = iconv.decode(buf, best.name);
    if (!hasControlGarbage(text) && text.indexOf('\ufffd') < 0) {
      return { text: normalizeNewlines(stripBom(text)), encoding: best.name };
    }
  }
  if (mostlyControls(buf)) throw new ExtractError('it looks like a binary file, not text');
  return { text: normalizeNewlines(iconv.decode(buf, 'windows-1252')), encoding: 'windows-1252' };
}
