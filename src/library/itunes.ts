import type { PlaylistEntry } from './playlist-text.js';
import { lineCounter, withoutXmlComments, xmlText } from './xml-text.js';

// Kinds of item a music library exports beside songs, which sound-based playlists are not for.
const NOT_MUSIC = ['Podcast', 'Movie', 'TV Show', 'Music Video', 'Has Video', 'iTunesU', 'Audiobook'];

/**
 * Reads an iTunes / Apple Music library or playlist export (`Library.xml`, File › Library › Export
 * Playlist…: a property list whose `Tracks` dictionary holds one dictionary per track) into entries:
 * each track's `Location` (a `file://` URL), titled `Artist - Name`. With one playlist in the file
 * (a playlist export) the entries follow its order; podcasts, films and other videos are left out.
 */
export function parseItunesPlist(text: string): PlaylistEntry[] {
  return readItunesPlist(text).entries;
}

/** `parseItunesPlist` with what it left out: tracks with no file (in the cloud) and podcasts or videos. */
export function readItunesPlist(text: string): { entries: PlaylistEntry[]; noFile: number; notMusic: number } {
  const xml = withoutXmlComments(text);
  const lineOf = lineCounter(xml);
  const byId = new Map<string, PlaylistEntry>();
  let noFile = 0;
  let notMusic = 0;
  const tracksAt = /<key>\s*Tracks\s*<\/key>\s*<dict>/.exec(xml);
  if (!tracksAt) return { entries: [], noFile, notMusic };
  // The Tracks dictionary runs up to the Playlists array (or the end): each track is the text from
  // its `<key>ID</key><dict>` to the next one, so a dictionary nested in a track cannot cut it short.
  const from = tracksAt.index + tracksAt[0].length;
  const playlistsAt = xml.indexOf('<key>Playlists</key>', from);
  const at = playlistsAt === -1 ? xml.length : playlistsAt;
  const section = xml.slice(from, at);
  const starts = [...section.matchAll(/<key>\s*(\d+)\s*<\/key>\s*<dict>/g)];
  for (let i = 0; i < starts.length; i++) {
    const m = starts[i]!;
    const fields = plistFields(section.slice(m.index! + m[0].length, i + 1 < starts.length ? starts[i + 1]!.index : section.length));
    if (NOT_MUSIC.some((k) => fields.get(k) === 'true')) {
      notMusic++;
      continue;
    }
    const location = fields.get('Location');
    if (location === undefined || location === '') {
      noFile++;
      continue;
    }
    const title = [fields.get('Artist'), fields.get('Name')].filter((t) => t).join(' - ');
    const line = lineOf(from + m.index!);
    byId.set(m[1]!, title === '' ? { entry: location, line } : { entry: location, line, title });
  }
  const order = singlePlaylistOrder(xml.slice(at));
  const entries = order ? order.map((id) => byId.get(id)).filter((e): e is PlaylistEntry => e !== undefined) : [...byId.values()];
  return { entries, noFile, notMusic };
}

/** The `<key>K</key><string|integer|true/false …>` pairs of a track's text (the first of each key wins). */
function plistFields(body: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of body.matchAll(/<key>([^<]*)<\/key>\s*(?:<(string|integer|real|date)>([\s\S]*?)<\/\2>|<(true|false)\s*\/>)/g)) {
    const key = xmlText(m[1]!);
    if (!out.has(key)) out.set(key, m[4] ?? xmlText(m[3]!));
  }
  return out;
}

/** Track IDs in the order of the file's playlist when it holds exactly one (a playlist export). */
function singlePlaylistOrder(rest: string): string[] | undefined {
  const lists = rest.match(/<key>\s*Playlist Items\s*<\/key>\s*<array>[\s\S]*?<\/array>/g);
  if (lists?.length !== 1) return undefined;
  return [...lists[0]!.matchAll(/<key>\s*Track ID\s*<\/key>\s*<integer>\s*(\d+)\s*<\/integer>/g)].map((m) => m[1]!);
}
