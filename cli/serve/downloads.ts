// Exports and backups over HTTP: a browser cannot name a path on this machine, so the server
// writes them into its own temporary folder and hands back a download. A folder result (Markdown
// or PDFs of several documents) is zipped. The request's own `out`/`file` is ignored over HTTP,
// so a page holding the token still cannot write anywhere else on disk.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import yazl from 'yazl';

export interface Download {
  file: string;
  name: string;
  type: string;
}

const TYPES: Record<string, string> = {
  md: 'text/markdown; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
  zip: 'application/zip',
};

/** How long a download waits to be fetched before it is deleted. */
export const DOWNLOAD_TTL_MS = 10 * 60 * 1000;
/** The default folder's name: the server's pid in it tells a later server whether it is dead. */
const PREFIX = 'pith-serve-';

export interface DownloadsOptions {
  /** Where jobs are written; a fresh folder under the temp folder by default. */
  dir?: string;
  ttlMs?: number;
}

/**
 * Jobs and their downloads. Nothing stays longer than it is needed: a job that fails or produces
 * nothing is deleted at once, a download once it was fetched whole or after `ttlMs`, everything
 * when the server closes; and a server started later deletes what a killed one left behind.
 */
export class Downloads {
  readonly dir: string;
  private readonly ttlMs: number;
  private readonly items = new Map<string, Download & { timer: NodeJS.Timeout }>();

  constructor(options: DownloadsOptions = {}) {
    this.ttlMs = options.ttlMs ?? DOWNLOAD_TTL_MS;
    this.dir = options.dir ?? fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
    fs.mkdirSync(this.dir, { recursive: true });
  }

  /** A fresh folder for one job, and its id. */
  job(): { id: string; dir: string } {
    const id = randomUUID();
    const dir = path.join(this.dir, id);
    fs.mkdirSync(dir);
    return { id, dir };
  }

  /** Registers what a job produced (a file, or a folder that gets zipped) under the job's id. */
  async register(id: string, given: string, baseName: string, files?: readonly string[]): Promise<string> {
    const produced = path.resolve(given); // no trailing separator: the zip goes beside the folder
    const stat = fs.statSync(produced);
    let download: Download;
    const single = stat.isDirectory() && files?.length === 1 ? insideFile(produced, files[0]!) : null;
    if (single) {
      // One document exported into the folder: handed out as itself, not as a zip of one file.
      const ext = path.extname(single).slice(1).toLowerCase();
      download = { file: single, name: path.basename(single), type: TYPES[ext] ?? 'application/octet-stream' };
    } else if (stat.isDirectory()) {
      const zip = `${produced}.zip`;
      await zipFolder(produced, zip);
      // Only the zip is handed out: the folder would double the space taken until it expires.
      fs.rmSync(produced, { recursive: true, force: true });
      download = { file: zip, name: `${baseName}.zip`, type: TYPES.zip! };
    } else {
      const ext = path.extname(produced).slice(1).toLowerCase();
      download = { file: produced, name: path.basename(produced), type: TYPES[ext] ?? 'application/octet-stream' };
    }
    const timer = setTimeout(() => this.discard(id), this.ttlMs);
    timer.unref();
    this.items.set(id, { ...download, timer });
    return `/api/download/${id}`;
  }

  get(id: string): Download | undefined {
    const item = this.items.get(id);
    return item && { file: item.file, name: item.name, type: item.type };
  }

  /** Deletes a job's folder and forgets its download: it failed, was fetched, or expired. */
  discard(id: string): void {
    const item = this.items.get(id);
    if (item) clearTimeout(item.timer);
    this.items.delete(id);
    // Job ids are UUIDs this class made; anything else names no folder of ours.
    if (!/^[0-9a-f-]{36}$/.test(id)) return;
    try {
      fs.rmSync(path.join(this.dir, id), { recursive: true, force: true });
    } catch {
      // Still being read (Windows refuses to delete an open file): removed with the rest on close.
    }
  }

  dispose(): void {
    for (const item of this.items.values()) clearTimeout(item.timer);
    this.items.clear();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Deletes the default folders of servers that are no longer running (killed, or crashed before
 * they could clean up): `pith-serve-<pid>-…` under `tmp`, owned by this user, whose pid is gone.
 * Returns the folders deleted.
 */
export function clearLeftovers(tmp = os.tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = fs.readdirSync(tmp);
  } catch {
    return removed;
  }
  for (const name of names) {
    const match = new RegExp(`^${PREFIX}(\\d+)-[\\w]+$`).exec(name);
    if (!match) continue;
    const pid = Number(match[1]);
    if (pid === process.pid || isRunning(pid)) continue;
    const dir = path.join(tmp, name);
    try {
      const stat = fs.lstatSync(dir);
      if (!stat.isDirectory() || (typeof process.getuid === 'function' && stat.uid !== process.getuid())) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      removed.push(dir);
    } catch {
      // gone already, or not ours to delete
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}

/** `file` when it is a regular file inside `folder`, else null. */
function insideFile(folder: string, file: string): string | null {
  const resolved = path.resolve(file);
  if (!resolved.startsWith(path.resolve(folder) + path.sep)) return null;
  try {
    return fs.lstatSync(resolved).isFile() ? resolved : null;
  } catch {
    return null;
  }
}

function listFiles(dir: string, prefix = ''): { abs: string; rel: string }[] {
  const out: { abs: string; rel: string }[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const abs = path.join(dir, entry.name);
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(abs, rel));
    else if (entry.isFile()) out.push({ abs, rel });
  }
  return out.sort((a, b) => a.rel.localeCompare(b.rel));
}

function zipFolder(folder: string, zipPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const zip = new yazl.ZipFile();
    for (const f of listFiles(folder)) zip.addFile(f.abs, f.rel);
    zip.end();
    const out = fs.createWriteStream(zipPath);
    zip.outputStream.pipe(out).on('close', () => resolve()).on('error', reject);
  });
}
