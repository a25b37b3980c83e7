/**
 * Options shared by the commands that cluster (`run`, `cluster`, `demo`), parsed with node:util
 * parseArgs. Defaults are the measured best configuration (see README "How the defaults were chosen").
 */
import { existsSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { HdbscanSelection, LinkageMethod } from '../cluster/index.js';
import type { KRule } from '../evaluate/index.js';
import { DEFAULT_FEATURE_SET, FEATURE_SET_NAMES, type FeatureSetName } from '../features/index.js';
import { excludeTest, LabelFileError, type LabelSource, type PathMapping, parseLabelSource, parsePathMap, readLabelsCsv } from '../library/index.js';
import type { MethodName } from './pipeline/clustering.js';
import type { PipelineOptions } from './pipeline/run-pipeline.js';
import { SPACES } from './pipeline/spaces.js';
import { foreignOutputs, RUN_OUTPUTS } from './own-outputs.js';
import { writeAccess } from '../util/write-access.js';

export class UsageError extends Error {}

/** `--exclude` patterns as a test (undefined without any), checked now: a bad one is a usage error before any work. */
export function excludeOption(v: Readonly<Record<string, unknown>>): ((absolutePath: string) => boolean) | undefined {
  try {
    return excludeTest((v.exclude as string[] | undefined) ?? []);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** `--path-map FROM=TO` values, checked now. */
export function pathMapOption(v: Readonly<Record<string, unknown>>): PathMapping[] {
  try {
    return ((v['path-map'] as string[] | undefined) ?? []).map((m) => parsePathMap(m, homedir()));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/**
 * How playlist entries name their files: `--absolute-paths`, `--relative-to DIR` (a music folder
 * that MPD, Mopidy or beets resolve entries against; checked now, since a typo would silently turn
 * every entry absolute), or relative to the playlist file.
 */
export function playlistPathsOption(v: Readonly<Record<string, unknown>>): { absolute: boolean; relativeTo?: string; relativeToReal?: string } {
  const absolute = v['absolute-paths'] === true;
  const base = v['relative-to'] as string | undefined;
  if (base === undefined) return { absolute };
  if (absolute) throw new UsageError('--absolute-paths and --relative-to each say how entries name their files: give one of them');
  const dir = resolve(base.startsWith('~/') ? homedir() + base.slice(1) : base);
  const st = statSync(dir, { throwIfNoEntry: false });
  if (!st) throw new UsageError(`--relative-to ${dir}: no such folder`);
  if (!st.isDirectory()) throw new UsageError(`--relative-to ${dir} is a file: name the folder the entries are relative to (e.g. MPD's music_directory)`);
  const real = realpathSync(dir);
  return { absolute, relativeTo: dir, ...(real !== dir ? { relativeToReal: real } : {}) };
}

/** Why `path` cannot be written ('is not writable by you', …), or undefined when it can. */
function unwritable(path: string): string | undefined {
  const access = writeAccess(path);
  if (access === 'ok') return undefined;
  return access === 'read-only' ? 'is on a read-only file system' : access === 'denied' ? 'is not writable by you' : `cannot be written (${access})`;
}

/**
 * The --out-dir folder, resolved, checked before any work: a path that exists as a file, a folder
 * that cannot be written, and files of our outputs' names (`outputs`) that another program or the
 * user wrote are usage errors, not EEXIST, EACCES or a lost file hours later.
 */
export function outDirOption(value: string | undefined, fallback = 'out', outputs: readonly string[] = RUN_OUTPUTS): string {
  const dir = resolve(value ?? fallback);
  if (statSync(dir, { throwIfNoEntry: false })?.isDirectory() === false) {
    throw new UsageError(`--out-dir ${dir} is a file, not a folder: name a folder (it is made when missing)`);
  }
  // Checked now, not when the outputs are written: after hours of analysis would be too late.
  let place = dir;
  while (!existsSync(place) && dirname(place) !== place) place = dirname(place);
  const why = unwritable(place);
  if (why) {
    const what = place === dir ? 'it' : `${place}, where it would be made,`;
    if (value === undefined) throw new UsageError(`${dir} (the output folder) ${place === dir ? '' : `is to be made in ${place}, which `}${why}: name another with --out-dir`);
    throw new UsageError(`--out-dir ${dir}: ${what} ${why}: name another folder`);
  }
  // An earlier run's playlists and plots are replaced inside their own folders.
  for (const sub of outputs === RUN_OUTPUTS ? ['playlists', 'plots'] : []) {
    const subWhy = existsSync(join(dir, sub)) ? unwritable(join(dir, sub)) : undefined;
    if (subWhy) throw new UsageError(`${value === undefined ? `${dir} (the output folder)` : `--out-dir ${dir}`}: its ${sub} folder ${subWhy}: name another folder`);
  }
  const foreign = foreignOutputs(dir, outputs);
  if (foreign.length > 0) {
    const names = foreign.length === 1 ? foreign[0]! : `${foreign.slice(0, -1).join(', ')} and ${foreign.at(-1)}`;
    const where = value === undefined ? `${dir} (the output folder)` : `--out-dir ${dir}`;
    throw new UsageError(`${where} holds ${names}, not written by mir-cluster-playlist, which this run would overwrite: name another folder, or move ${foreign.length === 1 ? 'it' : 'them'}`);
  }
  return dir;
}

/** The measured defaults (npm run eval) and the seed's own configuration, one flag away. */
export const DEFAULTS = {
  // npm run eval (docs/eval.md): full + umap3 + k-means, V-measure 0.277 mean over seeds 0-4 at k = 7
  // on seven soundtracks (0.272 +- 0.018 over last-bit draws of the features), against 0.197 for
  // readme + pca8 + k-means and 0.16-0.19 for the seeds' choices; 0.292 on seven held-out ones
  set: DEFAULT_FEATURE_SET,
  columns: 'all',
  method: 'kmeans' as MethodName,
  space: 'umap3',
  linkage: 'ward' as LinkageMethod,
  kMin: 2,
  kMax: 20,
  // npm run eval, table 4: on the soundtracks the silhouette maximum is k = 2 for every seed (AMI
  // 0.12), the elbow (log-inertia knee) k = 6-7 (AMI 0.20); the silhouette stays one flag away
  chooseK: 'elbow' as KRule,
  // when choosing k: at most n / 5 clusters, so 16 tracks do not become 7 playlists of two
  minMeanClusterSize: 5,
  seed: 0,
  epochLimit: 2000,
  nInit: 10,
  minClusterSize: 5,
  hdbscanSelection: 'eom' as HdbscanSelection,
  // UMAP grows costly past this many tracks (215 columns: 13 s at 20k, 43 s at 50k, 79-112 s and
  // 0.73 GB at 100k, a few minutes against the ~12 hours of analysing 100,000 tracks, and its codes
  // are stored); above it the default space is pca8, the best linear space of the evaluation. An
  // explicit --space always wins.
  umapDefaultMaxTracks: 100000,
  largeLibrarySpace: 'pca8',
};

export const CLUSTER_OPTIONS = {
  set: { type: 'string' },
  features: { type: 'string' },
  method: { type: 'string' },
  space: { type: 'string' },
  linkage: { type: 'string' },
  clusters: { type: 'string' },
  'playlist-size': { type: 'string' },
  'k-max': { type: 'string' },
  'choose-k': { type: 'string' },
  seed: { type: 'string' },
  'epoch-limit': { type: 'string' },
  'genre-bias': { type: 'string' },
  labels: { type: 'string' },
  'min-cluster-size': { type: 'string' },
  'hdbscan-selection': { type: 'string' },
  sweep: { type: 'boolean' },
  'no-sweep': { type: 'boolean' },
  'no-report': { type: 'boolean' },
  'no-stored-encodings': { type: 'boolean' },
  'keep-copies': { type: 'boolean' },
  update: { type: 'boolean' },
  'absolute-paths': { type: 'boolean' },
  'relative-to': { type: 'string' },
  'seed-config': { type: 'boolean' },
} as const;

export const CLUSTER_USAGE = `clustering options:
  --set blog|readme|readme16|full  feature set to analyse and cluster [${DEFAULTS.set}]
  --features all|NAME,...    feature columns: all of the set or a comma-separated list of
                             value names (see 'features --names') [all]
  --method kmeans|agglomerative|hdbscan                                  [${DEFAULTS.method}]
  --space full|pca1|pca2|pca3|pca8|ae1|ae2|ae3|ae8|umap2|umap3
                             [${DEFAULTS.space}; ${DEFAULTS.largeLibrarySpace} above ${DEFAULTS.umapDefaultMaxTracks} tracks]
  --linkage ward|average|complete|single  agglomerative linkage          [${DEFAULTS.linkage}]
  --clusters K               number of clusters [chosen over 2..--k-max by --choose-k]
  --playlist-size N          about N tracks per playlist: tracks / N clusters, any above 3N/2
                             cut and any below N/2 joined to its nearest with room
  --choose-k elbow|silhouette  what picks k when --clusters is not given: the knee of the
                             log-inertia curve, or the silhouette maximum        [${DEFAULTS.chooseK}]
  --k-max K                  largest k tried when choosing and in the sweep [${DEFAULTS.kMax}; when
                             choosing, also at most tracks / ${DEFAULTS.minMeanClusterSize} unless --k-max is given]
  --seed N                   seed of every random choice [${DEFAULTS.seed}]
  --epoch-limit N            autoencoder training epochs at most [${DEFAULTS.epochLimit}]
  --genre-bias B             0..1: let genre tags (or --labels) guide the clusters
                             (see README) [0]
  --labels genre|folder|FILE.csv  what the clusters are scored against and the plots
                             coloured by: genre tags, each track's folder name, or a CSV
                             of path,label rows (paths relative to the CSV) [genre]
  --min-cluster-size N       hdbscan's smallest cluster [${DEFAULTS.minClusterSize}]
  --hdbscan-selection eom|leaf  hdbscan's clusters: the most stable (often a few broad
                             ones), or the finest of at least --min-cluster-size tracks [${DEFAULTS.hdbscanSelection}]
  --seed-config              the seed's own choice: k-means on 3-D PCA, 16 clusters
  --no-sweep                 skip the sweep of methods x spaces x k (metrics.csv)
  --sweep                    force the sweep on large libraries (default: on up to 3000 tracks)
  --no-report                skip plots/ and report.html
  --no-stored-encodings      compute the autoencoder and UMAP codes afresh, neither
                             reading them from the store nor keeping them there
  --keep-copies              cluster and list every file, copies of one recording (same
                             content under two paths, or another encoding) included
                             [each recording once]
  --update                   keep the playlists of the last run in OUT (its clusters.csv):
                             its tracks stay where they are, new tracks join the playlist
                             of their 5 nearest placed tracks, gone tracks leave; nothing is
                             clustered again (with no earlier run in OUT, it clusters afresh)
  --absolute-paths           absolute paths in the playlists (default: relative to them)
  --relative-to DIR          paths relative to DIR, as MPD (its music_directory), Mopidy
                             (base_dir) and beets (relative_to) read them; tracks outside
                             DIR keep absolute paths`;

type Values = Record<string, string | boolean | string[] | boolean[] | undefined>;

function int(name: string, v: unknown, min: number): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^-?\d+$/.test(v) || Number(v) < min) {
    throw new UsageError(`--${name} must be an integer >= ${min}, got '${String(v)}'`);
  }
  return Number(v);
}

function oneOf<T extends string>(name: string, v: unknown, allowed: readonly T[], dflt: T): T {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
    throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, got '${String(v)}'`);
  }
  return v as T;
}

/** The feature set named by --set. */
export function parseSet(v: Values): FeatureSetName {
  return oneOf('set', v.set, FEATURE_SET_NAMES, DEFAULTS.set);
}

/** The reference labels named by --labels, with a CSV file's rows read (so a bad file fails now). */
export function parseLabels(v: unknown): { source: LabelSource; byPath?: Map<string, string> } {
  if (v === undefined) return { source: { kind: 'genre' } };
  if (typeof v !== 'string' || v === '') throw new UsageError(`--labels must be genre, folder or a CSV file, got '${String(v)}'`);
  const source = parseLabelSource(v);
  if (source.kind !== 'csv') return { source };
  try {
    return { source, byPath: readLabelsCsv(source.path) };
  } catch (e) {
    if (e instanceof LabelFileError) throw new UsageError(e.message);
    throw e;
  }
}

/**
 * Cluster options from parsed values (without columns/outDir/title/settings/concurrency, filled by
 * the caller). `labels`: the --labels already read by an earlier call, so a label file is read once.
 */
export function parseClusterOptions(
  v: Values,
  nTracksHint = 0,
  labels: ReturnType<typeof parseLabels> = parseLabels(v.labels),
): Omit<PipelineOptions, 'outDir' | 'columns' | 'title' | 'settings' | 'concurrency'> & {
  featuresSpec: string;
  labels: ReturnType<typeof parseLabels>;
  storedEncodings: boolean;
} {
  const seedConfig = v['seed-config'] === true;
  if (v.update === true) {
    const clash = ['clusters', 'playlist-size', 'seed-config', 'method', 'linkage', 'choose-k', 'k-max', 'genre-bias', 'min-cluster-size', 'hdbscan-selection'].filter((o) => v[o] !== undefined);
    if (clash.length > 0) {
      throw new UsageError(`--update keeps the earlier playlists and clusters nothing, so --${clash[0]} has no effect: leave it out, or drop --update to cluster again`);
    }
  }
  const bias = v['genre-bias'] === undefined ? 0 : Number(v['genre-bias']);
  if (!Number.isFinite(bias) || bias < 0 || bias > 1) {
    throw new UsageError(`--genre-bias must be a number in [0, 1], got '${String(v['genre-bias'])}'`);
  }
  const space =
    (v.space as string | undefined) ??
    (seedConfig ? 'pca3' : nTracksHint > DEFAULTS.umapDefaultMaxTracks ? DEFAULTS.largeLibrarySpace : DEFAULTS.space);
  if (!(SPACES as readonly string[]).includes(space) && !/^pca[1-9]\d*$/.test(space)) {
    throw new UsageError(`--space must be one of ${SPACES.join(', ')} or pcaN (N >= 1), got '${space}'`);
  }
  const kMax = int('k-max', v['k-max'], 2) ?? DEFAULTS.kMax;
  const playlistSize = int('playlist-size', v['playlist-size'], 1);
  if (playlistSize !== undefined) {
    // Each names the number of clusters; two answers would leave one of them ignored.
    const other = v.clusters !== undefined ? '--clusters' : seedConfig ? '--seed-config (16 clusters)' : v.method === 'hdbscan' ? '--method hdbscan (it finds its own clusters)' : undefined;
    if (other) throw new UsageError(`--playlist-size sets the number of clusters, and so does ${other}: give one of them`);
  }
  if (v.clusters !== undefined && v.method === 'hdbscan') {
    throw new UsageError('--clusters sets the number of clusters, and --method hdbscan finds its own: give one of them (--min-cluster-size steers hdbscan)');
  }
  const sweepOn = v['no-sweep'] === true ? false : v.sweep === true || nTracksHint <= 3000;
  return {
    method: oneOf('method', v.method, ['kmeans', 'agglomerative', 'hdbscan'] as const, seedConfig ? 'kmeans' : DEFAULTS.method),
    linkage: oneOf('linkage', v.linkage, ['ward', 'average', 'complete', 'single'] as const, DEFAULTS.linkage),
    space,
    clusters: int('clusters', v.clusters, 1) ?? (seedConfig ? 16 : undefined),
    ...(playlistSize !== undefined ? { playlistSize } : {}),
    chooseK: oneOf('choose-k', v['choose-k'], ['elbow', 'silhouette'] as const, DEFAULTS.chooseK),
    minMeanClusterSize: v['k-max'] === undefined ? DEFAULTS.minMeanClusterSize : 0,
    kMin: DEFAULTS.kMin,
    kMax,
    seed: int('seed', v.seed, 0) ?? DEFAULTS.seed,
    epochLimit: int('epoch-limit', v['epoch-limit'], 1) ?? DEFAULTS.epochLimit,
    genreBias: bias,
    labels,
    sweepSpaces: sweepOn ? ['pca3', 'pca8', 'ae3', 'ae8', 'full', 'pcafull'] : [],
    nInit: DEFAULTS.nInit,
    minClusterSize: int('min-cluster-size', v['min-cluster-size'], 2) ?? DEFAULTS.minClusterSize,
    hdbscanSelection: oneOf('hdbscan-selection', v['hdbscan-selection'], ['eom', 'leaf'] as const, DEFAULTS.hdbscanSelection),
    playlistPaths: playlistPathsOption(v),
    report: v['no-report'] !== true,
    keepCopies: v['keep-copies'] === true,
    update: v.update === true,
    storedEncodings: v['no-stored-encodings'] !== true,
    featuresSpec: (v.features as string | undefined) ?? DEFAULTS.columns,
  };
}
