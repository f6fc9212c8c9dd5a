// Every `pith` example in the README works on the sample document as written: each line of the
// command line section is run by a shell, in order, with HOME a temporary folder holding
// ~/Papers (the sample) and ~/Downloads/article.html, `npx pith` the built command, and the
// placeholders (DOC_ID, ID, NOTE_ID, HIGHLIGHT_ID) the ids of what the earlier lines made.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const sample = path.resolve(root, '../shared/samples/nato-western-balkans-2025.txt');
const home = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-readme-'));
const archive = path.join(home, 'archive');
afterAll(() => fs.rmSync(home, { recursive: true, force: true }));

/** The commands of the README's command line section, continuation lines joined. */
function readmeCommands(): string[] {
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## The `pith` command line'), readme.indexOf('\n## ', readme.indexOf('## The `pith` command line') + 5));
  const commands: string[] = [];
  for (const block of section.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const joined = block[1]!.replace(/\\\n\s*/g, '');
    for (const line of joined.split('\n')) if (line.trim().startsWith('npx pith')) commands.push(line.trim());
  }
  return commands;
}

function shell(command: string) {
  const env = { ...process.env, HOME: home, PITH_ARCHIVE: archive, PITH_BIN: path.join(root, 'bin', 'pith.js') };
  // `npx pith …` is the built command itself: npx would look it up in this folder's package.json.
  const script = `npx() { shift; node "$PITH_BIN" "$@"; }\n${command}`;
  const r = spawnSync('bash', ['-c', script], { cwd: home, env, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function pithJson(...args: string[]): unknown {
  const r = spawnSync(process.execPath, [path.join(root, 'bin', 'pith.js'), '--archive', archive, ...args, '--json'], { encoding: 'utf8' });
  return JSON.parse(r.stdout);
}

interface Listed {
  id: string;
  kind: string;
  suggested?: boolean;
  kept?: boolean;
}

/** The ids the placeholders stand for, from what the archive holds now. */
function placeholders(): Record<string, string> {
  if (!fs.existsSync(path.join(archive, 'pith.db'))) return {};
  const { documents } = pithJson('list') as { documents: { id: string; title: string }[] };
  const doc = documents.find((d) => /NATO|Western Balkans/i.test(d.title)) ?? documents[0];
  if (!doc) return {};
  const { annotations } = pithJson('annotations', doc.id) as { annotations: Listed[] };
  const ids: Record<string, string> = { DOC_ID: doc.id };
  const highlight = annotations.find((a) => a.kind === 'highlight');
  const note = annotations.find((a) => a.kind === 'note');
  const suggested = annotations.find((a) => a.suggested);
  if (highlight) ids.HIGHLIGHT_ID = highlight.id;
  if (note) ids.NOTE_ID = note.id;
  if (suggested) ids.ID = suggested.id;
  return ids;
}

it('runs every command line example of the README on the sample, as written', { timeout: 300_000 }, () => {
  fs.mkdirSync(path.join(home, 'Papers'));
  fs.copyFileSync(sample, path.join(home, 'Papers', 'nato-western-balkans-2025.txt'));
  fs.mkdirSync(path.join(home, 'Downloads'));
  fs.writeFileSync(
    path.join(home, 'Downloads', 'article.html'),
    '<html><head><title>Notes from Belgrade</title></head><body><main><h1>Notes from Belgrade</h1><p>Talks on the bridge in Mitrovica went on for a second day, with NATO observers present.</p></main></body></html>',
  );
  const commands = readmeCommands();
  expect(commands.length).toBeGreaterThan(20);
  for (const written of commands) {
    const ids = /\b(DOC_ID|NOTE_ID|HIGHLIGHT_ID|ID)\b/.test(written) ? placeholders() : {};
    const command = written.replace(/\b(DOC_ID|NOTE_ID|HIGHLIGHT_ID|ID)\b/g, (name) => {
      expect(ids[name], `${name} in: ${written}`).toBeDefined();
      return ids[name]!;
    });
    const run = shell(command);
    expect(run.code, `${written}\n${run.stdout}${run.stderr}`).toBe(0);
    // A search example finds what it shows.
    if (/^npx pith search /.test(written)) expect(run.stdout, written).not.toMatch(/^No results/);
  }
});
