// Expands the paths given to an import (files and folders, recursively) into files to read.
//
// Asynchronous, so `pith serve` keeps answering while a large tree is listed, and cancellable.
// Folders are remembered by device and inode: a symbolic link back to a folder being scanned
// (a cycle: `ln -s . d/loop`) or to one scanned already is skipped with one line in the report,
// instead of being walked again and again until the system says ELOOP.
import fs from 'node:fs';
import path from 'node:path';
import { describeFsError } from '../../db/fs-errors.ts';

/** Paths looked at together in one folder: enough to keep the thread pool busy, few enough to stop soon when cancelled. */
const STAT_BATCH = 32;

export type ScanEntry =
  | { path: string; size: number }
  | { path: string; error: string }
  /** Not read, on purpose (a link cycle); the reason is shown, it is not a failure. */
  | { path: string; skipped: string };

/**
 * Files in the order given, each folder's content sorted by name; hidden files and folders
 * skipped. Stops early, returning what it found, when `signal` is aborted.
 */
export async function scanPaths(inputs: string[], signal?: AbortSignal): Promise<ScanEntry[]> {
  const out: ScanEntry[] = [];
  /** Files by device:inode: a file reached twice (a link, or given twice) is read once. */
  const files = new Set<string>();
  /** Folders by device:inode, scanned or being scanned. */
  const folders = new Set<string>();
  /** The folders on the way down to the one being scanned: a link to one of them is a cycle. */
  const ancestors = new Set<string>();

  /** What one path is, or why it cannot be looked at. */
  const look = async (p: string): Promise<{ stat: fs.Stats } | { error: string }> => {
    try {
      return { stat: await fs.promises.stat(p) };
    } catch (error) {
      return { error: await statFailure(p, error) };
    }
  };

  const visit = async (p: string, explicit: boolean, seen: { stat: fs.Stats } | { error: string }): Promise<void> => {
    if (signal?.aborted) return;
    if ('error' in seen) {
      out.push({ path: p, error: seen.error });
      return;
    }
    const { stat } = seen;
    const id = `${stat.dev}:${stat.ino}`;
    if (stat.isDirectory()) {
      if (ancestors.has(id)) {
        out.push({ path: p, skipped: 'a link back to a folder that contains it (a cycle); skipped' });
        return;
      }
      if (folders.has(id)) {
        if (!explicit) out.push({ path: p, skipped: 'a link to a folder already imported through another path; skipped' });
        return;
      }
      folders.add(id);
      let names: string[];
      try {
        names = (await fs.promises.readdir(p)).filter((name) => !name.startsWith('.')).sort();
      } catch (error) {
        out.push({ path: p, error: `the folder cannot be read: ${describeFsError(error)}` });
        return;
      }
      ancestors.add(id);
      // A few stats at a time (each is a round trip to libuv's thread pool), taken in name order.
      for (let i = 0; i < names.length && !signal?.aborted; i += STAT_BATCH) {
        const batch = names.slice(i, i + STAT_BATCH).map((name) => path.join(p, name));
        const looks = await Promise.all(batch.map(look));
        for (const [j, child] of batch.entries()) await visit(child, false, looks[j]!);
      }
      ancestors.delete(id);
    } else if (stat.isFile()) {
      if (files.has(id)) return;
      files.add(id);
      out.push({ path: p, size: stat.size });
    } else if (explicit) {
      out.push({ path: p, error: 'it is not a regular file' });
    }
  };
  for (const input of inputs) {
    const p = path.resolve(input);
    await visit(p, true, await look(p));
  }
  return out;
}
/** Why a path cannot be looked at; a dangling link says so rather than "no such file". */
async function statFailure(p: string, error: unknown): Promise<string> {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') {
    try {
      if ((await fs.promises.lstat(p)).isSymbolicLink()) return 'it is a symbolic link to a file or folder that does not exist';
    } catch {
      // not even the link: the plain answer
    }
  }
  return describeFsError(error);
}
