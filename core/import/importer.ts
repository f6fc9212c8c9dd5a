// The import pipeline: files and folders in, one outcome per file out. Extraction runs in worker
// threads; documents are stored whole, in groups of one transaction each (write-queue.ts), so a
// killed import leaves only whole documents and running it again completes the batch.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/open.ts';
import { describeFsError } from '../../db/open.ts';
import { sha256Hex } from '../../db/blobs.ts';
import { findDocumentBySha, findDocumentBySourcePath } from '../../db/documents.ts';
import { finishBatch, recordOutcome, startBatch } from '../../db/imports.ts';
import type { CallContext } from '../api.ts';
import type { ImportReport, ImportResult, ImportStatus } from '../types.ts';
import { kindOf } from './extract/kinds.ts';
import { scanPaths } from './scan.ts';
import { storeLocalImages } from './images.ts';
import { storeNewDocument, storeUpdatedDocument } from './store.ts';
import { TaskFailed, type WorkerPool } from './pool.ts';
import { WriteQueue } from './write-queue.ts';
import { extractInPool, type ExtractRequest } from './extract-in-pool.ts';

export interface ImportContext {
  db: Db;
  archiveDir: string;
  pool: WorkerPool<ExtractRequest, unknown>;
}

/** A file to import: where it came from, and how to get its bytes. */
interface Source {
  /** Shown in outcomes, and kept as the document's source path when it is a real path. */
  path: string;
  sourcePath: string | null;
  size: number;
  /** Are the bytes read fresh for this import (and so free to hand to a worker)? */
  owned: boolean;
  read: () => Promise<Uint8Array>;
}

export async function importPaths(
  ctx: ImportContext,
  req: { paths: string[]; update?: boolean; taskId?: string },
  call: CallContext = {},
): Promise<ImportReport> {
  const early: { index: number; result: ImportResult }[] = [];
  // The files found, as found (a path and a size); each becomes a Source only when its turn comes.
  const found: ({ path: string; size: number } | null)[] = [];
  for (const entry of await scanPaths(req.paths, call.signal)) {
    if ('error' in entry) {
      early.push({ index: found.length, result: { path: entry.path, status: 'failed', reason: entry.error } });
      found.push(null);
    } else if ('skipped' in entry) {
      // ImportStatus has no "skipped"; a link cycle is not a failure, and nothing of it is read.
      early.push({ index: found.length, result: { path: entry.path, status: 'unsupported', reason: entry.skipped } });
      found.push(null);
    } else found.push(entry);
  }
  const sourceAt = (index: number): Source | null => {
    const entry = found[index];
    found[index] = null;
    if (!entry) return null;
    const { path: p, size } = entry;
    return { path: p, sourcePath: p, size, owned: true, read: () => readFile(p, size) };
  };
  return runImport(ctx, found.length, sourceAt, early, req.update ?? false, req.taskId, call);
}

/**
 * Files up to this size are read synchronously: an asynchronous read costs four round trips to
 * libuv's thread pool (open, fstat, read, close), several times the read of a small file itself,
 * while a sync read of 1 MB blocks the event loop for well under a millisecond.
 */
const SYNC_READ_MAX = 1 << 20;

async function readFile(p: string, size: number): Promise<Uint8Array> {
  return size <= SYNC_READ_MAX ? fs.readFileSync(p) : fs.promises.readFile(p);
}

export async function importFiles(
  ctx: ImportContext,
  req: { files: { name: string; bytes: Uint8Array }[]; taskId?: string },
  call: CallContext = {},
): Promise<ImportReport> {
  const sourceAt = (index: number): Source => {
    const file = req.files[index]!;
    return { path: path.basename(file.name), sourcePath: null, size: file.bytes.byteLength, owned: false, read: async () => file.bytes };
  };
  return runImport(ctx, req.files.length, sourceAt, [], false, req.taskId, call);
}

