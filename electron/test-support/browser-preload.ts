// The preload's window.pith (renderer-api.ts, unchanged) with fetch to the shell harness in
// place of the core host's port: bundled to a script and injected into the page by
// e2e/desktop-shell.spec.ts. Bytes travel base64-encoded (see wire.ts), decoded here. Originals
// stream from the harness's /__original/<id>, which answers as pith-original:// does.
import { createPithWindowApi } from '../renderer-api.ts';

function fromWire(text: string): unknown {
  return JSON.parse(text, (_key, item: unknown) => {
    if (item && typeof item === 'object' && typeof (item as { $bytes?: unknown }).$bytes === 'string') {
      const binary = atob((item as { $bytes: string }).$bytes);
      const bytes = new Uint8Array(binary.length);
      for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
      return bytes;
    }
    return item;
  });
}

function toWire(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) => {
    if (item instanceof Uint8Array) {
      let binary = '';
      for (const byte of item) binary += String.fromCharCode(byte);
      return { $bytes: btoa(binary) };
    }
    return item;
  });
}

const side = createPithWindowApi({
  call: async (method, request) => {
    const response = await fetch('/__ipc', { method: 'POST', body: toWire({ method, request }) });
    return fromWire(await response.text());
  },
  onProgress: () => () => undefined,
  on: () => () => undefined,
  grant: (path) => void fetch('/__grant', { method: 'POST', body: JSON.stringify({ path }) }),
  pathForFile: () => '',
});
const windowApi = { ...side.windowApi, originalUrl: (id: string) => `/__original/${encodeURIComponent(id)}` };
Object.defineProperty(window, 'pith', { value: Object.freeze(windowApi), enumerable: true });
