// Sync: the same archive on several machines (and a group's library), over CouchDB replication.
//
// DESIGN
// - pith.db stays the working store and the only search index. A local PouchDB replica (LevelDB,
//   <archive>/sync/replica) holds the records that travel; PouchDB replicates it with the remote
//   database (Apache CouchDB 3, or pouchdb-server in tests). FTS5 is never replicated: what
//   arrives is written into pith.db, whose triggers and insertDocument feed the indexes.
// - Local → replica (push). SQLite triggers (migration 8) append the replica id of every record a
//   write touches to `sync_changes`, in the writing transaction, so no write path can forget one
//   (and only once sync is enabled: an archive that never syncs keeps no outbox). A push reads the
//   current rows of the queued ids and writes each as a child of the revision pith.db last
//   reflected (`sync_docs`), with a revision id hashed from parent and content; then, in one
//   transaction, records the new revision and clears the queued ids up to what it read. Killed
//   between the two, the next push writes the same revision again: a no-op.
// - Replica ↔ remote: PouchDB's own replication, with its own checkpoints.
// - Replica → local (pull): the replica's changes feed from the checkpoint `pulled_seq`. A record
//   with several leaves (concurrent edits) is settled by Pith (merge.ts), the result written as a
//   child of one leaf and the others closed, all with hashed revision ids; then in one SQLite
//   transaction the record is written into pith.db, its revision stored in `sync_docs`, the
//   triggers' echo of that write dropped, and `pulled_seq` advanced. Killed before the
//   transaction commits, the feed is read again from the old checkpoint: nothing lost.
//   A record with local changes not yet pushed is left for the next push, which branches from
//   the old revision: the merge then settles both. One path: local edits and remote ones meet
//   only in the replica, as leaves of the same record, and are settled the same way.
// - What travels: documents by SHA-256 (`doc:<sha>`: metadata and tags), their text, page
//   layouts and structure (`text:<sha>`, written once: the receiver searches at once and never
//   re-extracts or re-OCRs), originals as 1 MB chunks (files.ts), annotations (`ann:<uuid>`:
//   every field, anchor, tags, author, conflicting versions), tags (`tag:<name>`: name, colour).
//   Deletions are tombstones. Originals are assembled after the metadata, from chunks already in
//   the replica, verified against their SHA-256.
// - Conflicts (merge.ts): each field by its latest edit (per-field clocks, records.ts); a comment
//   or note text changed on both sides keeps the other version in `conflicts`; tags merge per
//   tag; an edit beats a deletion and is marked restored.
// - Nothing here runs, and PouchDB is not even loaded, unless `pith sync` is.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { openDatabase, type Db } from '../../db/open.ts';
import { blobPath } from '../../db/blobs.ts';
import {
  clearPending,
  conflictedAnnotationCount,
  deferKey,
  deferredKeys,
  documentHashes,
  dropChangesAfter,
  enableSync,
  findDocumentIdBySha,
  getAnnotationMeta,
  setAnnotationMeta,
  getSyncDoc,
  getSyncState,
  hasPending,
  lastChangeSeq,
  pendingCount,
  pendingKeys,
  setSyncDoc,
  setSyncState,
  undeferKey,
} from '../../db/sync.ts';
import { PithError } from '../api.ts';
import { applyRecord } from './apply.ts';
import { assembleOriginal, putChunks } from './files.ts';
import { mergeLeaves, type Leaf } from './merge.ts';
import { childRevision, isNotFound, openRemote, openReplica, type ChangesResult, type PouchDatabase, type PouchDoc } from './pouch.ts';
import { canonical, localContent, nextVersion, textContent, type Device, type RecordBody, type TextBody } from './records.ts';
import { parseSyncUrl, type Credentials } from './url.ts';
import { describeSyncError } from './errors.ts';

export const REPLICA_DIR = path.join('sync', 'replica');

