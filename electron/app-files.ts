// The app:// protocol: the built renderer (dist/renderer) and nothing else. A URL becomes a file
// only segment by segment: any segment that decodes to `.`, `..`, or holds a slash, backslash,
// colon or NUL is refused, and the resolved file (links followed) must stay inside the folder.
import fs from 'node:fs';
import path from 'node:path';
import { APP_HOST, APP_SCHEME, SECURITY_HEADERS } from './security.ts';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function contentType(file: string): string {
  return MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * The file under `root` that an app:// URL names, or null when the URL is not ours or tries to
 * leave the folder. `/` is index.html. Does not touch the disk (see serveAppRequest for links).
 */
export function resolveAppFile(root: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.hostname.toLowerCase() !== APP_HOST) return null;
  if (url.port !== '' || url.username !== '' || url.password !== '') return null;
  const raw = url.pathname;
  if (!raw.startsWith('/') || raw.includes('\\')) return null;
  const encoded = raw === '/' ? ['index.html'] : raw.slice(1).split('/');
  const segments: string[] = [];
  for (const segment of encoded) {
    let name: string;
    try {
      name = decodeURIComponent(segment);
    } catch {
      return null;
    }
    if (name === '' || name === '.' || name === '..' || name.startsWith('.')) return null;
    if (/[/\\:\0]/.test(name)) return null;
    segments.push(name);
  }
  const base = path.resolve(root);
  const file = path.resolve(base, ...segments);
  const relative = path.relative(base, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}

export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array | null;
}

function isInside(base: string, file: string): boolean {
  const relative = path.relative(base, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}

function plain(status: number, text: string): AppResponse {
  return {
    status,
    headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' },
    body: new TextEncoder().encode(text),
  };
}

/** Answers one app:// request from the files in `root`, with the security headers on every reply. */
export async function serveAppRequest(root: string, request: { url: string; method: string }): Promise<AppResponse> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
  const file = resolveAppFile(root, request.url);
  if (file === null) return plain(404, 'Not found');
  try {
    const realRoot = await fs.promises.realpath(root);
    const realFile = await fs.promises.realpath(file);
    if (!isInside(realRoot, realFile)) return plain(404, 'Not found');
    const stat = await fs.promises.stat(realFile);
    if (!stat.isFile()) return plain(404, 'Not found');
    const headers = {
      ...SECURITY_HEADERS,
      'Content-Type': contentType(realFile),
      'Content-Length': String(stat.size),
      'Cache-Control': 'no-cache',
    };
    if (request.method === 'HEAD') return { status: 200, headers, body: null };
    return { status: 200, headers, body: new Uint8Array(await fs.promises.readFile(realFile)) };
  } catch {
    return plain(404, 'Not found');
  }
}
