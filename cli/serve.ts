// `pith serve [--port N]`: the app and its API on 127.0.0.1. The first line on stdout is the URL
// to open (with the token); everything else goes to stderr. Runs until SIGINT/SIGTERM.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from './args.ts';
import { packageRoot } from '../core/paths.ts';
import { Pith } from '../core/pith.ts';
import { startServer } from './serve/server.ts';
import { UsageError } from './io.ts';

export const RENDERER_DIR = path.join(packageRoot(import.meta.url), 'dist', 'renderer');

export async function serveCommand(argv: string[], archiveDir: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    allowPositionals: false,
    options: { port: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }, 'usage: pith serve [--port N]');
  if (values.help) {
    process.stdout.write('Usage: pith serve [--port N]\nServes the app and its API on http://127.0.0.1 with a random token.\n');
    return 0;
  }
  let port = 0;
  if (values.port !== undefined) {
    port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port < 1 || port > 65535) throw new UsageError(`--port takes a number from 1 to 65535, not "${values.port}"`);
  }
  const staticDir = process.env.PITH_RENDERER_DIR ? path.resolve(process.env.PITH_RENDERER_DIR) : RENDERER_DIR;
  const api = Pith.open(archiveDir);
  let running;
  try {
    running = await startServer({ api, originalFile: (req) => api.originalFile(req), staticDir, port });
  } catch (error) {
    await api.close();
    const code = (error as { code?: string }).code;
    if (code === 'EADDRINUSE') {
      process.stderr.write(`pith: port ${port} is already in use; choose another with --port or leave it out for a free one\n`);
      return 1;
    }
    throw error;
  }
  process.stdout.write(`${running.url}\n`);
  process.stderr.write(`pith: serving the archive in ${archiveDir}; open the address above. Ctrl-C stops.\n`);
  if (!fs.existsSync(path.join(staticDir, 'index.html')))
    process.stderr.write(`pith: the app is not built (${staticDir} is missing): run \`npx vite build\`; the API works meanwhile\n`);

  const server = running;
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  await api.close();
  return 0;
}
