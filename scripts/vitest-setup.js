// Vitest's global setup: tests run the `pith` command as users do, from built JavaScript, so the
// build is brought up to date once before they start (never by many test processes at once).
import { buildCli, cliBuildState } from './build-cli.js';

export async function setup() {
  if (cliBuildState()) await buildCli({ logLevel: 'error' });
}
