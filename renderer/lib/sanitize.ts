// Search snippets arrive HTML-escaped except for their <mark> tags; they are still run through
// DOMPurify allowing <mark> alone (no attributes) before the UI puts them in the page.
import DOMPurify from 'dompurify';

export function safeSnippet(html: string): string {
  return DOMPurify.sanitize(html, { ALLOWED_TAGS: ['mark'], ALLOWED_ATTR: [], KEEP_CONTENT: true });
}
