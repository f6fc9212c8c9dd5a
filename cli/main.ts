// The `pith` command line: finds the archive, then hands the arguments to one command.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { resolveArchiveDir } from '../core/paths.ts';
import type { Pith } from '../core/pith.ts';
import { processIo, reportError, UsageError, type Io } from './io.ts';

type ApiCommand = (api: Pith, argv: string[], io: Io) => Promise<number>;
type FolderCommand = (argv: string[], io: Io, archiveDir: string) => Promise<number>;

const HELP = `pith — an offline research archive

Usage: pith [--archive DIR] COMMAND [OPTIONS]

  import [--update] [--json] PATH...   import files and folders (PDF, HTML, Markdown, text)
  search [--limit N] [--json] QUERY    search documents and annotations
  list [--json]                        list the documents
  show [--json] DOC_ID                 show a document with its annotations
  annotate DOC_ID (--quote T | --text T) [--kind K] [--color C] [--comment T] [--tag T]...
  annotations [--json] [DOC_ID] [--tag T] [--kind K]
  annotation keep|dismiss|delete|edit|resolve ID ...
  tags [--json]; tag rename|merge|delete|color ...; doc tag DOC_ID TAG...
  export --format md|json|csv|pdf [--doc ID]... [--tag T] [--annotation-tag T] [--query Q] [--all-documents] --out PATH [--force]
  backup FILE; restore FILE
  serve [--port N]                     serve the app and its API on 127.0.0.1
  sync [--live] [--user U] [--insecure] [--json] URL   sync both ways with a CouchDB database
                                       (password: $PITH_SYNC_PASSWORD); sync --status
  group create URL; group add|remove URL USER   a group database on a CouchDB you administer

The archive is --archive DIR, else $PITH_ARCHIVE, else your user data folder.
Search syntax: words, "phrases", -exclude, OR, prefix*, type:pdf, tag:name,
before:YYYY-MM-DD, after:YYYY-MM-DD, in:quotes, in:notes.`;

// Each command's module is loaded only when it runs: start-up stays fast for quick commands.
const API_COMMANDS: Record<string, () => Promise<ApiCommand>> = {
  import: async () => (await import('./commands/documents.ts')).importCommand,
  search: async () => (await import('./commands/documents.ts')).searchCommand,
  list: async () => (await import('./commands/documents.ts')).listCommand,
  show: async () => (await import('./commands/documents.ts')).showCommand,
  annotate: async () => (await import('./commands/annotate.ts')).annotateCommand,
  annotations: async () => (await import('./commands/annotate.ts')).annotationsCommand,
  annotation: async () => (await import('./commands/annotate.ts')).annotationCommand,
  tags: async () => (await import('./commands/annotate.ts')).tagsCommand,
  tag: async () => (await import('./commands/annotate.ts')).tagCommand,
  doc: async () => (await import('./commands/annotate.ts')).docCommand,
  export: async () => (await import('./commands/export.ts')).exportCommand,
  backup: async () => (await import('./commands/backup.ts')).backupCommand,
};

/** Commands that work on an archive folder rather than an open archive. */
const FOLDER_COMMANDS: Record<string, () => Promise<FolderCommand>> = {
  restore: async () => (await import('./commands/backup.ts')).restoreCommand,
  sync: async () => (await import('./commands/sync.ts')).syncCommand,
  group: async () => {
    const { groupCommand } = await import('./commands/sync.ts');
    return (argv, io) => groupCommand(argv, io);
  },
  serve: async () => {
    const { serveCommand } = await import('./serve.ts');
    return (argv, _io, dir) => serveCommand(argv, dir);
  },
};

/** Takes `--archive DIR` out of the arguments wherever it stands. */
function takeArchiveOption(argv: string[]): { archive: string | undefined; args: string[] } {
  const args: string[] = [];
  let archive: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (a === '--archive') {
      if (i + 1 >= argv.length) throw new UsageError('--archive needs a folder');
      archive = argv[++i];
    } else if (a.startsWith('--archive=')) archive = a.slice('--archive='.length);
    else args.push(a);
  }
  return { archive, args };
}

export async function main(rawArgv: string[], baseIo: Io = processIo): Promise<number> {
  let api: Pith | undefined;
  // Before anything can fail: with --json, even a wrong invocation answers in JSON.
  const io: Io = rawArgv.includes('--json') && !rawArgv.slice(0, rawArgv.indexOf('--json')).includes('--') ? { ...baseIo, json: true } : baseIo;
  try {
    const { archive, args: argv } = takeArchiveOption(rawArgv);
    const { values, tokens } = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: false,
      tokens: true,
      options: { help: { type: 'boolean', short: 'h' }, version: { type: 'boolean' } },
    });
    // Global options come before the command; everything after it belongs to the command.
    const first = tokens.find((t) => t.kind === 'positional');
    const commandIndex = first ? first.index : argv.length;
    const globals = argv.slice(0, commandIndex);
    if (globals.some((a) => a.startsWith('-') && !/^(--help|--version|-h)$/.test(a)))
      throw new UsageError(`unknown option ${globals.find((a) => a.startsWith('-'))}; try pith --help`);
    if (values.version) {
      io.out('pith 0.1.0');
      return 0;
    }
    const command = argv[commandIndex];
    if (!command || (values.help && commandIndex >= argv.length) || command === 'help') {
      io.out(HELP);
      return 0;
    }
    const rest = argv.slice(commandIndex + 1);
    const archiveDir = resolveArchiveDir(archive);
    if (Object.hasOwn(FOLDER_COMMANDS, command)) return await (await FOLDER_COMMANDS[command]!())(rest, io, archiveDir);
    if (!Object.hasOwn(API_COMMANDS, command)) throw new UsageError(`unknown command "${command}"; try pith --help`);
    // Only an import makes an archive; any other command on a folder without one is a mistake
    // (a mistyped --archive), not a wish for an empty archive.
    const exists = fs.existsSync(path.join(archiveDir, 'pith.db'));
    if (!exists && command !== 'import') {
      throw new UsageError(`there is no Pith archive in ${archiveDir}; check --archive (or $PITH_ARCHIVE), or import files to make one there: pith --archive ${archiveDir} import PATH...`);
    }
    const run = await API_COMMANDS[command]!();
    const { Pith } = await import('../core/pith.ts');
    api = Pith.open(archiveDir);
    if (!exists) io.err(`pith: made a new archive in ${archiveDir}`);
    return await run(api, rest, io);
  } catch (error) {
    return reportError(io, error);
  } finally {
    await api?.close();
  }
}

