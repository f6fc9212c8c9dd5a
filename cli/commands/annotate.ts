// pith annotate, annotations, annotation keep|dismiss|delete|edit, tags, tag rename|merge|delete|color,
// doc tag: annotations and tags from a terminal. Each command takes the arguments after its own
// name (`pith annotation keep ID` → ['keep', 'ID']) and returns the exit code: 0, 1 for an error
// of the archive (its message on stderr), 2 for a wrong invocation (one line of usage).
import { parseArgs } from '../args.ts';
import type { AnnotationChange, NewAnnotation, PithApi } from '../../core/api.ts';
import type { Annotation, AnnotationKind, Color, TagInfo } from '../../core/types.ts';
import { printJson, reportError, UsageError, type Io } from '../io.ts';

const USAGE = {
  annotate:
    'usage: pith annotate [--json] DOC_ID (--quote TEXT [--occurrence N] | --text TEXT) [--kind highlight|takeaway|note] [--color C] [--comment TEXT] [--tag T]... [--parent ANNOTATION_ID]',
  annotations: 'usage: pith annotations [--json] [DOC_ID] [--tag T] [--kind highlight|takeaway|note] [--suggested]',
  annotation:
    'usage: pith annotation keep|dismiss|delete [--json] ID | pith annotation edit [--json] ID [--comment TEXT] [--color C] [--text TEXT] [--kind K] [--tag T]... [--untag T]... [--parent ANNOTATION_ID | --detach] | pith annotation resolve [--json] ID --keep N',
  tags: 'usage: pith tags [--json]',
  tag: 'usage: pith tag rename OLD NEW | merge FROM INTO | delete NAME | color NAME COLOR  [--json]',
  doc: 'usage: pith doc tag [--json] DOC_ID TAG... [--remove TAG]...',
} as const;

/** Runs a command body, turning errors into a message and an exit code. */
async function run(io: Io, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    return reportError(io, error);
  }
}

function oneLine(text: string, max = 100): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** One line for a list: id, kind, state, the quote or text, comment and tags. */
export function annotationLine(a: Annotation): string {
  const state = [a.suggested ? 'suggested' : null, a.color, a.anchor, a.page !== null ? `p. ${a.page}` : null]
    .filter(Boolean)
    .join(', ');
  const body = a.quote ? `"${oneLine(a.quote.exact, 80)}"` : oneLine(a.text ?? '', 80);
  const comment = a.comment ? ` — ${oneLine(a.comment, 60)}` : '';
  const tags = a.tags.length ? `  #${a.tags.join(' #')}` : '';
  return `${a.id}  ${a.kind}${state ? ` (${state})` : ''}: ${body}${comment}${tags}`;
}

/** Several lines for one annotation just made or changed. */
function annotationBlock(a: Annotation): string[] {
  const lines = [annotationLine(a)];
  if (a.quote && a.text) lines.push(`  text: ${a.text}`);
  if (a.comment && a.comment.length > 60) lines.push(`  comment: ${a.comment}`);
  if (a.anchor === 'orphaned') lines.push('  (orphaned: its quote is no longer in the document’s text)');
  return lines;
}

function tagLine(t: TagInfo): string {
  return `${t.name}  ${t.color}  ${t.count}`;
}

function occurrence(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < 1) throw new UsageError('--occurrence takes a whole number from 1');
  return n;
}

export function annotateCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  return run(io, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        quote: { type: 'string' },
        occurrence: { type: 'string' },
        text: { type: 'string' },
        kind: { type: 'string' },
        color: { type: 'string' },
        comment: { type: 'string' },
        tag: { type: 'string', multiple: true },
        parent: { type: 'string' },
      },
    }, USAGE.annotate);
    if (positionals.length !== 1) throw new UsageError(USAGE.annotate);
    if (values.quote === undefined && values.text === undefined) throw new UsageError(USAGE.annotate);
    if (values.occurrence !== undefined && values.quote === undefined) throw new UsageError('--occurrence goes with --quote');
    const req: NewAnnotation = { documentId: positionals[0]! };
    if (values.quote !== undefined) req.quote = values.quote;
    const n = occurrence(values.occurrence);
    if (n !== undefined) req.occurrence = n;
    if (values.text !== undefined) req.text = values.text;
    if (values.kind !== undefined) req.kind = values.kind as AnnotationKind;
    if (values.color !== undefined) req.color = values.color as Color;
    if (values.comment !== undefined) req.comment = values.comment;
    if (values.tag) req.tags = values.tag;
    if (values.parent !== undefined) req.parentId = values.parent;
    const annotation = await api.addAnnotation(req);
    if (values.json) printJson(io, annotation);
    else for (const line of annotationBlock(annotation)) io.out(line);
    return 0;
  });
}

export function annotationsCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  return run(io, async () => {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean' },
        tag: { type: 'string' },
        kind: { type: 'string' },
        suggested: { type: 'boolean' },
      },
    }, USAGE.annotations);
    if (positionals.length > 1) throw new UsageError(USAGE.annotations);
    const { annotations } = await api.listAnnotations({
      ...(positionals[0] !== undefined ? { documentId: positionals[0] } : {}),
      ...(values.tag !== undefined ? { tag: values.tag } : {}),
      ...(values.kind !== undefined ? { kind: values.kind as AnnotationKind } : {}),
      ...(values.suggested ? { includeSuggested: true } : {}),
    });
    if (values.json) {
      printJson(io, { annotations });
      return 0;
    }
    for (const a of annotations) io.out(annotationLine(a));
    io.out(`${annotations.length} annotation${annotations.length === 1 ? '' : 's'}.`);
    return 0;
  });
}

