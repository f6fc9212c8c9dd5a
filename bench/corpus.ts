// The benchmark corpus: deterministic (seeded) synthetic documents written as files, so that
// every engine reads exactly the same input. Also the large generated PDF of workload 2 and the
// small PDFs of workload 5.
//
//   node bin/run-ts.js bench/corpus.ts [--docs N] [--seed S] [--pdf PAGES]   # generate / show
//
// - Vocabulary: ~120 English function words first, then the system word list
//   (/usr/share/dict/words, lower-case entries only) in a seeded shuffle, else generated syllable
//   words; a few words with diacritics and in Cyrillic (Priština, café, Zürich, Београд…) are placed
//   at fixed ranks. Words are drawn from a Zipf distribution (s = 1.05) over these ranks.
// - Documents: a title line, a byline with a written date ("March 10, 2025": the importer takes it as
//   the published date), then paragraphs of sentences; a quarter are Markdown (# title, ## sections,
//   lists); 2% carry a "Key Takeaways" list. Sizes are log-normal, clipped to 1 KB–200 KB, mean ≈ 5 KB
//   (100,000 documents ≈ 500 MB).
// - Document i depends only on (seed, i): the 5,000-document corpus is the first 5,000 documents of
//   the 100,000-document one.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS_ROOT, WORK_DIR, fmtBytes, log, mulberry32, pick, shuffle, subSeed } from './lib/util.ts';

/** Bump when the generated text changes, so that cached corpora are regenerated. */
export const GENERATOR_VERSION = 3;
export const DEFAULT_SEED = 20250310;

const MIN_BYTES = 1024;
const MAX_BYTES = 200 * 1024;
/** Log-normal size: median e^MU bytes; with SIGMA and the clipping the mean is ≈ 5 KB. */
const SIZE_MU = Math.log(2950);
const SIZE_SIGMA = 1.0;
const ZIPF_S = 1.05;
const VOCABULARY_SIZE = 60_000;

const FUNCTION_WORDS = (
  'the of and to a in is that for it as was with be by on not he this are or his from at which but have an had ' +
  'they you were their one all we can her has there been if more when will would who so no she other its may ' +
  'these about than into them only could new some time two first then do any like my now over such our man me ' +
  'even most made after also did many before must through years where much your way well down should because ' +
  'each just those people how too little state good very make world still own see men work long get here ' +
  'between both life being under never day same another know while last might us great old year off come since ' +
  'against go came right used take three'
).split(' ');

/** Words with diacritics and in Cyrillic, at these Zipf ranks (common enough to be searched). */
const SPECIAL_WORDS: [number, string][] = [
  [700, 'Priština'],
  [1_100, 'café'],
  [1_700, 'Zürich'],
  [2_600, 'Београд'],
  [3_900, 'naïve'],
  [5_200, 'Kraków'],
  [7_400, 'résumé'],
  [9_800, 'Dvořák'],
  [14_000, 'Москва'],
  [21_000, 'Søren'],
];

const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
];

export const TAG_NAMES = [
  'to-read', 'security', 'kosovo', 'methods', 'thesis', 'nato', 'priority', 'balkans', 'interview', 'policy',
  'economics', 'history', 'draft', 'review', 'field-notes', 'sources', 'chapter-3', 'archive', 'Zürich', 'energy',
];
/** Share of documents tagged (1–3 tags each), before the search workload. */
export const TAGGED_SHARE = 0.06;

export interface CorpusDoc {
  /** Path relative to the corpus folder. */
  file: string;
  bytes: number;
  title: string;
  /** The byline date, YYYY-MM-DD (the document's published date once imported). */
  date: string;
  kind: 'txt' | 'md';
  tags: string[];
}

export interface Corpus {
  name: string;
  /** The folder holding the documents (what every engine imports). */
  dir: string;
  seed: number;
  docs: CorpusDoc[];
  totalBytes: number;
  /** Where the vocabulary came from. */
  vocabularySource: string;
}

// ---------------------------------------------------------------------------------------------
// Vocabulary and Zipf sampling

export interface Vocabulary {
  words: string[];
  source: string;
}

