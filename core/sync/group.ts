// Group libraries: a database on a CouchDB the user administers, shared by its members. `pith group
// create` makes the database, its security object (members only) and the validation function that
// lets only an annotation's author change or delete it; `add`/`remove` manage members (creating the
// CouchDB user when a password is given). The server enforces all of it, not the app.
import { PithError } from '../api.ts';
import { describeSyncError } from './errors.ts';
import { parseSyncUrl, type Credentials } from './url.ts';

/**
 * CouchDB runs this for every write by a non-admin. `fixed.author` is the user an annotation was
 * made by (core/sync/records.ts); a deletion is judged by the version it deletes.
 */
export const VALIDATE_DOC_UPDATE = `function (newDoc, oldDoc, userCtx) {
  if (userCtx.roles.indexOf('_admin') !== -1) return;
  function author(doc) { return doc && doc.fixed ? doc.fixed.author : undefined; }
  if (oldDoc && oldDoc.type === 'annotation' && author(oldDoc) !== userCtx.name) {
    throw({ forbidden: 'Only its author (' + author(oldDoc) + ') may change or delete this annotation; add a note to it instead.' });
  }
  if (newDoc.type === 'annotation' && !newDoc._deleted && author(newDoc) !== userCtx.name) {
    throw({ forbidden: 'An annotation must carry its author\\'s name (' + userCtx.name + ').' });
  }
}`;

interface Server {
  db: string;
  root: string;
  headers: Record<string, string>;
}

function server(url: string, credentials: Credentials): Server {
  const target = parseSyncUrl(url, credentials);
  const u = new URL(target.url);
  const db = u.pathname.replace(/^\/+|\/+$/g, '');
  u.pathname = '/';
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (target.auth) headers.authorization = `Basic ${Buffer.from(`${target.auth.username}:${target.auth.password}`).toString('base64')}`;
  return { db, root: u.toString().replace(/\/$/, ''), headers };
}

async function call(s: Server, method: string, path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(`${s.root}/${path}`, { method, headers: s.headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (error) {
    throw new PithError('internal', describeSyncError((error as { cause?: unknown }).cause ?? error, `${s.root}/${s.db}`));
  }
  const json = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { status: response.status, json };
}

function refuse(s: Server, what: string, r: { status: number; json: Record<string, unknown> }): never {
  if (r.status === 401 || r.status === 403)
    throw new PithError('invalid', `The server at ${s.root} refused to ${what}: it takes the credentials of one of its administrators.`);
  throw new PithError('internal', `The server at ${s.root} could not ${what}: ${String(r.json.reason ?? r.json.error ?? r.status)}.`);
}

const dbPath = (s: Server) => encodeURIComponent(s.db);

/** Creates the group database (if missing), its members-only security and its validation function. */
export async function createGroup(url: string, credentials: Credentials): Promise<{ database: string }> {
  const s = server(url, credentials);
  const made = await call(s, 'PUT', dbPath(s));
  if (made.status !== 201 && made.status !== 202 && made.status !== 412) refuse(s, `create the database ${s.db}`, made);
  const existing = await call(s, 'GET', `${dbPath(s)}/_design/pith`);
  const design = { _id: '_design/pith', ...(existing.status === 200 ? { _rev: existing.json._rev } : {}), validate_doc_update: VALIDATE_DOC_UPDATE };
  const put = await call(s, 'PUT', `${dbPath(s)}/_design/pith`, design);
  if (put.status !== 201 && put.status !== 202) refuse(s, 'install the validation function', put);
  const security = await readSecurity(s);
  await writeSecurity(s, security);
  return { database: s.db };
}

interface Security {
  members: { names: string[]; roles: string[] };
  admins: { names: string[]; roles: string[] };
}

async function readSecurity(s: Server): Promise<Security> {
  const r = await call(s, 'GET', `${dbPath(s)}/_security`);
  if (r.status !== 200) refuse(s, 'read who may use the database', r);
  const j = r.json as Partial<Security>;
  return {
    members: { names: j.members?.names ?? [], roles: j.members?.roles ?? [] },
    admins: { names: j.admins?.names ?? [], roles: j.admins?.roles ?? [] },
  };
}

async function writeSecurity(s: Server, security: Security): Promise<void> {
  // With no member at all CouchDB opens a database to everyone: a group always has its
  // administrators' role as a member role, so it is never public.
  if (!security.members.roles.includes('_admin')) security.members.roles.push('_admin');
  const r = await call(s, 'PUT', `${dbPath(s)}/_security`, security);
  if (r.status !== 200 && r.status !== 201) refuse(s, 'set who may use the database', r);
}

/** Makes `user` a member; with a password, creates the CouchDB user first if it does not exist. */
export async function addMember(url: string, credentials: Credentials, user: string, password?: string): Promise<{ members: string[]; created: boolean }> {
  const s = server(url, credentials);
  let created = false;
  if (password) {
    const r = await call(s, 'PUT', `_users/${encodeURIComponent(`org.couchdb.user:${user}`)}`, { name: user, password, roles: [], type: 'user' });
    if (r.status === 201 || r.status === 202) created = true;
    else if (r.status !== 409) refuse(s, `create the user ${user}`, r);
  }
  const security = await readSecurity(s);
  if (!security.members.names.includes(user)) security.members.names.push(user);
  await writeSecurity(s, security);
  return { members: security.members.names, created };
}

export async function removeMember(url: string, credentials: Credentials, user: string): Promise<{ members: string[] }> {
  const s = server(url, credentials);
  const security = await readSecurity(s);
  security.members.names = security.members.names.filter((n) => n !== user);
  await writeSecurity(s, security);
  return { members: security.members.names };
}
