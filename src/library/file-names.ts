import { encodeWindows1252 } from '../util/windows-1252.js';

/**
 * File names that are not valid UTF-8 (legacy Latin-1 or CP1252 collections). Node.js reads them
 * as text with U+FFFD in place of the bad bytes, so the file can no longer be opened by that name,
 * and an M3U8 playlist (UTF-8 by definition) could not name it either.
 */

/** Why such a file is left out, and what the user can do. */
export const NOT_UTF8_REASON =
  'name is not valid UTF-8, so it can be neither opened by name nor written to an M3U8 playlist: rename it to UTF-8 (e.g. convmv -r -f latin1 -t utf-8 --notest)';

/** True when the bytes are a complete, valid UTF-8 string. */
export function isUtf8Name(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The name for messages: valid UTF-8 sequences as text, every other byte as `\xNN`. */
export function displayName(bytes: Uint8Array): string {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let out = '';
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len > 0 && i + len <= bytes.length) {
      try {
        out += decoder.decode(bytes.subarray(i, i + len));
        i += len;
        continue;
      } catch {
        // not a valid sequence: escape its first byte below
      }
    }
    out += `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`;
    i++;
  }
  return out;
}

/**
 * The bytes a path would have on disk if it was written in Latin-1 (Windows-1252: a Latin-1 playlist
 * naming a Latin-1 file), or undefined when that is the same as its UTF-8 form or impossible.
 */
export function latin1Bytes(path: string): Buffer | undefined {
  let wide = false;
  for (let i = 0; i < path.length && !wide; i++) wide = path.charCodeAt(i) >= 0x80;
  if (!wide) return undefined;
  return encodeWindows1252(path);
}

/** Why a file or folder whose name holds a line break is left out, and what the user can do. */
export const LINE_BREAK_REASON = 'name holds a line break, which an M3U playlist cannot list (one path per line): rename it';

/** True when a name holds a carriage return or a line feed. */
export function hasLineBreak(name: string): boolean {
  return /[\r\n]/.test(name);
}

/** The name for one-line messages: carriage returns and line feeds written as \r and \n. */
export function oneLineName(name: string): string {
  return name.replace(/\r/g, '\\r').replace(/\n/g, '\\n');
}

// Folders a file system or an operating system keeps for itself at a drive's root: Windows' recycle
// bins hold deleted tracks renamed `$R…`, which a playlist must not bring back, and fsck's
// lost+found holds fragments without names. (macOS's and Linux's trash folders start with a dot.)
// (Windows XP's RECYCLER is left alone: an album may well be called "Recycled" or "Recycler".)
const SYSTEM_FOLDERS: ReadonlySet<string> = new Set(['$recycle.bin', 'system volume information', 'lost+found']);

/** True for a folder a scan skips unless named itself: a recycle bin or a file-system folder. */
export function isSystemFolderName(name: string): boolean {
  return SYSTEM_FOLDERS.has(name.toLowerCase());
}

// The kernel's and udev's file systems: no music, and /proc alone holds a tree per process.
const VIRTUAL_TREES: ReadonlySet<string> = new Set(['/proc', '/sys', '/dev']);

/** True for a folder a scan of `/` skips unless named itself: /proc, /sys, /dev. */
export function isVirtualTree(absolutePath: string): boolean {
  return VIRTUAL_TREES.has(absolutePath);
}
