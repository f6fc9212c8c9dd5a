// What a backup holds and how each entry name is judged before anything is extracted.
//
// The format is a plain zip (written by yazl): any OS can list and open it, every entry carries
// its size, and yauzl reads the central directory without touching the data, so a restore can
// judge every name before reading any content. A hand-made tar would need our own reader and
// has no index. On top of the zip's own CRCs, manifest.json records each entry's SHA-256, which
// the restore checks before it writes anything.

export const MANIFEST_NAME = 'manifest.json';
export const DB_ENTRY = 'pith.db';
export const BACKUP_FORMAT = 'pith-backup';
export const BACKUP_VERSION = 1;

export interface ManifestEntry {
  name: string;
  size: number;
  sha256: string;
}

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  version: number;
  created: string;
  /** PRAGMA user_version of the database in the backup. */
  schemaVersion: number;
  documents: number;
  entries: ManifestEntry[];
}

/** An original: files/ab/abcdef… (64 hex digits, the first two as the folder). */
export const BLOB_ENTRY = /^files\/([0-9a-f]{2})\/(\1[0-9a-f]{62})$/;

/**
 * Why an entry name is unsafe to extract, or null when it is safe. Checked on the raw name, before
 * any normalization could hide a trick: absolute paths, drive letters, UNC paths, `..`, `.`,
 * empty segments, backslashes (a separator on Windows), NUL and other control characters.
 */
export function unsafeNameReason(name: string): string | null {
  if (name === '') return 'has an empty name';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'has control characters in its name';
  if (name.includes('\\')) return 'has a backslash in its name (a path separator on Windows)';
  if (name.startsWith('/')) return 'is an absolute path';
  if (/^[a-zA-Z]:/.test(name)) return 'starts with a drive letter';
  const segments = name.replace(/\/$/, '').split('/');
  if (segments.includes('..')) return 'points outside the folder (..)';
  if (segments.some((s) => s === '' || s === '.')) return 'has an empty or "." path segment';
  if (segments.some((s) => s.includes(':'))) return 'has a colon in its name (an alternate data stream on Windows)';
  return null;
}

/** Is this one of the names a Pith backup holds? Anything else is refused. */
export function isExpectedName(name: string): boolean {
  return name === MANIFEST_NAME || name === DB_ENTRY || BLOB_ENTRY.test(name);
}

/** Directory entries a zip tool may add; they carry nothing and are skipped. */
export function isExpectedDirectory(name: string): boolean {
  return name === 'files/' || /^files\/[0-9a-f]{2}\/$/.test(name);
}

/** Reads and checks the manifest's shape; throws a message for a person. */
export function parseManifest(bytes: Buffer): BackupManifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw new Error('its manifest.json is not valid JSON');
  }
  const m = value as Partial<BackupManifest>;
  if (!m || typeof m !== 'object' || m.format !== BACKUP_FORMAT) throw new Error('its manifest.json is not a Pith backup manifest');
  if (typeof m.version !== 'number' || m.version < 1) throw new Error('its manifest.json has no valid version');
  if (m.version > BACKUP_VERSION) throw new Error(`it was made by a newer version of Pith (backup format ${m.version}); update Pith to restore it`);
  if (!Array.isArray(m.entries)) throw new Error('its manifest.json lists no entries');
  const seen = new Set<string>();
  for (const e of m.entries) {
    if (
      !e ||
      typeof e.name !== 'string' ||
      typeof e.sha256 !== 'string' ||
      !/^[0-9a-f]{64}$/.test(e.sha256) ||
      !Number.isSafeInteger(e.size) ||
      e.size < 0
    )
      throw new Error('its manifest.json has a malformed entry');
    const reason = unsafeNameReason(e.name);
    if (reason) throw new Error(`its manifest lists an entry that ${reason}: ${JSON.stringify(e.name)}`);
    if (!isExpectedName(e.name) || e.name === MANIFEST_NAME) throw new Error(`its manifest lists an unexpected entry: ${JSON.stringify(e.name)}`);
    if (seen.has(e.name)) throw new Error(`its manifest lists ${e.name} twice`);
    seen.add(e.name);
    const blob = BLOB_ENTRY.exec(e.name);
    if (blob && blob[2] !== e.sha256) throw new Error(`its manifest gives ${e.name} a checksum that is not its name`);
  }
  if (!seen.has(DB_ENTRY)) throw new Error('it holds no database (pith.db)');
  return m as BackupManifest;
}