export interface SyncResult {
  /** The server, without credentials. */
  remote: string;
  /** Records written from this archive into the replicated store. */
  pushed: number;
  /** Records written into this archive from elsewhere. */
  pulled: number;
  /** Annotations carrying conflicting versions to settle (`pith annotation resolve`). */
  conflicts: number;
  files: { sent: number; received: number; pending: number };
  errors: string[];
}

export interface SyncOptions extends Credentials {
  url: string;
  signal?: AbortSignal;
  onProgress?: (message: string) => void;
}

const BATCH = 200;
const META_PREFIXES = ['doc:', 'ann:', 'tag:'];

export async function syncArchive(archiveDir: string, options: SyncOptions): Promise<SyncResult> {
  return session(archiveDir, options, async (cycle) => cycle());
}

export interface LiveOptions extends SyncOptions {
  /** Called after every round that moved something (or failed), with that round's figures. */
  onRound: (result: SyncResult) => void;
  /** Time between looks at the archive and the server, in milliseconds (default 1000). */
  interval?: number;
}

/**
 * Keeps syncing until `signal` aborts: a round whenever this archive has queued changes or the
 * server's database has moved (one small request per interval). Offline is normal: a failed
 * round is reported and the next one tries again.
 */
export async function syncLive(archiveDir: string, options: LiveOptions): Promise<void> {
  const interval = options.interval ?? 1000;
  await session(archiveDir, { ...options, onProgress: undefined }, async (cycle, probe) => {
    let lastRemote: string | null = null;
    let force = true;
    while (!options.signal?.aborted) {
      let moved = force;
      let remoteSeq: string | null = lastRemote;
      try {
        remoteSeq = await probe.remoteSeq();
        moved ||= remoteSeq !== lastRemote || probe.pending() > 0;
        if (moved) {
          const round = await cycle();
          lastRemote = await probe.remoteSeq();
          force = false;
          if (round.pushed || round.pulled || round.files.received || round.files.sent || round.errors.length) options.onRound(round);
        }
      } catch (error) {
        force = true;
        options.onRound({ ...probe.empty(), errors: [describeSyncError(error, probe.url)] });
      }
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, interval);
        options.signal?.addEventListener('abort', () => (clearTimeout(timer), resolve(undefined)), { once: true });
      });
    }
    return probe.empty();
  });
}

interface Probe {
  url: string;
  remoteSeq(): Promise<string>;
  pending(): number;
  empty(): SyncResult;
}

/** Opens the archive, its replica and the server once; runs `body` with a function that syncs one round. */
async function session(
  archiveDir: string,
  options: SyncOptions,
  body: (cycle: () => Promise<SyncResult>, probe: Probe) => Promise<SyncResult | void>,
): Promise<SyncResult> {
  const target = parseSyncUrl(options.url, options);
  const db = openDatabase(archiveDir);
  let replica: PouchDatabase | undefined;
  let remote: PouchDatabase | undefined;
  const empty = (): SyncResult => ({ remote: target.url, pushed: 0, pulled: 0, conflicts: 0, files: { sent: 0, received: 0, pending: 0 }, errors: [] });
  try {
    enableSync(db);
    setSyncState(db, 'remote', target.url);
    const device = deviceOf(db);
    const author = target.auth?.username || safeUserName();
    fs.mkdirSync(path.join(archiveDir, 'sync'), { recursive: true });
    const r = (replica = openReplica(path.join(archiveDir, REPLICA_DIR)));
    const server = (remote = openRemote(target.url, target.auth));
    const cycle = async (): Promise<SyncResult> => {
      const result = empty();
      const engine = new Engine(db, r, archiveDir, device, author, result);
      options.onProgress?.('Recording local changes…');
      await engine.push();
      options.onProgress?.('Replicating…');
      await replicateNoting(db, r, server, result, options.signal);
      options.onProgress?.('Applying what arrived…');
      await engine.pull();
      // A group library's database carries Pith's validation function (group.ts): edits of others'
      // annotations are then refused here too (authorship.ts).
      setSyncState(db, 'user', author);
      setSyncState(db, 'group', (await isGroup(r)) ? '1' : '0');
      // Settling conflicts wrote to the replica, and applying may have queued nothing or a little.
      await engine.push();
      await replicateNoting(db, r, server, result, options.signal);
      await engine.pull();
      options.onProgress?.('Fetching originals…');
      await engine.fetchOriginals();
      result.conflicts = conflictedAnnotationCount(db);
      setSyncState(db, 'last_sync', new Date().toISOString());
      setSyncState(db, 'last_result', JSON.stringify(result));
      return result;
    };
    const probe: Probe = {
      url: target.url,
      remoteSeq: async () => String((await server.info()).update_seq),
      pending: () => pendingCount(db),
      empty,
    };
    return (await body(cycle, probe)) ?? empty();
  } catch (error) {
    const message = describeSyncError(error, target.url);
    try {
      setSyncState(db, 'last_error', JSON.stringify({ at: new Date().toISOString(), message }));
    } catch {
      /* the archive itself failed: the error below says so */
    }
    throw new PithError(error instanceof PithError ? error.code : 'internal', message);
  } finally {
    await replica?.close().catch(() => undefined);
    await remote?.close().catch(() => undefined);
    db.close();
  }
}

