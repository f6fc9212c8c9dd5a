// pith-original://original/<id>: a document's original, streamed from the archive to the reader
// with range requests answered (RFC 9110 §14), as `pith serve` answers GET /api/original/<id>.
// pdf.js reads a large PDF by ranges, so a file of any size opens and nothing is read whole into
// memory or sent as one message. Main asks the core host where the file is (its archive path) and
// reads it here as a stream: asynchronous I/O, nothing that blocks the main process.
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { isPithError } from '../core/api.ts';
import { byteRange } from '../core/byte-range.ts';
import { APP_ORIGIN, originalId } from './security.ts';

export interface OriginalFile {
  name: string;
  mime: string;
  path: string;
  /** What to say when the file is gone from the archive. */
  missing: string;
}

/** Where a document's original is (the core host's answer). */
export type LocateOriginal = (id: string) => Promise<OriginalFile>;

/**
 * The page (app://pith) reads originals from another origin: CORS lets it, and lets it see the
 * headers pdf.js needs to read by ranges. A document's bytes are never a page: no sniffing, and a
 * sandbox CSP should anything ever try to render one.
 */
const COMMON_HEADERS: Record<string, string> = {
  'Access-Control-Allow-Origin': APP_ORIGIN,
  'Access-Control-Expose-Headers': 'Accept-Ranges, Content-Range, Content-Length, Content-Encoding',
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "sandbox; default-src 'none'",
  Vary: 'Origin',
};

function textReply(status: number, message: string, extra: Record<string, string> = {}): Response {
  return new Response(message, { status, headers: { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', ...extra } });
}

export async function serveOriginal(request: { url: string; method: string; headers: Headers }, locate: LocateOriginal): Promise<Response> {
  const id = originalId(request.url);
  if (id === null) return textReply(404, 'There is no such original.');
  if (request.method === 'OPTIONS') {
    // A CORS preflight (pdf.js sends Range headers).
    return new Response(null, {
      status: 204,
      headers: { ...COMMON_HEADERS, 'Access-Control-Allow-Methods': 'GET, HEAD', 'Access-Control-Allow-Headers': 'Range', 'Access-Control-Max-Age': '600' },
    });
  }
  if (request.method !== 'GET' && request.method !== 'HEAD') return textReply(405, 'Originals are only read.', { Allow: 'GET, HEAD, OPTIONS' });

  let file: OriginalFile;
  try {
    file = await locate(id);
  } catch (error) {
    return textReply(isPithError(error) && error.code === 'not-found' ? 404 : 503, isPithError(error) ? error.message : 'The original could not be read.');
  }
  let size: number;
  try {
    const stat = await fs.promises.stat(file.path);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    return textReply(404, file.missing);
  }

  const range = byteRange(request.headers.get('range') ?? undefined, size);
  const headers: Record<string, string> = {
    ...COMMON_HEADERS,
    'Content-Type': file.mime || 'application/octet-stream',
    'Accept-Ranges': 'bytes',
    'Content-Disposition': `inline; filename="${file.name.replace(/[^\w.-]/g, '_')}"`,
  };
  if (range === 'unsatisfiable') return new Response(null, { status: 416, headers: { ...headers, 'Content-Range': `bytes */${size}` } });
  const { start, end } = range ?? { start: 0, end: size - 1 };
  if (range) headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
  headers['Content-Length'] = String(size === 0 ? 0 : end - start + 1);
  const status = range ? 206 : 200;
  if (request.method === 'HEAD' || size === 0) return new Response(null, { status, headers });
  const stream = fs.createReadStream(file.path, { start, end, highWaterMark: 256 * 1024 });
  return new Response(Readable.toWeb(stream) as unknown as ReadableStream<Uint8Array>, { status, headers });
}
