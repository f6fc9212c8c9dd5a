// GET /api/original/<id>: a document's original file, streamed from the archive with range
// requests answered (RFC 9110 §14), so pdf.js reads only the parts of a large PDF it shows and a
// file of any size opens: nothing is read whole into memory or encoded into JSON.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface OriginalFile {
  name: string;
  mime: string;
  path: string;
  /** What to say when the file is gone from the archive. */
  missing: string;
}

/**
 * The one byte range of a `Range` header for a file of `size` bytes: [start, end] inclusive;
 * null when the header is absent or asks for several ranges (then the whole file is sent, as the
 * RFC allows); 'unsatisfiable' when it asks for bytes past the end.
 */
export function byteRange(header: string | undefined, size: number): { start: number; end: number } | null | 'unsatisfiable' {
  if (!header) return null;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return null;
  if (m[1] === '') {
    // The last N bytes.
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}

/** Answers a GET or HEAD for an original; `fail` answers errors in the API's JSON shape. */
export function sendOriginal(
  req: IncomingMessage,
  res: ServerResponse,
  file: OriginalFile,
  fail: (status: number, message: string) => void,
): void {
  let size: number;
  try {
    size = fs.statSync(file.path).size;
  } catch {
    return fail(404, file.missing);
  }
  const range = byteRange(req.headers.range, size);
  const headers: Record<string, string | number> = {
    'Content-Type': file.mime || 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Cache-Control': 'no-store',
    'Content-Disposition': `inline; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
    'X-Content-Type-Options': 'nosniff',
  };
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}` });
    res.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  headers['Content-Length'] = size === 0 ? 0 : end - start + 1;
  res.writeHead(range ? 206 : 200, headers);
  if (req.method === 'HEAD' || size === 0) {
    res.end();
    return;
  }
  const stream = fs.createReadStream(file.path, { start, end });
  stream.on('error', () => res.destroy());
  res.on('close', () => stream.destroy());
  stream.pipe(res);
}
