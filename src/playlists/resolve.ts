import { basename, extname, resolve, sep } from 'node:path';
import { foldForSearch } from '../util/text.js';

/** What a track can be named by. */
export interface NamedTrack {
  path: string;
  title?: string;
  artist?: string;
  /** Content fingerprint: files with the same one are copies of one recording. */
  fingerprint?: string;
  /** Bit rate (bytes per second of audio): of several files of one recording the highest is named. */
  bytesPerSec?: number;
}

/** An unknown or ambiguous track name; `candidates` are the tracks listed in the message. */
export class TrackNameError extends Error {
  readonly stage = 'playlists';
  constructor(
    readonly query: string,
    readonly reason: 'unknown' | 'ambiguous',
    readonly candidates: number[],
    message: string,
  ) {
    super(message);
    this.name = 'TrackNameError';
  }
}

/** `artist - title`, or the title, or the file name without extension: the text names match. */
export function trackLabel(t: NamedTrack): string {
  const title = (t.title ?? '').trim();
  const artist = (t.artist ?? '').trim();
  if (title && artist) return `${artist} - ${title}`;
  if (title) return title;
  const f = basename(t.path);
  return f.slice(0, f.length - extname(f).length) || f;
}

/** Maximum number of candidates an error lists. */
export const MAX_CANDIDATES = 10;

function describe(tracks: readonly NamedTrack[], idx: readonly number[], rowOf: (i: number) => number | undefined): string {
  const lines = idx.slice(0, MAX_CANDIDATES).map((i) => {
    const r = rowOf(i);
    return `  ${r === undefined ? '' : `#${r}  `}${trackLabel(tracks[i]!)}  (${tracks[i]!.path})`;
  });
  if (idx.length > MAX_CANDIDATES) lines.push(`  … and ${idx.length - MAX_CANDIDATES} more`);
  return lines.join('\n');
}

/**
 * When `idx` are all files of one recording (same defined fingerprint, or `same`), the one that
 * stands for it in the playlists: the highest bit rate, the first among equals.
 */
function oneRecording(tracks: readonly NamedTrack[], idx: readonly number[], same?: (i: number, j: number) => boolean): number | undefined {
  const first = idx[0]!;
  const f = tracks[first]!.fingerprint;
  const one = (i: number): boolean => i === first || (f !== undefined && tracks[i]!.fingerprint === f) || same?.(first, i) === true;
  if (!idx.every(one)) return undefined;
  const rate = (i: number): number => tracks[i]!.bytesPerSec ?? 0;
  return idx.reduce((best, i) => (rate(i) > rate(best) ? i : best), first);
}

// Folded labels and file names per track list: `path A B C` names three tracks of one list.
const foldedCache = new WeakMap<readonly NamedTrack[], { labels(): string[]; files(): string[] }>();

function foldedNames(tracks: readonly NamedTrack[]): { labels(): string[]; files(): string[] } {
  let f = foldedCache.get(tracks);
  if (!f) {
    let labels: string[] | undefined;
    let files: string[] | undefined;
    f = {
      labels: () => (labels ??= tracks.map((t) => foldForSearch(trackLabel(t)))),
      files: () => (files ??= tracks.map((t) => foldForSearch(basename(t.path)))),
    };
    foldedCache.set(tracks, f);
  }
  return f;
}

/**
 * The index in `tracks` of the track a user named, trying in order:
 * 1. `#N` or `row:N`: row N (1-based) of clusters.csv — `rowPaths[N-1]` when given, else `tracks[N-1]`;
 * 2. an exact path (absolute, or relative to the working folder);
 * 3. a path suffix at a folder boundary (`Music/City.ogg`);
 * 4. a substring of "artist - title" (title or file name when tags are missing), ignoring case,
 *    accents, apostrophes and the kind of quote or dash (`beyonce - dont` names `Beyoncé - Don’t…`);
 *    an exact match of the whole label wins over partial ones;
 * 5. a substring of the file name, folded the same way, so a tagged track can be named as its file
 *    (`03_fear` for "Obsidian Shell - Fear"); a whole name, with or without extension, wins.
 * A name matching only files of one recording (same fingerprint, or `sameRecording`) takes the one
 * of the highest bit rate, as the playlists do.
 * Unknown or ambiguous names throw a TrackNameError listing up to 10 candidates.
 */
