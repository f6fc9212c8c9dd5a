// pith sync URL: syncs the archive once, both ways, with a CouchDB database; pith sync --status.
import { parseArgs } from '../args.ts';
import { printJson, UsageError, type Io } from '../io.ts';
import type { PithApi } from '../../core/api.ts';
import type { Pith } from '../../core/pith.ts';

const USAGE = 'usage: pith sync [--live] [--user NAME] [--insecure] [--json] URL, or pith sync --status [--json]';

export async function syncCommand(argv: string[], io: Io, archiveDir: string): Promise<number> {
  const { values, positionals } = parseArgs(
    {
      args: argv,
      allowPositionals: true,
      options: {
        user: { type: 'string' },
        insecure: { type: 'boolean' },
        json: { type: 'boolean' },
        status: { type: 'boolean' },
        live: { type: 'boolean' },
      },
    },
    USAGE,
  );
  const { syncArchive, syncLive, syncStatus } = await import('../../core/sync/index.ts');
  if (values.status) {
    if (positionals.length > 0) throw new UsageError(USAGE);
    const status = syncStatus(archiveDir);
    if (values.json) printJson(io, status);
    else if (!status.configured) io.out('This archive has never been synced (pith sync URL starts).');
    else {
      io.out(`Server: ${status.remote}`);
      io.out(`Last sync: ${status.lastSync ?? 'never completed'}`);
      io.out(`Changes waiting to be sent: ${status.pendingChanges}`);
      io.out(`Originals still to come: ${status.filesPending}`);
      io.out(`Annotations with conflicting versions: ${status.conflicts}`);
      if (status.lastError) io.out(`Last error: ${status.lastError}`);
    }
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(USAGE);
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  if (values.live) {
    try {
      io.err('Syncing until interrupted (Ctrl-C)…');
      await syncLive(archiveDir, {
        url: positionals[0]!,
        user: values.user,
        password: process.env.PITH_SYNC_PASSWORD,
        insecure: values.insecure ?? false,
        signal: controller.signal,
        onRound: (round) => {
          const at = new Date().toLocaleTimeString();
          if (values.json) printJson(io, { at: new Date().toISOString(), pushed: round.pushed, pulled: round.pulled, conflicts: round.conflicts, files: round.files, errors: round.errors });
          else {
            if (round.pushed || round.pulled || round.files.received || round.files.sent)
              io.out(`${at}: ${plural(round.pushed, 'record')} sent, ${plural(round.pulled, 'record')} received, ${round.files.received} original(s) received.`);
            for (const e of round.errors) io.err(`${at}: ${e}`);
          }
        },
      });
      return 0;
    } finally {
      process.off('SIGINT', onInterrupt);
    }
  }
  try {
    const result = await syncArchive(archiveDir, {
      url: positionals[0]!,
      user: values.user,
      password: process.env.PITH_SYNC_PASSWORD,
      insecure: values.insecure ?? false,
      signal: controller.signal,
      onProgress: values.json ? undefined : (message) => io.err(message),
    });
    if (values.json) {
      printJson(io, { pushed: result.pushed, pulled: result.pulled, conflicts: result.conflicts, files: result.files, errors: result.errors });
    } else {
      io.out(`Synced with ${result.remote}: ${plural(result.pushed, 'record')} sent, ${plural(result.pulled, 'record')} received.`);
      io.out(`Originals: ${result.files.sent} sent, ${result.files.received} received${result.files.pending ? `, ${result.files.pending} still to come` : ''}.`);
      if (result.conflicts) io.out(`${plural(result.conflicts, 'annotation')} with conflicting versions: see pith annotations --json, settle with pith annotation resolve ID --keep N.`);
      for (const e of result.errors) io.err(`pith: ${e}`);
    }
    return result.errors.length > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** pith annotation resolve ID --keep N: settles an annotation's conflicting versions. */
export async function resolveCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  const usage = 'usage: pith annotation resolve [--json] ID --keep N (0: the version shown; N: conflicting version N)';
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { keep: { type: 'string' }, json: { type: 'boolean' } } }, usage);
  if (positionals.length !== 1 || values.keep === undefined || !/^\d+$/.test(values.keep)) throw new UsageError(usage);
  const { resolveConflict } = await import('../../core/sync/resolve.ts');
  const annotation = resolveConflict((api as Pith).db, { id: positionals[0]!, keep: Number(values.keep) });
  if (values.json) printJson(io, annotation);
  else io.out(`Settled ${annotation.id}: ${annotation.comment ?? annotation.text ?? ''}`);
  return 0;
}

/** pith group create|add|remove URL [USER]: a group database on a CouchDB the user administers. */
export async function groupCommand(argv: string[], io: Io): Promise<number> {
  const usage =
    'usage: pith group create URL | pith group add URL USER | pith group remove URL USER  [--user ADMIN] [--insecure] [--json] (admin password: $PITH_SYNC_PASSWORD; a new member\'s: $PITH_MEMBER_PASSWORD)';
  const [action, ...rest] = argv;
  const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { user: { type: 'string' }, insecure: { type: 'boolean' }, json: { type: 'boolean' } } }, usage);
  const credentials = { user: values.user, password: process.env.PITH_SYNC_PASSWORD, insecure: values.insecure ?? false };
  const group = await import('../../core/sync/group.ts');
  let result: unknown;
  if (action === 'create' && positionals.length === 1) {
    result = await group.createGroup(positionals[0]!, credentials);
    if (!values.json) io.out(`Group database ${(result as { database: string }).database} is ready: members only, and only an annotation's author may change it.`);
  } else if (action === 'add' && positionals.length === 2) {
    result = await group.addMember(positionals[0]!, credentials, positionals[1]!, process.env.PITH_MEMBER_PASSWORD || undefined);
    if (!values.json) io.out(`${positionals[1]} is a member${(result as { created: boolean }).created ? ' (new user created)' : ''}; members: ${(result as { members: string[] }).members.join(', ')}.`);
  } else if (action === 'remove' && positionals.length === 2) {
    result = await group.removeMember(positionals[0]!, credentials, positionals[1]!);
    if (!values.json) io.out(`${positionals[1]} is no longer a member; members: ${(result as { members: string[] }).members.join(', ') || 'none'}.`);
  } else throw new UsageError(usage);
  if (values.json) printJson(io, result);
  return 0;
}
