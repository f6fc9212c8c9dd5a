// The fixed, seeded mix of 300 search queries of workload 3, built from the corpus's Zipf ranks and
// from its text, with each engine's reading of them: Pith's query language, a naive FTS5 MATCH (the
// floor), MiniSearch / FlexSearch options, and ripgrep arguments.
import fs from 'node:fs';
import path from 'node:path';
import { TAG_NAMES, vocabulary, type Corpus } from './corpus.ts';
import { mulberry32, pick, shuffle, subSeed } from './lib/util.ts';

export type QueryClass = 'common' | 'medium' | 'rare' | 'and' | 'phrase' | 'prefix' | 'tag' | 'date' | 'diacritics';

export interface BenchQuery {
  id: number;
  cls: QueryClass;
  /** As typed in Pith. */
  q: string;
  /** Words that must all match (lower-case, diacritics folded). */
  words: string[];
  /** Consecutive words (lower-case, folded), for phrase queries. */
  phrase?: string[];
  /** A prefix the matching word starts with (lower-case). */
  prefix?: string;
  tag?: string;
  /** YYYY-MM-DD; hits dated on or after `after` and before `before`. */
  after?: string;
  before?: string;
}

/** How many queries of each class: 300 in all. */
export const QUERY_MIX: Record<QueryClass, number> = {
  common: 35,
  medium: 50,
  rare: 40,
  and: 40,
  phrase: 40,
  prefix: 40,
  tag: 25,
  date: 20,
  diacritics: 10,
};

const NON_ASCII = /[^\x00-\x7f]/;

/** Lower case without diacritics (what FTS5's unicode61 remove_diacritics 2 does to a word). */
export function fold(word: string): string {
  return NON_ASCII.test(word) ? word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase() : word.toLowerCase();
}

const PLAIN = /^[a-z]+$/;