let cachedVocabulary: Vocabulary | undefined;

export function vocabulary(): Vocabulary {
  if (cachedVocabulary) return cachedVocabulary;
  const rand = mulberry32(0x5eed);
  const taken = new Set(FUNCTION_WORDS);
  let pool: string[] = [];
  let source = 'generated syllable words';
  try {
    const list = fs.readFileSync('/usr/share/dict/words', 'utf8').split('\n');
    pool = list.filter((w) => /^[a-z]{2,14}$/.test(w) && !taken.has(w));
    if (pool.length >= 20_000) source = `/usr/share/dict/words (${pool.length.toLocaleString('en-US')} lower-case words)`;
    else pool = [];
  } catch {
    pool = [];
  }
  pool = [...new Set(pool)].sort();
  if (pool.length === 0) {
    const syllables = 'ka lo mi ne ru sa ti vo ba de fi gu ho ja ke li mo nu pa re si to ul ve wa xi yo ze an er in on ur st tr pl'.split(' ');
    const made = new Set<string>();
    while (made.size < VOCABULARY_SIZE) {
      const n = 1 + Math.floor(rand() * 4);
      let w = '';
      for (let i = 0; i < n; i++) w += pick(rand, syllables);
      if (w.length >= 2 && !taken.has(w)) made.add(w);
    }
    pool = [...made];
  }
  shuffle(rand, pool);
  const words = [...FUNCTION_WORDS, ...pool].slice(0, VOCABULARY_SIZE);
  for (const [rank, word] of SPECIAL_WORDS) words.splice(rank, 0, word);
  cachedVocabulary = { words: words.slice(0, VOCABULARY_SIZE), source };
  return cachedVocabulary;
}

/** Draws word ranks (0-based) from Zipf(s) over n ranks: CDF plus a guide table, O(1) per draw. */
export class ZipfSampler {
  private readonly cdf: Float64Array;
  private readonly guide: Int32Array;
  constructor(
    readonly n: number,
    s = ZIPF_S,
    guideBits = 18,
  ) {
    this.cdf = new Float64Array(n);
    let sum = 0;
    for (let r = 0; r < n; r++) sum += 1 / Math.pow(r + 1, s);
    let acc = 0;
    for (let r = 0; r < n; r++) {
      acc += 1 / Math.pow(r + 1, s) / sum;
      this.cdf[r] = acc;
    }
    this.cdf[n - 1] = 1;
    const size = 1 << guideBits;
    this.guide = new Int32Array(size);
    let r = 0;
    for (let b = 0; b < size; b++) {
      while (this.cdf[r]! < b / size) r++;
      this.guide[b] = r;
    }
  }
  /** Probability of rank r (0-based). */
  p(r: number): number {
    return this.cdf[r]! - (r > 0 ? this.cdf[r - 1]! : 0);
  }
  draw(u: number): number {
    let r = this.guide[Math.floor(u * this.guide.length)]!;
    while (this.cdf[r]! < u) r++;
    return r;
  }
}

// ---------------------------------------------------------------------------------------------
// Documents

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function docFile(i: number, kind: 'txt' | 'md'): string {
  return `${pad(Math.floor(i / 1000), 3)}/doc-${pad(i, 6)}.${kind}`;
}

function writtenDate(y: number, m: number, d: number): string {
  return `${MONTH_NAMES[m - 1]} ${d}, ${y}`;
}

function isoDate(y: number, m: number, d: number): string {
  return `${y}-${pad(m, 2)}-${pad(d, 2)}`;
}

function randomDate(rand: () => number): [number, number, number] {
  const y = 2010 + Math.floor(rand() * 16);
  const m = 1 + Math.floor(rand() * 12);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return [y, m, 1 + Math.floor(rand() * days)];
}

function capitalize(w: string): string {
  return w.charAt(0).toUpperCase() + w.slice(1);
}

