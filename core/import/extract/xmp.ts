// The document's XMP metadata (dc:title, dc:creator, its date), read from the raw bytes of a PDF.
// PDFium has no call for the catalog's /Metadata stream, but XMP packets are written uncompressed
// so that tools which know nothing of PDF can find them: we look for them the same way. Packets of
// images (their EXIF/TIFF namespaces give them away) are passed over; when a file was updated
// incrementally the last packet is the newest. An encrypted file's packet is encrypted: none found.

export interface Xmp {
  title: string | null;
  creators: string[];
  created: string | null;
}

const OPEN = '<x:xmpmeta';
const CLOSE = '</x:xmpmeta>';
/** Packets larger than this are not document metadata we could use. */
const MAX_PACKET = 256 * 1024;

export function readXmp(bytes: Uint8Array): Xmp | null {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let found: Xmp | null = null;
  for (let at = buf.indexOf(OPEN, 0, 'latin1'); at >= 0; at = buf.indexOf(OPEN, at + OPEN.length, 'latin1')) {
    const end = buf.indexOf(CLOSE, at, 'latin1');
    if (end < 0) break;
    if (end - at > MAX_PACKET) continue;
    const packet = buf.toString('utf8', at, end);
    if (/xmlns:(?:exif|tiff)\s*=/.test(packet)) continue;
    const xmp = parsePacket(packet);
    if (xmp.title || xmp.creators.length || xmp.created) found = xmp;
  }
  return found;
}

function unescapeXml(s: string): string {
  return s.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(amp|lt|gt|quot|apos));/gi, (_, hex: string, dec: string, name: string) => {
    if (hex || dec) {
      const cp = parseInt(hex || dec, hex ? 16 : 10);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : '';
    }
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[name.toLowerCase()]!;
  });
}

/** The items (rdf:li) of a property, or its simple value. */
function items(packet: string, prop: string): string[] {
  const el = new RegExp(`<${prop}(?:\\s[^>]*)?>([\\s\\S]*?)</${prop}>`).exec(packet);
  if (el) {
    const body = el[1]!;
    const lis = [...body.matchAll(/<rdf:li(\s[^>]*)?>([\s\S]*?)<\/rdf:li>/g)];
    if (!lis.length) return [unescapeXml(body).trim()].filter(Boolean);
    // A language alternative: x-default first.
    lis.sort((a, b) => Number(/xml:lang\s*=\s*["']x-default/.test(b[1] ?? '')) - Number(/xml:lang\s*=\s*["']x-default/.test(a[1] ?? '')));
    return lis.map((m) => unescapeXml(m[2]!).trim()).filter(Boolean);
  }
  const attr = new RegExp(`\\s${prop}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(packet);
  const v = attr ? unescapeXml(attr[1] ?? attr[2] ?? '').trim() : '';
  return v ? [v] : [];
}

function parsePacket(packet: string): Xmp {
  return {
    title: items(packet, 'dc:title')[0] ?? null,
    creators: items(packet, 'dc:creator'),
    created: items(packet, 'xmp:CreateDate')[0] ?? items(packet, 'dc:date')[0] ?? null,
  };
}
