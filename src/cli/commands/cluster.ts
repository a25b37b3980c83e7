/**
 * `mir-cluster-playlist cluster --db PATH --out-dir OUT`: cluster what the feature store holds
 * (no audio is decoded) and write playlists, CSVs, metrics, plots and the report.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { usageErrorLines } from '../usage-error-line.js';
import { analysisSettingsKey } from '../../analysis/index.js';
import type { DecoderChoice } from '../../audio/index.js';
import { FEATURES_VERSION, type FeatureSetName } from '../../features/index.js';
import { GONE_REASON, splitByPresence } from '../../library/index.js';
import { chooseSearchKey } from '../../playlists/index.js';
import { FeatureStore, parseSettingsKey } from '../../store/index.js';
import { resolveColumns } from '../columns.js';
import { CLUSTER_OPTIONS, CLUSTER_USAGE, excludeOption, outDirOption, parseClusterOptions, parseSet, UsageError } from '../options.js';
import { inheritEarlierSettings } from '../pipeline/update.js';
import { clusterAndWrite, labelSetting, wroteLine } from '../pipeline/run-pipeline.js';
import { count } from '../../util/text.js';
import { lockOutDir, unlockOutDir } from '../out-lock.js';

/** The stored settings of this features version (same decoder) with the most analyses whose columns include all of `columns`. */
function richerKey(store: FeatureStore, columns: readonly string[], decoder: string): string | undefined {
  const fits = store
    .settingsList()
    .filter((s) => s.analyses > 0 && (parseSettingsKey(s.key).dec ?? 'auto') === decoder)
    .filter((s) => parseSettingsKey(s.key).fv === String(FEATURES_VERSION))
    .filter((s) => {
      const have = new Set(store.columns(s.key));
      return columns.every((c) => have.has(c));
    })
    .sort((a, b) => b.analyses - a.analyses || (a.key < b.key ? -1 : 1));
  return fits[0]?.key;
}

/** Files analysed with the settings of `key` (set, rate, decoder) but only under an older features version. */
function olderOnly(store: FeatureStore, key: string): string[] {
  const k = parseSettingsKey(key);
  const others = store
    .settingsList()
    .map((s) => s.key)
    .filter((o) => {
      const p = parseSettingsKey(o);
      return p.set === k.set && p.sr === k.sr && (p.dec ?? 'auto') === (k.dec ?? 'auto') && Number(p.fv) < Number(k.fv);
    });
  return store.pathsOnlyUnder(others, key);
}

/** Why a file with only older analyses is left out (the report's files not used). */
const OLDER_ONLY_REASON = `analysed only by an older features version (this release computes version ${FEATURES_VERSION}): run 'mir-cluster-playlist analyze' on it again`;

const USAGE = `usage: mir-cluster-playlist cluster [--db PATH] [--out-dir OUT] [options]

Cluster the analyses in a feature store (made by 'analyze' or 'run'; nothing is decoded again) and
write playlists, clusters.csv, features.csv, metrics, plots and report.html into OUT.

  --db PATH                  feature store [<out-dir>/features.sqlite]
  --out-dir DIR              output folder [out]
  --decoder auto|wasm|ffmpeg which stored analyses to use (as given to analyze)
                             [without --set/--decoder: the set the store holds most analyses of,
                             of this release's features version; full and auto on a tie]
  --exclude PATTERN          leave out stored tracks by name (Podcasts, *.m4b) or path
                             (Music/Audiobooks, ~/Music/Demos), as analyze/run do; may be repeated
  --concurrency N            worker threads for the encodings and the sweep [${availableParallelism()}]
  --debug                    seconds of every step (each encoding, sweep, choosing k, report)
  -h, --help                 this help

${CLUSTER_USAGE}
`;

