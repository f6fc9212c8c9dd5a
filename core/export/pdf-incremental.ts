// Saving annotations as an incremental update (PDF 32000-1 §7.5.6): the original file's bytes,
// unchanged, followed by the new and changed objects, a cross-reference section for them and a
// trailer whose /Prev points at the original's. Every byte of the original stays as it was
// (a signature over it stays valid, nothing pdf-lib cannot round-trip is lost), and writing
// costs the size of the annotations, not of the file.
import { PDFDocument, PDFObject, PDFRef } from 'pdf-lib';
import { encryptObject, type PdfCrypt } from './pdf-crypt.ts';

const ascii = (s: string) => new TextEncoder().encode(s);

/**
 * Offset of the last cross-reference section, whether it is a stream (PDF 1.5+) or a table, and
 * the file's /Size (one more than its highest object number, object and xref streams included).
 */
export function lastXref(bytes: Uint8Array): { offset: number; stream: boolean; size: number } | null {
  const tail = new TextDecoder('latin1').decode(bytes.subarray(Math.max(0, bytes.length - 2048)));
  const m = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail) ?? [...tail.matchAll(/startxref\s+(\d+)/g)].at(-1);
  if (!m) return null;
  const offset = Number(m[1]);
  if (!Number.isSafeInteger(offset) || offset <= 0 || offset >= bytes.length) return null;
  const head = new TextDecoder('latin1').decode(bytes.subarray(offset, offset + 32));
  const stream = /^\d+\s+\d+\s+obj\b/.test(head);
  if (!stream && !/^xref\b/.test(head)) return null;
  // The table's trailer, or the stream's dictionary, follows; /Size is in it.
  const section = new TextDecoder('latin1').decode(bytes.subarray(offset, stream ? Math.min(bytes.length, offset + 4096) : bytes.length));
  const size = stream ? /\/Size\s+(\d+)/.exec(section) : [...section.matchAll(/trailer[\s\S]*?\/Size\s+(\d+)/g)].at(-1);
  if (!size) return null;
  return { offset, stream, size: Number(size[1]) };
}

/**
 * Whether the file's last trailer (or cross-reference stream dictionary) names an /Encrypt
 * dictionary: read before pdf-lib parses the file, which would stumble over its encrypted
 * object streams first.
 */
export function isEncrypted(bytes: Uint8Array): boolean {
  const xref = lastXref(bytes);
  if (!xref) return false;
  const section = new TextDecoder('latin1').decode(bytes.subarray(xref.offset));
  const dict = xref.stream ? section.slice(0, section.search(/\bstream\b/) + 1 || undefined) : section.slice(section.lastIndexOf('trailer'));
  return /\/Encrypt\s*(?:\d+\s+\d+\s+R|<<)/.test(dict);
}

/**
 * Makes the objects created from now on take numbers above every number the original uses
 * (pdf-lib forgets its object and cross-reference streams, and would hand their numbers out
 * again). Returns the first new number, for saveIncremental; null for a damaged file.
 */
export function reserveNumbers(original: Uint8Array, pdf: PDFDocument): number | null {
  const xref = lastXref(original);
  if (!xref) return null;
  pdf.context.largestObjectNumber = Math.max(pdf.context.largestObjectNumber, xref.size - 1);
  return pdf.context.largestObjectNumber + 1;
}

/**
 * The original plus an update holding every object numbered from `firstNew` (from
 * reserveNumbers, made since) and the `changed` objects (pages or /Annots arrays that gained
 * annotations). Returns null when the original's cross-reference cannot be found (a damaged
 * file): the caller then writes the whole document instead, as pdf-lib repaired it.
 */
