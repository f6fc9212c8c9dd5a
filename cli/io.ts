// What a command writes to, and the errors that end it with a message instead of a stack trace.
import { toPithError } from '../core/errors.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Is stderr a terminal (for progress bars)? */
  interactive?: boolean;
  /** The command was given --json: errors are written to stdout as JSON too. */
  json?: boolean;
}

export const processIo: Io = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  interactive: Boolean(process.stderr.isTTY) && !process.env.CI,
};

/** A wrong invocation: exit code 2 and one line of usage. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export function printJson(io: Io, value: unknown): void {
  io.out(JSON.stringify(value, null, 2));
}

/**
 * Turns any error into the one line a person reads, and the exit code: 2 for a wrong invocation,
 * 1 for anything else. With --json the same error is also written to stdout as
 * {"error":{"code","message"}}, so a script reading stdout always gets JSON.
 */
export function reportError(io: Io, error: unknown): number {
  const { exit, code, message } = describeFailure(io, error);
  io.err(`pith: ${message}`);
  if (io.json) io.out(JSON.stringify({ error: { code, message: message.split('\n')[0] } }));
  return exit;
}

function describeFailure(io: Io, error: unknown): { exit: number; code: string; message: string } {
  if (error instanceof UsageError) return { exit: 2, code: 'usage', message: error.message };
  // The terminal is the user's own log: an unforeseen error is shown by its first line (its
  // stack with PITH_DEBUG set) where the other transports say only INTERNAL_MESSAGE.
  let unforeseen: unknown = null;
  const failure = toPithError(error, (_, raw) => (unforeseen = raw ?? 'unknown error'));
  if (unforeseen === null) return { exit: 1, code: failure.code, message: failure.message };
  if (process.env.PITH_DEBUG) io.err(String((unforeseen as Error)?.stack));
  return { exit: 1, code: failure.code, message: `something went wrong: ${String((unforeseen as Error)?.message ?? unforeseen).split('\n')[0]}` };
}
