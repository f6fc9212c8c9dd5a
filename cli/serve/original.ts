// GET /api/original/<id>: a document's original file, streamed from the archive with range
// requests answered (RFC 9110 §14), so pdf.js reads only the parts of a large PDF it shows and a
// file of any size opens: nothing is read whole into memory or encoded into JSON.
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { byteRange } from '../../core/byte-range.ts';

export { byteRange };

export interface OriginalFile {
  name: string;
  mime: string;
  path: string;
  /** What to say when the file is gone from the archive. */
  missing: string;
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
