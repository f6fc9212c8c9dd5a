// Encrypted PDFs that open without a password (an empty user password: publishers' PDFs, "no
// copying" or "no printing" permissions) are still encrypted: every string and stream is RC4 or
// AES under a key derived from the file's /Encrypt dictionary and /ID (PDF 32000-1 §7.6,
// ISO 32000-2 §7.6.4.3.3 for AES-256). pdf-lib reads none of it. Here we read such a file into
// pdf-lib decrypted, and encrypt what an incremental update appends under the same key, so the
// annotated copy keeps its encryption and permissions (the /Encrypt dictionary is the original's).
import crypto from 'node:crypto';
import {
  PDFArray,
  PDFContext,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFObject,
  PDFObjectStreamParser,
  PDFParser,
  PDFRawStream,
  PDFRef,
  PDFStream,
  PDFString,
  PDFXRefStreamParser,
  PDFBool,
} from 'pdf-lib';

/** Why an encrypted PDF cannot be read: one sentence for the user. */
export class PdfCryptError extends Error {}

type Method = 'RC4' | 'AESV2' | 'AESV3' | 'Identity';

export interface PdfCrypt {
  /** The trailer's /Encrypt value as written into the update's trailer: a reference, or the dictionary itself. */
  trailerEntry: string;
  /** false: XML metadata streams are left in the clear (/EncryptMetadata false). */
  encryptMetadata: boolean;
  decrypt(data: Uint8Array, ref: PDFRef, kind: 'string' | 'stream'): Uint8Array;
  encrypt(data: Uint8Array, ref: PDFRef, kind: 'string' | 'stream'): Uint8Array;
}

const PAD = Buffer.from('28BF4E5E4E758A4164004E56FFFA01082E2E00B6D0683E802F0CA9FE6453697A', 'hex');

function rc4(key: Uint8Array, data: Uint8Array): Uint8Array {
  // Written out: OpenSSL 3 keeps RC4 in its legacy provider, which Node does not load.
  const s = new Uint8Array(256);
  for (let i = 0; i < 256; i += 1) s[i] = i;
  for (let i = 0, j = 0; i < 256; i += 1) {
    j = (j + s[i]! + key[i % key.length]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
  }
  const out = new Uint8Array(data.length);
  for (let k = 0, i = 0, j = 0; k < data.length; k += 1) {
    i = (i + 1) & 255;
    j = (j + s[i]!) & 255;
    [s[i], s[j]] = [s[j]!, s[i]!];
    out[k] = data[k]! ^ s[(s[i]! + s[j]!) & 255]!;
  }
  return out;
}

const md5 = (...parts: Uint8Array[]) => crypto.createHash('md5').update(Buffer.concat(parts)).digest();

function aesDecrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (data.length < 32 || data.length % 16 !== 0) return data.length === 0 ? data : new Uint8Array(0);
  const algorithm = key.length === 32 ? 'aes-256-cbc' : 'aes-128-cbc';
  try {
    const decipher = crypto.createDecipheriv(algorithm, key, data.subarray(0, 16));
    return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
  } catch {
    // Bad padding: a string that was never encrypted, or a damaged one. Like pdf.js, keep what
    // decrypts rather than lose the document over one string.
    const decipher = crypto.createDecipheriv(algorithm, key, data.subarray(0, 16)).setAutoPadding(false);
    return Buffer.concat([decipher.update(data.subarray(16)), decipher.final()]);
  }
}

