import type { PlaylistEntry } from './playlist-text.js';
import { decodeXmlEntities, lineCounter, withoutXmlComments } from './xml-text.js';

/**
 * Reads a Windows Media Player playlist (`.wpl`, and Zune's `.zpl`: SMIL with one
 * `<media src="…"/>` per track) into entries. `src` is a plain path, usually relative with `\`
 * separators, which the library tries as `/`.
 */
export function parseWpl(text: string): PlaylistEntry[] {
  const xml = withoutXmlComments(text);
  const lineOf = lineCounter(xml);
  const out: PlaylistEntry[] = [];
  for (const m of xml.matchAll(/<(?:[\w.-]+:)?media\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const entry = decodeXmlEntities(m[1] ?? m[2] ?? '').trim();
    if (entry !== '') out.push({ entry, line: lineOf(m.index!) });
  }
  return out;
}