export function annotationCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  return run(io, async () => {
    const [action, ...rest] = argv;
    if (action === 'edit') return editAnnotation(api, rest, io);
    if (action === 'resolve') return (await import('./sync.ts')).resolveCommand(api, rest, io);
    if (action !== 'keep' && action !== 'dismiss' && action !== 'delete') throw new UsageError(USAGE.annotation);
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' } } }, USAGE.annotation);
    if (positionals.length !== 1) throw new UsageError(USAGE.annotation);
    const id = positionals[0]!;
    if (action === 'keep') {
      const annotation = await api.keepAnnotation({ id });
      if (values.json) printJson(io, annotation);
      else io.out(`Kept: ${annotationLine(annotation)}`);
    } else if (action === 'dismiss') {
      const result = await api.dismissAnnotation({ id });
      if (values.json) printJson(io, result);
      else io.out(`Dismissed ${id}.`);
    } else {
      const result = await api.deleteAnnotation({ id });
      if (values.json) printJson(io, result);
      else io.out(`Deleted ${id}.`);
    }
    return 0;
  });
}

async function editAnnotation(api: PithApi, argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      comment: { type: 'string' },
      color: { type: 'string' },
      text: { type: 'string' },
      kind: { type: 'string' },
      tag: { type: 'string', multiple: true },
      untag: { type: 'string', multiple: true },
      parent: { type: 'string' },
      detach: { type: 'boolean' },
    },
  }, USAGE.annotation);
  if (positionals.length !== 1) throw new UsageError(USAGE.annotation);
  if (values.parent !== undefined && values.detach) throw new UsageError('--parent and --detach do not go together');
  const change: AnnotationChange = { id: positionals[0]! };
  // An empty --comment "" or --text "" clears it.
  if (values.comment !== undefined) change.comment = values.comment === '' ? null : values.comment;
  if (values.text !== undefined) change.text = values.text === '' ? null : values.text;
  if (values.color !== undefined) change.color = values.color as Color;
  if (values.kind !== undefined) change.kind = values.kind as AnnotationKind;
  if (values.tag) change.addTags = values.tag;
  if (values.untag) change.removeTags = values.untag;
  // A note moves onto a highlight or takeaway with --parent, back onto its document with --detach.
  if (values.parent !== undefined) change.parentId = values.parent;
  if (values.detach) change.parentId = null;
  if (Object.keys(change).length === 1)
    throw new UsageError('nothing to change: give --comment, --color, --text, --kind, --tag, --untag, --parent or --detach');
  const annotation = await api.updateAnnotation(change);
  if (values.json) printJson(io, annotation);
  else for (const line of annotationBlock(annotation)) io.out(line);
  return 0;
}

export function tagsCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  return run(io, async () => {
    const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { json: { type: 'boolean' } } }, USAGE.tags);
    if (positionals.length > 0) throw new UsageError(USAGE.tags);
    const { tags } = await api.listTags();
    if (values.json) {
      printJson(io, { tags });
      return 0;
    }
    if (tags.length === 0) {
      io.out('No tags yet.');
      return 0;
    }
    const width = Math.max(...tags.map((t) => t.name.length));
    const colorWidth = Math.max(...tags.map((t) => t.color.length));
    for (const t of tags) io.out(`${t.name.padEnd(width)}  ${t.color.padEnd(colorWidth)}  ${t.count}`);
    return 0;
  });
}

export function tagCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  return run(io, async () => {
    const [action, ...rest] = argv;
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { json: { type: 'boolean' } } }, USAGE.tag);
    const want = (n: number) => {
      if (positionals.length !== n) throw new UsageError(USAGE.tag);
    };
    let result: TagInfo | { deleted: boolean };
    let message: string;
    switch (action) {
      case 'rename': {
        want(2);
        const info = await api.renameTag({ from: positionals[0]!, to: positionals[1]! });
        result = info;
        message = `Renamed "${positionals[0]}" to "${info.name}": ${tagLine(info)}`;
        break;
      }
      case 'merge': {
        want(2);
        const info = await api.mergeTags({ from: positionals[0]!, into: positionals[1]! });
        result = info;
        message = `Merged "${positionals[0]}" into "${info.name}": ${tagLine(info)}`;
        break;
      }
      case 'delete': {
        want(1);
        result = await api.deleteTag({ name: positionals[0]! });
        message = `Deleted the tag "${positionals[0]}".`;
        break;
      }
      case 'color': {
        want(2);
        const info = await api.setTagColor({ name: positionals[0]!, color: positionals[1]! });
        result = info;
        message = tagLine(info);
        break;
      }
      default:
        throw new UsageError(USAGE.tag);
    }
    if (values.json) printJson(io, result);
    else io.out(message);
    return 0;
  });
}

/** `pith doc tag DOC_ID TAG...`: the arguments after `doc`. */
export function docCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  return run(io, async () => {
    const [action, ...rest] = argv;
    if (action !== 'tag') throw new UsageError(USAGE.doc);
    const { values, positionals } = parseArgs({
      args: rest,
      allowPositionals: true,
      options: { json: { type: 'boolean' }, remove: { type: 'string', multiple: true } },
    }, USAGE.doc);
    const [id, ...add] = positionals;
    if (id === undefined || (add.length === 0 && !values.remove)) throw new UsageError(USAGE.doc);
    const result = await api.tagDocument({ id, add, remove: values.remove ?? [] });
    if (values.json) printJson(io, result);
    else io.out(result.tags.length ? `${id}  #${result.tags.join(' #')}` : `${id} has no tags.`);
    return 0;
  });
}
