// Markdown notes for one document, for Obsidian and any Markdown reader: YAML front matter
// (title, authors, published, source, url, tags, pith-id), then the kept takeaways, the
// highlights as blockquotes with their comments, tags and page or paragraph, and the notes.
import type { Annotation, DocumentDetail } from '../types.ts';
import { inReadingOrder, isKeptTakeaway, locator } from './model.ts';

/**
 * A YAML double-quoted scalar. Only YAML's printable characters stay as they are; everything
 * else (controls, DEL, C1, lone surrogates, the line separators YAML would fold) is escaped, so
 * any title or path parses back to exactly itself.
 */
export function yamlString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i += 1) {
    const c = value.charCodeAt(i);
    const ch = value[i]!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (c === 0x0a) out += '\\n';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x0d) out += '\\r';
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += ch + value[i + 1]!;
        i += 1;
      } else out += '\\uFFFD';
    } else if (c >= 0xdc00 && c <= 0xdfff) out += '\\uFFFD';
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c === 0x2028 || c === 0x2029 || c === 0xfeff || c >= 0xfffe)
      out += `\\u${c.toString(16).toUpperCase().padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * A tag as Obsidian reads it: letters, digits, `_`, `-` and `/` (nesting) only, so spaces and
 * other punctuation become `-`; a tag of digits alone is not a tag in Obsidian, so it gets a `_`.
 */
export function obsidianTag(name: string): string {
  let tag = name
    .normalize('NFC')
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}_\-/]+/gu, '-')
    .replace(/-{2,}/g, '-')
    .replace(/\/{2,}/g, '/')
    .replace(/^[-/]+|[-/]+$/g, '');
  if (tag === '') tag = 'tag';
  if (/^\p{N}+$/u.test(tag)) tag = `_${tag}`;
  return tag;
}

/**
 * Text that Markdown (and Obsidian) must show as written: characters that would start a heading,
 * list, quote, code block, HTML, a link or an Obsidian tag, highlight or comment are escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => {
      // Leading blanks are dropped: four of them would turn the line into a code block.
      const l = line
        .replace(/^[ \t]+/, '')
        .replace(/\\/g, '\\\\')
        .replace(/([`*_[\]<>|~]|==|%%)/g, (m) => (m.length === 2 ? `\\${m[0]}${m[1]}` : `\\${m}`))
        .replace(/(^|\s)#(?=[^\s#])/g, '$1\\#')
        .replace(/\$/g, '\\$');
      // Block markers at the start of a line: headings, lists, quotes, fences, rules, tables.
      return l.replace(/^([#>+\-=]+|\d+[.)])(?=\s|$)/, (marker: string) =>
        /^\d/.test(marker) ? `${marker.slice(0, -1)}\\${marker.slice(-1)}` : `\\${marker}`,
      );
    })
    .join('\n');
}

export interface MarkdownOptions {
  /** Header line after the title: false leaves out "# Title" (Obsidian shows the file name). */
  heading?: boolean;
}

