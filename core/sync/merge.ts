// Settling concurrent versions of one record, as a researcher expects, never by CouchDB's own
// winner (the longest history): each field by its latest edit; text edited on both sides keeps the
// other version as a visible conflicting one; tags per tag; an edit beats a deletion and the record
// comes back marked "restored". Pure and deterministic: the same leaves give the same result on
// every device, so two devices settling the same conflict write the same revision.
import { canonical, TEXT_FIELDS, type Clock, type RecordBody, type TagEntry } from './records.ts';

export interface Leaf {
  rev: string;
  deleted: boolean;
  body: RecordBody | null;
}

export interface ConflictVersion {
  field: string;
  value: unknown;
  /** When that version was written, and on which device. */
  at: string;
  device: string;
}

const later = (a: Clock | undefined, b: Clock | undefined): boolean => (a ?? '') > (b ?? '');

function byRev(a: Leaf, b: Leaf): number {
  const na = Number.parseInt(a.rev, 10);
  const nb = Number.parseInt(b.rev, 10);
  return na !== nb ? nb - na : a.rev < b.rev ? 1 : a.rev > b.rev ? -1 : 0;
}

/** The settled content of a record's leaves; null when every leaf is a deletion. */
export function mergeLeaves(leaves: readonly Leaf[]): RecordBody | null {
  const live = leaves.filter((l) => !l.deleted && l.body).sort(byRev);
  if (live.length === 0) return null;
  const bodies = live.map((l) => l.body!);
  const newest = bodies.reduce((a, b) => (b.updated_at > a.updated_at ? b : a));
  const merged: RecordBody = {
    type: newest.type,
    fixed: newest.fixed,
    f: {},
    clock: {},
    prev: {},
    device: newest.device,
    updated_at: newest.updated_at,
  };
  const fields = [...new Set(bodies.flatMap((b) => Object.keys(b.f)))].sort();
  const found: ConflictVersion[] = [];
  for (const field of fields) {
    const holders = bodies.filter((b) => Object.hasOwn(b.f, field));
    const winner = holders.reduce((a, b) => (later(b.clock[field], a.clock[field]) ? b : a));
    merged.f[field] = winner.f[field];
    merged.clock[field] = winner.clock[field] ?? '';
    if (!TEXT_FIELDS.has(field)) continue;
    merged.prev[field] = winner.prev[field] ?? '';
    for (const other of holders) {
      if (other === winner || canonical(other.f[field]) === canonical(winner.f[field])) continue;
      // The winner was written over `prev`; a version newer than that is one it never saw.
      if (later(other.clock[field], winner.prev[field]) && other.clock[field] !== winner.clock[field]) {
        found.push({ field, value: other.f[field], at: (other.clock[field] ?? '').split('|')[0]!, device: other.device });
      }
    }
  }
  if (merged.type === 'annotation') {
    const kept = Array.isArray(merged.f.conflicts) ? (merged.f.conflicts as ConflictVersion[]) : [];
    const all = [...kept];
    for (const c of found) {
      if (!all.some((k) => k.field === c.field && canonical(k.value) === canonical(c.value))) all.push(c);
    }
    const conflicts = all.filter((c) => canonical(c.value) !== canonical(merged.f[c.field]));
    if (canonical(conflicts) !== canonical(kept)) {
      merged.f.conflicts = conflicts;
      merged.clock.conflicts = maxClock(bodies);
    }
    // Deleted on one side, edited on the other: the edit wins, and says so.
    if (leaves.some((l) => l.deleted)) {
      merged.f.restored = { device: newest.device, at: newest.updated_at };
      merged.clock.restored = maxClock(bodies);
    }
  }
  if (bodies.some((b) => b.tags)) {
    const tags: Record<string, TagEntry> = {};
    for (const b of bodies) {
      for (const [key, entry] of Object.entries(b.tags ?? {})) {
        const have = tags[key];
        if (!have || later(entry.at, have.at) || (entry.at === have.at && entry.on && !have.on)) tags[key] = entry;
      }
    }
    merged.tags = tags;
  }
  return merged;
}

function maxClock(bodies: readonly RecordBody[]): Clock {
  let max = '';
  for (const b of bodies) for (const c of Object.values(b.clock)) if (c > max) max = c;
  return max;
}
