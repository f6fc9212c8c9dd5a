// Types of scripts/electron-runtime.js, for the Electron e2e spec and the tests.
export const root: string;

export type ElectronLocation = { ok: true; path: string; version: string } | { ok: false; reason: string; version?: string };

export function locateElectron(env?: NodeJS.ProcessEnv, base?: string): ElectronLocation;

export function sessionProblem(env?: NodeJS.ProcessEnv, platform?: NodeJS.Platform, uid?: number): string | null;

export function prepareNativeModules(
  electronVersion: string,
  base?: string,
): Promise<{ ok: true; binding: string } | { ok: false; reason: string }>;

export function rendererIsStale(base?: string): boolean;