/** The 300 queries for a corpus (deterministic for its seed). Reads a few of its files for phrases. */
export function buildQueries(corpus: Corpus): BenchQuery[] {
  const rand = mulberry32(subSeed(corpus.seed, 777_000));
  const words = vocabulary().words;
  const plain = (lo: number, hi: number): string => {
    for (;;) {
      const w = words[lo + Math.floor(rand() * (Math.min(hi, words.length) - lo))]!;
      if (PLAIN.test(w)) return w;
    }
  };
  const band = { common: [0, 100], medium: [100, 5_000], rare: [5_000, 60_000] } as const;
  const randomDate = (from: number, to: number) => {
    const y = from + Math.floor(rand() * (to - from + 1));
    const m = 1 + Math.floor(rand() * 12);
    return `${y}-${String(m).padStart(2, '0')}-01`;
  };
  const out: Omit<BenchQuery, 'id'>[] = [];
  for (let k = 0; k < QUERY_MIX.common; k++) {
    const w = plain(...band.common);
    out.push({ cls: 'common', q: w, words: [w] });
  }
  for (let k = 0; k < QUERY_MIX.medium; k++) {
    const w = plain(...band.medium);
    out.push({ cls: 'medium', q: w, words: [w] });
  }
  for (let k = 0; k < QUERY_MIX.rare; k++) {
    const w = plain(...band.rare);
    out.push({ cls: 'rare', q: w, words: [w] });
  }
  for (let k = 0; k < QUERY_MIX.and; k++) {
    const a = rand() < 0.4 ? plain(...band.common) : plain(...band.medium);
    const b = rand() < 0.6 ? plain(...band.medium) : plain(...band.rare);
    out.push({ cls: 'and', q: `${a} ${b}`, words: [a, b] });
  }
  // Phrases: two or three consecutive words of a sentence of a random document.
  let tries = 0;
  while (out.filter((q) => q.cls === 'phrase').length < QUERY_MIX.phrase && tries++ < 10_000) {
    const doc = pick(rand, corpus.docs);
    const text = fs.readFileSync(path.join(corpus.dir, doc.file), 'utf8');
    const lines = text.split('\n').filter((l) => l.length > 200);
    if (lines.length === 0) continue;
    const tokens = pick(rand, lines).split(' ');
    const n = rand() < 0.6 ? 2 : 3;
    const at = Math.floor(rand() * (tokens.length - n));
    const slice = tokens.slice(at, at + n);
    if (slice.length < n || !slice.every((t) => /^[\p{L}]+$/u.test(t))) continue;
    // Not only function words: "of the" is a fine phrase, but keep most phrases contentful.
    if (rand() < 0.7 && slice.every((t) => words.indexOf(t.toLowerCase()) < 100)) continue;
    out.push({ cls: 'phrase', q: `"${slice.join(' ')}"`, words: slice.map(fold), phrase: slice.map(fold) });
  }
  for (let k = 0; k < QUERY_MIX.prefix; k++) {
    const length = 2 + (k % 4); // 2, 3, 4, 5 letters
    const from: readonly [number, number] = length <= 3 ? band.medium : rand() < 0.5 ? band.medium : band.rare;
    let w = plain(...from);
    while (w.length <= length) w = plain(...from);
    const p = w.slice(0, length);
    out.push({ cls: 'prefix', q: `${p}*`, words: [], prefix: p });
  }
  for (let k = 0; k < QUERY_MIX.tag; k++) {
    const tag = TAG_NAMES[Math.min(TAG_NAMES.length - 1, Math.floor(Math.pow(rand(), 1.5) * TAG_NAMES.length))]!;
    const quoted = /^[\w-]+$/.test(tag) ? tag : `"${tag}"`;
    if (k < 5) out.push({ cls: 'tag', q: `tag:${quoted}`, words: [], tag });
    else {
      const w = rand() < 0.3 ? plain(...band.common) : plain(...band.medium);
      out.push({ cls: 'tag', q: `tag:${quoted} ${w}`, words: [w], tag });
    }
  }
  for (let k = 0; k < QUERY_MIX.date; k++) {
    const w = rand() < 0.3 ? plain(...band.common) : plain(...band.medium);
    const kind = k % 4;
    if (kind === 0) {
      const after = randomDate(2012, 2024);
      out.push({ cls: 'date', q: `after:${after} ${w}`, words: [w], after });
    } else if (kind === 1) {
      const before = randomDate(2011, 2024);
      out.push({ cls: 'date', q: `before:${before} ${w}`, words: [w], before });
    } else if (kind === 2) {
      const y = 2010 + Math.floor(rand() * 15);
      const after = `${y}-01-01`;
      const before = `${y + 1}-01-01`;
      out.push({ cls: 'date', q: `after:${after} before:${before} ${w}`, words: [w], after, before });
    } else {
      const after = randomDate(2015, 2025);
      out.push({ cls: 'date', q: `after:${after}`, words: [], after });
    }
  }
  const diacritics = ['Pristina', 'Priština', 'Zurich', 'Београд', 'cafe', 'Krakow', 'naive', 'resume', 'Dvorak', 'Москва'];
  for (let k = 0; k < QUERY_MIX.diacritics; k++) {
    const w = diacritics[k % diacritics.length]!;
    out.push({ cls: 'diacritics', q: w, words: [fold(w)] });
  }
  shuffle(rand, out);
  return out.map((q, id) => ({ id, ...q }));
}

// ---------------------------------------------------------------------------------------------
// Each engine's reading of a query

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The naive FTS5 MATCH for the floor table (it has no tags or dates: only the words). */
export function naiveFts5Match(q: BenchQuery): string | null {
  if (q.phrase) return quote(q.phrase.join(' '));
  if (q.prefix) return `${quote(q.prefix)}*`;
  if (q.words.length === 0) return null;
  return q.words.map(quote).join(' ');
}

/** The text a JS engine searches for (phrases become their words). */
export function jsEngineText(q: BenchQuery): string {
  if (q.prefix) return q.prefix;
  return (q.phrase ?? q.words).join(' ');
}

export function dateFilter(q: BenchQuery): ((date: string) => boolean) | null {
  if (!q.after && !q.before) return null;
  return (date) => (!q.after || date >= q.after) && (!q.before || date < q.before);
}

/**
 * ripgrep's reading: each element is one rg run (file lists are intersected for AND); null when
 * the query needs what a grep cannot do (tags, dates).
 */
export function ripgrepRuns(q: BenchQuery): string[][] | null {
  if (q.tag || q.after || q.before) return null;
  if (q.phrase) return [['-l', '-i', '-F', q.phrase.join(' ')]];
  if (q.prefix) return [['-l', '-i', '-w', '-e', `${q.prefix}\\w*`]];
  return q.words.map((w) => ['-l', '-i', '-w', '-F', w]);
}
