// Markdown → plain readable text (markdown-it tokens through the TextBuilder), with YAML
// front matter as metadata.
import markdownit from 'markdown-it';
import { MARKDOWN_PIECE, markdownPieces, referenceDefinitions } from './markdown-chunks.ts';
import type { MarkdownIt, Token } from 'markdown-it';
import { TextBuilder } from './textbuilder.ts';
import { imageSource, safeLinkHref } from './sanitize.ts';
import { PENDING_FILE } from './structure.ts';
import type { DocumentStructure } from '../../types.ts';
import { normalizeDate, splitAuthors, clampTitle, dedupe } from '../metadata.ts';

export interface FrontMatter {
  title: string | null;
  authors: string[];
  published: string | null;
  url: string | null;
}

let parser: MarkdownIt | null = null;
function md(): MarkdownIt {
  // html: true so raw HTML arrives as html_block / html_inline tokens, which we drop
  // (with html: false it would come through as literal text).
  parser ??= markdownit({ html: true, linkify: false, typographer: false });
  return parser;
}

const FRONT_MATTER = /^(?:\ufeff)?---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/;

/** Split YAML front matter off the top of a markdown source. */
export function splitFrontMatter(src: string): { yaml: string | null; body: string } {
  const m = FRONT_MATTER.exec(src);
  if (!m) return { yaml: null, body: src };
  return { yaml: m[1] ?? '', body: src.slice(m[0].length) };
}