export function toMarkdown(doc: DocumentDetail, options: MarkdownOptions = {}): string {
  const where = locator(doc);
  const annotations = inReadingOrder(doc.annotations);
  const byParent = new Map<string, Annotation[]>();
  const ids = new Set(annotations.map((a) => a.id));
  for (const a of annotations) {
    if (a.kind === 'note' && a.parentId && ids.has(a.parentId)) {
      const list = byParent.get(a.parentId) ?? [];
      list.push(a);
      byParent.set(a.parentId, list);
    }
  }
  const takeaways = annotations.filter(isKeptTakeaway);
  const highlights = annotations.filter((a) => a.kind === 'highlight');
  const notes = annotations.filter((a) => a.kind === 'note' && !(a.parentId && ids.has(a.parentId)));

  const out: string[] = [frontMatter(doc)];
  if (options.heading !== false) out.push(`# ${escapeMarkdown(doc.title.replace(/\s+/g, ' ').trim() || 'Untitled')}`, '');
  const byline = [doc.authors.join(', '), doc.published ?? ''].filter(Boolean).join(' · ');
  if (byline) out.push(escapeMarkdown(byline), '');

  if (takeaways.length > 0) {
    out.push('## Takeaways', '');
    for (const t of takeaways) {
      const main = (t.text ?? t.quote?.exact ?? '').replace(/\s+/g, ' ').trim();
      const meta = trailer(t, where(t));
      out.push(`- ${escapeInline(main)}${meta ? ` · ${meta}` : ''}`);
      if (t.text && t.quote) out.push(`  > ${escapeInline(oneLine(t.quote.exact))}`);
      if (t.comment) out.push(...indent(escapeMarkdown(t.comment.trim()), '  '));
      for (const n of byParent.get(t.id) ?? []) out.push(...indent(`Note: ${escapeMarkdown((n.text ?? n.comment ?? '').trim())}`, '  '));
    }
    out.push('');
  }

  if (highlights.length > 0) {
    out.push('## Highlights', '');
    for (const h of highlights) {
      const quote = h.quote?.exact ?? h.text ?? '';
      out.push(...quoteBlock(quote));
      if (h.anchor === 'orphaned') out.push('> (This passage is no longer found in the document.)');
      out.push('');
      if (h.comment?.trim()) out.push(escapeMarkdown(h.comment.trim()), '');
      for (const n of byParent.get(h.id) ?? []) {
        const body = [n.text, n.comment].filter((s) => s?.trim()).join('\n\n');
        if (body) out.push(`Note: ${escapeMarkdown(body.trim())}`, '');
      }
      const meta = trailer(h, where(h));
      if (meta) out.push(meta, '');
    }
  }

  if (notes.length > 0) {
    out.push('## Notes', '');
    for (const n of notes) {
      const body = [n.text, n.comment].filter((s) => s?.trim()).join('\n\n');
      if (n.quote) out.push(...quoteBlock(n.quote.exact), '');
      if (body) out.push(escapeMarkdown(body.trim()), '');
      const meta = trailer(n, where(n));
      if (meta) out.push(meta, '');
    }
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

function frontMatter(doc: DocumentDetail): string {
  const lines = ['---', `title: ${yamlString(doc.title)}`];
  if (doc.authors.length > 0) {
    lines.push('authors:');
    for (const a of doc.authors) lines.push(`  - ${yamlString(a)}`);
  }
  // A bare YYYY-MM-DD is a YAML date, which Obsidian shows as a Date property.
  if (doc.published) lines.push(`published: ${/^\d{4}-\d{2}-\d{2}$/.test(doc.published) ? doc.published : yamlString(doc.published)}`);
  if (doc.source.path) lines.push(`source: ${yamlString(doc.source.path)}`);
  if (doc.source.url) lines.push(`url: ${yamlString(doc.source.url)}`);
  if (doc.tags.length > 0) {
    lines.push('tags:');
    for (const t of doc.tags) lines.push(`  - ${yamlString(obsidianTag(t))}`);
  }
  lines.push(`pith-id: ${yamlString(doc.id)}`, '---', '');
  return lines.join('\n');
}

/** Tags and location of an annotation on one line: "#nato #western-balkans · p. 12". */
function trailer(a: Annotation, location: string | null): string {
  const parts: string[] = [];
  if (a.tags.length > 0) parts.push(a.tags.map((t) => `#${obsidianTag(t)}`).join(' '));
  if (location) parts.push(location);
  return parts.join(' · ');
}

function quoteBlock(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').trim().split('\n');
  return lines.map((l) => (l.trim() === '' ? '>' : `> ${escapeMarkdown(l.trim())}`));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Inline text on a list line: one line, escaped; block markers matter only at a line's start. */
function escapeInline(text: string): string {
  return escapeMarkdown(oneLine(text));
}

function indent(text: string, prefix: string): string[] {
  return text.split('\n').map((l) => (l === '' ? '' : `${prefix}${l}`));
}
