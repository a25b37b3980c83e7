/**
 * The little XML the playlist formats need (element text, attribute values, line numbers), so
 * that reading a playlist pulls in no XML parser.
 */

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Replaces XML character and entity references; unknown entities are kept as written. */
export function decodeXmlEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref] ?? whole;
  });
}

/** An element's text content: CDATA sections taken as written, references decoded, trimmed. */
export function xmlText(raw: string): string {
  let out = '';
  let at = 0;
  for (const m of raw.matchAll(/<!\[CDATA\[([\s\S]*?)\]\]>/g)) {
    out += decodeXmlEntities(raw.slice(at, m.index));
    out += m[1];
    at = m.index! + m[0].length;
  }
  return (out + decodeXmlEntities(raw.slice(at))).trim();
}

// One expression per element name, not one per track.
const ELEMENT_RES = new Map<string, { element: RegExp; close: RegExp }>();

/** The text of the first `<name>…</name>` child in `xml` (any namespace prefix), if any. */
export function firstElementText(xml: string, name: string): { text: string; index: number } | undefined {
  let re = ELEMENT_RES.get(name);
  if (!re) {
    re = {
      element: new RegExp(`<(?:[\\w.-]+:)?${name}\\b[^>]*>([\\s\\S]*?)</(?:[\\w.-]+:)?${name}\\s*>`, 'i'),
      close: new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`, 'i'),
    };
    ELEMENT_RES.set(name, re);
  }
  // Without a closing tag every opening one would scan the rest of the text in vain.
  if (!re.close.test(xml)) return undefined;
  const m = re.element.exec(xml);
  return m ? { text: xmlText(m[1]!), index: m.index } : undefined;
}

/** Drops comments, so that a commented-out track is not read. */
export function withoutXmlComments(xml: string): string {
  // One pass with indexOf (a regular expression would rescan the rest of the text from every
  // unclosed `<!--`). Newlines are kept so that line numbers still point at the right line.
  if (!xml.includes('<!--')) return xml;
  let out = '';
  let at = 0;
  for (let open = xml.indexOf('<!--'); open !== -1; open = xml.indexOf('<!--', at)) {
    const close = xml.indexOf('-->', open + 4);
    const end = close === -1 ? xml.length : close + 3;
    out += xml.slice(at, open) + xml.slice(open, end).replace(/[^\n]/g, ' ');
    at = end;
  }
  return out + xml.slice(at);
}

/**
 * 1-based line numbers of character offsets asked for in increasing order: each call scans on from
 * the last, so a 20,000-track playlist is counted once, not once per track.
 */
export function lineCounter(text: string): (index: number) => number {
  let line = 1;
  let at = 0;
  return (index: number): number => {
    for (let i = text.indexOf('\n', at); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
      line++;
      at = i + 1;
    }
    return line;
  };
}
