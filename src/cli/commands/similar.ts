/**
 * `mir-cluster-playlist similar TRACK... [options]`: a "more like this" radio playlist from one or
 * several seed tracks, computed from the feature store alone. The helpers here are shared with the
 * `path` command.
 */
import { isFile, isPipe } from '../input-kind.js';
import { resolve } from 'node:path';
import { analyseFile } from '../../analysis/analyse-file.js';
import { isPlaylistFileName, type PathMapping, readLibrary } from '../../library/index.js';
import { parseArgs } from 'node:util';
import { excludeOption, pathMapOption, playlistPathsOption, UsageError } from '../options.js';
import { noteOutside } from '../relative-to-note.js';
import { usageErrorLines } from '../usage-error-line.js';
import {
  clustersCsvPaths,
  DEFAULT_SEARCH_SPACE,
  defaultClustersCsv,
  type Metric,
  type PlaylistEntry,
  resolveTrack,
  type SearchRows,
  type SearchSpace,
  loadSearchRows,
  projectSearchRows,
  similar,
  TrackNameError,
  trackLabel,
  worstDistanceToRows,
  writeM3u8,
  formatM3u8,
} from '../../playlists/index.js';
import { FeatureStore, parseSettingsKey, type StoredTrack } from '../../store/index.js';
import { bytesPerSecond, sameRecordingTest } from '../pipeline/copies.js';
import { count } from '../../util/text.js';
import { errorText } from '../error-text.js';

// One usage error for the search commands and the options they share with the others.
export { UsageError };

