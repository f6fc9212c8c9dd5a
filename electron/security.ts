// The shell's security decisions as pure functions, so that each is unit-tested without Electron:
// which requests may load, where the window may navigate, which links may leave for the system
// browser, which permissions a page gets, and the headers every app response carries.

/** The app is served from app://pith/ (see app-files.ts); nothing else is ever loaded. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pith';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * Originals are streamed to the reader from their own scheme, pith-original://original/<id>
 * (see original-protocol.ts): another origin than the app's, so a document's bytes can never run
 * as the app's script or page, and pdf.js reads a large PDF by ranges instead of one message.
 */
export const ORIGINAL_SCHEME = 'pith-original';
export const ORIGINAL_HOST = 'original';

/** The address of a document's original for the reader. */
export function originalUrl(id: string): string {
  return `${ORIGINAL_SCHEME}://${ORIGINAL_HOST}/${encodeURIComponent(id)}`;
}

/** The document id of a pith-original:// URL, or null when the URL is anything else. */
export function originalId(url: string): string | null {
  const u = parse(url);
  if (u === null || u.protocol !== `${ORIGINAL_SCHEME}:` || u.hostname.toLowerCase() !== ORIGINAL_HOST) return null;
  if (u.port !== '' || u.username !== '' || u.password !== '' || u.search !== '' || u.hash !== '') return null;
  const match = /^\/([^/]{1,200})$/.exec(u.pathname);
  if (!match) return null;
  try {
    const id = decodeURIComponent(match[1]!);
    return /^[\w.-]+$/.test(id) ? id : null;
  } catch {
    return null;
  }
}

/**
 * Headers on every response of the app:// protocol (and on any other response, should one ever
 * get past the request filter). Written as literal assignments so that electronegativity reads
 * and evaluates the policy.
 * - style-src 'unsafe-inline': Svelte's transitions and style directives write inline styles;
 *   script-src stays 'self' only, so no inline or injected script runs.
 * - script-src 'wasm-unsafe-eval': pdf.js decodes JPEG 2000 images with WebAssembly; it allows
 *   compiling WebAssembly, never evaluating JavaScript strings.
 * - worker-src blob:, img-src data: blob:: the pdf.js worker and rendered pages and images.
 * - connect-src pith-original:: the reader fetches originals (by ranges) from that scheme, and
 *   from nothing else: no http(s), no ws.
 */
export const SECURITY_HEADERS: Record<string, string> = {};
SECURITY_HEADERS['Content-Security-Policy'] =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; worker-src 'self' blob:; connect-src 'self' pith-original:; frame-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
SECURITY_HEADERS['X-Content-Type-Options'] = 'nosniff';
SECURITY_HEADERS['Referrer-Policy'] = 'no-referrer';
SECURITY_HEADERS['Cross-Origin-Opener-Policy'] = 'same-origin';
SECURITY_HEADERS['Cross-Origin-Resource-Policy'] = 'same-origin';
SECURITY_HEADERS['Permissions-Policy'] = 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), bluetooth=(), payment=()';

export const CONTENT_SECURITY_POLICY = SECURITY_HEADERS['Content-Security-Policy']!;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** app://pith/… exactly: no other host, no port, no credentials. (Non-special URL hosts keep their case.) */
export function isAppUrl(url: string): boolean {
  const u = parse(url);
  return (
    u !== null &&
    u.protocol === `${APP_SCHEME}:` &&
    u.hostname.toLowerCase() === APP_HOST &&
    u.port === '' &&
    u.username === '' &&
    u.password === ''
  );
}

/**
 * The request filter (session.webRequest.onBeforeRequest): the app's own files, originals
 * (pith-original://original/<id>), the pdf.js
 * worker and images the page made itself (blob: of our origin, data:), and the devtools'
 * own pages. Everything else (http, https, ws, file, ftp, other hosts) is cancelled.
 */
export function isAllowedRequest(url: string): boolean {
  const u = parse(url);
  if (u === null) return false;
  switch (u.protocol) {
    case `${APP_SCHEME}:`:
      return isAppUrl(url);
    case `${ORIGINAL_SCHEME}:`:
      return originalId(url) !== null;
    case 'blob:':
      return isAppUrl(u.pathname);
    case 'data:':
      return true;
    case 'devtools:':
      return true;
    default:
      return false;
  }
}

/**
 * A link the user may open in the system browser (after saying yes): http(s) with a host and no
 * credentials, and of a sane length. Returns the normalized URL, or null.
 */
export function externalLinkTarget(url: string): string | null {
  if (typeof url !== 'string' || url.length > 4096) return null;
  const u = parse(url);
  if (u === null) return null;
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (u.hostname === '' || u.username !== '' || u.password !== '') return null;
  return u.href;
}

export interface NavigationDecision {
  /** Always false for the main frame: the app is one page and never navigates away. */
  allow: boolean;
  /** A link to offer to the system browser, when the target was one. */
  external: string | null;
}

/** will-navigate / will-redirect of the main frame, and setWindowOpenHandler: deny everything. */
export function mainFrameNavigation(url: string): NavigationDecision {
  return { allow: false, external: externalLinkTarget(url) };
}

/**
 * Navigations of subframes (will-frame-navigate): an inert reading frame the renderer may build
 * (about:blank, about:srcdoc) or the app's own pages; nothing from outside.
 */
export function subframeNavigation(url: string): NavigationDecision {
  const allow = url === 'about:blank' || url === 'about:srcdoc' || isAppUrl(url);
  return { allow, external: allow ? null : externalLinkTarget(url) };
}

/**
 * Permission requests and checks. Everything is refused except writing plain text to the
 * clipboard ("Copy quote") from the app itself: no camera, microphone, location, notifications,
 * media keys, HID/USB/serial, fullscreen of documents, or reading the clipboard.
 */
export function permissionAllowed(permission: string, requestingUrl: string): boolean {
  return permission === 'clipboard-sanitized-write' && isAppUrl(requestingUrl);
}

/** A response's headers with ours in place of any the response brought (names compared in any case). */
export function withSecurityHeaders(headers: Record<string, string | string[]>): Record<string, string[]> {
  const ours = new Set(Object.keys(SECURITY_HEADERS).map((name) => name.toLowerCase()));
  const merged: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!ours.has(name.toLowerCase())) merged[name] = Array.isArray(value) ? value : [value];
  }
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) merged[name] = [value];
  return merged;
}
