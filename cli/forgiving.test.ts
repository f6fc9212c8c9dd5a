// A command line that forgives: mistakes get one clear line (and the command's usage), --json
// gets JSON even for errors, a mistyped archive folder is not silently made, short ids work, and
// a quote found several times is not silently taken at its first place.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const sample = path.resolve(root, '../shared/samples/nato-western-balkans-2025.txt');
let work: string;
let archive: string;
let docId: string;

function pith(dir: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [path.join(root, 'bin/pith.js'), '--archive', dir, ...args], {
    encoding: 'utf8',
    env: { ...process.env, PITH_ARCHIVE: '' },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-forgiving-'));
  archive = path.join(work, 'archive');
  const made = pith(archive, 'import', sample, '--json');
  expect(made.code, made.stderr).toBe(0);
  expect(made.stderr).toBe(`pith: made a new archive in ${archive}\n`);
  docId = (JSON.parse(made.stdout) as { results: { documentId: string }[] }).results[0]!.documentId;
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('the pith command forgives', () => {
  it('does not make an archive where a read command was pointed by mistake', () => {
    const missing = path.join(work, 'no-such-archive');
    for (const args of [['list'], ['search', 'kosovo'], ['show', 'abcdef']]) {
      const run = pith(missing, ...args);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^pith: there is no Pith archive in .*no-such-archive; check --archive/);
      expect(run.stdout).toBe('');
    }
    expect(fs.existsSync(missing)).toBe(false);
  });

  it('names the option meant, then the command’s usage', () => {
    const run = pith(archive, 'annotate', docId, '--quote', 'KFOR', '--colour', 'red');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'pith: unknown option --colour (did you mean --color?)\nusage: pith annotate [--json] DOC_ID (--quote TEXT [--occurrence N] | --text TEXT) [--kind highlight|takeaway|note] [--color C] [--comment TEXT] [--tag T]... [--parent ANNOTATION_ID]\n',
    );
    expect(pith(archive, 'list', '--jsn').stderr).toMatch(/^pith: unknown option --jsn \(did you mean --json\?\)\nusage: pith list /);
    expect(pith(archive, 'search', '--limit').stderr).toMatch(/^pith: --limit needs a value\nusage: pith search /);
  });

  it('says what is wrong with an export call, not only its usage', () => {
    const out = path.join(work, 'out.md');
    expect(pith(archive, 'export', '--format', 'docx', '--out', out).stderr).toMatch(/^pith: --format takes md, json, csv or pdf, not "docx"\nusage: pith export /);
    expect(pith(archive, 'export', '--format', 'md').stderr).toMatch(/^pith: --out is needed: the file or folder to write the export to\n/);
  });

  it('answers in JSON on stdout when --json was asked, errors too, with the same exit codes', () => {
    const missing = pith(archive, 'show', '--json', 'ffffffff-0000-4000-8000-000000000000');
    expect(missing.code).toBe(1);
    expect(JSON.parse(missing.stdout)).toEqual({ error: { code: 'not-found', message: 'No document with id ffffffff-0000-4000-8000-000000000000.' } });
    const wrong = pith(archive, 'list', '--json', '--jsn');
    expect(wrong.code).toBe(2);
    expect(JSON.parse(wrong.stdout)).toEqual({ error: { code: 'usage', message: 'unknown option --jsn (did you mean --json?)' } });
  });

  it('takes a unique id prefix of six or more characters', () => {
    const run = pith(archive, 'show', '--json', docId.slice(0, 8));
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { id: string }).id).toBe(docId);
  });

  it('refuses a quote found several times until told which, showing where they are', () => {
    const run = pith(archive, 'annotate', docId, '--quote', 'Pristina');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^pith: The quote occurs \d+ times in ".*"; say which one with its occurrence \(1–\d+\), or quote more of it\. 1: "….*\[Pristina\].*…"; 2: /);
    const second = pith(archive, 'annotate', docId, '--quote', 'Pristina', '--occurrence', '2', '--json');
    expect(second.code, second.stderr).toBe(0);
    expect((JSON.parse(second.stdout) as { quote: { exact: string } }).quote.exact).toBe('Pristina');
  });
});