export function saveIncremental(
  original: Uint8Array,
  pdf: PDFDocument,
  firstNew: number,
  changed: Iterable<PDFRef>,
  /** An encrypted original's key (pdf-crypt.ts): what is appended is encrypted with it. */
  crypt?: PdfCrypt,
): Uint8Array | null {
  const xref = lastXref(original);
  if (!xref) return null;
  const ctx = pdf.context;
  const objects = new Map<number, { ref: PDFRef; object: PDFObject }>();
  for (const [ref, object] of ctx.enumerateIndirectObjects()) {
    if (ref.objectNumber >= firstNew) objects.set(ref.objectNumber, { ref, object });
  }
  for (const ref of changed) {
    const object = ctx.lookup(ref);
    if (object) objects.set(ref.objectNumber, { ref, object });
  }
  const sorted = [...objects.values()].sort((a, b) => a.ref.objectNumber - b.ref.objectNumber);

  const parts: Uint8Array[] = [original];
  let offset = original.length;
  const push = (chunk: Uint8Array) => {
    parts.push(chunk);
    offset += chunk.length;
  };
  // The original may not end with a line break; an object must start on a new line.
  push(ascii('\n'));
  const offsets = new Map<number, { offset: number; gen: number }>();
  for (const { ref, object } of sorted) {
    offsets.set(ref.objectNumber, { offset, gen: ref.generationNumber });
    const written = crypt ? encryptObject(object, ref, crypt, ctx) : object;
    const body = new Uint8Array(written.sizeInBytes());
    written.copyBytesInto(body, 0);
    push(ascii(`${ref.objectNumber} ${ref.generationNumber} obj\n`));
    push(body);
    push(ascii('\nendobj\n'));
  }

  const trailer = ctx.trailerInfo;
  const extra = [
    trailer.Root ? `/Root ${trailer.Root.toString()}` : '',
    trailer.Info ? `/Info ${trailer.Info.toString()}` : '',
    trailer.ID ? `/ID ${trailer.ID.toString()}` : '',
    crypt ? `/Encrypt ${crypt.trailerEntry}` : '',
    `/Prev ${xref.offset}`,
  ]
    .filter(Boolean)
    .join(' ');
  const numbers = [...offsets.keys()].sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const n of numbers) {
    const last = runs.at(-1);
    if (last && last[0] + last[1] === n) last[1] += 1;
    else runs.push([n, 1]);
  }

  const xrefOffset = offset;
  if (!xref.stream) {
    let table = 'xref\n';
    for (const [start, count] of runs) {
      table += `${start} ${count}\n`;
      for (let n = start; n < start + count; n += 1) {
        const e = offsets.get(n)!;
        table += `${String(e.offset).padStart(10, '0')} ${String(e.gen).padStart(5, '0')} n\r\n`;
      }
    }
    const size = Math.max(ctx.largestObjectNumber, ...numbers) + 1;
    push(ascii(`${table}trailer\n<< /Size ${size} ${extra} >>\nstartxref\n${xrefOffset}\n%%EOF\n`));
  } else {
    // A file whose last section is a cross-reference stream is updated with one (a table after a
    // stream is a hybrid some readers refuse). Entries: type 1, 4-byte offset, 2-byte generation.
    const self = Math.max(ctx.largestObjectNumber, ...numbers) + 1;
    offsets.set(self, { offset: xrefOffset, gen: 0 });
    const all = [...offsets.keys()].sort((a, b) => a - b);
    const index: number[] = [];
    for (const n of all) {
      if (index.length > 0 && index[index.length - 2]! + index[index.length - 1]! === n) index[index.length - 1]! += 1;
      else index.push(n, 1);
    }
    const data = new Uint8Array(all.length * 7);
    all.forEach((n, i) => {
      const e = offsets.get(n)!;
      data[i * 7] = 1;
      new DataView(data.buffer).setUint32(i * 7 + 1, e.offset);
      new DataView(data.buffer).setUint16(i * 7 + 5, e.gen);
    });
    push(ascii(`${self} 0 obj\n<< /Type /XRef /Size ${self + 1} /W [1 4 2] /Index [${index.join(' ')}] ${extra} /Length ${data.length} >>\nstream\n`));
    push(data);
    push(ascii(`\nendstream\nendobj\nstartxref\n${xrefOffset}\n%%EOF\n`));
  }

  const out = new Uint8Array(offset);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
