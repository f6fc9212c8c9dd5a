// JSON with bytes, for the test harness's stand-in of IPC (which carries Uint8Array natively).
export function encodeWire(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Uint8Array) return { $bytes: Buffer.from(item.buffer, item.byteOffset, item.byteLength).toString('base64') };
    return item;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item && typeof item === 'object' && typeof (item as { $bytes?: unknown }).$bytes === 'string')
      return new Uint8Array(Buffer.from((item as { $bytes: string }).$bytes, 'base64'));
    return item;
  });
}
