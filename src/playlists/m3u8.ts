import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { removeOwnFile, writeFileAtomic } from '../util/atomic-write.js';

/** What a playlist needs to know about one track. */
export interface PlaylistEntry {
  /** Absolute path of the audio file. */
  path: string;
  /** Duration in seconds (rounded in #EXTINF; −1 when unknown). */
  durationSec?: number;
  title?: string;
  artist?: string;
}

/** Options of the M3U8 writer. */
export interface M3u8Options {
  /** Write absolute paths instead of paths relative to the playlist file (default false). */
  absolute?: boolean;
  /**
   * Write paths relative to this folder instead (absolute): MPD resolves a stored playlist's
   * entries against its music_directory, Mopidy against its base_dir. A track outside it keeps
   * its absolute path.
   */
  relativeTo?: string;
  /** `relativeTo` with its symlinks resolved, when that differs: tracks found through either spelling count as inside. */
  relativeToReal?: string;
}

/** Raised for a playlist that cannot be written. */
export class PlaylistError extends Error {
  readonly stage = 'playlists';
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'PlaylistError';
  }
}

/** Tag text made safe for one #EXTINF line: control characters (line breaks!) become spaces. */
function oneLine(s: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point.
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}

/** The #EXTINF display text: `artist - title`, or the title, or the file name without extension. */
export function displayTitle(e: PlaylistEntry): string {
  const title = oneLine(e.title ?? '');
  const artist = oneLine(e.artist ?? '');
  if (title && artist) return `${artist} - ${title}`;
  if (title) return title;
  const file = basename(e.path);
  return oneLine(file.slice(0, file.length - extname(file).length) || file);
}

/**
 * The path line for one entry: relative to the playlist's folder with forward slashes, or absolute.
 * A relative line that would start with `#` gets `./` so players do not read it as a comment.
 */
export function entryLine(trackPath: string, playlistFile: string, opts: M3u8Options = {}): string {
  const abs = resolve(trackPath);
  if (/[\r\n]/.test(abs)) throw new PlaylistError(abs, 'a path with a line break cannot be written to an M3U playlist');
  if (opts.absolute) return abs;
  const base = opts.relativeTo !== undefined ? musicFolderOf(abs, opts) : dirname(resolve(playlistFile));
  if (base === undefined) return abs;
  let rel = relative(base, abs);
  // On Windows another drive has no relative path.
  if (isAbsolute(rel)) return abs;
  if (sep !== '/') rel = rel.split(sep).join('/');
  return rel.startsWith('#') ? `./${rel}` : rel;
}

/** True when `path` lies inside the folder `dir` (both resolved; the folder itself is not inside). */
export function isInside(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel !== '' && !isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`);
}

/**
 * The `--relative-to` folder that holds `path`, as the options spell it (given, or with its
 * symlinks resolved: `~/Music` may be a link to `/srv/music`, and the library read through
 * either); undefined when neither holds it.
 */
export function musicFolderOf(path: string, opts: M3u8Options): string | undefined {
  for (const dir of [opts.relativeTo, opts.relativeToReal]) if (dir !== undefined && isInside(path, dir)) return resolve(dir);
  return undefined;
}

/** The text of an extended M3U playlist (UTF-8, no BOM, `\n` line ends) for `playlistFile`. */
export function formatM3u8(entries: readonly PlaylistEntry[], playlistFile: string, opts: M3u8Options = {}): string {
  const lines = ['#EXTM3U'];
  for (const e of entries) {
    const d = e.durationSec;
    const secs = d !== undefined && Number.isFinite(d) && d >= 0 ? Math.round(d) : -1;
    lines.push(`#EXTINF:${secs},${displayTitle(e)}`);
    lines.push(entryLine(e.path, playlistFile, opts));
  }
  return `${lines.join('\n')}\n`;
}

/** Writes one playlist atomically. */
export function writeM3u8(file: string, entries: readonly PlaylistEntry[], opts: M3u8Options = {}): void {
  writeFileAtomic(file, Buffer.from(formatM3u8(entries, file, opts), 'utf8'));
}

/** `NN-<name>.m3u8` with NN = index + 1, zero-padded to at least two digits (to `width` digits). */
export function playlistFileName(index: number, name: string, width = 2): string {
  return `${String(index + 1).padStart(width, '0')}-${name}.m3u8`;
}

/** One written playlist. */
export interface WrittenPlaylist {
  /** Cluster label (−1 for the unassigned playlist). */
  label: number;
  name: string;
  /** Absolute path of the .m3u8 file. */
  file: string;
  /** Indices into the entries, in playlist order. */
  members: number[];
}

/** The tool's own playlist file names: `NN-<name>.m3u8`. */
const OWN_PLAYLIST = /^\d{2,}-[a-z0-9-]+\.m3u8$/;

/**
 * Writes one playlist per cluster to `<outDir>/playlists/NN-<name>.m3u8` (NN = 01, 02, … in label
 * order) and, when some tracks have label −1, a last `NN-unassigned.m3u8`. `members[c]` lists the
 * indices of `entries` in cluster c in playing order; `names[c]` is its file-system-safe name.
 * The earlier run's playlists, `opts.replace` (file names, from its clusters.csv), are removed
 * first, so the folder holds this run's playlists and whatever else the user keeps there: a
 * hand-made `09-road-trip.m3u8` is named like ours, and only the earlier run's list tells them apart.
 */
export function writeClusterPlaylists(
  outDir: string,
  entries: readonly PlaylistEntry[],
  playlists: readonly { label: number; name: string; members: readonly number[] }[],
  opts: M3u8Options & { replace?: readonly string[] } = {},
): WrittenPlaylist[] {
  const dir = resolve(outDir, 'playlists');
  const seen = new Set<string>();
  for (const p of playlists) {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(p.name)) throw new PlaylistError(dir, `playlist name '${p.name}' is not file-system safe`);
    if (seen.has(p.name)) throw new PlaylistError(dir, `two playlists are named '${p.name}'`);
    seen.add(p.name);
    for (const m of p.members) {
      if (!Number.isInteger(m) || m < 0 || m >= entries.length) throw new PlaylistError(dir, `playlist '${p.name}' refers to track ${m}, not in 0..${entries.length - 1}`);
    }
  }
  for (const f of opts.replace ?? []) if (OWN_PLAYLIST.test(f)) removeOwnFile(join(dir, f));
  const width = Math.max(2, String(playlists.length).length);
  return playlists.map((p, i) => {
    const file = join(dir, playlistFileName(i, p.name, width));
    writeM3u8(
      file,
      p.members.map((m) => entries[m]!),
      opts,
    );
    return { label: p.label, name: p.name, file, members: [...p.members] };
  });
}
