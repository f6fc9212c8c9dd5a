// Settling concurrent versions: per-field latest edit, text kept when edited on both sides, tags
// per tag, edits over deletions; the same leaves always settle the same way.
import { describe, expect, it } from 'vitest';
import { mergeLeaves, type Leaf } from './merge.ts';
import { nextVersion, type LocalContent, type RecordBody } from './records.ts';

const A = { id: 'device-a', name: 'laptop' };
const B = { id: 'device-b', name: 'desktop' };

function content(f: Record<string, unknown>, updated_at: string, tagNames: string[] = []): LocalContent {
  return { type: 'annotation', fixed: { uuid: 'u1', created_at: '2026-01-01T00:00:00.000Z', author: 'ana' }, f: { conflicts: [], restored: null, ...f }, updated_at, tagNames };
}

const base = nextVersion(content({ color: 'yellow', comment: 'first', text: null }, '2026-01-01T00:00:00.000Z', ['kosovo']), null, A)!;
const leaf = (rev: string, body: RecordBody | null): Leaf => ({ rev, deleted: body === null, body });

describe('nextVersion', () => {
  it('stamps only the fields that changed since the base, and says when nothing did', () => {
    const same = nextVersion(content({ color: 'yellow', comment: 'first', text: null }, '2026-01-02T00:00:00.000Z', ['kosovo']), base, B);
    expect(same).toBeNull();
    const next = nextVersion(content({ color: 'red', comment: 'first', text: null }, '2026-01-02T00:00:00.000Z', ['kosovo']), base, B)!;
    expect(next.clock.color).toBe('2026-01-02T00:00:00.000Z|device-b');
    expect(next.clock.comment).toBe(base.clock.comment);
    expect(next.prev.comment).toBe(base.prev.comment);
  });
});

describe('mergeLeaves', () => {
  it('settles each small field by its latest edit', () => {
    const onA = nextVersion(content({ color: 'red', comment: 'first', text: null }, '2026-01-02T00:00:00.000Z', ['kosovo']), base, A)!;
    const onB = nextVersion(content({ color: 'yellow', comment: 'first', text: 'a note' }, '2026-01-03T00:00:00.000Z', ['kosovo']), base, B)!;
    const merged = mergeLeaves([leaf('2-a', onA), leaf('2-b', onB)])!;
    expect(merged.f).toMatchObject({ color: 'red', text: 'a note', comment: 'first', conflicts: [] });
  });

  it('keeps the other version of a comment edited on both sides, whichever order the leaves come in', () => {
    const onA = nextVersion(content({ color: 'yellow', comment: 'from A', text: null }, '2026-01-02T00:00:00.000Z', ['kosovo']), base, A)!;
    const onB = nextVersion(content({ color: 'yellow', comment: 'from B', text: null }, '2026-01-03T00:00:00.000Z', ['kosovo']), base, B)!;
    const one = mergeLeaves([leaf('2-a', onA), leaf('2-b', onB)])!;
    const two = mergeLeaves([leaf('2-b', onB), leaf('2-a', onA)])!;
    expect(one).toEqual(two);
    expect(one.f.comment).toBe('from B');
    expect(one.f.conflicts).toEqual([{ field: 'comment', value: 'from A', at: '2026-01-02T00:00:00.000Z', device: 'laptop' }]);
  });

  it('does not call an edit made over the other version a conflict', () => {
    const onA = nextVersion(content({ color: 'yellow', comment: 'from A', text: null }, '2026-01-02T00:00:00.000Z', ['kosovo']), base, A)!;
    const overA = nextVersion(content({ color: 'yellow', comment: 'from B, over A', text: null }, '2026-01-03T00:00:00.000Z', ['kosovo']), onA, B)!;
    const colourOnA = nextVersion(content({ color: 'blue', comment: 'from A', text: null }, '2026-01-04T00:00:00.000Z', ['kosovo']), onA, A)!;
    const merged = mergeLeaves([leaf('3-a', colourOnA), leaf('3-b', overA)])!;
    expect(merged.f).toMatchObject({ comment: 'from B, over A', color: 'blue', conflicts: [] });
  });

  it('merges tags per tag: both additions stay, a removal removes only that tag', () => {
    const onA = nextVersion(content({ color: 'yellow', comment: 'first', text: null }, '2026-01-02T00:00:00.000Z', ['kosovo', 'alpha']), base, A)!;
    const onB = nextVersion(content({ color: 'yellow', comment: 'first', text: null }, '2026-01-03T00:00:00.000Z', ['beta']), base, B)!;
    const merged = mergeLeaves([leaf('2-a', onA), leaf('2-b', onB)])!;
    const on = Object.values(merged.tags!).filter((t) => t.on).map((t) => t.name).sort();
    expect(on).toEqual(['alpha', 'beta']);
  });

  it('brings back a record deleted on one side and edited on the other, marked restored', () => {
    const onB = nextVersion(content({ color: 'red', comment: 'still needed', text: null }, '2026-01-03T00:00:00.000Z', ['kosovo']), base, B)!;
    const merged = mergeLeaves([leaf('2-a', null), leaf('2-b', onB)])!;
    expect(merged.f).toMatchObject({ comment: 'still needed', restored: { device: 'desktop', at: '2026-01-03T00:00:00.000Z' } });
    expect(mergeLeaves([leaf('2-a', null), leaf('2-c', null)])).toBeNull();
  });
});