/**
 * Replicates, noting how far the replica had got before (`replica_seq`) and, once the server has
 * taken it, how far was sent (`sent_seq`): `pith sync --status` counts what is still waiting
 * without opening the replica.
 */
async function replicateNoting(db: Db, replica: PouchDatabase, remote: PouchDatabase, result: SyncResult, signal?: AbortSignal): Promise<void> {
  const seq = String((await replica.info()).update_seq);
  setSyncState(db, 'replica_seq', seq);
  await replicate(replica, remote, result, signal);
  if (result.errors.length === 0) setSyncState(db, 'sent_seq', seq);
}

async function replicate(replica: PouchDatabase, remote: PouchDatabase, result: SyncResult, signal?: AbortSignal): Promise<void> {
  // Batches of 50: chunks are 1 MB each and a batch is held in memory (50 MB at most).
  const options = { batch_size: 50, batches_limit: 1 };
  for (const run of [() => replica.replicate.to(remote, options), () => replica.replicate.from(remote, options)]) {
    if (signal?.aborted) throw new PithError('cancelled', 'The sync was interrupted; run it again to finish.');
    const replication = run();
    const onAbort = () => replication.cancel();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const info = await replication;
      for (const e of info.errors ?? []) result.errors.push(describeSyncError(e, result.remote));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

export class Engine {
  constructor(
    private readonly db: Db,
    private readonly replica: PouchDatabase,
    private readonly archiveDir: string,
    private readonly device: Device,
    private readonly author: string,
    private readonly result: SyncResult,
  ) {}

  /** Writes every queued local change into the replica, a batch at a time. */
  async push(): Promise<void> {
    const db = this.db;
    for (;;) {
      const keys = pendingKeys(db, BATCH);
      if (keys.length === 0) return;
      const writes: PouchDoc[] = [];
      const records: { key: string; seq: number; rev?: string; body?: string; author?: string }[] = [];
      for (const { key, seq } of keys) {
        const local = localContent(db, key, this.author);
        const base = getSyncDoc(db, key);
        const baseBody = base ? (JSON.parse(base.doc) as RecordBody | null) : null;
        if (!local) {
          if (!base || baseBody === null) {
            records.push({ key, seq });
            continue;
          }
          const tombstone = { deleted_by: this.device.name };
          const rev = childRevision(base.rev, { deleted: true, ...tombstone });
          writes.push({ _id: key, ...rev, _deleted: true, ...tombstone });
          records.push({ key, seq, rev: rev._rev, body: 'null' });
          continue;
        }
        const next = nextVersion(local, baseBody, this.device);
        if (!next) {
          records.push({ key, seq });
          continue;
        }
        if (next.type === 'document') await this.ensureText(String(next.fixed.sha256));
        const rev = childRevision(base?.rev, next);
        writes.push({ _id: key, ...rev, ...next });
        records.push({ key, seq, rev: rev._rev, body: canonical(next), author: next.type === 'annotation' ? String(next.fixed.author) : undefined });
      }
      if (writes.length > 0) await this.replica.bulkDocs(writes, { new_edits: false });
      db.transaction(() => {
        for (const r of records) {
          if (r.rev !== undefined) setSyncDoc(db, r.key, r.rev, r.body!);
          clearPending(db, r.key, r.seq);
          // The author an annotation was sent with is kept with it (not queued again: it is in the replica).
          if (r.author !== undefined && !getAnnotationMeta(db, r.key.slice(4))) {
            const before = lastChangeSeq(db);
            setAnnotationMeta(db, { uuid: r.key.slice(4), author: r.author, restored: null, conflicts: '[]' });
            dropChangesAfter(db, before);
          }
        }
      })();
      this.result.pushed += writes.length;
    }
  }

  /** The text record of a local document, and its original's chunks, written once. */
  private async ensureText(sha256: string): Promise<void> {
    const id = `text:${sha256}`;
    try {
      await this.replica.get(id);
      return;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
    const text = textContent(this.db, sha256);
    if (!text) return;
    const file = blobPath(this.archiveDir, sha256);
    let chunks: string[] = [];
    if (fs.existsSync(file)) {
      chunks = await putChunks(this.replica, file);
      this.result.files.sent += 1;
    }
    try {
      await this.replica.put({ _id: id, ...text, chunks });
    } catch (error) {
      if ((error as { status?: number }).status !== 409) throw error;
    }
  }

  /**
   * Applies the replica's changes feed to pith.db from its checkpoint, a batch per transaction
   * (with the checkpoint), then what was deferred. Changes pith.db already reflects (its own
   * pushes, records seen before) only move the checkpoint.
   */
  async pull(): Promise<void> {
    const db = this.db;
    for (;;) {
      const since = getSyncState(db, 'pulled_seq') ?? '0';
      const feed = (await this.replica.changes({ since: Number(since), limit: BATCH, style: 'all_docs' })) as ChangesResult & {
        results: { id: string; seq: number | string; changes: { rev: string }[] }[];
      };
      if (feed.results.length === 0) break;
      const ready: Ready[] = [];
      const single: string[] = [];
      let checkpoint = since;
      for (const change of feed.results) {
        // Texts of new documents are held until the batch commits: a few large ones end it early.
        if (this.textBytes > 32 * 1024 * 1024) break;
        checkpoint = String(change.seq);
        let id = change.id;
        if (id.startsWith('text:')) {
          // A document's text arrived after its metadata: the document can be written now.
          if (findDocumentIdBySha(db, id.slice(5)) !== undefined) continue;
          id = `doc:${id.slice(5)}`;
        } else if (!META_PREFIXES.some((p) => id.startsWith(p))) continue;
        else if (change.changes.length === 1 && getSyncDoc(db, id)?.rev === change.changes[0]!.rev) continue;
        if (change.changes.length === 1 && !change.id.startsWith('text:')) {
          single.push(id);
          continue;
        }
        const item = await this.prepare(id, true);
        if (item) ready.push(item);
      }
      // Records with one version (nearly all) are read in one request, with the texts they need.
      if (single.length > 0) {
        const rows = (await this.replica.allDocs({ keys: single, include_docs: true })).rows;
        const needText: string[] = [];
        for (const row of rows) {
          if (!row.value) continue;
          const leaf: Leaf = row.value.deleted || !row.doc ? { rev: row.value.rev, deleted: true, body: null } : toLeaf(row.doc);
          ready.push({ id: row.key, leaf });
          const sha = row.key.slice(4);
          if (row.key.startsWith('doc:') && leaf.body && findDocumentIdBySha(db, sha) === undefined) needText.push(`text:${sha}`);
        }
        if (needText.length > 0) {
          for (const row of (await this.replica.allDocs({ keys: needText, include_docs: true })).rows) {
            if (row.doc) this.holdText(row.key.slice(5), row.doc as unknown as TextBody);
          }
        }
      }
      db.transaction(() => {
        for (const item of ready) this.applyReady(item);
        setSyncState(db, 'pulled_seq', checkpoint);
      })();
      this.texts.clear();
      this.textBytes = 0;
    }
    for (const id of deferredKeys(db)) {
      const item = await this.prepare(id, true);
      db.transaction(() => (item ? this.applyReady(item) : undeferKey(db, id)))();
      this.texts.clear();
      this.textBytes = 0;
    }
  }

  /** A record's one settled version (settling concurrent ones first), with its text if it is a new document. */
  private async prepare(id: string, onlyIfPresent: boolean): Promise<Ready | null> {
    let leaves: Leaf[];
    try {
      // Branches Pith closed when it settled a conflict are history, not versions.
      leaves = (await this.replica.getLeaves(id)).flatMap((l) => (l.ok && !l.ok.closed ? [toLeaf(l.ok)] : []));
    } catch (error) {
      if (!isNotFound(error) || !onlyIfPresent) throw error;
      leaves = [];
    }
    if (leaves.length === 0) return null;
    let leaf = leaves[0]!;
    if (leaves.length > 1 && leaves.some((l) => !l.deleted)) leaf = await this.settle(id, leaves);
    else if (leaves.length > 1) leaf = [...leaves].sort((a, b) => compareRevs(b.rev, a.rev))[0]!;
    const sha = id.slice(4);
    if (id.startsWith('doc:') && leaf.body && !this.texts.has(sha) && findDocumentIdBySha(this.db, sha) === undefined) await this.loadText(sha);
    return { id, leaf };
  }

  /** Writes one settled record into pith.db. Runs inside the batch's transaction. */
  private applyReady({ id, leaf }: Ready): void {
    const db = this.db;
    const base = getSyncDoc(db, id);
    if (base?.rev === leaf.rev) {
      undeferKey(db, id);
      return;
    }
    // Local changes not pushed yet: the next push branches from the old revision, and the merge
    // settles both; applying this one now would overwrite them.
    if (hasPending(db, id)) return;
    const before = lastChangeSeq(db);
    const outcome = applyRecord(db, id, leaf.deleted ? null : leaf.body, () => this.texts.get(id.slice(4)) ?? null);
    dropChangesAfter(db, before);
    if (outcome === 'deferred') deferKey(db, id);
    else {
      undeferKey(db, id);
      setSyncDoc(db, id, leaf.rev, leaf.deleted ? 'null' : canonical(leaf.body));
      this.result.pulled += 1;
    }
  }

  private readonly texts = new Map<string, TextBody>();
  private textBytes = 0;

  private holdText(sha256: string, text: TextBody): void {
    this.texts.set(sha256, text);
    this.textBytes += text.body.length * 2 + text.pages.reduce((n, p) => n + p.runs.length * 2, 0);
  }

  private async loadText(sha256: string): Promise<void> {
    try {
      const doc = await this.replica.get(`text:${sha256}`);
      this.holdText(sha256, doc as unknown as TextBody);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }

  /** Settles a record's concurrent leaves into one, written as a child of the winning leaf. */
  private async settle(id: string, leaves: Leaf[]): Promise<Leaf> {
    const merged = mergeLeaves(leaves);
    const ordered = [...leaves].sort((a, b) => Number(a.deleted) - Number(b.deleted) || compareRevs(b.rev, a.rev));
    const parent = ordered[0]!;
    const rev = childRevision(parent.rev, merged);
    const writes: PouchDoc[] = [merged ? { _id: id, ...rev, ...merged } : { _id: id, ...rev, _deleted: true }];
    // Every other leaf, deletions included, gets a closed tombstone as its child: the next look at
    // the record sees one version, and a deletion the edit overruled is not counted twice.
    for (const other of ordered.slice(1)) writes.push({ _id: id, ...childRevision(other.rev, { closed: true }), _deleted: true, closed: true });
    await this.replica.bulkDocs(writes, { new_edits: false });
    return { rev: rev._rev, deleted: merged === null, body: merged };
  }

  /** Writes the originals of documents that have none yet, from chunks already in the replica. */
  async fetchOriginals(): Promise<void> {
    for (const d of documentHashes(this.db)) {
      if (fs.existsSync(blobPath(this.archiveDir, d.sha256))) continue;
      let chunks: string[];
      try {
        chunks = ((await this.replica.get(`text:${d.sha256}`)) as { chunks?: string[] }).chunks ?? [];
      } catch (error) {
        if (!isNotFound(error)) throw error;
        chunks = [];
      }
      const outcome = chunks.length > 0 || d.size === 0 ? await assembleOriginal(this.replica, this.archiveDir, d.sha256, chunks) : 'incomplete';
      if (outcome === 'received') this.result.files.received += 1;
      else {
        this.result.files.pending += 1;
        if (outcome === 'mismatch') this.result.errors.push(`An original arrived damaged (SHA-256 ${d.sha256.slice(0, 12)}…); it will be fetched again.`);
      }
    }
  }
}

async function isGroup(replica: PouchDatabase): Promise<boolean> {
  try {
    return typeof (await replica.get('_design/pith')).validate_doc_update === 'string';
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

interface Ready {
  id: string;
  leaf: Leaf;
}

function compareRevs(a: string, b: string): number {
  const na = Number.parseInt(a, 10);
  const nb = Number.parseInt(b, 10);
  return na !== nb ? na - nb : a < b ? -1 : a > b ? 1 : 0;
}

function toLeaf(doc: PouchDoc): Leaf {
  if (doc._deleted) return { rev: doc._rev!, deleted: true, body: null };
  const { _id, _rev, _revisions, _conflicts, ...body } = doc as PouchDoc & { _conflicts?: unknown };
  void _id;
  void _revisions;
  void _conflicts;
  return { rev: _rev!, deleted: false, body: body as unknown as RecordBody };
}

function deviceOf(db: Db): Device {
  let id = getSyncState(db, 'device_id');
  if (!id) {
    id = randomUUID();
    setSyncState(db, 'device_id', id);
  }
  const name = getSyncState(db, 'device_name') ?? os.hostname();
  return { id, name };
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

export interface SyncStatus {
  configured: boolean;
  remote: string | null;
  lastSync: string | null;
  /** Changes made here and not yet on the server (records, and writes of the replica not yet sent). */
  pendingChanges: number;
  /** Originals still to come from the server. */
  filesPending: number;
  conflicts: number;
  lastError: string | null;
}

/** What `pith sync --status` says; reads the archive only, opens no connection. */
export function syncStatus(archiveDir: string): SyncStatus {
  const db = openDatabase(archiveDir);
  try {
    const configured = getSyncState(db, 'enabled') !== undefined;
    const lastError = getSyncState(db, 'last_error');
    const lastSync = getSyncState(db, 'last_sync') ?? null;
    const errorInfo = lastError ? (JSON.parse(lastError) as { at: string; message: string }) : null;
    return {
      configured,
      remote: getSyncState(db, 'remote') ?? null,
      lastSync,
      pendingChanges: configured ? pendingCount(db) + Math.max(0, Number(getSyncState(db, 'replica_seq') ?? 0) - Number(getSyncState(db, 'sent_seq') ?? 0)) : 0,
      filesPending: configured ? documentHashes(db).filter((d) => !fs.existsSync(blobPath(archiveDir, d.sha256))).length : 0,
      conflicts: conflictedAnnotationCount(db),
      lastError: errorInfo && (!lastSync || errorInfo.at > lastSync) ? errorInfo.message : null,
    };
  } finally {
    db.close();
  }
}
