import type { PlaylistEntry } from './playlist-text.js';
import { decodeXmlEntities, lineCounter, withoutXmlComments, xmlText } from './xml-text.js';

/**
 * Reads an Advanced Stream Redirector playlist (`.asx`, `.wax`, `.wvx`: Windows Media Player's
 * older format) into entries: per `<entry>`, its first `<ref href="…"/>` (the others are fallbacks
 * for the same item) and its `<title>`; an `<entryref href="…"/>` names another playlist. Element
 * and attribute names are case-insensitive in ASX, unlike XML.
 */
export function parseAsx(text: string): PlaylistEntry[] {
  const xml = withoutXmlComments(text);
  const lineOf = lineCounter(xml);
  const out: PlaylistEntry[] = [];
  const href = (tag: string): string | undefined => {
    const m = /\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    return m ? decodeXmlEntities(m[1] ?? m[2] ?? '').trim() : undefined;
  };
  for (const m of xml.matchAll(/<entry\b[^>]*>([\s\S]*?)<\/entry\s*>|<entryref\b[^>]*>/gi)) {
    if (m[1] === undefined) {
      const entry = href(m[0]);
      if (entry) out.push({ entry, line: lineOf(m.index!) });
      continue;
    }
    const ref = /<ref\b[^>]*>/i.exec(m[1]);
    const entry = ref ? href(ref[0]) : undefined;
    if (!entry) continue;
    const title = /<title\b[^>]*>([\s\S]*?)<\/title\s*>/i.exec(m[1]);
    const t = title ? xmlText(title[1]!) : '';
    out.push({ entry, line: lineOf(m.index! + m[0].indexOf(ref![0])), ...(t ? { title: t } : {}) });
  }
  return out;
}
