// pith import, search, list, show: the archive core from a terminal.
import { parseArgs } from '../args.ts';
import type { PithApi } from '../../core/api.ts';
import type { Annotation, ImportReport } from '../../core/types.ts';
import { printJson, UsageError, type Io } from '../io.ts';
import { progressBar } from '../progress.ts';

const IMPORT_USAGE = 'usage: pith import [--update] [--json] PATH...';
const SEARCH_USAGE = 'usage: pith search [--limit N] [--offset N] [--json] QUERY';
const LIST_USAGE = 'usage: pith list [--json] [--tag T] [--type pdf|html|md|txt] [--sort S]';
const SHOW_USAGE = 'usage: pith show [--json] DOC_ID';

export async function importCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { update: { type: 'boolean' }, json: { type: 'boolean' } },
  }, IMPORT_USAGE);
  if (positionals.length === 0) throw new UsageError(IMPORT_USAGE);
  const bar = progressBar(io, 'Importing');
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  let report: ImportReport;
  try {
    report = await api.importPaths(
      { paths: positionals, update: values.update ?? false, taskId: 'cli-import' },
      { onProgress: bar.update, signal: controller.signal },
    );
  } finally {
    process.off('SIGINT', onInterrupt);
    bar.done();
  }
  if (values.json) {
    const { cancelled: _cancelled, ...rest } = report;
    printJson(io, { ...rest, results: report.results });
  } else {
    for (const r of report.results) {
      if (r.status === 'imported' || r.status === 'updated') continue;
      io.err(`${r.status.padEnd(11)} ${r.path}${r.reason ? `: ${r.reason}` : ''}`);
    }
    const parts = [
      `${report.imported} imported`,
      `${report.updated} updated`,
      `${report.duplicates} duplicate${report.duplicates === 1 ? '' : 's'}`,
      `${report.unsupported} unsupported`,
      `${report.failed} failed`,
    ];
    io.out(`${report.cancelled ? 'Cancelled: ' : ''}${parts.join(', ')}.`);
  }
  if (report.cancelled) return 130;
  return report.failed > 0 ? 1 : 0;
}

export async function searchCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' }, limit: { type: 'string' }, offset: { type: 'string' } },
  }, SEARCH_USAGE);
  if (positionals.length === 0) throw new UsageError(SEARCH_USAGE);
  const limit = values.limit === undefined ? 20 : Number(values.limit);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit takes a whole number above 0');
  const offset = values.offset === undefined ? 0 : Number(values.offset);
  if (!Number.isInteger(offset) || offset < 0) throw new UsageError('--offset takes a whole number');
  const results = await api.search({ query: positionals.join(' '), limit, offset });
  if (values.json) {
    printJson(io, results);
    return 0;
  }
  if (results.notice) io.err(results.notice);
  if (results.hits.length === 0) {
    io.out(`No results for ${results.query}.`);
    return 0;
  }
  for (const hit of results.hits) {
    const what = hit.kind === 'annotation' ? `${hit.annotationKind ?? 'annotation'} in ` : '';
    io.out(`${what}${hit.title}  [${hit.kind === 'annotation' ? hit.annotationId : hit.documentId}]`);
    io.out(`    ${terminalSnippet(hit.snippet)}`);
  }
  io.out(`${results.hits.length} of ${results.total} result${results.total === 1 ? '' : 's'}.`);
  return 0;
}

/** A snippet for a terminal: marks in bold (or *stars* when not a terminal), entities decoded. */
function terminalSnippet(html: string): string {
  const bold = process.stdout.isTTY;
  return html
    .replace(/<mark>/g, bold ? '\x1b[1m' : '*')
    .replace(/<\/mark>/g, bold ? '\x1b[0m' : '*')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

export async function listCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      json: { type: 'boolean' },
      tag: { type: 'string' },
      type: { type: 'string' },
      sort: { type: 'string' },
    },
  }, LIST_USAGE);
  const documents = [];
  const pageSize = 5000;
  for (let offset = 0; ; offset += pageSize) {
    const page = await api.listDocuments({
      offset,
      limit: pageSize,
      tag: values.tag,
      kind: values.type as never,
      sort: (values.sort as never) ?? 'imported',
      descending: false,
    });
    documents.push(...page.documents);
    if (offset + pageSize >= page.total) break;
  }
  if (values.json) {
    printJson(io, {
      documents: documents.map((d) => ({
        id: d.id,
        title: d.title,
        mime: d.mime,
        pages: d.pages,
        importedAt: d.importedAt,
        tags: d.tags,
        kind: d.kind,
        published: d.published,
        annotations: d.annotationCount,
      })),
    });
    return 0;
  }
  for (const d of documents) {
    const tags = d.tags.length ? `  #${d.tags.join(' #')}` : '';
    io.out(`${d.id}  ${d.kind.padEnd(4)}  ${d.published ?? d.importedAt.slice(0, 10)}  ${d.title}${tags}`);
  }
  io.out(`${documents.length} document${documents.length === 1 ? '' : 's'}.`);
  return 0;
}

export async function showCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: 'boolean' } },
  }, SHOW_USAGE);
  if (positionals.length !== 1) throw new UsageError(SHOW_USAGE);
  const doc = await api.getDocument({ id: positionals[0]! });
  if (values.json) {
    printJson(io, {
      id: doc.id,
      title: doc.title,
      authors: doc.authors,
      published: doc.published,
      source: doc.source,
      mime: doc.mime,
      kind: doc.kind,
      pages: doc.pages,
      importedAt: doc.importedAt,
      note: doc.note,
      tags: doc.tags,
      text: doc.text,
      annotations: doc.annotations,
    });
    return 0;
  }
  io.out(doc.title);
  const byline = [doc.authors.join(', '), doc.published, doc.source.url ?? doc.source.path].filter(Boolean).join(' · ');
  if (byline) io.out(byline);
  if (doc.note) io.out(`Note: ${doc.note}`);
  if (doc.tags.length) io.out(`#${doc.tags.join(' #')}`);
  io.out('');
  io.out(doc.text);
  if (doc.annotations.length) {
    io.out('');
    io.out('Annotations:');
    for (const a of doc.annotations) io.out(`  ${describeAnnotation(a)}`);
  }
  return 0;
}

function describeAnnotation(a: Annotation): string {
  const state = a.suggested ? 'suggested ' : '';
  const body = a.quote ? `"${a.quote.exact}"` : (a.text ?? '');
  const anchor = a.anchor === 'orphaned' ? ' (orphaned: its quote is no longer in the text)' : '';
  return `${state}${a.kind} ${a.id}: ${body}${a.comment ? ` — ${a.comment}` : ''}${anchor}`;
}