/** Tags of document i (a pure function of seed and i, so every engine knows them). */
export function docTags(seed: number, i: number): string[] {
  const rand = mulberry32(subSeed(seed ^ 0x7a65, i));
  if (rand() >= TAGGED_SHARE) return [];
  const n = 1 + Math.floor(rand() * 3);
  const tags = new Set<string>();
  // Zipf-ish over the tag list: the first tags are the most used.
  while (tags.size < n) tags.add(TAG_NAMES[Math.min(TAG_NAMES.length - 1, Math.floor(Math.pow(rand(), 2.2) * TAG_NAMES.length))]!);
  return [...tags];
}

const FIRST_NAMES = ['Ana', 'Marko', 'Elena', 'Jonas', 'Sara', 'Luka', 'Mira', 'David', 'Nina', 'Petar', 'Hannah', 'Omar', 'Zoë', 'Jürgen', 'Ivana', 'Chen', 'Aisha', 'Tomás'];
const LAST_NAMES = ['Petrović', 'Müller', 'Hoxha', 'Smith', 'Novak', 'Kowalski', 'García', 'Berisha', 'Ivanova', 'Larsen', 'Okafor', 'Dvořák', 'Nakamura', 'Rossi', 'Jovanović', 'Brown'];

export interface GeneratedDoc {
  text: string;
  meta: Omit<CorpusDoc, 'bytes' | 'file'>;
}

/** Generates document i of a corpus seeded `seed`. */
export function generateDocument(seed: number, i: number, sampler: ZipfSampler, words: readonly string[]): GeneratedDoc {
  const rand = mulberry32(subSeed(seed, i));
  const kind: 'txt' | 'md' = rand() < 0.25 ? 'md' : 'txt';
  // Log-normal size, clipped; a few documents at the maximum size.
  const u1 = Math.max(rand(), 1e-12);
  const u2 = rand();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  let target = Math.round(Math.exp(SIZE_MU + SIZE_SIGMA * z));
  if (i % 25_000 === 777) target = MAX_BYTES;
  target = Math.min(MAX_BYTES, Math.max(MIN_BYTES, target));

  const word = () => words[sampler.draw(rand())]!;
  // Title words come from the middle ranks: content words, not "the of and".
  const titleWord = () => words[150 + Math.floor(Math.pow(rand(), 2) * 15_000)]!;
  const titleLength = 3 + Math.floor(rand() * 7);
  const titleWords: string[] = [];
  for (let k = 0; k < titleLength; k++) titleWords.push(k === 0 || rand() < 0.7 ? capitalize(titleWord()) : word());
  const title = titleWords.join(' ');
  const [y, m, d] = randomDate(rand);
  const author = `${pick(rand, FIRST_NAMES)} ${pick(rand, LAST_NAMES)}`;

  const sentence = (): string => {
    const n = 6 + Math.floor(rand() * rand() * 26);
    let s = '';
    const lead = rand();
    if (lead < 0.04) {
      const [yy, mm, dd] = randomDate(rand);
      s = `On ${writtenDate(yy, mm, dd)}, `;
    }
    for (let k = 0; k < n; k++) {
      let w = word();
      if (k === 0 && s === '') w = capitalize(w);
      s += w;
      if (k < n - 1) s += k > 2 && rand() < 0.07 ? ', ' : ' ';
    }
    return s + (rand() < 0.05 ? '?' : '.');
  };
  const paragraph = (): string => {
    const n = 2 + Math.floor(rand() * 6);
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(sentence());
    return parts.join(' ');
  };
  const heading = (): string => {
    const n = 2 + Math.floor(rand() * 4);
    const hw: string[] = [];
    for (let k = 0; k < n; k++) hw.push(k === 0 ? capitalize(titleWord()) : titleWord());
    return hw.join(' ');
  };

  const blocks: string[] = [];
  if (kind === 'md') {
    blocks.push(`# ${title}`, `*By ${author} · ${writtenDate(y, m, d)}*`);
  } else {
    blocks.push(title, `By ${author} · ${writtenDate(y, m, d)}`);
  }
  let length = blocks.join('\n\n').length;
  const withTakeaways = rand() < 0.02;
  let paragraphs = 0;
  while (length < target) {
    let block: string;
    if (paragraphs === 1 && withTakeaways) {
      const items: string[] = [];
      for (let k = 0; k < 3; k++) items.push(`- ${sentence()}`);
      block = `${kind === 'md' ? '## ' : ''}Key Takeaways\n\n${items.join('\n')}`;
    } else if (kind === 'md' && paragraphs > 0 && rand() < 0.18) {
      block = `## ${heading()}`;
    } else if (kind === 'md' && rand() < 0.05) {
      const items: string[] = [];
      const n = 2 + Math.floor(rand() * 4);
      for (let k = 0; k < n; k++) items.push(`- ${sentence()}`);
      block = items.join('\n');
    } else {
      block = paragraph();
    }
    paragraphs++;
    blocks.push(block);
    length += block.length + 2;
  }
  let text = blocks.join('\n\n');
  if (text.length > MAX_BYTES) text = text.slice(0, text.lastIndexOf(' ', MAX_BYTES - 2)) + '.';
  return { text: `${text}\n`, meta: { title, date: isoDate(y, m, d), kind, tags: docTags(seed, i) } };
}

