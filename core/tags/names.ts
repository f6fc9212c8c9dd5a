// Tag names and colors: what a valid name is, the color a new tag gets, which colors exist.
import { randomUUID } from 'node:crypto';
import { findTagByName, insertTag, type TagRow } from '../../db/tags.ts';
import type { Db } from '../../db/open.ts';
import { PithError } from '../api.ts';
import { COLORS } from '../types.ts';

export const MAX_TAG_LENGTH = 100;

/** A tag name as stored: outer whitespace trimmed, inner whitespace one space. Throws when unusable. */
export function normalizeTagName(raw: unknown): string {
  if (typeof raw !== 'string') throw new PithError('invalid', 'A tag name must be text.');
  const name = raw.trim().replace(/\s+/g, ' ');
  if (name.length === 0) throw new PithError('invalid', 'A tag name cannot be empty.');
  if (name.length > MAX_TAG_LENGTH) throw new PithError('invalid', `A tag name is at most ${MAX_TAG_LENGTH} characters long.`);
  if (/\p{Cc}/u.test(name)) throw new PithError('invalid', `The tag name "${name.replace(/\p{Cc}/gu, '?')}" contains control characters.`);
  return name;
}

/** Names normalized, with case-insensitive duplicates dropped (the first spelling wins). */
export function normalizeTagNames(raw: unknown): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new PithError('invalid', 'Tags must be a list of names.');
  const seen = new Set<string>();
  const names: string[] = [];
  for (const item of raw) {
    const name = normalizeTagName(item);
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      names.push(name);
    }
  }
  return names;
}

/** The color a new tag gets: one of COLORS, always the same for the same name (any case). */
export function defaultTagColor(name: string): string {
  // FNV-1a over the lower-cased name: cheap, stable across runs and platforms.
  let hash = 0x811c9dc5;
  for (const ch of name.toLowerCase()) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return COLORS[hash % COLORS.length]!;
}

/** A tag color: one of COLORS, or #rrggbb (stored lower-case). */
export function normalizeTagColor(raw: unknown): string {
  const color = typeof raw === 'string' ? raw.trim().toLowerCase() : '';
  if ((COLORS as readonly string[]).includes(color) || /^#[0-9a-f]{6}$/.test(color)) return color;
  throw new PithError('invalid', `Unknown color "${String(raw)}": use one of ${COLORS.join(', ')}, or #rrggbb.`);
}

/** The tag of that name, created (with its default color) when it does not exist yet. */
export function ensureTag(db: Db, name: string, at: string): TagRow {
  const existing = findTagByName(db, name);
  if (existing) return existing;
  const row = { uuid: randomUUID(), name, color: defaultTagColor(name), created_at: at, updated_at: at };
  return { id: insertTag(db, row), ...row };
}

export function requireTag(db: Db, raw: unknown): TagRow {
  const name = normalizeTagName(raw);
  const tag = findTagByName(db, name);
  if (!tag) throw new PithError('not-found', `No tag named "${name}".`);
  return tag;
}
