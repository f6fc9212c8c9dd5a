// Who may talk to `pith serve`: a page this server served (Host and Origin are ours) holding the
// token from the URL it printed. Host stops DNS rebinding (evil.example resolving to 127.0.0.1
// still sends Host: evil.example); Origin stops other sites' pages posting to us.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

export function allowedOrigins(port: number): Set<string> {
  return new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
}

/** Null when the request may go on, else the reason it is refused (403). */
export function checkHostAndOrigin(req: IncomingMessage, port: number): string | null {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!allowedHosts(port).has(host)) return `Host "${host}" is not this server.`;
  const origin = req.headers.origin;
  if (origin !== undefined && !allowedOrigins(port).has(origin.toLowerCase())) return `Origin "${origin}" is not this server.`;
  // Browsers that send Sec-Fetch-Site tell us directly when a request comes from elsewhere.
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return 'Cross-site requests are refused.';
  return null;
}

export function sameToken(given: string | null | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return match ? match[1]! : null;
}
