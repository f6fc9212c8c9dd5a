// In a group library the server refuses a member's change to another member's annotation
// (group.ts). The archive refuses it first, so a person is told at once, in words, instead of
// learning at the next sync that their edit could not travel.
import type { Db } from '../../db/open.ts';
import { groupAuthorship } from '../../db/sync.ts';
import { PithError } from '../api.ts';

export function checkMayChange(db: Db, uuid: string, what: 'change' | 'delete'): void {
  const group = groupAuthorship(db, uuid);
  if (!group || group.author === null || group.author === group.user) return;
  throw new PithError(
    'invalid',
    `Only its author (${group.author}) may ${what} this annotation in the group library; add a note to it instead.`,
  );
}
