import { fileURLToPath } from 'node:url';
import { decodeWindows1252 } from '../util/windows-1252.js';

/** One track entry of a playlist (any format), before it is resolved against the file system. */
export interface PlaylistEntry {
  /** The entry as written (trimmed, XML entities decoded), e.g. `../music/a.mp3` or `file:///srv/a%20b.flac`. */
  entry: string;
  /** 1-based line number in the playlist, for error messages. */
  line: number;
  /** Title the playlist gives the entry (`#EXTINF`, `TitleN=`, XSPF `<creator> - <title>`), if any. */
  title?: string;
}

/** The label of a byte-order mark at the start of `b`, and its length. */
function byteOrderMark(b: Uint8Array): { label: string; length: number } | undefined {
  if (b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { label: 'utf-8', length: 3 };
  if (b.length >= 2 && b[0] === 0xff && b[1] === 0xfe) return { label: 'utf-16le', length: 2 };
  if (b.length >= 2 && b[0] === 0xfe && b[1] === 0xff) return { label: 'utf-16be', length: 2 };
  return undefined;
}

// Labels the WHATWG Encoding Standard reads as Windows-1252 (which Node 20's TextDecoder does not).
const WINDOWS_1252_LABELS = new Set(['windows-1252', 'cp1252', 'x-cp1252', 'iso-8859-1', 'iso8859-1', 'iso_8859-1', 'latin1', 'l1', 'us-ascii', 'ascii']);

/** The encoding an XML declaration names (`<?xml version="1.0" encoding="windows-1252"?>`), if any. */
function declaredXmlEncoding(b: Uint8Array): string | undefined {
  const head = new TextDecoder('latin1').decode(b.subarray(0, 200));
  const m = /^\s*<\?xml\b[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(head);
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * Decodes playlist bytes to text. A byte-order mark decides first (UTF-8, or UTF-16 as Windows
 * Notepad and Media Player write it); then an XML declaration's encoding; then bytes that are valid
 * UTF-8 are read as UTF-8, anything else as Latin-1 (the classic `.m3u` encoding, Windows-1252 in
 * practice).
 */
export function decodePlaylistText(bytes: Uint8Array): string {
  const bom = byteOrderMark(bytes);
  if (bom) {
    const b = bytes.subarray(bom.length);
    if (bom.label !== 'utf-8') return new TextDecoder(bom.label).decode(b);
    return utf8OrLatin1(b);
  }
  const declared = declaredXmlEncoding(bytes);
  if (declared && WINDOWS_1252_LABELS.has(declared)) return decodeWindows1252(bytes);
  if (declared && declared !== 'utf-8' && declared !== 'utf8') {
    try {
      return new TextDecoder(declared).decode(bytes);
    } catch {
      // An encoding TextDecoder does not know: read the bytes as if nothing were declared.
    }
  }
  return utf8OrLatin1(bytes);
}

function utf8OrLatin1(b: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(b);
  } catch {
    return decodeWindows1252(b);
  }
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