function unquote(v: string): string {
  const s = v.trim();
  if (s[0] === "'") {
    // single-quoted: '' is an escaped quote; the value ends at the first lone quote
    const m = /^'((?:[^']|'')*)'/.exec(s);
    if (m) return m[1]!.replace(/''/g, "'");
  } else if (s[0] === '"') {
    const m = /^"((?:[^"\\]|\\.)*)"/.exec(s);
    if (m) return m[1]!.replace(/\\(["\\])/g, '$1');
  }
  // plain: a comment starts at " #"
  return s.replace(/\s+#.*$/, '');
}

/**
 * The few front-matter fields Pith uses, from a small YAML subset: `key: value`, quoted
 * values, inline lists `[a, b]`, and block lists (`- a` lines under a key, or `- name: a`).
 */
export function parseFrontMatter(yaml: string): FrontMatter {
  const fields = new Map<string, string[]>();
  let current: string | null = null;
  for (const line of yaml.split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const kv = /^([A-Za-z_][\w.-]*)\s*:\s*(.*)$/.exec(line);
    if (kv) {
      current = kv[1]!.toLowerCase();
      const v = kv[2]!.trim();
      if (!v || v === '|' || v === '>') {
        fields.set(current, []);
      } else if (v.startsWith('[') && v.endsWith(']')) {
        fields.set(current, v.slice(1, -1).split(',').map(unquote).filter(Boolean));
        current = null;
      } else {
        fields.set(current, [unquote(v)]);
        current = null;
      }
      continue;
    }
    const item = /^\s+-\s+(.*)$/.exec(line) ?? /^-\s+(.*)$/.exec(line);
    if (item && current) {
      let v = item[1]!.trim();
      const named = /^name\s*:\s*(.*)$/.exec(v);
      if (named) v = named[1]!;
      fields.get(current)!.push(unquote(v));
      continue;
    }
    const nested = /^\s+(?:name|value)\s*:\s*(.*)$/.exec(line);
    if (nested && current) {
      fields.get(current)!.push(unquote(nested[1]!));
      continue;
    }
    if (current && /^\s+\S/.test(line) && fields.get(current)!.length === 0) {
      // a folded/literal block scalar: keep its first line
      fields.get(current)!.push(line.trim());
    }
  }
  const first = (...keys: string[]): string | null => {
    for (const k of keys) {
      const v = fields.get(k)?.find((x) => x.trim());
      if (v) return v.trim();
    }
    return null;
  };
  const authors: string[] = [];
  for (const k of ['authors', 'author', 'creator', 'creators', 'by']) {
    for (const v of fields.get(k) ?? []) authors.push(...splitAuthors(v));
  }
  const url = first('url', 'source', 'canonical_url', 'canonical', 'link', 'source_url', 'original_url');
  return {
    title: clampTitle(first('title', 'name')),
    authors: dedupe(authors),
    published: normalizeDate(first('date', 'published', 'published_at', 'publishdate', 'pubdate', 'created', 'created_at')),
    url: url && /^https?:\/\//i.test(url) ? url : null,
  };
}

export interface MarkdownText {
  text: string;
  structure: DocumentStructure;
  headings: { level: number; text: string }[];
}

/** Render markdown source (without front matter) to plain readable text. */
export function markdownToText(src: string, piece = MARKDOWN_PIECE): MarkdownText {
  const out = new TextBuilder();
  const headings: { level: number; text: string }[] = [];
  if (src.length <= 2 * piece) {
    renderTokens(md().parse(src, {}), out, headings);
  } else {
    // a long document a piece at a time into the same text (see markdown-chunks.ts)
    const definitions = referenceDefinitions(src);
    for (const part of markdownPieces(src, piece)) renderTokens(md().parse(definitions ? `${part}\n\n${definitions}\n` : part, {}), out, headings);
  }
  return { ...out.finish(), headings };
}

function renderTokens(tokens: Token[], out: TextBuilder, headings: { level: number; text: string }[]): void {
  const ordered: number[] = []; // per open list: next number, or -1 for bullets
  let heading: { level: number; parts: string[] } | null = null;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    switch (t.type) {
      case 'heading_open':
        out.block(true);
        heading = { level: Number(t.tag.slice(1)) || 1, parts: [] };
        out.openBlock('h', { level: heading.level });
        break;
      case 'heading_close':
        if (heading) {
          const text = heading.parts.join('').replace(/\s+/g, ' ').trim();
          if (text) headings.push({ level: heading.level, text });
        }
        heading = null;
        out.closeBlock();
        out.block(true);
        break;
      case 'paragraph_open':
        if (!t.hidden) {
          out.block(true);
          out.openBlock('p');
        }
        break;
      case 'paragraph_close':
        if (!t.hidden) {
          out.closeBlock();
          out.block(true);
        }
        break;
      case 'blockquote_open':
        out.block(true);
        out.openBlock('quote');
        break;
      case 'blockquote_close':
        out.closeBlock();
        out.block(true);
        break;
      case 'hr':
        out.block(true);
        out.rule();
        out.block(true);
        break;
      case 'bullet_list_open':
        ordered.push(-1);
        out.listOpen();
        out.openBlock('ul');
        break;
      case 'ordered_list_open':
        ordered.push(Number(t.attrGet('start') ?? 1) || 1);
        out.listOpen();
        out.openBlock('ol');
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        ordered.pop();
        out.closeBlock();
        out.listClose();
        break;
      case 'list_item_open': {
        const n = ordered[ordered.length - 1] ?? -1;
        if (n < 0) {
          out.itemOpen('- ');
          out.openBlock('li');
        } else {
          const num = Number(t.info) || n;
          out.itemOpen(`${num}${t.markup === ')' ? ')' : '.'} `);
          out.openBlock('li', { n: num });
          ordered[ordered.length - 1] = num + 1;
        }
        break;
      }
      case 'list_item_close':
        out.closeBlock();
        out.itemClose();
        break;
      case 'code_block':
      case 'fence':
        out.block(true);
        out.openBlock('code');
        out.pre(t.content);
        out.closeBlock();
        out.block(true);
        break;
      case 'table_open':
        out.block(true);
        out.openBlock('table');
        break;
      case 'table_close':
        out.closeBlock();
        out.block(true);
        break;
      case 'tr_open':
        out.block(false);
        out.openBlock('tr');
        break;
      case 'tr_close':
        out.closeBlock();
        out.block(false);
        break;
      case 'th_open':
      case 'td_open':
        out.separator(' | ');
        out.openBlock(t.type === 'th_open' ? 'th' : 'td');
        break;
      case 'th_close':
      case 'td_close':
        out.closeBlock();
        break;
      case 'inline':
        renderInline(t.children ?? [], out, heading?.parts);
        break;
      // html_block, front matter and anything unknown: dropped
    }
  }
}

const SKIP_HTML = /^<(script|style|template|noscript|iframe|object|textarea|svg)\b/i;

function renderInline(children: Token[], out: TextBuilder, collect: string[] | undefined): void {
  let skipping: string | null = null; // inside inline <script>…</script> and the like
  const links: boolean[] = []; // per open link: is it kept (a span)?
  for (const c of children) {
    if (skipping) {
      if (c.type === 'html_inline' && new RegExp(`^</${skipping}\\s*>`, 'i').test(c.content)) skipping = null;
      continue;
    }
    switch (c.type) {
      case 'text':
        out.inline(c.content);
        collect?.push(c.content);
        break;
      case 'code_inline':
        out.openSpan('code');
        out.inline(c.content);
        out.closeSpan();
        collect?.push(c.content);
        break;
      case 'em_open':
        out.openSpan('em');
        break;
      case 'strong_open':
        out.openSpan('strong');
        break;
      case 'em_close':
      case 'strong_close':
        out.closeSpan();
        break;
      case 'link_open': {
        const href = safeLinkHref(String(c.attrGet('href') ?? ''));
        links.push(href !== null);
        if (href) out.openSpan('a', href);
        break;
      }
      case 'link_close':
        if (links.pop()) out.closeSpan();
        break;
      case 'image': {
        // its alt text is not part of the prose: the image shows it (or its placeholder does)
        const source = imageSource(String(c.attrGet('src') ?? ''));
        const src = source?.kind === 'data' ? source.uri : source?.kind === 'file' ? `${PENDING_FILE}${source.path}` : null;
        const alt = (c.children ?? []).map((x) => x.content).join('').replace(/\s+/g, ' ').trim().slice(0, 500);
        out.image({ alt, src });
        break;
      }
      case 'softbreak':
        out.inline(' ');
        collect?.push(' ');
        break;
      case 'hardbreak':
        out.br();
        collect?.push(' ');
        break;
      case 'html_inline': {
        const m = SKIP_HTML.exec(c.content);
        if (m && !/\/>\s*$/.test(c.content)) skipping = m[1]!.toLowerCase();
        else if (/^<br\s*\/?>$/i.test(c.content)) out.br();
        break;
      }
    }
  }
}
