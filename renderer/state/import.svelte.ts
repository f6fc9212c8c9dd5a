// One import at a time: its progress for the progress bar, then its per-file report.
import type { ImportReport, ProgressEvent } from '../../core/types.ts';
import { client, messageOf, newTaskId } from '../lib/api.ts';
import { app, changed, notify } from './app.svelte.ts';

export const importing = $state({
  running: false,
  taskId: null as string | null,
  done: 0,
  total: 0,
  current: null as string | null,
  report: null as ImportReport | null,
  error: null as string | null,
  cancelling: false,
});

/** Files the user picked or dropped. */
export function startImport(files: File[]): Promise<void> {
  return run(files.length, files[0]?.name ?? null, (taskId, onProgress) => client.importFiles(files, taskId, onProgress));
}

/** Paths the desktop shell chose (File › Import Folder…). */
export function startImportPaths(paths: string[]): Promise<void> {
  return run(paths.length, paths[0] ?? null, (taskId, onProgress) => client.importPaths(paths, taskId, onProgress));
}

async function run(
  count: number,
  first: string | null,
  work: (taskId: string, onProgress: (event: ProgressEvent) => void) => Promise<ImportReport>,
): Promise<void> {
  if (importing.running) {
    notify('An import is already running; wait for it to finish or cancel it.', 'error');
    return;
  }
  const taskId = newTaskId();
  Object.assign(importing, { running: true, taskId, done: 0, total: count, current: first, report: null, error: null, cancelling: false });
  app.importOpen = true;
  try {
    importing.report = await work(taskId, (event) => {
      if (event.taskId !== taskId) return;
      importing.done = event.done;
      importing.total = event.total;
      importing.current = event.current;
    });
  } catch (error) {
    importing.error = messageOf(error);
  } finally {
    importing.running = false;
    importing.current = null;
    changed();
  }
}

export async function cancelImport(): Promise<void> {
  if (!importing.taskId) return;
  importing.cancelling = true;
  try {
    await client.cancelTask(importing.taskId);
  } catch (error) {
    notify(messageOf(error), 'error');
  }
}
