// The sync server's address: credentials taken out of it (never printed, never logged), and
// plain http:// refused for anything but this machine and private networks unless asked for.
import net from 'node:net';
import { PithError } from '../api.ts';

export interface SyncTarget {
  /** The database URL without user or password: safe to print and to store. */
  url: string;
  auth: { username: string; password: string } | undefined;
}

export interface Credentials {
  user?: string;
  password?: string;
  insecure?: boolean;
}

export function parseSyncUrl(raw: string, credentials: Credentials = {}): SyncTarget {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new PithError('invalid', `"${redactUrl(raw)}" is not a URL; give the database's address, like https://couch.example.org/pith.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new PithError('invalid', `The sync server's address must start with https:// (or http:// on this machine or a private network), not ${u.protocol}.`);
  }
  if (u.pathname.replace(/\/+$/, '') === '') {
    throw new PithError('invalid', `Name the database in the address, like ${u.origin}/pith.`);
  }
  if (u.protocol === 'http:' && !isLocalOrPrivate(u.hostname) && !credentials.insecure) {
    throw new PithError(
      'invalid',
      `Refusing to send your archive over plain http:// to ${u.hostname}: use https://, or add --insecure if you trust every network in between.`,
    );
  }
  const username = decodeURIComponent(u.username) || credentials.user || '';
  const password = decodeURIComponent(u.password) || credentials.password || '';
  u.username = '';
  u.password = '';
  const url = u.toString().replace(/\/+$/, '');
  return { url, auth: username ? { username, password } : undefined };
}

/** A URL as it may be shown: without its password. */
export function redactUrl(raw: string): string {
  try {
    const u = new URL(raw);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/+$/, '');
  } catch {
    return raw.replace(/\/\/([^/@:]*):[^/@]*@/, '//$1:***@');
  }
}

/** Loopback, link-local and private (RFC 1918, ULA) addresses, and names of this machine. */
export function isLocalOrPrivate(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || host.endsWith('.local')) return true;
  if (net.isIPv4(host)) {
    const [a, b] = host.split('.').map(Number) as [number, number];
    return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
  }
  if (net.isIPv6(host)) return host === '::1' || /^f[cd]/.test(host) || /^fe[89ab]/.test(host);
  return false;
}