async function runImport(
  ctx: ImportContext,
  total: number,
  /** The index-th file to import, or null for one already settled in `early`; asked once each. */
  sourceAt: (index: number) => Source | null,
  early: { index: number; result: ImportResult }[],
  update: boolean,
  taskId: string | undefined,
  call: CallContext,
): Promise<ImportReport> {
  const results: (ImportResult | undefined)[] = new Array(total);
  const batchId = startBatch(ctx.db);
  const writes = new WriteQueue(ctx.db);
  let done = 0;
  const progress = (current: string | null) =>
    call.onProgress?.({ taskId: taskId ?? '', phase: 'import', done, total, current });
  const settle = (index: number, result: ImportResult) => {
    results[index] = result;
    done++;
    if (result.status !== 'imported' && result.status !== 'updated') {
      try {
        recordOutcome(ctx.db, batchId, result, null);
      } catch {
        // The record of a file not stored is a nicety; a full disk must not stop the batch.
      }
    }
    progress(result.path);
  };
  for (const { index, result } of early) settle(index, result);

  const job: Job = { ctx, update, batchId, writes, inFlight: new Map() };
  // Only what is still on its way is kept (here, in the sources, in job.inFlight): for a batch of
  // 100,000 files, V8 sizes the heap as a multiple of what stays alive.
  const storing = new Set<Promise<void>>();
  let next = 0;
  // Lanes read and extract; stores go to the write queue, and a lane moves on without waiting.
  const lanes = Math.max(2, ctx.pool.size * 2);
  const lane = async () => {
    while (next < total) {
      if (call.signal?.aborted) return;
      const index = next++;
      const source = sourceAt(index);
      if (!source) continue;
      progress(source.path);
      const prepared = await prepare(job, source);
      if ('status' in prepared) settle(index, prepared);
      else {
        const stored: Promise<void> = prepared.stored.then((result) => {
          settle(index, result);
          storing.delete(stored);
        });
        storing.add(stored);
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  writes.flush();
  await Promise.all(storing);
  finishBatch(ctx.db, batchId);

  const listed = results.filter((r): r is ImportResult => r !== undefined);
  const count = (status: ImportStatus) => listed.filter((r) => r.status === status).length;
  return {
    imported: count('imported'),
    duplicates: count('duplicate'),
    updated: count('updated'),
    unsupported: count('unsupported'),
    failed: count('failed'),
    cancelled: call.signal?.aborted ?? false,
    results: listed,
  };
}

interface Job {
  ctx: ImportContext;
  update: boolean;
  batchId: number;
  writes: WriteQueue;
  /** Files with the same content in one batch: the first is stored, the others wait for it. */
  inFlight: Map<string, Promise<ImportStatus>>;
}

/** Reads and extracts one file: its outcome when already known, else the promise of its store. */
async function prepare(job: Job, source: Source): Promise<ImportResult | { stored: Promise<ImportResult> }> {
  const { ctx } = job;
  const shown = source.path;
  const ext = path.extname(shown).toLowerCase();
  if (!kindOf(shown)) {
    return {
      path: shown,
      status: 'unsupported',
      reason: ext ? `Pith does not read ${ext} files` : 'the file has no extension Pith knows (.pdf, .html, .htm, .md, .txt)',
    };
  }
  let bytes: Uint8Array;
  try {
    bytes = await source.read();
  } catch (error) {
    return { path: shown, status: 'failed', reason: `the file cannot be read: ${describeFsError(error)}` };
  }
  const sha256 = sha256Hex(bytes);

  const pending = job.inFlight.get(sha256);
  if (pending && (await pending) !== 'failed') return duplicateOf(ctx, shown, sha256);
  const existing = findDocumentBySha(ctx.db, sha256);
  if (existing) return { path: shown, status: 'duplicate', documentId: existing.uuid, title: existing.title };

  const previous = job.update && source.sourcePath ? findDocumentBySourcePath(ctx.db, source.sourcePath) : undefined;
  let resolveStatus!: (status: ImportStatus) => void;
  const status = new Promise<ImportStatus>((resolve) => (resolveStatus = resolve));
  job.inFlight.set(sha256, status);
  const fail = (error: unknown): ImportResult => ({ path: shown, status: 'failed', reason: failureReason(error) });
  let stored: Promise<ImportResult>;
  try {
    const size = bytes.byteLength;
    // The original is stored with the extraction, atomically and before the row: a crash between
    // them leaves an unreferenced file, never a row without its original.
    const extracted = await extractInPool(ctx.pool, shown, bytes, {
      archiveDir: ctx.archiveDir,
      sha256,
      handOver: source.owned,
    });
    extracted.images = await storeLocalImages(ctx.archiveDir, source.sourcePath, extracted.structure);
    const meta = { sha256, size, sourcePath: source.sourcePath, batchId: job.batchId, path: shown };
    stored = job.writes.enqueue((): ImportResult => {
      if (previous) {
        storeUpdatedDocument(ctx.db, previous.id, extracted, meta);
        return { path: shown, status: 'updated', documentId: previous.uuid, title: extracted.title ?? undefined };
      }
      const uuid = randomUUID();
      const title = storeNewDocument(ctx.db, uuid, extracted, meta);
      return { path: shown, status: 'imported', documentId: uuid, title };
    }, extracted.text.length);
    stored = stored.catch(fail);
  } catch (error) {
    stored = Promise.resolve(fail(error));
  }
  void stored.then((result) => {
    resolveStatus(result.status);
    // Stored (or failed): a later copy finds it in the archive, or tries again.
    if (job.inFlight.get(sha256) === status) job.inFlight.delete(sha256);
  });
  return { stored };
}

function duplicateOf(ctx: ImportContext, shown: string, sha256: string): ImportResult {
  const doc = findDocumentBySha(ctx.db, sha256);
  return { path: shown, status: 'duplicate', documentId: doc?.uuid, title: doc?.title };
}

function failureReason(error: unknown): string {
  // Writing to the archive (here, or the original in a worker) failing: the archive's state, not the file's.
  const code = (error as { code?: string }).code;
  if (code?.startsWith('SQLITE_FULL') || code === 'ENOSPC') return 'the disk is full; the document was not stored';
  if (code?.startsWith('SQLITE_READONLY') || code === 'EROFS' || code === 'EACCES')
    return 'the archive is read-only; the document was not stored';
  if (error instanceof TaskFailed) {
    if (error.remoteName === 'ExtractError' || error.remoteName === 'UnsupportedFormatError') return error.message;
    return error.remoteName ? `the file could not be read (${error.message})` : error.message;
  }
  return `the file could not be imported (${(error as Error)?.message ?? String(error)})`;
}
