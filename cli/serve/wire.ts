// Bytes over JSON: a Uint8Array travels as {"$bytes": "<base64>"} in both directions, whichever
// field holds it (importFiles' files[].bytes, getOriginal's bytes), so the dispatch loop needs no
// per-method code. The renderer's HTTP client (renderer/lib/wire.ts) speaks the same form.

const TAG = '$bytes';

/** JSON.stringify with every Uint8Array written as {"$bytes": base64}. */
export function encodeJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Uint8Array) return { [TAG]: Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64') };
    // Buffer#toJSON runs before the replacer sees it; catch that shape too.
    if (v && typeof v === 'object' && (v as { type?: unknown }).type === 'Buffer' && Array.isArray((v as { data?: unknown }).data))
      return { [TAG]: Buffer.from((v as { data: number[] }).data).toString('base64') };
    return v;
  });
}

/** JSON.parse with every {"$bytes": base64} read back as a Uint8Array. */
export function decodeJson(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === TAG && typeof (v as Record<string, unknown>)[TAG] === 'string') {
        const buf = Buffer.from((v as Record<string, string>)[TAG]!, 'base64');
        return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      }
    }
    return v;
  });
}
