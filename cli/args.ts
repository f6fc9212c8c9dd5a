// node:util's parseArgs, except that an option's value may start with "-": a comment "-2+3 is a
// formula", a quote "- the first point", a query "-draft kosovo". Node refuses those ("argument
// is ambiguous") unless written --comment=-…, because the value might be a forgotten one
// followed by the next option. We take the next word as the value unless it is one of the
// command's own options, which keeps that protection where it matters (`--comment --json`).
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Is `word` one of the command's options (--name, --name=…, -x, or -xyz flags)? */
function isOption(word: string, options: Options): boolean {
  if (word === '--') return true;
  if (word.startsWith('--')) return Object.hasOwn(options, word.slice(2).split('=')[0]!);
  if (word.length < 2 || !word.startsWith('-')) return false;
  return Object.values(options).some((o) => o.short === word[1]);
}

/** argv with `--name -value` (and `-x -value`) of string options joined into `--name=-value`. */
export function joinDashValues(args: readonly string[], options: Options): string[] {
  const out: string[] = [];
  const byShort = new Map(Object.entries(options).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  for (let i = 0; i < args.length; i += 1) {
    const word = args[i]!;
    if (word === '--') {
      out.push(...args.slice(i));
      break;
    }
    const name = word.startsWith('--') ? word.slice(2) : /^-[^-]$/.test(word) ? byShort.get(word[1]!) : undefined;
    const next = args[i + 1];
    if (name !== undefined && options[name]?.type === 'string' && next !== undefined && next.startsWith('-') && next !== '-' && !isOption(next, options)) {
      out.push(`--${name}=${next}`);
      i += 1;
    } else out.push(word);
  }
  return out;
}

/**
 * node:util's parseArgs with dash values allowed (above), whose mistakes read as a person would
 * say them, followed by the command's usage line: "unknown option --colour (did you mean
 * --color?)" instead of Node's advice about positionals and '--'.
 */
export function parseArgs<T extends ParseArgsConfig>(config: T, usage: string): ReturnType<typeof nodeParseArgs<T>> {
  const args = config.args ?? process.argv.slice(2);
  const options = config.options ?? {};
  try {
    return nodeParseArgs({ ...config, args: joinDashValues(args, options) } as T);
  } catch (error) {
    throw new UsageError(`${describeParseError(error, options)}\n${usage}`);
  }
}

function describeParseError(error: unknown, options: Options): string {
  const code = (error as { code?: string }).code;
  const message = String((error as Error)?.message ?? error).split('\n')[0]!;
  const quoted = /'([^']+)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = nearestOption(quoted, options);
    return `unknown option ${quoted}${near ? ` (did you mean ${near}?)` : ''}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    const name = quoted.split(' ')[0] ?? quoted;
    return options[name.replace(/^-+/, '')]?.type === 'boolean' ? `${name} takes no value` : `${name} needs a value`;
  }
  if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') return `unexpected argument ${quoted}`;
  return message;
}

/** The command's option closest to a mistyped one (two edits at most, or a shared start), as --name. */
export function nearestOption(typed: string, options: Options): string | null {
  const word = typed.replace(/^-+/, '').split('=')[0]!.toLowerCase();
  let best: string | null = null;
  let bestDistance = 3;
  for (const name of Object.keys(options)) {
    const d = name.startsWith(word) && word.length >= 3 ? 1 : editDistance(word, name);
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  return best === null || bestDistance > Math.max(1, Math.min(2, Math.floor(word.length / 3))) ? null : `--${best}`;
}

/** Levenshtein distance with adjacent swaps counted as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}
