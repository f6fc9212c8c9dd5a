// Expands the paths given to an import (files and folders, recursively) into files to read.
import fs from 'node:fs';
import path from 'node:path';
import { describeFsError } from '../../db/open.ts';

export type ScanEntry = { path: string; size: number } | { path: string; error: string };

/** Files in the order given, each folder's content sorted by name; hidden files and folders skipped. */
export function scanPaths(inputs: string[]): ScanEntry[] {
  const out: ScanEntry[] = [];
  const seen = new Set<string>();
  const visit = (p: string, explicit: boolean) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (error) {
      out.push({ path: p, error: describeFsError(error) });
      return;
    }
    if (stat.isDirectory()) {
      let names: string[];
      try {
        names = fs.readdirSync(p).sort();
      } catch (error) {
        out.push({ path: p, error: `the folder cannot be read: ${describeFsError(error)}` });
        return;
      }
      for (const name of names) {
        if (name.startsWith('.')) continue;
        visit(path.join(p, name), false);
      }
    } else if (stat.isFile()) {
      // A real path once: a file reached twice (a link, or given twice) is read once.
      let real = p;
      try {
        real = fs.realpathSync(p);
      } catch {
        /* keep p */
      }
      if (seen.has(real)) return;
      seen.add(real);
      out.push({ path: p, size: stat.size });
    } else if (explicit) {
      out.push({ path: p, error: 'it is not a regular file' });
    }
  };
  for (const input of inputs) visit(path.resolve(input), true);
  return out;
}
