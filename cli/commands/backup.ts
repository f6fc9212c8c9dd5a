// pith backup FILE and pith restore FILE: the whole archive to one file and back.
import { parseArgs } from '../args.ts';
import type { PithApi } from '../../core/api.ts';
import { restore } from '../../core/backup/backup.ts';
import { printJson, UsageError, type Io } from '../io.ts';
import { progressBar } from '../progress.ts';

function parse(argv: string[], usage: string) {
  return parseArgs({ args: argv, allowPositionals: true, options: { force: { type: 'boolean' }, json: { type: 'boolean' } } }, usage);
}

export async function backupCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  const usage = 'usage: pith backup [--force] [--json] FILE';
  const { values, positionals } = parse(argv, usage);
  if (positionals.length !== 1) throw new UsageError(usage);
  const bar = progressBar(io, 'Backing up');
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const result = await api.backup({ file: positionals[0]!, force: values.force ?? false }, { onProgress: bar.update, signal: controller.signal });
    bar.done();
    if (values.json) printJson(io, result);
    else io.out(`Backed up the archive to ${result.file} (${formatBytes(result.bytes)}).`);
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    bar.done();
  }
}

/** Restores into the archive folder (--archive, $PITH_ARCHIVE or the default), which must be empty or absent. */
export async function restoreCommand(argv: string[], io: Io, archiveDir: string): Promise<number> {
  const usage = 'usage: pith [--archive DIR] restore [--json] FILE';
  const { values, positionals } = parse(argv, usage);
  if (positionals.length !== 1 || values.force) throw new UsageError(usage);
  const bar = progressBar(io, 'Restoring');
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  try {
    const result = await restore(positionals[0]!, archiveDir, { onProgress: bar.update, signal: controller.signal });
    bar.done();
    if (values.json) printJson(io, result);
    else
      io.out(
        `Restored ${result.documents} document${result.documents === 1 ? '' : 's'} and ${result.originals} original file${result.originals === 1 ? '' : 's'} into ${result.dir}.`,
      );
    return 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    bar.done();
  }
}

function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 ** 2) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 ** 2).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}
