// Sync's failures in a person's words: the server unreachable, credentials refused, a database
// missing. Never the URL's password, never a stack trace.
import { isPithError } from '../api.ts';
import { redactUrl } from './url.ts';

export function describeSyncError(error: unknown, url: string): string {
  if (isPithError(error)) return error.message;
  const e = (error ?? {}) as { status?: number; code?: string; name?: string; message?: string; reason?: string; error?: string };
  const where = redactUrl(url);
  const code = e.code ?? (e as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED') return `Cannot reach the sync server at ${where}: nothing answers there (is it running?).`;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return `Cannot reach the sync server at ${where}: the name is not known (offline?).`;
  if (code === 'ECONNRESET' || code === 'ETIMEDOUT') return `The connection to the sync server at ${where} was lost; run the sync again to finish.`;
  const reason = String(e.reason ?? e.message ?? '');
  // A document refused during replication carries CouchDB's error name, not the HTTP status.
  const kind = e.error ?? e.name;
  const status = kind === 'forbidden' ? 403 : kind === 'unauthorized' ? 401 : e.status;
  if ((status === 401 || status === 403) && /access this db/i.test(reason))
    return `The sync server at ${where} does not let this user into the database (not one of its members?).`;
  if (status === 401) return `The sync server at ${where} refused the user name or password.`;
  if (status === 403) return `The sync server at ${where} refused a change: ${(reason || 'forbidden').replace(/\.$/, '')}.`;
  if (e.status === 404) return `The sync server at ${where} has no such database (create it, or ask its administrator).`;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return `The archive could not be changed (${e.message}); run the sync again.`;
  const text = String(e.reason ?? e.message ?? error);
  return `The sync with ${where} failed: ${text.replace(/\/\/[^/@\s]*@/g, '//')}`;
}
