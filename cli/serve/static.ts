// The built renderer as static files. Only regular files inside the folder are served: `..`
// (plain or percent-encoded), absolute paths, backslashes, NUL and symlinks leading out are refused.
import fs from 'node:fs';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ttf': 'font/ttf',
};

export type StaticResult = { status: 200; file: string; type: string; size: number } | { status: 400 | 403 | 404; reason: string };

/** Resolves a URL path (before the query) to a file under root, or says why not. */
export function resolveStatic(root: string, urlPath: string): StaticResult {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return { status: 400, reason: 'Malformed path.' };
  }
  if (decoded.includes('\0') || decoded.includes('\\')) return { status: 400, reason: 'Malformed path.' };
  if (!decoded.startsWith('/') || decoded.startsWith('//')) return { status: 400, reason: 'Malformed path.' };
  const segments = decoded.split('/').filter((s) => s !== '');
  if (segments.some((s) => s === '..' || s === '.')) return { status: 403, reason: 'Paths may not leave the app folder.' };
  if (segments.some((s) => path.isAbsolute(s) || /^[a-zA-Z]:/.test(s))) return { status: 403, reason: 'Absolute paths are refused.' };
  const relative = segments.length === 0 ? 'index.html' : segments.join('/');
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return { status: 404, reason: 'The app is not built: run `npx vite build` first.' };
  }
  const candidate = path.resolve(realRoot, relative);
  if (candidate !== realRoot && !candidate.startsWith(realRoot + path.sep)) return { status: 403, reason: 'Paths may not leave the app folder.' };
  let real: string;
  try {
    real = fs.realpathSync(candidate);
  } catch {
    return { status: 404, reason: 'Not found.' };
  }
  // A symlink inside the folder that points outside it is refused like `..`.
  if (!real.startsWith(realRoot + path.sep)) return { status: 403, reason: 'Paths may not leave the app folder.' };
  const stat = fs.statSync(real);
  if (!stat.isFile()) return { status: 404, reason: 'Not found.' };
  return { status: 200, file: real, type: TYPES[path.extname(real).toLowerCase()] ?? 'application/octet-stream', size: stat.size };
}