// ---------------------------------------------------------------------------------------------
// The corpus on disk

export function corpusName(docs: number, seed: number): string {
  return `text-${docs}-s${seed}-v${GENERATOR_VERSION}`;
}

function manifestPath(name: string): string {
  return path.join(CORPUS_ROOT, `${name}.manifest.json`);
}

/** Loads the corpus of `docs` documents, generating it first when it is not on disk. */
export function ensureCorpus(docs: number, seed = DEFAULT_SEED): Corpus {
  const name = corpusName(docs, seed);
  const dir = path.join(CORPUS_ROOT, name);
  const manifest = manifestPath(name);
  if (fs.existsSync(manifest) && fs.existsSync(dir)) {
    const corpus = JSON.parse(fs.readFileSync(manifest, 'utf8')) as Corpus;
    return { ...corpus, dir };
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const started = performance.now();
  const vocab = vocabulary();
  const sampler = new ZipfSampler(vocab.words.length);
  const list: CorpusDoc[] = [];
  let totalBytes = 0;
  let madeDir = -1;
  for (let i = 0; i < docs; i++) {
    const { text, meta } = generateDocument(seed, i, sampler, vocab.words);
    const file = docFile(i, meta.kind);
    const folder = Math.floor(i / 1000);
    if (folder !== madeDir) {
      fs.mkdirSync(path.join(dir, pad(folder, 3)), { recursive: true });
      madeDir = folder;
    }
    const buffer = Buffer.from(text, 'utf8');
    fs.writeFileSync(path.join(dir, file), buffer);
    list.push({ file, bytes: buffer.byteLength, ...meta });
    totalBytes += buffer.byteLength;
    if ((i + 1) % 10_000 === 0) log(`corpus: ${i + 1} / ${docs} documents, ${fmtBytes(totalBytes)}`);
  }
  const corpus: Corpus = { name, dir, seed, docs: list, totalBytes, vocabularySource: vocab.source };
  fs.writeFileSync(manifest, JSON.stringify({ ...corpus, dir: undefined }));
  log(`corpus ${name}: ${docs} documents, ${fmtBytes(totalBytes)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return corpus;
}

// ---------------------------------------------------------------------------------------------
// PDFs

const PDF_DIR = path.join(WORK_DIR, 'pdf');

/** ASCII words only: the standard Helvetica font of the generated PDFs encodes WinAnsi. Most frequent first. */
export function asciiWords(): string[] {
  return vocabulary().words.filter((w) => /^[a-z]+$/i.test(w));
}

/**
 * A long generated PDF (a "manual"): `pages` Letter pages, each with a running header, 46 lines of
 * prose in 10 pt Helvetica and a page number. Cached under bench/.work/suite/pdf.
 */
export async function ensureBigPdf(pages: number, seed = DEFAULT_SEED): Promise<string> {
  const file = path.join(PDF_DIR, `manual-${pages}p-s${seed}-v${GENERATOR_VERSION}.pdf`);
  if (fs.existsSync(file)) return file;
  fs.mkdirSync(PDF_DIR, { recursive: true });
  const started = performance.now();
  const bytes = await makePdf(pages, seed, `Pith Benchmark Reference Manual (${pages} pages)`);
  fs.writeFileSync(`${file}.tmp`, bytes);
  fs.renameSync(`${file}.tmp`, file);
  log(`pdf: ${pages} pages, ${fmtBytes(bytes.byteLength)} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return file;
}

/** `count` small PDFs of `pages` pages each (originals for the annotated-PDF export). */
export async function ensureSmallPdfs(count: number, pages: number, seed = DEFAULT_SEED): Promise<string[]> {
  const dir = path.join(PDF_DIR, `small-${count}x${pages}p-s${seed}-v${GENERATOR_VERSION}`);
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `paper-${pad(i, 3)}.pdf`));
  if (files.every((f) => fs.existsSync(f))) return files;
  fs.mkdirSync(dir, { recursive: true });
  for (const [i, f] of files.entries()) {
    if (fs.existsSync(f)) continue;
    fs.writeFileSync(f, await makePdf(pages, subSeed(seed, 900_000 + i), `Working Paper ${i + 1}`));
  }
  return files;
}