export function resolveTrack(
  query: string,
  tracks: readonly NamedTrack[],
  opts: { rowPaths?: readonly string[]; sameRecording?: (i: number, j: number) => boolean } = {},
): number {
  const q = query.trim();
  if (!q) throw new TrackNameError(query, 'unknown', [], 'empty track name');
  const byPath = new Map<string, number>();
  for (let i = 0; i < tracks.length; i++) if (!byPath.has(tracks[i]!.path)) byPath.set(tracks[i]!.path, i);
  const rowPaths = opts.rowPaths;
  const rowByPath = new Map<string, number>();
  if (rowPaths) for (let r = 0; r < rowPaths.length; r++) if (!rowByPath.has(rowPaths[r]!)) rowByPath.set(rowPaths[r]!, r + 1);
  const rowOf = (i: number): number | undefined => (rowPaths ? rowByPath.get(tracks[i]!.path) : i + 1);

  const row = /^(?:#|row:)\s*(\d+)$/i.exec(q);
  if (row) {
    const r = Number(row[1]);
    const count = rowPaths ? rowPaths.length : tracks.length;
    if (r < 1 || r > count) throw new TrackNameError(query, 'unknown', [], `'${query}': there is no row ${r} (rows 1..${count})`);
    if (!rowPaths) return r - 1;
    const i = byPath.get(rowPaths[r - 1]!);
    if (i === undefined) {
      throw new TrackNameError(query, 'unknown', [], `'${query}': row ${r} is ${rowPaths[r - 1]}, which is not in the feature store`);
    }
    return i;
  }

  const exact = byPath.get(q) ?? byPath.get(resolve(q));
  if (exact !== undefined) return exact;

  // One of several matches: the only whole match, else the first when all are one recording.
  const settle = (matches: number[], whole: number[], what: string, how: string): number | undefined => {
    if (matches.length === 0) return undefined;
    if (matches.length === 1) return matches[0]!;
    if (whole.length === 1) return whole[0]!;
    const copy = oneRecording(tracks, whole.length > 1 ? whole : matches, opts.sameRecording);
    if (copy !== undefined) return copy;
    throw new TrackNameError(
      query,
      'ambiguous',
      matches,
      `'${query}' matches ${matches.length} ${what}; name one more precisely${how}:\n${describe(tracks, matches, rowOf)}`,
    );
  };

  const tail = q.split(/[\\/]/).join(sep);
  const suffix = tracks.flatMap((t, i) => (t.path.endsWith(sep + tail) ? [i] : []));
  const bySuffix = settle(suffix, [], 'tracks by path', '');
  if (bySuffix !== undefined) return bySuffix;

  const lq = foldForSearch(q);
  const folded = foldedNames(tracks);
  const labels = folded.labels();
  const sub = labels.flatMap((l, i) => (l.includes(lq) ? [i] : []));
  const byLabel = settle(
    sub,
    sub.filter((i) => labels[i] === lq),
    'tracks',
    ' (by path or #row)',
  );
  if (byLabel !== undefined) return byLabel;

  const files = folded.files();
  const inFile = files.flatMap((f, i) => (f.includes(lq) ? [i] : []));
  const byFile = settle(
    inFile,
    inFile.filter((i) => files[i] === lq || files[i]!.slice(0, files[i]!.length - extname(files[i]!).length) === lq),
    'file names',
    ' (by path or #row)',
  );
  if (byFile !== undefined) return byFile;

  // Unknown: suggest the tracks sharing the most words with the query.
  const words = lq.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1);
  const paths = tracks.map((t) => foldForSearch(t.path));
  const scored = labels
    .map((l, i) => ({ i, s: words.filter((w) => l.includes(w) || paths[i]!.includes(w)).length }))
    .filter((x) => x.s > 0)
    .sort((x, y) => y.s - x.s || x.i - y.i)
    .map((x) => x.i);
  const hint = scored.length > 0 ? `; similar names:\n${describe(tracks, scored, rowOf)}` : '';
  throw new TrackNameError(query, 'unknown', scored.slice(0, MAX_CANDIDATES), `'${query}' matches no track in the feature store${hint}`);
}
