// What the page may do with the file system, through the bridge: only what the user chose.
// - importPaths reads only paths the user dropped on the window or picked in an Open dialog
//   (granted by preload's pathForFile, whose File objects a script cannot forge, or by main).
// - exportAnnotations and backup write only where the user says in a Save dialog, shown by main
//   for every such call; the request's `out`/`file`, if any, is only the suggested name.
// So a page that went wrong still cannot read or overwrite a file the user did not point at.
import path from 'node:path';
import { PithError, type ApiMethod, type ExportRequest } from '../core/api.ts';
import type { PrepareRequest } from './bridge.ts';

export class PathGrants {
  private readonly granted = new Set<string>();

  /** Records a path the user gave. Only absolute paths count. */
  grant(candidate: unknown): boolean {
    if (typeof candidate !== 'string' || candidate.length === 0 || candidate.length > 4096) return false;
    if (candidate.includes('\0') || !path.isAbsolute(candidate)) return false;
    this.granted.add(path.resolve(candidate));
    return true;
  }

  /** The path itself, or a path inside a granted folder. */
  covers(candidate: unknown): boolean {
    if (typeof candidate !== 'string' || candidate.includes('\0') || !path.isAbsolute(candidate)) return false;
    const target = path.resolve(candidate);
    for (const granted of this.granted) {
      if (target === granted) return true;
      const relative = path.relative(granted, target);
      if (relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)) return true;
    }
    return false;
  }

  get size(): number {
    return this.granted.size;
  }
}

export interface SaveChoice {
  kind: 'file' | 'folder';
  title: string;
  /** A file name to start from (file dialogs only). */
  defaultName?: string;
  filters?: { name: string; extensions: string[] }[];
}

/** Shows a Save (file) or Choose Folder dialog; null when the user cancels. */
export type ChooseSavePath = (choice: SaveChoice) => Promise<string | null>;

const FORMAT_NAMES: Record<ExportRequest['format'], string> = {
  md: 'Markdown',
  json: 'W3C Web Annotation JSON',
  csv: 'CSV',
  pdf: 'Annotated PDF',
};

/** One output file for json and csv, or for md/pdf of one document; else a folder of files. */
export function exportTargetKind(request: Pick<ExportRequest, 'format' | 'documentIds'>): 'file' | 'folder' {
  if (request.format === 'json' || request.format === 'csv') return 'file';
  return request.documentIds?.length === 1 ? 'file' : 'folder';
}

function suggestedName(given: unknown, fallback: string): string {
  const name = typeof given === 'string' ? path.basename(given.replaceAll('\\', '/')) : '';
  return name && name !== '.' && name !== '..' ? name : fallback;
}

function today(): string {
  return new Date().toISOString().slice(0, 10);
}

function asObject(request: unknown, what: string): Record<string, unknown> {
  if (typeof request !== 'object' || request === null) throw new PithError('invalid', `Give ${what}.`);
  return request as Record<string, unknown>;
}

/** The Save dialog of a backup (from the bridge or the File menu). */
export function backupChoice(given: unknown): SaveChoice {
  return {
    kind: 'file',
    title: 'Back up the archive',
    defaultName: suggestedName(given, `Pith backup ${today()}.zip`),
    filters: [{ name: 'Pith backup', extensions: ['zip'] }],
  };
}

export function createPathPolicy(grants: PathGrants, choose: ChooseSavePath): PrepareRequest {
  return async (name: ApiMethod, request: unknown) => {
    switch (name) {
      case 'importPaths': {
        const req = asObject(request, 'the files or folders to import');
        const paths = req.paths;
        if (!Array.isArray(paths) || paths.some((p) => typeof p !== 'string'))
          throw new PithError('invalid', 'Give the files or folders to import as a list of paths.');
        const refused = paths.find((p) => !grants.covers(p));
        if (refused !== undefined)
          throw new PithError(
            'invalid',
            `Pith imports only files and folders you drop onto its window or choose with File › Import (not ${path.basename(String(refused))}).`,
          );
        return { ...req, paths: paths.map((p) => path.resolve(p)) };
      }
      case 'exportAnnotations': {
        const req = asObject(request, 'what to export') as Partial<ExportRequest> & Record<string, unknown>;
        const format = req.format;
        if (format !== 'md' && format !== 'json' && format !== 'csv' && format !== 'pdf')
          throw new PithError('invalid', 'Choose an export format: md, json, csv or pdf.');
        const kind = exportTargetKind({ format, documentIds: req.documentIds });
        const out = await choose({
          kind,
          title: kind === 'file' ? `Export ${FORMAT_NAMES[format]}` : `Choose a folder for the ${FORMAT_NAMES[format]} files`,
          defaultName: kind === 'file' ? suggestedName(req.out, `Pith notes ${today()}.${format}`) : undefined,
          filters: kind === 'file' ? [{ name: FORMAT_NAMES[format], extensions: [format] }] : undefined,
        });
        if (!out) throw new PithError('cancelled', 'Export cancelled.');
        // A file dialog has already asked before replacing a file.
        return { ...req, out, force: kind === 'file' ? true : req.force === true };
      }
      case 'backup': {
        const req = asObject(request ?? {}, 'where to save the backup');
        const file = await choose(backupChoice(req.file));
        if (!file) throw new PithError('cancelled', 'Backup cancelled.');
        return { ...req, file, force: true };
      }
      default:
        return request;
    }
  };
}
