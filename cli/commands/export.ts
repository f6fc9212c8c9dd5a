// pith export: annotations as Markdown, Web Annotation JSON, CSV or annotated PDFs.
import { parseArgs } from '../args.ts';
import type { ExportFormat, ExportReport, PithApi } from '../../core/api.ts';
import { printJson, UsageError, type Io } from '../io.ts';
import { progressBar } from '../progress.ts';

const USAGE =
  'usage: pith export --format md|json|csv|pdf [--doc ID]... [--tag T] [--annotation-tag T] [--query Q] [--all-documents] [--paper A4|Letter] --out PATH [--force] [--json]';
const FORMATS: readonly ExportFormat[] = ['md', 'json', 'csv', 'pdf'];

export async function exportCommand(api: PithApi, argv: string[], io: Io): Promise<number> {
  const { values } = parseArgs(
    {
      args: argv,
      allowPositionals: false,
      options: {
        format: { type: 'string', short: 'f' },
        doc: { type: 'string', multiple: true },
        tag: { type: 'string' },
        'annotation-tag': { type: 'string' },
        query: { type: 'string', short: 'q' },
        out: { type: 'string', short: 'o' },
        paper: { type: 'string' },
        force: { type: 'boolean' },
        'all-documents': { type: 'boolean' },
        json: { type: 'boolean' },
      },
    },
    USAGE,
  );
  const format = values.format as ExportFormat | undefined;
  if (!format) throw new UsageError(`--format is needed: md, json, csv or pdf\n${USAGE}`);
  if (!FORMATS.includes(format)) throw new UsageError(`--format takes md, json, csv or pdf, not "${format}"\n${USAGE}`);
  if (!values.out) throw new UsageError(`--out is needed: the file or folder to write the export to\n${USAGE}`);
  const paper = values.paper === undefined ? undefined : values.paper.toLowerCase() === 'letter' ? 'Letter' : values.paper.toUpperCase();
  if (paper !== undefined && paper !== 'A4' && paper !== 'Letter') throw new UsageError('--paper takes A4 or Letter');

  const bar = progressBar(io, 'Exporting');
  const controller = new AbortController();
  const onInterrupt = () => controller.abort();
  process.once('SIGINT', onInterrupt);
  let report: ExportReport;
  try {
    report = await api.exportAnnotations(
      {
        format,
        documentIds: values.doc,
        tag: values.tag,
        annotationTag: values['annotation-tag'],
        query: values.query,
        allDocuments: values['all-documents'] ?? false,
        out: values.out,
        force: values.force ?? false,
        taskId: 'cli-export',
        ...(paper ? { pageSize: paper } : {}),
      } as Parameters<PithApi['exportAnnotations']>[0],
      { onProgress: bar.update, signal: controller.signal },
    );
  } finally {
    process.off('SIGINT', onInterrupt);
    bar.done();
  }
  if (values.json) printJson(io, report);
  else {
    for (const f of report.failed) io.err(`failed      ${f.document}: ${f.reason}`);
    const what = `${report.annotations} annotation${report.annotations === 1 ? '' : 's'} of ${report.documents} document${report.documents === 1 ? '' : 's'}`;
    const where = report.files.length === 1 ? report.files[0] : `${report.files.length} files in ${report.out}`;
    io.out(`${report.cancelled ? 'Cancelled after exporting' : 'Exported'} ${what} to ${where}.`);
  }
  if (report.cancelled) return 130;
  return report.failed.length > 0 ? 1 : 0;
}
