// HTTP `Range` headers (RFC 9110 §14), shared by the transports that stream originals:
// `pith serve` (GET /api/original/<id>) and the desktop app's pith-original:// protocol.

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
