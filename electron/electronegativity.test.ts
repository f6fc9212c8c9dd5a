// electronegativity over electron/ (issue 7): no finding may stay unless reviewed, with its reason,
// in scripts/electronegativity.js. Runs offline (the script keeps the tool off the network).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const script = path.resolve(import.meta.dirname, '..', 'scripts', 'electronegativity.js');

interface Finding {
  id: string;
  file: string;
  severity: string;
  reviewed: string | null;
}
interface Report {
  ok: boolean;
  findings: Finding[];
  unreviewed: Finding[];
  stale: unknown[];
  parseErrors: unknown[];
  checks: { atomic: number; global: number };
}

async function scan(input?: string): Promise<{ code: number; report: Report }> {
  const args = [script, '--json', ...(input ? ['--input', input] : [])];
  try {
    const { stdout } = await run(process.execPath, args, { timeout: 60_000 });
    return { code: 0, report: JSON.parse(stdout) };
  } catch (error) {
    const e = error as { code: number; stdout: string };
    return { code: e.code, report: JSON.parse(e.stdout) };
  }
}

describe('electronegativity', () => {
  it('finds nothing in electron/ that is not reviewed', async () => {
    const { code, report } = await scan();
    expect(report.checks.atomic).toBeGreaterThan(30);
    expect(report.parseErrors).toEqual([]);
    expect(report.unreviewed).toEqual([]);
    expect(report.stale).toEqual([]);
    expect(code).toBe(0);
    // Nothing HIGH at all, and every finding carries its reason.
    expect(report.findings.filter((f) => f.severity === 'HIGH')).toEqual([]);
    for (const finding of report.findings) expect(finding.reviewed, finding.id).toBeTruthy();
  });

  it('fails on a shell that is not locked down', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pith-eng-'));
    try {
      fs.writeFileSync(
        path.join(dir, 'main.ts'),
        `import { app, BrowserWindow } from 'electron';
app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false, webSecurity: false } });
  win.loadURL('http://example.com/');
});
`,
      );
      const { code, report } = await scan(dir);
      expect(code).toBe(1);
      expect(report.ok).toBe(false);
      const ids = report.unreviewed.map((f) => f.id);
      expect(ids).toEqual(expect.arrayContaining([
          'CONTEXT_ISOLATION_JS_CHECK',
          'SANDBOX_JS_CHECK',
          'WEB_SECURITY_JS_CHECK',
          'HTTP_RESOURCES_JS_CHECK',
          'LIMIT_NAVIGATION_GLOBAL_CHECK',
          'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK',
          'CSP_GLOBAL_CHECK',
        ]));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