async function makePdf(pages: number, seed: number, title: string): Promise<Uint8Array> {
  const { PDFDocument, StandardFonts, rgb } = await import('pdf-lib');
  const rand = mulberry32(seed);
  const words = asciiWords();
  const sampler = new ZipfSampler(words.length);
  const doc = await PDFDocument.create();
  doc.setTitle(title);
  doc.setAuthor('Pith bench');
  doc.setCreationDate(new Date(Date.UTC(2025, 2, 10)));
  doc.setModificationDate(new Date(Date.UTC(2025, 2, 10)));
  doc.setProducer('pith bench/corpus.ts');
  doc.setCreator('pith bench/corpus.ts');
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const size = 10;
  const lineHeight = 14.5;
  const width = 612;
  const height = 792;
  const left = 64;
  const maxWidth = width - 2 * left;
  for (let p = 1; p <= pages; p++) {
    const page = doc.addPage([width, height]);
    const chapter = 1 + Math.floor((p - 1) / 40);
    page.drawText(`${title} · Chapter ${chapter}`, { x: left, y: height - 48, size: 8, font, color: rgb(0.35, 0.35, 0.35) });
    let y = height - 80;
    if ((p - 1) % 40 === 0) {
      const heading = `${chapter}. ${capitalize(words[200 + Math.floor(rand() * 3000)]!)} and ${words[200 + Math.floor(rand() * 3000)]!}`;
      page.drawText(heading, { x: left, y, size: 16, font: bold });
      y -= 30;
    }
    let line = '';
    let sentenceStart = true;
    while (y > 70) {
      let w = words[sampler.draw(rand())]!;
      if (sentenceStart) {
        w = capitalize(w);
        sentenceStart = false;
      }
      if (rand() < 0.08) {
        w += '.';
        sentenceStart = true;
      }
      const next = line ? `${line} ${w}` : w;
      if (font.widthOfTextAtSize(next, size) > maxWidth) {
        page.drawText(line, { x: left, y, size, font });
        y -= lineHeight;
        line = w;
      } else line = next;
    }
    page.drawText(String(p), { x: width / 2 - 8, y: 40, size: 9, font });
  }
  return doc.save({ useObjectStreams: true });
}

// ---------------------------------------------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const docs = Number(get('docs') ?? 5000);
  const seed = Number(get('seed') ?? DEFAULT_SEED);
  const corpus = ensureCorpus(docs, seed);
  const sizes = corpus.docs.map((d) => d.bytes).sort((a, b) => a - b);
  console.log(
    `${corpus.name}: ${corpus.docs.length} documents in ${corpus.dir}, ${fmtBytes(corpus.totalBytes)} ` +
      `(mean ${fmtBytes(corpus.totalBytes / corpus.docs.length)}, min ${fmtBytes(sizes[0]!)}, ` +
      `median ${fmtBytes(sizes[sizes.length >> 1]!)}, max ${fmtBytes(sizes[sizes.length - 1]!)}); vocabulary: ${corpus.vocabularySource}`,
  );
  const pdfPages = get('pdf');
  if (pdfPages) console.log(await ensureBigPdf(Number(pdfPages), seed));
}
