import { parseAsx } from './asx.js';
import { readItunesPlist } from './itunes.js';
import { parseM3u } from './m3u.js';
import type { PlaylistEntry } from './playlist-text.js';
import { parsePls } from './pls.js';
import { parseWpl } from './wpl.js';
import { parseXspf } from './xspf.js';

/** The playlist formats the library reads. */
export type PlaylistFormat = 'm3u' | 'pls' | 'xspf' | 'wpl' | 'asx' | 'itunes';

/** A playlist's entries (and what of it was left out on purpose, said in a note), or why it cannot be read. */
export type ParsedPlaylist = { format: PlaylistFormat; entries: PlaylistEntry[]; leftOut?: string } | { error: string };

/**
 * Reads playlist text of any supported format, told apart by content rather than by the file name
 * (a PLS saved as `.m3u` is still a PLS): `[playlist]` starts a PLS, XML holding `<playlist>` is
 * XSPF, XML holding `<smil>` is WPL, XML holding `<asx>` is ASX, a property list with a `Tracks` dictionary is an iTunes / Apple
 * Music export, anything else is M3U.
 */
export function parsePlaylist(text: string): ParsedPlaylist {
  const start = text.replace(/^[\uFEFF\s]+/, '');
  if (/^\[playlist\]/i.test(start)) return { format: 'pls', entries: parsePls(text) };
  if (start.startsWith('<')) {
    if (/<plist\b/.test(text)) {
      if (/<key>\s*Tracks\s*<\/key>\s*<dict>/.test(text)) {
        const { entries, noFile, notMusic } = readItunesPlist(text);
        const parts = [noFile > 0 ? `${noFile} with no file here (in the cloud)` : '', notMusic > 0 ? `${notMusic} podcasts or videos` : ''].filter((p) => p);
        return parts.length > 0 ? { format: 'itunes', entries, leftOut: `${parts.join(' and ')} left out` } : { format: 'itunes', entries };
      }
      return { error: 'a property list without the Tracks of an iTunes / Apple Music export' };
    }
    if (/<(?:[\w.-]+:)?playlist\b/.test(text)) return { format: 'xspf', entries: parseXspf(text) };
    if (/<smil\b/i.test(text)) return { format: 'wpl', entries: parseWpl(text) };
    if (/<asx\b/i.test(text)) return { format: 'asx', entries: parseAsx(text) };
    return { error: 'XML that is neither an XSPF, a WPL, an ASX nor an iTunes playlist' };
  }
  return { format: 'm3u', entries: parseM3u(text) };
}
