// Starting worker threads from TypeScript sources or from a built bundle alike.
//
// A TypeScript worker is bundled once per process with esbuild (its packages left as imports) into
// node_modules/.cache/pith, named by the bundle's hash. Booting workers through tsx instead costs
// about twice the CPU of loading their modules (jsdom, PDFium's glue) in every worker started; the tsx
// boot stays as the fallback where the cache cannot be written.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, type ResourceLimits } from 'node:worker_threads';

const require = createRequire(import.meta.url);
const cacheDir = fileURLToPath(new URL('../node_modules/.cache/pith/', import.meta.url));
const bundled = new Map<string, URL | null>();

export function startWorker(entry: URL, resourceLimits?: ResourceLimits): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { resourceLimits });
  const bundle = bundleOnce(entry);
  if (bundle) return new Worker(bundle, { resourceLimits });
  // A worker does not inherit the loader hooks of its parent: boot it through tsx.
  return new Worker(new URL('./worker-boot.mjs', import.meta.url), {
    workerData: { pithWorkerEntry: entry.href },
    resourceLimits,
  });
}

function bundleOnce(entry: URL): URL | null {
  if (bundled.has(entry.href)) return bundled.get(entry.href)!;
  let result: URL | null = null;
  try {
    const esbuild = require('esbuild') as typeof import('esbuild');
    const output = esbuild.buildSync({
      entryPoints: [fileURLToPath(entry)],
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      packages: 'external',
      logLevel: 'silent',
    }).outputFiles[0]!.contents;
    const hash = crypto.createHash('sha256').update(output).digest('hex').slice(0, 16);
    const name = path.basename(fileURLToPath(entry), '.ts');
    const file = path.join(cacheDir, `${name}-${hash}.mjs`);
    if (!fs.existsSync(file)) {
      fs.mkdirSync(cacheDir, { recursive: true });
      const temp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(temp, output);
      fs.renameSync(temp, file);
    }
    result = pathToFileURL(file);
  } catch {
    result = null;
  }
  bundled.set(entry.href, result);
  return result;
}