/** Options shared by `similar` and `path`. */
export const SEARCH_OPTIONS = {
  db: { type: 'string' },
  set: { type: 'string' },
  settings: { type: 'string' },
  features: { type: 'string' },
  space: { type: 'string' },
  metric: { type: 'string' },
  clusters: { type: 'string' },
  seed: { type: 'string' },
  'epoch-limit': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  out: { type: 'string' },
  'absolute-paths': { type: 'boolean' },
  'relative-to': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const SEARCH_USAGE = `  --db PATH                  feature store [out/features.sqlite]
  --set blog|readme|full     feature set to search [the set with the most analyses of this
                             release's features version; full on a tie]
  --settings KEY             exact settings key of the store (see 'export --list')
  --features all|readme16|NAME,...  feature columns [all: the set's features]
  --space full|pcaN|aeN      space to search: scaled features, N-D PCA or autoencoder [${DEFAULT_SEARCH_SPACE}]
  --metric euclidean|cosine  distance [euclidean]
  --clusters FILE            clusters.csv whose rows '#N' / 'row:N' refer to
                             [clusters.csv beside the store, else store order]
  --seed N                   autoencoder seed [0]
  --epoch-limit N            autoencoder epochs at most [2000]
  --exclude PATTERN          never offer stored tracks of this name (Podcasts, *.m4b) or path
                             (Music/Audiobooks), as analyze/run/cluster; may be repeated
  --out FILE                 write the playlist here (.m3u8); without it, print it on stdout
  --absolute-paths           absolute paths in the playlist (default: relative to it)
  --relative-to DIR          paths relative to DIR (MPD's music_directory, Mopidy's base_dir),
                             in the file and on stdout; tracks outside DIR stay absolute
  --json                     print the tracks and distances as JSON on stdout
  -h, --help                 this help

Name a track by its path (or the end of it, e.g. Music/City.ogg), by part of "artist - title"
(case-insensitive), or by its row in clusters.csv (#12 or row:12). An audio file that is not in the
store (a track from outside the library) is analysed first, under the store's settings; the store
is not changed.`;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** A positive integer option, or the default. */
export function intOption(v: Values, name: string, dflt: number, min = 1): number {
  const s = v[name];
  if (s === undefined) return dflt;
  if (typeof s !== 'string' || !/^\d+$/.test(s) || Number(s) < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got '${String(s)}'`);
  }
  return Number(s);
}

/** The metric option. */
export function metricOption(v: Values): Metric {
  const m = (v.metric as string | undefined) ?? 'euclidean';
  if (m !== 'euclidean' && m !== 'cosine') throw new UsageError(`--metric must be euclidean or cosine, got '${m}'`);
  return m;
}

/**
 * Opens the store read-only, builds the search space and resolves the named tracks to rows. A name
 * that matches no stored track but is an audio file on disk is analysed now, under the store's
 * settings, and joins the space as an extra row after the stored ones: "more like this" for a track
 * that is not in the library. Nothing is written to the store.
 */
export async function openSearch(
  v: Values,
  names: readonly string[],
): Promise<{ space: SearchSpace; rows: number[]; dbPath: string; sameRecording: (i: number, j: number) => boolean }> {
  const dbPath = resolve((v.db as string | undefined) ?? 'out/features.sqlite');
  playlistPathsOption(v); // a bad --relative-to is said before any search, not after it
  const set = v.set as string | undefined;
  if (set !== undefined && !['blog', 'readme', 'full'].includes(set)) throw new UsageError(`--set must be blog, readme or full, got '${set}'`);
  const space = (v.space as string | undefined) ?? DEFAULT_SEARCH_SPACE;
  if (!/^(full|pca\d+|ae\d+)$/.test(space)) throw new UsageError(`--space must be full, pcaN or aeN (e.g. pca8, ae8), got '${space}'`);
  const seed = intOption(v, 'seed', 0, 0);
  const epochLimit = intOption(v, 'epoch-limit', 2000);
  const exclude = excludeOption(v);
  const opts = { set, settingsKey: v.settings as string | undefined, features: v.features as string | undefined, space, seed, epochLimit, exclude };
  const store = FeatureStore.open(dbPath, { readonly: true });
  let loaded: SearchRows;
  try {
    loaded = loadSearchRows(store, opts);
  } finally {
    store.close();
  }
  if (exclude) process.stderr.write(`--exclude left out ${count(loaded.excluded, 'analysed track')}\n`);
  if (loaded.dropped.length > 0) {
    process.stderr.write(`note: ${count(loaded.dropped.length, 'stored track')} left out, e.g. ${loaded.dropped[0]!.path}: ${loaded.dropped[0]!.reason}\n`);
  }
  const csv = (v.clusters as string | undefined) ?? defaultClustersCsv(dbPath);
  const rowPaths = csv ? clustersCsvPaths(resolve(csv)) : undefined;
  const named = loaded.tracks.map((t) => ({
    path: t.path,
    title: t.tags.title,
    artist: t.tags.artist,
    fingerprint: t.fingerprint,
    bytesPerSec: bytesPerSecond(t),
  }));
  const inLibrary = sameRecordingTest(loaded.tracks).test;
  // Library names first, so a mistyped one fails before any outside file takes seconds to analyse.
  const rows: number[] = [];
  const outsidePaths: string[] = [];
  for (const q of names) {
    try {
      rows.push(resolveTrack(q, named, { rowPaths, sameRecording: inLibrary }));
    } catch (err) {
      if (!(err instanceof TrackNameError) || err.reason !== 'unknown' || !isFile(q)) throw err;
      const path = resolve(q);
      if (!outsidePaths.includes(path)) outsidePaths.push(path);
      rows.push(loaded.tracks.length + outsidePaths.indexOf(path));
    }
  }
  const extra: StoredTrack[] = [];
  for (const path of outsidePaths) {
    process.stderr.write(`analysing ${path}: not in the feature store (the '${parseSettingsKey(loaded.settingsKey).set}' set, as the store's tracks)\n`);
    extra.push(await analyseFile(path, loaded.settingsKey));
  }
  // an outside seed may be another encoding of a library track, which must not come back as "similar"
  const all = [...loaded.tracks, ...extra];
  const same = extra.length > 0 ? sameRecordingTest(all).test : inLibrary;
  extra.forEach((t, e) => {
    const row = loaded.tracks.length + e;
    const held = loaded.tracks.findIndex((h, i) => (h.fingerprint === t.fingerprint && t.fingerprint !== '') || same(i, row));
    if (held >= 0) process.stderr.write(`note: the library already holds ${t.path} as ${loaded.tracks[held]!.path} (the same recording); it is not listed again\n`);
  });
  return { space: projectSearchRows(loaded, opts, extra), rows, dbPath, sameRecording: same };
}

/**
 * The seeds with every playlist among them (`favourites.m3u8`, an XSPF, …) replaced by its tracks'
 * paths: "more like this playlist". Entries that cannot be used are named and left out.
 */
async function seedsOfPlaylists(names: readonly string[], pathMap: PathMapping[]): Promise<string[]> {
  const out: string[] = [];
  for (const q of names) {
    // `-` (standard input) and a pipe (`similar <(grep -i jazz all.m3u)`) are read as playlists too
    const stream = q === '-' ? '(stdin)' : isPipe(q) ? '(pipe)' : undefined;
    if (stream === undefined && (!isPlaylistFileName(q) || !isFile(q))) {
      out.push(q);
      continue;
    }
    const lib = await readLibrary([q], { pathMap });
    // The playlist itself unreadable (permission denied, not a playlist): that is the one line.
    const itself = stream === undefined ? lib.problems.find((p) => resolve(p.path) === resolve(q)) : undefined;
    if (itself) throw new Error(`${q}: ${itself.reason}`);
    for (const p of lib.problems) process.stderr.write(`note: ${p.path}: ${p.reason}; not a seed\n`);
    if (lib.tracks.length === 0) throw new Error(`${stream ?? q}: the playlist names no track that exists`);
    process.stderr.write(`seeds: the ${count(lib.tracks.length, 'track')} of ${stream ?? q}\n`);
    out.push(...lib.tracks.map((t) => t.path));
  }
  return out;
}


/** Playlist entries for rows of the space. */
export function entriesOf(space: SearchSpace, rows: readonly number[]): PlaylistEntry[] {
  return rows.map((r) => {
    const t = space.tracks[r]!;
    return { path: t.path, durationSec: t.durationSec, title: t.tags.title, artist: t.tags.artist };
  });
}

/** Writes the playlist (--out), or prints it; prints the JSON or the human listing. */
export function emit(
  v: Values,
  space: SearchSpace,
  rows: readonly number[],
  distance: readonly number[],
  distanceName: string,
  extra: Record<string, unknown>,
): void {
  const entries = entriesOf(space, rows);
  const out = v.out as string | undefined;
  const paths = playlistPathsOption(v);
  noteOutside(entries.map((e) => e.path), paths, (line) => process.stderr.write(`${line}\n`));
  if (out) {
    writeM3u8(resolve(out), entries, paths);
    process.stderr.write(`wrote ${resolve(out)} (${count(entries.length, 'track')})\n`);
  }
  if (v.json) {
    const tracks = rows.map((r, i) => {
      const t = space.tracks[r]!;
      return {
        path: t.path,
        title: t.tags.title ?? null,
        artist: t.tags.artist ?? null,
        genre: t.tags.genre ?? null,
        durationSec: t.durationSec,
        [distanceName]: distance[i]!,
      };
    });
    process.stdout.write(`${JSON.stringify({ settingsKey: space.settingsKey, space: space.space, ...extra, tracks }, null, 1)}\n`);
    return;
  }
  if (!out) {
    // No file: the playlist itself on stdout, absolute paths so that it can be piped to a player,
    // or relative to --relative-to for `mpc add`.
    process.stdout.write(formatM3u8(entries, resolve('stdin.m3u8'), paths.relativeTo !== undefined ? paths : { absolute: true }));
    return;
  }
  rows.forEach((r, i) => {
    const t = space.tracks[r]!;
    process.stdout.write(`${String(i + 1).padStart(3)}  ${distance[i]!.toFixed(3).padStart(8)}  ${trackLabel({ path: t.path, title: t.tags.title, artist: t.tags.artist })}\n`);
  });
}

const USAGE = `usage: mir-cluster-playlist similar TRACK... [options]

"More like this": the tracks nearest to one or several seed tracks (with several seeds, the tracks
whose largest distance to any seed is smallest, so they are close to all of them), from the feature
store alone. No recording appears twice (copies under two paths, or in another encoding, count
once), and --artist-gap M allows at most M tracks by one artist in a row. The seeds open the playlist.
A playlist given as TRACK (favourites.m3u8, an XSPF, …) seeds with all its tracks: "more like this
playlist", which it extends; so do - (a playlist or paths on standard input) and a pipe
(similar <(grep -i jazz all.m3u)).

options:
  --n N                      tracks to add to the seeds [30]
  --artist-gap M             at most M consecutive tracks by one artist [no limit]
  --no-seeds                 leave the seed tracks out of the playlist
  --path-map FROM=TO         a seed playlist's entries under FROM are under TO now, as for run
${SEARCH_USAGE}
`;

const SIMILAR_OPTIONS = {
  ...SEARCH_OPTIONS,
  n: { type: 'string' },
  'artist-gap': { type: 'string' },
  'no-seeds': { type: 'boolean' },
  'path-map': { type: 'string', multiple: true },
} as const;

/** The `similar` command; exit code 0, 1 (store or track name problem), 2 (usage). */
export async function main(args: string[]): Promise<number> {
  let v: Values;
  let names: string[];
  let n: number;
  let gap: number | undefined;
  let metric: Metric;
  try {
    const parsed = parseArgs({
      args,
      allowPositionals: true,
      options: SIMILAR_OPTIONS,
    });
    v = parsed.values;
    names = parsed.positionals;
    if (v.help) {
      process.stdout.write(USAGE);
      return 0;
    }
    if (names.length === 0) throw new UsageError('name at least one seed track');
    n = intOption(v, 'n', 30, 0);
    gap = v['artist-gap'] === undefined ? undefined : intOption(v, 'artist-gap', 1);
    metric = metricOption(v);
  } catch (err) {
    process.stderr.write(usageErrorLines('similar', err, SIMILAR_OPTIONS));
    return 2;
  }
  try {
    const { space, rows: seeds, sameRecording } = await openSearch(v, await seedsOfPlaylists(names, pathMapOption(v)));
    const uniqueSeeds = [...new Set(seeds)];
    const t0 = performance.now();
    const found = similar(space.X, uniqueSeeds, {
      n,
      metric,
      artistGap: gap,
      fingerprints: space.tracks.map((t) => t.fingerprint),
      sameRecording,
      paths: space.tracks.map((t) => t.path),
      artists: space.tracks.map((t) => t.tags.artist),
      afterSeeds: v['no-seeds'] !== true,
    });
    const ms = performance.now() - t0;
    if (found.length < n) process.stderr.write(`note: only ${found.length} of ${n} tracks could be added\n`);
    const rows = v['no-seeds'] === true ? found : [...uniqueSeeds, ...found];
    const worst = worstDistanceToRows(space.X, uniqueSeeds, metric);
    const dist = rows.map((r) => (metric === 'euclidean' ? Math.sqrt(worst[r]!) : worst[r]!));
    emit(v, space, rows, dist, 'distance', { metric, seeds: uniqueSeeds.map((s) => space.tracks[s]!.path), queryMs: ms });
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`mir-cluster-playlist similar: ${err.message}\n`);
      return 2;
    }
    process.stderr.write(`mir-cluster-playlist similar: ${errorText(err)}\n`);
    return 1;
  }
}
