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

export class Downloads {
  readonly dir: string;
  private readonly items = new Map<string, Download>();

  constructor(dir?: string) {
    this.dir = dir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pith-serve-'));
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
  async register(id: string, produced: string, baseName: string): Promise<string> {
    const stat = fs.statSync(produced);
    let download: Download;
    if (stat.isDirectory()) {
      const zip = `${produced}.zip`;
      await zipFolder(produced, zip);
      download = { file: zip, name: `${baseName}.zip`, type: TYPES.zip! };
    } else {
      const ext = path.extname(produced).slice(1).toLowerCase();
      download = { file: produced, name: path.basename(produced), type: TYPES[ext] ?? 'application/octet-stream' };
    }
    this.items.set(id, download);
    return `/api/download/${id}`;
  }

  get(id: string): Download | undefined {
    return this.items.get(id);
  }

  dispose(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
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
