import { fileURLToPath } from 'node:url';

/** One media line of an M3U playlist, before it is resolved against the file system. */
export interface M3uEntry {
  /** The line as written (trimmed), e.g. `../music/a.mp3` or `file:///srv/a%20b.flac`. */
  entry: string;
  /** 1-based line number in the playlist, for error messages. */
  line: number;
  /** Title from the preceding `#EXTINF:<seconds>,<title>` line, if any. */
  title?: string;
}

/**
 * Decodes playlist bytes to text: a UTF-8 BOM is dropped; bytes that are valid UTF-8 are read as
 * UTF-8, anything else as Latin-1 (the classic `.m3u` encoding, Windows-1252 in practice).
 */
export function decodePlaylistText(bytes: Uint8Array): string {
  let b = bytes;
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    // Node's 'latin1' label is WHATWG windows-1252, a superset of ISO-8859-1 for printable bytes.
    return new TextDecoder('latin1').decode(b);
  }
}

/** Splits playlist text into media entries (with `#EXTINF` titles); comments and blanks are skipped. */
export function parseM3u(text: string): M3uEntry[] {
  const out: M3uEntry[] = [];
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

/** Result of turning one playlist entry into a local path. */
export type EntryLocation = { path: string } | { error: string };

/**
 * Turns an entry into a local path: `file://` URIs are percent-decoded; other URL schemes are refused
 * (not local files); anything else is a path, absolute or relative to the playlist's folder.
 */
export function entryToPath(entry: string, resolveRelative: (p: string) => string): EntryLocation {
  if (/^file:/i.test(entry)) {
    try {
      return { path: fileURLToPath(entry.replace(/^file:/i, 'file:')) };
    } catch (e) {
      return { error: `invalid file URI (${(e as Error).message})` };
    }
  }
  // A scheme of two or more letters (one letter would be a Windows drive such as C:).
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(entry)) return { error: 'not a local file (URL)' };
  return { path: resolveRelative(entry) };
}
