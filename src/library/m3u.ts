import type { PlaylistEntry } from './playlist-text.js';

/** Splits M3U/M3U8 text into media entries (with `#EXTINF` titles); comments and blanks are skipped. */
export function parseM3u(text: string): PlaylistEntry[] {
  const out: PlaylistEntry[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  let title: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^\uFEFF/, '').trim();
    if (line === '') continue;
    if (line.startsWith('#')) {
      if (/^#EXTINF:/i.test(line)) {
        // #EXTINF:<duration> [attributes],<title> — the title follows the first comma.
        const comma = line.indexOf(',');
        const t = comma >= 0 ? line.slice(comma + 1).trim() : '';
        title = t === '' ? undefined : t;
      }
      continue;
    }
    out.push(title === undefined ? { entry: line, line: i + 1 } : { entry: line, line: i + 1, title });
    title = undefined;
  }
  return out;
}