function aesEncrypt(key: Uint8Array, data: Uint8Array): Uint8Array {
  const iv = crypto.randomBytes(16);
  const cipher = crypto.createCipheriv(key.length === 32 ? 'aes-256-cbc' : 'aes-128-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(data), cipher.final()]);
}

/** ISO 32000-2 Algorithm 2.B: the hash of an AES-256 (R6) password. */
function hash2B(password: Uint8Array, salt: Uint8Array, udata: Uint8Array): Buffer {
  let k = crypto.createHash('sha256').update(Buffer.concat([password, salt, udata])).digest();
  for (let round = 0; ; round += 1) {
    const k1 = Buffer.concat(Array.from({ length: 64 }, () => Buffer.concat([password, k, udata])));
    const cipher = crypto.createCipheriv('aes-128-cbc', k.subarray(0, 16), k.subarray(16, 32)).setAutoPadding(false);
    const e = Buffer.concat([cipher.update(k1), cipher.final()]);
    let sum = 0;
    for (let i = 0; i < 16; i += 1) sum += e[i]!;
    k = crypto.createHash(['sha256', 'sha384', 'sha512'][sum % 3]!).update(e).digest();
    if (round >= 63 && e[e.length - 1]! <= round - 31) break;
  }
  return k.subarray(0, 32);
}

function bytesOf(o: PDFObject | undefined): Uint8Array {
  if (o instanceof PDFString || o instanceof PDFHexString) return o.asBytes();
  return new Uint8Array(0);
}

function numberOf(o: PDFObject | undefined, fallback: number): number {
  return o instanceof PDFNumber ? o.asNumber() : fallback;
}

/**
 * The key of a file protected by the standard security handler, opened with the empty user
 * password. Throws PdfCryptError where that is not how the file opens.
 */
export function standardCrypt(encrypt: PDFDict, trailerEntry: string, id0: Uint8Array): PdfCrypt {
  const filter = encrypt.lookup(PDFName.of('Filter'));
  if (filter !== PDFName.of('Standard')) throw new PdfCryptError('it is encrypted with a security handler other than the standard one');
  const v = numberOf(encrypt.lookup(PDFName.of('V')), 0);
  const r = numberOf(encrypt.lookup(PDFName.of('R')), 0);
  const o = bytesOf(encrypt.lookup(PDFName.of('O')));
  const u = bytesOf(encrypt.lookup(PDFName.of('U')));
  const p = numberOf(encrypt.lookup(PDFName.of('P')), 0);
  const encryptMetadata = encrypt.lookup(PDFName.of('EncryptMetadata')) !== PDFBool.False;

  // Which cipher strings and streams use: V 1–2 RC4; V 4–5 the crypt filters /StrF and /StmF name.
  let strings: Method = 'RC4';
  let streams: Method = 'RC4';
  if (v >= 4) {
    const cf = encrypt.lookup(PDFName.of('CF'));
    const methodOf = (name: PDFObject | undefined): Method => {
      if (!(name instanceof PDFName) || name === PDFName.of('Identity')) return 'Identity';
      const f = cf instanceof PDFDict ? cf.lookup(name) : undefined;
      const cfm = f instanceof PDFDict ? f.lookup(PDFName.of('CFM')) : undefined;
      if (cfm === PDFName.of('AESV2')) return 'AESV2';
      if (cfm === PDFName.of('AESV3')) return 'AESV3';
      if (cfm === PDFName.of('V2')) return 'RC4';
      if (cfm === undefined || cfm === PDFName.of('None')) return 'Identity';
      throw new PdfCryptError(`it uses the unknown crypt filter method ${String(cfm)}`);
    };
    strings = methodOf(encrypt.lookup(PDFName.of('StrF')));
    streams = methodOf(encrypt.lookup(PDFName.of('StmF')));
  } else if (v !== 1 && v !== 2) throw new PdfCryptError(`it uses an unknown encryption algorithm (V ${v})`);

  let fileKey: Uint8Array;
  const empty = new Uint8Array(0);
  if (r === 5 || r === 6) {
    if (u.length < 48) throw new PdfCryptError('its encryption dictionary is damaged');
    const hash = (salt: Uint8Array) => (r === 6 ? hash2B(empty, salt, empty) : crypto.createHash('sha256').update(salt).digest());
    if (!hash(u.subarray(32, 40)).equals(Buffer.from(u.subarray(0, 32)))) throw new PdfCryptError('it needs a password to open');
    const ue = bytesOf(encrypt.lookup(PDFName.of('UE')));
    const decipher = crypto.createDecipheriv('aes-256-cbc', hash(u.subarray(40, 48)), Buffer.alloc(16)).setAutoPadding(false);
    fileKey = Buffer.concat([decipher.update(ue.subarray(0, 32)), decipher.final()]);
  } else if (r >= 2 && r <= 4) {
    // Algorithm 2 with the empty password, which pads to PAD itself.
    const length = r === 2 ? 5 : numberOf(encrypt.lookup(PDFName.of('Length')), 40) / 8;
    const pBytes = Buffer.alloc(4);
    pBytes.writeInt32LE(p | 0);
    let key = md5(PAD, o.subarray(0, 32), pBytes, id0, r >= 4 && !encryptMetadata ? Buffer.from([255, 255, 255, 255]) : empty);
    if (r >= 3) for (let i = 0; i < 50; i += 1) key = md5(key.subarray(0, length));
    fileKey = key.subarray(0, length);
    // Algorithms 4 and 5: the user password is right when U comes out of the key.
    let check: Uint8Array;
    if (r === 2) check = rc4(fileKey, PAD);
    else {
      check = rc4(fileKey, md5(PAD, id0));
      for (let i = 1; i <= 19; i += 1) check = rc4(fileKey.map((b) => b ^ i), check);
    }
    const n = r === 2 ? 32 : 16;
    if (!Buffer.from(check.subarray(0, n)).equals(Buffer.from(u.subarray(0, n)))) throw new PdfCryptError('it needs a password to open');
  } else throw new PdfCryptError(`it uses an unknown revision of the standard security handler (R ${r})`);

  const objectKey = (ref: PDFRef, method: Method): Uint8Array => {
    if (method === 'AESV3') return fileKey;
    const n = Buffer.alloc(5);
    n.writeUIntLE(ref.objectNumber, 0, 3);
    n.writeUInt16LE(ref.generationNumber, 3);
    const h = md5(fileKey, n, method === 'AESV2' ? Buffer.from('sAlT') : empty);
    return h.subarray(0, Math.min(fileKey.length + 5, 16));
  };
  const run = (data: Uint8Array, ref: PDFRef, kind: 'string' | 'stream', dir: 'in' | 'out') => {
    const method = kind === 'string' ? strings : streams;
    if (method === 'Identity') return data;
    const key = objectKey(ref, method);
    if (method === 'RC4') return rc4(key, data);
    return dir === 'in' ? aesDecrypt(key, data) : aesEncrypt(key, data);
  };
  return {
    trailerEntry,
    encryptMetadata,
    decrypt: (data, ref, kind) => run(data, ref, kind, 'in'),
    encrypt: (data, ref, kind) => run(data, ref, kind, 'out'),
  };
}

/** The parser's internals we step into (pdf-lib 1.17: see PDFParser.parseIndirectObject). */
interface ParserInternals {
  context: PDFContext;
  parseIndirectObjectHeader(): PDFRef;
  skipWhitespaceAndComments(): void;
  parseObject(): PDFObject;
  matchKeyword(keyword: number[]): boolean;
  parseIndirectObject(): Promise<PDFRef>;
}

const ENDOBJ = [...'endobj'].map((c) => c.charCodeAt(0));

/**
 * Parses an encrypted PDF into a pdf-lib context with every string and stream decrypted.
 * pdf-lib would inflate the object streams while parsing, but their bytes are encrypted: this
 * parser sets them aside (its own copy of pdf-lib's parseIndirectObject, on this one parser) and
 * reads them once the trailer has told us the key.
 */
export async function parseEncrypted(bytes: Uint8Array): Promise<{ context: PDFContext; crypt: PdfCrypt }> {
  const parser = PDFParser.forBytesWithOptions(bytes, Number.POSITIVE_INFINITY, false, false);
  const inner = parser as unknown as ParserInternals;
  const objectStreams: { ref: PDFRef; stream: PDFRawStream }[] = [];
  inner.parseIndirectObject = async function (this: ParserInternals) {
    const ref = this.parseIndirectObjectHeader();
    this.skipWhitespaceAndComments();
    const object = this.parseObject();
    this.skipWhitespaceAndComments();
    this.matchKeyword(ENDOBJ);
    const type = object instanceof PDFRawStream ? object.dict.lookup(PDFName.of('Type')) : undefined;
    if (type === PDFName.of('ObjStm')) objectStreams.push({ ref, stream: object as PDFRawStream });
    else if (type === PDFName.of('XRef')) PDFXRefStreamParser.forStream(object as PDFRawStream).parseIntoContext();
    else this.context.assign(ref, object);
    return ref;
  };
  const context = await parser.parseDocument();
  // Usually a reference; the trailer may also hold the dictionary itself (its strings are never encrypted).
  const entry = context.trailerInfo.Encrypt as PDFObject | undefined;
  const encryptRef = entry instanceof PDFRef ? entry : null;
  const encrypt = encryptRef ? context.lookup(encryptRef) : entry;
  if (!(encrypt instanceof PDFDict)) throw new PdfCryptError('its encryption dictionary cannot be found');
  const ids = context.trailerInfo.ID;
  const id0 = ids instanceof PDFArray ? bytesOf(ids.get(0)) : new Uint8Array(0);
  const crypt = standardCrypt(encrypt, entry!.toString(), id0);

  // Every object read so far is encrypted (except /Encrypt itself, and cross-reference streams,
  // which were never assigned); then the object streams, whose objects are plain once the stream is.
  for (const [ref, object] of context.enumerateIndirectObjects()) {
    if (ref === encryptRef) continue;
    context.assign(ref, decryptObject(object, ref, crypt, context));
  }
  // Objects stored directly in the file (in practice: an incremental update's) supersede those
  // of object streams, which are read last.
  const direct = context.enumerateIndirectObjects();
  for (const { ref, stream } of objectStreams) {
    const plain = PDFRawStream.of(stream.dict, crypt.decrypt(stream.contents, ref, 'stream'));
    await PDFObjectStreamParser.forStream(plain).parseIntoContext();
  }
  for (const [ref, object] of direct) context.assign(ref, object);
  return { context, crypt };
}

/**
 * `object` with its strings decrypted under `ref`, in place (a stream comes back as a new
 * stream with decrypted contents, around the same dictionary).
 */
export function decryptObject(object: PDFObject, ref: PDFRef, crypt: PdfCrypt, context: PDFContext): PDFObject {
  return transform(object, ref, crypt, context, 'in');
}

/** A copy of `object` encrypted under `ref`, to be written into the file. */
export function encryptObject(object: PDFObject, ref: PDFRef, crypt: PdfCrypt, context: PDFContext): PDFObject {
  return transform(object, ref, crypt, context, 'out');
}

function transform(object: PDFObject, ref: PDFRef, crypt: PdfCrypt, context: PDFContext, dir: 'in' | 'out'): PDFObject {
  const run = dir === 'in' ? crypt.decrypt : crypt.encrypt;
  // Decrypting works in place: pdf-lib's parser made the catalog and page dictionaries
  // PDFCatalog and PDFPageLeaf objects, which must stay what they are. Encrypting, for writing
  // only, works on copies: the document in memory stays in the clear.
  const copy = dir === 'out';
  const walk = (o: PDFObject): PDFObject => {
    if (o instanceof PDFString || o instanceof PDFHexString) return PDFHexString.of(Buffer.from(run(o.asBytes(), ref, 'string')).toString('hex'));
    if (o instanceof PDFArray) {
      const a = copy ? PDFArray.withContext(context) : o;
      for (let i = 0; i < o.size(); i += 1) {
        const value = walk(o.get(i));
        if (copy) a.push(value);
        else a.set(i, value);
      }
      return a;
    }
    if (o instanceof PDFStream) {
      const dict = walk(o.dict) as PDFDict;
      const contents = o.getContents();
      // An XML metadata stream stays readable when the file says so (/EncryptMetadata false).
      if (!crypt.encryptMetadata && o.dict.lookup(PDFName.of('Type')) === PDFName.of('Metadata')) return copy ? PDFRawStream.of(dict, contents) : o;
      return PDFRawStream.of(dict, run(contents, ref, 'stream'));
    }
    if (o instanceof PDFDict) {
      const d = copy ? PDFDict.withContext(context) : o;
      for (const [k, value] of o.entries()) d.set(k, walk(value));
      return d;
    }
    return o;
  };
  return walk(object);
}
