// What a command writes to, and the errors that end it with a message instead of a stack trace.
import { toPithError } from '../core/errors.ts';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Is stderr a terminal (for progress bars)? */
  interactive?: boolean;
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

/** Turns any error into the one line a person reads, and the exit code. */
export function reportError(io: Io, error: unknown): number {
  if (error instanceof UsageError) {
    io.err(`pith: ${error.message}`);
    return 2;
  }
  const code = (error as { code?: string }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' || code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') {
    io.err(`pith: ${(error as Error).message.split('\n')[0]}`);
    return 2;
  }
  // The terminal is the user's own log: an unforeseen error is shown by its first line (its
  // stack with PITH_DEBUG set) where the other transports say only INTERNAL_MESSAGE.
  let unforeseen: unknown = null;
  const failure = toPithError(error, (_, raw) => (unforeseen = raw ?? 'unknown error'));
  if (unforeseen !== null) {
    io.err(`pith: something went wrong: ${String((unforeseen as Error)?.message ?? unforeseen).split('\n')[0]}`);
    if (process.env.PITH_DEBUG) io.err(String((unforeseen as Error)?.stack));
  } else io.err(`pith: ${failure.message}`);
  return 1;
}
