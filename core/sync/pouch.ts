// PouchDB, loaded only when sync runs (an archive that never syncs never loads it), with the
// few types Pith uses of it, and the revisions Pith writes itself.
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { canonical } from './records.ts';

export interface PouchDoc {
  _id: string;
  _rev?: string;
  _deleted?: boolean;
  _revisions?: { start: number; ids: string[] };
  _attachments?: Record<string, { content_type: string; data: Buffer | string }>;
  [field: string]: unknown;
}

export interface ChangesResult {
  results: { id: string; seq: number | string; deleted?: boolean }[];
  last_seq: number | string;
}

export interface ReplicationInfo {
  docs_written: number;
  docs_read: number;
  doc_write_failures: number;
  errors: unknown[];
}

export interface Replicator extends PromiseLike<ReplicationInfo> {
  cancel(): void;
  on(event: string, listener: (info: unknown) => void): Replicator;
}

export interface PouchDatabase {
  get(id: string, options?: Record<string, unknown>): Promise<PouchDoc>;
  getLeaves(id: string): Promise<{ ok?: PouchDoc; missing?: string }[]>;
  put(doc: PouchDoc): Promise<{ rev: string }>;
  bulkDocs(docs: PouchDoc[], options?: { new_edits?: boolean }): Promise<unknown[]>;
  changes(options: Record<string, unknown>): Promise<ChangesResult>;
  info(): Promise<{ update_seq: number | string; doc_count: number }>;
  allDocs(options: { keys: string[]; include_docs: true }): Promise<{
    rows: { key: string; error?: string; value?: { rev: string; deleted?: boolean }; doc?: PouchDoc | null }[];
  }>;
  getAttachment(id: string, name: string): Promise<Buffer>;
  close(): Promise<void>;
  replicate: {
    to(target: PouchDatabase, options?: Record<string, unknown>): Replicator;
    from(source: PouchDatabase, options?: Record<string, unknown>): Replicator;
  };
}

type PouchConstructor = new (name: string, options?: Record<string, unknown>) => PouchDatabase;

let constructor: PouchConstructor | undefined;

function load(): PouchConstructor {
  if (!constructor) constructor = createRequire(import.meta.url)('pouchdb-node') as PouchConstructor;
  return constructor;
}

function wrap(db: PouchDatabase): PouchDatabase {
  // open_revs returns every leaf, deletions included; named here so callers read as what they mean.
  db.getLeaves = (id: string) => (db.get(id, { open_revs: 'all' }) as unknown as Promise<{ ok?: PouchDoc; missing?: string }[]>);
  return db;
}

/** The archive's replica: a LevelDB folder. */
export function openReplica(folder: string): PouchDatabase {
  const Pouch = load();
  return wrap(new Pouch(folder, { auto_compaction: false }));
}

export function openRemote(url: string, auth: { username: string; password: string } | undefined): PouchDatabase {
  const Pouch = load();
  return wrap(new Pouch(url, { auth, skip_setup: false }));
}

export function isNotFound(error: unknown): boolean {
  return (error as { status?: number }).status === 404;
}

/**
 * A child of `parent` (or a first revision), written with new_edits:false. Its id is a hash of
 * the parent and the content, so the same change written twice (a sync killed after writing the
 * replica and before recording it) is the same revision, and two devices settling the same
 * conflict the same way write the same revision instead of a new conflict.
 */
export function childRevision(parent: string | undefined, content: unknown): { _rev: string; _revisions: { start: number; ids: string[] } } {
  const n = parent ? Number.parseInt(parent, 10) + 1 : 1;
  const hash = crypto.createHash('md5').update(canonical({ parent: parent ?? null, content })).digest('hex');
  const ids = parent ? [hash, parent.slice(parent.indexOf('-') + 1)] : [hash];
  return { _rev: `${n}-${hash}`, _revisions: { start: n, ids } };
}
