import type { PlaylistEntry } from './playlist-text.js';
import { firstElementText, lineCounter, withoutXmlComments } from './xml-text.js';

/**
 * Reads an XSPF playlist (VLC's default, Audacious, Strawberry) into entries: each `<track>`'s first
 * `<location>` (its line is the `<track>`'s), titled `<creator> - <title>` when it has both. Locations are URIs, so a relative
 * one (`Music/A%20B.flac`) is percent-decoded; tracks without a location are skipped.
 */
export function parseXspf(text: string): PlaylistEntry[] {
  const xml = withoutXmlComments(text);
  const lineOf = lineCounter(xml);
  const out: PlaylistEntry[] = [];
  // Each track runs from its `<track>` to the next one (or the end of the list), so a file whose
  // writer left the closing tags out is still read, in one pass.
  const starts = [...xml.matchAll(/<(?:[\w.-]+:)?track\b[^>]*>/g)];
  for (let i = 0; i < starts.length; i++) {
    const m = starts[i]!;
    const from = m.index! + m[0].length;
    const to = i + 1 < starts.length ? starts[i + 1]!.index! : xml.length;
    // Application extensions (VLC's <vlc:id>, …) may hold elements of any name.
    const body = xml.slice(from, to).replace(/<(?:[\w.-]+:)?extension\b[\s\S]*?<\/(?:[\w.-]+:)?extension\s*>/g, '');
    const location = firstElementText(body, 'location');
    if (!location || location.text === '') continue;
    const line = lineOf(m.index!);
    const entry = uriToEntry(location.text);
    const title = [firstElementText(body, 'creator')?.text, firstElementText(body, 'title')?.text].filter((t) => t).join(' - ');
    out.push(title === '' ? { entry, line } : { entry, line, title });
  }
  return out;
}

/** A location as an entry: URLs as they are (entryToPath decodes `file:`), relative URIs percent-decoded. */
function uriToEntry(uri: string): string {
  if (/^[a-z][a-z0-9+.-]+:/i.test(uri) && !/^[a-z]:[\\/]/i.test(uri)) return uri;
  try {
    return decodeURIComponent(uri);
  } catch {
    // Not valid percent-encoding (a writer that put a plain path with a '%' in it): as written.
    return uri;
  }
}
