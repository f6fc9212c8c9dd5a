// node:util's parseArgs, except that an option's value may start with "-": a comment "-2+3 is a
// formula", a quote "- the first point", a query "-draft kosovo". Node refuses those ("argument
// is ambiguous") unless written --comment=-…, because the value might be a forgotten one
// followed by the next option. We take the next word as the value unless it is one of the
// command's own options, which keeps that protection where it matters (`--comment --json`).
import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';

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

export function parseArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof nodeParseArgs<T>> {
  const args = config.args ?? process.argv.slice(2);
  return nodeParseArgs({ ...config, args: joinDashValues(args, config.options ?? {}) } as T);
}
