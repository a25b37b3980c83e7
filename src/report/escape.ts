/** Escaping for the report: every untrusted string passes through one of these before output. */

/** Text safe inside HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * JSON safe inside a `<script type="application/json">` element: `<`, `>` and `&` become \u escapes
 * so no tag (`</script>`, `<!--`) can end or alter the element; U+2028/2029 for old parsers.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A link target that cannot run code: relative and http(s)/file URLs pass; any other scheme
 * (`javascript:`, `data:`, ...) is made relative by a `./` prefix so it names a file instead.
 */
export function safeHref(href: string): string {
  const h = href.trim();
  if (/^[a-z][a-z0-9+.-]*:/i.test(h) && !/^(https?|file):/i.test(h)) return `./${h}`;
  return h;
}

/** URL-encodes each segment of a relative or absolute path (forward slashes kept), for hrefs. */
export function pathToHref(path: string): string {
  const p = path.replace(/\\/g, '/');
  const enc = p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
  return p.startsWith('/') ? `file://${enc}` : enc;
}
