// A one-line progress bar on stderr for long commands on a terminal.
import type { ProgressEvent } from '../core/types.ts';
import type { Io } from './io.ts';

export function progressBar(io: Io, label: string): { update: (e: ProgressEvent) => void; done: () => void } {
  if (!io.interactive) return { update: () => {}, done: () => {} };
  let last = 0;
  let drawn = false;
  return {
    update(e) {
      const t = Date.now();
      if (t - last < 80 && e.done < e.total) return;
      last = t;
      const width = 24;
      const ratio = e.total > 0 ? e.done / e.total : 0;
      const filled = Math.round(ratio * width);
      const name = e.current ? e.current.split(/[\\/]/).pop()! : '';
      const columns = process.stderr.columns || 80;
      const line = `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${e.done}/${e.total} ${name}`;
      process.stderr.write(`\r${line.slice(0, columns - 1).padEnd(columns - 1)}`);
      drawn = true;
    },
    done() {
      if (drawn) process.stderr.write(`\r${' '.repeat((process.stderr.columns || 80) - 1)}\r`);
    },
  };
}
