import { resolve } from 'node:path';

/** Why a `--path-map` value cannot be used. */
export class PathMapError extends Error {}

/** Playlist entries under `from` are read as under `to` (`--path-map FROM=TO`). */
export interface PathMapping {
  /** The prefix as playlists write it, `/` separators, no trailing `/`. */
  from: string;
  /** The folder it is now, absolute. */
  to: string;
  /** Windows prefixes (a drive letter) compare without case, as Windows does. */
  ignoreCase: boolean;
}

/** Slashes for backslashes, no trailing slash. */
function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/(.)\/+$/, '$1');
}

/**
 * Reads `FROM=TO` (the first `=` splits: old playlist prefixes rarely hold one, a new folder may):
 * `D:\Music=/home/u/Music`, `/Users/u/Music/iTunes/iTunes Media/Music=~/Music`.
 */
export function parsePathMap(spec: string, home: string): PathMapping {
  const eq = spec.indexOf('=');
  if (eq <= 0 || eq === spec.length - 1) throw new PathMapError(`--path-map: expected FROM=TO (e.g. 'D:\\Music=/home/u/Music'), got '${spec}'`);
  const from = normalise(spec.slice(0, eq).trim());
  let to = spec.slice(eq + 1).trim();
  if (to === '~' || to.startsWith('~/')) to = home + to.slice(1);
  return { from, to: resolve(to), ignoreCase: /^[A-Za-z]:/.test(from) };
}

/**
 * The path a playlist entry names once `maps` are applied (the first that fits), or undefined when
 * none does. Plain paths and `file://` URLs alike, so `file:///D:/Music/a%20b.mp3` and
 * `D:\Music\a b.mp3` both map under `D:\Music`.
 */
export function mapEntry(entry: string, maps: readonly PathMapping[]): string | undefined {
  let raw = entry;
  if (/^file:/i.test(entry)) {
    const m = /^file:(?:\/\/(?:localhost)?)?(\/.*)$/i.exec(entry);
    if (!m) return undefined;
    try {
      raw = decodeURIComponent(m[1]!);
    } catch {
      return undefined;
    }
    // file:///D:/Music → D:/Music
    if (/^\/[A-Za-z]:\//.test(raw)) raw = raw.slice(1);
  }
  const path = normalise(raw);
  for (const m of maps) {
    const head = path.slice(0, m.from.length);
    const same = m.ignoreCase ? head.toLowerCase() === m.from.toLowerCase() : head === m.from;
    if (same && (path.length === m.from.length || path[m.from.length] === '/')) return m.to + path.slice(m.from.length);
  }
  return undefined;
}