const OPTIONS = {
  ...CLUSTER_OPTIONS,
  db: { type: 'string' },
  'out-dir': { type: 'string' },
  decoder: { type: 'string' },
  exclude: { type: 'string', multiple: true },
  debug: { type: 'boolean' },
  concurrency: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** --concurrency N (a positive integer), default the machine's parallelism. */
function concurrencyOf(v: string | boolean | undefined): number {
  if (v === undefined) return availableParallelism();
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < 1) throw new UsageError(`--concurrency must be a positive integer, got '${String(v)}'`);
  return Number(v);
}

/** The `cluster` command; exit code 0 done, 1 nothing to cluster, 2 usage. */
export async function main(args: string[]): Promise<number> {
  let values: Record<string, string | boolean | undefined>;
  try {
    values = parseArgs({ args, options: OPTIONS, allowPositionals: false }).values as typeof values;
  } catch (err) {
    process.stderr.write(usageErrorLines('cluster', err, OPTIONS));
    return 2;
  }
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  try {
    const outDir = outDirOption(values['out-dir'] as string | undefined);
    try {
      return await clusterInto(outDir, values);
    } finally {
      unlockOutDir(outDir);
    }
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`mir-cluster-playlist cluster: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}

/** The `cluster` command once its out folder is taken: clusters the store's analyses into `outDir`. */
async function clusterInto(outDir: string, values: Record<string, string | boolean | undefined>): Promise<number> {
  const exclude = excludeOption(values);
  const inherited = inheritEarlierSettings(values, outDir);
  if (inherited) process.stderr.write(`${inherited}\n`);
  const db = resolve((values.db as string | undefined) ?? join(outDir, 'features.sqlite'));
  if (!existsSync(db)) throw new UsageError(`${db}: no feature store there (run 'mir-cluster-playlist analyze' first)`);
  const store = FeatureStore.open(db, { readonly: true });
  // A store in a read-only folder is read into memory: say so, since nothing computed is kept.
  const readOnlyPlace = store.inMemoryCopy;
  let tracks: ReturnType<FeatureStore['tracks']>;
  let errors: { path: string; stage: string; reason: string }[];
  let set: FeatureSetName;
  let decoder: string;
  let older: string[];
  try {
    // Without --set/--decoder: the analyses the store holds most of, so 'analyze --set X' then
    // 'cluster' just works.
    let key: string;
    if (values.set === undefined && values.decoder === undefined) {
      key = chooseSearchKey(store);
      const parts = parseSettingsKey(key);
      set = parts.set as FeatureSetName;
      decoder = parts.dec ?? 'auto';
    } else {
      set = parseSet(values);
      decoder = (values.decoder as string | undefined) ?? 'auto';
      key = analysisSettingsKey(set, decoder as DecoderChoice);
    }
    tracks = store.tracks(key);
    if (tracks.length === 0 && values.set !== undefined) {
      // Every named set's columns are a subset of 'full': a store analysed with a richer set can
      // be clustered on a smaller one's columns without decoding anything again.
      const richer = richerKey(store, resolveColumns(set, 'all'), decoder);
      if (richer !== undefined) {
        process.stderr.write(`no '${set}' analyses in ${db}: clustering the '${set}' columns of its '${parseSettingsKey(richer).set}' analyses\n`);
        key = richer;
        tracks = store.tracks(key);
      }
    }
    errors = store.errors(key).map((e) => ({ path: e.path, stage: e.stage, reason: e.reason }));
    // An upgrade (a new FEATURES_VERSION) with the library only partly analysed again would
    // otherwise cluster part of it without a word.
    // (a file that failed under this version is listed with that failure already)
    const failed = new Set(errors.map((e) => e.path));
    older = olderOnly(store, key).filter((p) => !failed.has(p) && existsSync(p));
  } finally {
    store.close();
  }
  if (older.length > 0) {
    const what = `${count(older.length, 'file')} analysed only by an older features version (e.g. ${older[0]})`;
    process.stderr.write(
      tracks.length === 0
        ? `mir-cluster-playlist cluster: ${db} holds ${what}; this release computes version ${FEATURES_VERSION}: run 'mir-cluster-playlist analyze' on the library again\n`
        : `left out ${what}: run 'mir-cluster-playlist analyze' on the library to include them\n`,
    );
    errors = [...errors, ...older.map((path) => ({ path, stage: 'analysis', reason: OLDER_ONLY_REASON }))];
  }
  if (tracks.length === 0) {
    if (older.length > 0) return 1;
    process.stderr.write(`mir-cluster-playlist cluster: ${db} holds no '${set}' analyses (decoder ${decoder})\n`);
    return 1;
  }
  // The store outlives files: playlists must not name one that has been deleted or moved since.
  const { present, gone } = splitByPresence(tracks);
  if (gone.length > 0) {
    if (present.length === 0) {
      process.stderr.write(
        `mir-cluster-playlist cluster: none of the ${count(tracks.length, 'analysed file')} in ${db} exists any more (moved, deleted, or on a drive that is not mounted): nothing to cluster\n`,
      );
      return 1;
    }
    process.stderr.write(`left out ${count(gone.length, 'analysed track')} whose file no longer exists (e.g. ${gone[0]!.path})\n`);
    tracks = present;
    errors = [...errors, ...gone.map((t) => ({ path: t.path, stage: 'library', reason: GONE_REASON }))];
  }
  if (exclude) {
    const kept = tracks.filter((t) => !exclude(t.path));
    process.stderr.write(`--exclude left out ${count(tracks.length - kept.length, 'analysed track')}\n`);
    if (kept.length === 0) {
      process.stderr.write('mir-cluster-playlist cluster: --exclude left out every track: nothing to cluster\n');
      return 1;
    }
    tracks = kept;
    errors = errors.filter((e) => !exclude(e.path));
  }
  const co = parseClusterOptions(values, tracks.length);
  // The folder is taken only now: a wrong option or an empty store leaves none behind.
  const stale = lockOutDir(outDir);
  if (stale) process.stderr.write(`${stale}\n`);
  // The store keeps the autoencoder and UMAP codes: clustering again (another k, method or
  // labels) reuses them instead of training again.
  const encodings = co.storedEncodings ? FeatureStore.open(db, { readonly: readOnlyPlace }) : undefined;
  if (readOnlyPlace && encodings) {
    process.stderr.write(`note: ${db} is in a read-only folder: read into memory, so the UMAP and autoencoder codes computed now are not kept for the next run\n`);
  }
  let summary: Awaited<ReturnType<typeof clusterAndWrite>>;
  try {
    summary = await clusterAndWrite(
      tracks,
      errors,
      {
        ...co,
        encodings,
        outDir,
        columns: resolveColumns(set, co.featuresSpec),
        debug: values.debug === true,
        concurrency: concurrencyOf(values.concurrency),
        title: `mir-cluster-playlist: ${libraryName(tracks.map((t) => t.path), db)}`,
        settings: { db, set, features: co.featuresSpec, method: co.method, space: co.space, clusters: co.clusters ?? (co.playlistSize !== undefined ? `tracks / ${co.playlistSize}` : 'auto'), seed: co.seed, genreBias: co.genreBias, labels: labelSetting(co.labels.source) },
      },
      (line) => process.stderr.write(`${line}\n`),
    );
  } finally {
    encodings?.close();
  }
  process.stderr.write(`${wroteLine(summary.playlists.length, co.report, outDir)}\n`);
  return 0;
}

/**
 * The library's name for the report's title: the last folder all its tracks lie under (`Music` for
 * ~/Music/…), or the store's file name when they share none but the root.
 */
export function libraryName(paths: readonly string[], db: string): string {
  if (paths.length === 0) return basename(db);
  let common = dirname(paths[0]!).split(sep);
  for (const p of paths) {
    const parts = dirname(p).split(sep);
    let i = 0;
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++;
    common = common.slice(0, i);
  }
  const name = common[common.length - 1];
  return name ? name : basename(db);
}
