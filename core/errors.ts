// Every error that leaves the core, as the one thing a person reads: a PithError. The CLI, `pith
// serve` and the desktop bridge all turn failures into their wire form ({ code, message }) through
// toPithError, so a failure reads the same whichever way Pith was reached.
import { PithError, isPithError } from './api.ts';
import { describeDbError } from '../db/db-errors.ts';
import { describeFsError, isFsError } from '../db/fs-errors.ts';

/** What a person reads for a failure nobody foresaw; the details go to the log, never the wire. */
export const INTERNAL_MESSAGE = 'Something went wrong inside Pith. The details are in its log.';

export type ErrorLog = (message: string, error: unknown) => void;

/**
 * The PithError for any error: a PithError as it is; a cancelled call; SQLite's and the file
 * system's errors in words; anything else 'internal', its raw message kept out of the answer and
 * handed to `log` (with the stack) instead.
 */
export function toPithError(error: unknown, log?: ErrorLog): PithError {
  if (isPithError(error)) return error;
  if (error instanceof Error && error.name === 'AbortError') return new PithError('cancelled', 'Cancelled.');
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && code.startsWith('SQLITE_')) {
    return new PithError('archive', `The archive could not be changed: ${describeDbError(error)}; nothing was changed.`);
  }
  if (isFsError(error)) {
    const sentence = describeFsError(error);
    return new PithError('internal', `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`);
  }
  log?.('pith: an unexpected error', error);
  return new PithError('internal', INTERNAL_MESSAGE);
}
