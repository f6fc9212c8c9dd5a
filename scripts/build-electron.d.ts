// Types of scripts/build-electron.js, for the tests that build the bundles.
export interface BuildElectronOptions {
  outdir?: string;
  production?: boolean;
  logLevel?: 'silent' | 'error' | 'warning' | 'info';
  alias?: Record<string, string>;
}

export interface BuildElectronResult {
  outdir: string;
  files: string[];
  externals: { main: string[]; host: string[]; worker: string[]; preload: string[] };
}

export function buildElectron(options?: BuildElectronOptions): Promise<BuildElectronResult>;
