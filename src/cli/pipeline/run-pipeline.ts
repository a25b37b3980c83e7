import { mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pca, standardScale } from '../../embed/index.js';
import { isMissingLabel } from '../../evaluate/index.js';
import { FEATURES_VERSION, isPowerValue } from '../../features/index.js';
import { folderLabel, type LabelSource, labelKey, labelNoun } from '../../library/index.js';
import {
  buildClusterPlaylists,
  DEFAULT_SEARCH_SPACE,
  defaultSearchRows,
  genreColourOrder,
  type M3u8Options,
  moreLikeThis,
  primaryGenre,
  writeClusterPlaylists,
} from '../../playlists/index.js';
import type { CentroidStats, ReportEmbedding, ReportError, RunResult } from '../../report/index.js';
import { relativeHref, removeReport, writeReport } from '../../report/index.js';
import type { StoredTrack } from '../../store/index.js';
import { row, type Matrix } from '../../util/matrix.js';
import { type ClusterOptions, choosesKByKmeans, clusterLibrary, clusterSpaces, kRange, type Prepared } from './cluster-library.js';
import { ComputePool, type KmeansDone } from './compute-pool.js';
import { copiesLine, copyReason, recordingKeys, withoutCopies } from './copies.js';
import { earlierPlacedPaths, earlierPlaylistFiles, readEarlierRun, updateFromEarlierRun } from './update.js';
import { featureMatrix } from './feature-matrix.js';
import { clusteringOrder } from './track-order.js';
import { type ClusterRow, writeClustersCsv, writeFeaturesCsv, writeMetrics } from './outputs.js';
import { count } from '../../util/text.js';
import { noteOutside } from '../relative-to-note.js';
import { toolVersion } from '../version.js';

export interface PipelineOptions extends ClusterOptions {
  outDir: string;
  /** How playlist entries name their files: relative to the playlist (default), absolute, or relative to a music folder. */
  playlistPaths: M3u8Options;
  /** Feature columns to cluster on. */
  columns: string[];
  title: string;
  settings: Record<string, string | number | boolean>;
  /** Write plots/ and report.html (default true). */
  report: boolean;
  /** Cluster every file, copies of one recording included (default false: the first path stands for all). */
  keepCopies?: boolean;
  /**
   * Keep the playlists of the last run in outDir (its clusters.csv) and only place the new tracks
   * (`--update`): nothing is clustered again.
   */
  update?: boolean;
  /** Log the seconds of every step (encodings, sweep, choosing k, outputs, report). */
  debug?: boolean;
  /** Worker threads for the encodings and the sweep's k-means (1: everything on this thread). */
  concurrency: number;
  /**
   * What the clusters are scored against, the plots coloured by and genre-bias draws together:
   * genre tags (default), folder names, or a CSV's labels by absolute path.
   */
  labels?: { source: LabelSource; byPath?: ReadonlyMap<string, string> };
}

export interface PipelineSummary {
  tracks: number;
  clusters: number;
  reason: string;
  playlists: { name: string; file: string; tracks: number }[];
  scores: Record<string, number | null>;
  files: string[];
  dropped: ReportError[];
}

const CENTROID_STATS = ['min', 'q1', 'median', 'q3', 'max'] as const;
/** Above this many tracks the report's autoencoder plots are drawn only for codes trained anyway. */
const AE_PLOT_MAX_TRACKS = 5000;

/** How many tracks the report lists as "more like this" for each track. */
const MORE_LIKE_THIS_TRACKS = 10;

/** The report's "more like this" lists, in the space `similar` searches by default. */
function reportNeighbours(
  search: Matrix,
  columns: readonly string[],
  kept: readonly StoredTrack[],
  seed: number,
  keepCopies: boolean,
): NonNullable<RunResult['moreLikeThis']> {
  // without --keep-copies every kept track is its own recording already
  const m = moreLikeThis(search, MORE_LIKE_THIS_TRACKS, keepCopies ? recordingKeys(kept) : kept.map((t) => t.fingerprint), seed);
  const scaled = columns.some(isPowerValue) ? 'the scaled features, mel powers in dB' : 'the scaled features';
  const space = `${DEFAULT_SEARCH_SPACE.replace(/\d+$/, '').toUpperCase()}-${search.cols} of ${scaled}`;
  return { space, exact: m.exact, lists: m.lists };
}

function coordsOf(m: Matrix, i: number, dims: number): number[] {
  const r = Array.from(row(m, i)).slice(0, dims);
  while (r.length < dims) r.push(0);
  return r;
}

/**
 * Runs the clustering stage's heavy independent jobs on worker threads before clustering: every
 * autoencoder and UMAP the clustering, the sweep and the report will use (all at once), the
 * k-means runs that choose k (with their sampled silhouettes on large libraries), and the sweep's
 * k-means runs for every space and k. Each job is seeded like its main-thread twin, so the
 * outcome is identical to computing everything in clusterLibrary, only sooner.
 */
export async function prepareOnWorkers(
  Z: Matrix,
  genres: readonly (string | null)[],
  o: Omit<PipelineOptions, 'outDir' | 'columns' | 'title' | 'settings' | 'playlistPaths'>,
  log: (line: string) => void = () => {},
): Promise<Prepared> {
  const n = Z.rows;
  const spaces = clusterSpaces(Z, genres, o);
  const { kMin, kMax, kTop } = kRange(o, n);
  const sweepOn = o.sweepSpaces.length > 0 && kMax >= kMin;
  const names = new Set<string>([o.space]);
  if (o.space.startsWith('umap') && n >= 3) names.add('umap3');
  if (sweepOn) for (const s of o.sweepSpaces) names.add(s);
  if (o.report && n <= AE_PLOT_MAX_TRACKS) for (const d of [1, 2, 3]) names.add(`ae${d}`);
  const onWorker = (s: string): boolean => s.startsWith('ae') || s.startsWith('umap');
  // the long jobs first, so they start while this thread does the PCA spaces
  const order = [...names].sort((a, b) => Number(onWorker(b)) - Number(onWorker(a)));
  const done = new Map<string, KmeansDone>();
  const started = new Set<string>();
  const pool = new ComputePool(o.concurrency);
  try {
    const jobs: Promise<unknown>[] = [];
    // k-means for k in lo..hi on space `name` once it is ready, each (space, k) once
    const kmeansOn = (name: string, ready: Promise<Matrix | undefined>, lo: number, hi: number, silhouette: boolean): void => {
      const ks: number[] = [];
      for (let k = lo; k <= hi; k++) if (!started.has(`${name}/${k}`)) ks.push(k);
      for (const k of ks) started.add(`${name}/${k}`);
      jobs.push(
        ready.then((X) =>
          Promise.all(
            ks
              .filter((k) => X && k < X.rows)
              .map((k) => pool.kmeans(X!, k, o.seed, o.nInit, silhouette).then((r) => void done.set(`${name}/${k}`, r))),
          ),
        ),
      );
    };
    for (const name of order) {
      const ready = spaces.prefetch(name, pool);
      jobs.push(ready);
      // choosing k: the runs and (on large libraries) their sampled silhouettes
      if (name === o.space && choosesKByKmeans(o, n)) kmeansOn(name, ready, kMin, kTop, true);
      if (sweepOn && o.sweepSpaces.includes(name)) kmeansOn(name, ready, kMin, kMax, false);
    }
    const encodings = order.filter((s) => onWorker(s) && !spaces.stored.has(s));
    const stored = order.filter((s) => spaces.stored.has(s));
    log(
      `clustering: ${encodings.length > 0 ? `${encodings.join(', ')} and ` : ''}${started.size} k-means runs on ${o.concurrency} worker threads${stored.length > 0 ? ` (${stored.join(', ')} from the store)` : ''}`,
    );
    await Promise.all(jobs);
  } finally {
    await pool.close();
  }
  return { spaces, kmeansDone: (space, k) => done.get(`${space}/${k}`) };
}

/** The last lines of run/cluster: what was written where, and the report as a link terminals open. */
export function wroteLine(playlists: number, report: boolean, outDir: string): string {
  const what = `wrote ${count(playlists, 'playlist')}${report ? ', report.html and plots' : ', clusters.csv and metrics (no report)'} to ${outDir}`;
  return report ? `${what}\nlisten: ${pathToFileURL(join(outDir, 'report.html')).href}` : what;
}

/** How the label source is shown in settings and metrics.json: genre, folder or the CSV's path. */
export function labelSetting(source: LabelSource): string {
  return source.kind === 'csv' ? source.path : source.kind;
}

/** Each track's reference label (null when it has none): its genre tag, folder name or CSV label. */
export function referenceLabels(
  tracks: readonly StoredTrack[],
  source: LabelSource,
  byPath?: ReadonlyMap<string, string>,
): (string | null)[] {
  if (source.kind === 'folder') return tracks.map((t) => folderLabel(t.path));
  if (source.kind === 'csv') {
    return tracks.map((t) => {
      const l = byPath?.get(labelKey(t.path));
      return l === undefined || isMissingLabel(l) ? null : l;
    });
  }
  return tracks.map((t) => primaryGenre(t.tags.genre));
}

/**
 * From analysed tracks to everything in the output folder: clusters, ordered playlists, CSVs,
 * metrics, plots and report.html.
 */
export async function clusterAndWrite(
  analysed: readonly StoredTrack[],
  errors: readonly ReportError[],
  o: PipelineOptions,
  log: (line: string) => void,
): Promise<PipelineSummary> {
  const outDir = resolve(o.outDir);
  mkdirSync(outDir, { recursive: true });
  const byPath = clusteringOrder(analysed);
  // under --update a file already in a playlist keeps standing for its recording
  // The earlier run's clusters.csv, read before this run replaces it: its playlist files are
  // removed below, and --update keeps its playlists.
  const earlier = readEarlierRun(outDir);
  const placed = o.update ? earlierPlacedPaths(earlier) : undefined;
  const { unique, copies } = o.keepCopies ? { unique: byPath, copies: [] } : withoutCopies(byPath, placed && ((t) => placed.has(t.path)));
  if (copies.length > 0) log(copiesLine(copies));
  const unsigned = o.keepCopies ? 0 : byPath.filter((t) => t.signature === undefined).length;
  if (unsigned > 0 && byPath.length > 1) {
    log(
      `note: ${count(unsigned, 'analysis', 'analyses')} ${unsigned === 1 ? 'predates' : 'predate'} acoustic signatures: another encoding of ${unsigned === 1 ? 'that track' : 'those tracks'} is not recognised as the same recording ('analyze --extract-cache 0' adds the signatures)`,
    );
  }
  const { X, kept, dropped } = featureMatrix(unique, o.columns);
  const copyNotes: ReportError[] = copies.map((c) => ({ path: c.track.path, stage: 'library', reason: copyReason(c) }));
  const droppedErrors: ReportError[] = dropped.map((d) => ({ path: d.track.path, stage: 'analysis', reason: d.reason }));
  for (const d of dropped) log(`${d.track.path}: analysis failed: ${d.reason}`);
  if (kept.length === 0) throw new Error('no track could be analysed: nothing to cluster');

  const labelSource = o.labels?.source ?? { kind: 'genre' };
  const genres = referenceLabels(kept, labelSource, o.labels?.byPath);
  if (labelSource.kind !== 'genre') {
    const missing = genres.filter((g) => g === null).length;
    const from = labelSource.kind === 'folder' ? 'folder names' : `the labels of ${labelSource.path}`;
    log(`scoring against ${from}: ${count(kept.length - missing, 'track')} labelled${missing > 0 ? `, ${missing} without a label left out` : ''}`);
  }
  const { Z } = standardScale(X);
  // `similar`'s space: the playlists' order, the report's "more like this" lists and --update's
  // placing all use it, so the next track in a playlist is the kind of track `similar` offers
  const search = defaultSearchRows(X, o.columns);
  const t0 = performance.now();
  // --update: the earlier playlists decide the labels; nothing to sweep or choose. With none yet
  // (the first of nightly `run --update`s) there is nothing to keep: cluster as without it.
  if (o.update && !earlier) log(`--update: no playlists of an earlier run in ${outDir} (no clusters.csv): clustering afresh; the next --update keeps these`);
  const updated = o.update && earlier ? updateFromEarlierRun(earlier, kept, search) : undefined;
  const prepared = !updated && o.concurrency > 1 ? await prepareOnWorkers(Z, genres, o, log) : undefined;
  const prepSeconds = (performance.now() - t0) / 1000;
  const outcome = clusterLibrary(Z, genres, o, log, prepared, updated);
  const took = `in ${((performance.now() - t0) / 1000).toFixed(1)} s`;
  if (updated) {
    log(`${outcome.reason}: ${count(kept.length, 'track')} in ${count(updated.playlists.length, 'playlist')} ${took}`);
    // Measured on the soundtrack library (docs/playlists.md): clusters of a library a fifth
    // larger follow the soundtracks better than the smaller library's clusters extended.
    if (updated.added * 4 > updated.kept) log('note: the library has grown by more than a quarter since its playlists were made: clustering it afresh (without --update) may group it better');
  } else {
    log(`clustered ${count(kept.length, 'track')} into ${count(outcome.k, 'cluster')} (${o.method} on ${o.space}; ${outcome.reason}) ${took}`);
    const hint = o.clusters === undefined && o.playlistSize === undefined && o.method !== 'hdbscan' ? longPlaylistsNote(kept.length, outcome.k) : undefined;
    if (hint) log(hint);
  }

  const seconds: [string, number][] = [...outcome.seconds];
  if (prepared) seconds.unshift([`on ${o.concurrency} worker threads: encodings, choosing k's and the sweep's k-means (wall time)`, prepSeconds]);
  let mark = performance.now();
  let encMark = outcome.spaces.totalSeconds();
  // seconds since the last lap, less the encodings done meanwhile (listed per space)
  const lap = (step: string): void => {
    const now = performance.now();
    const enc = outcome.spaces.totalSeconds();
    seconds.push([step, (now - mark) / 1000 - (enc - encMark)]);
    mark = now;
    encMark = enc;
  };
  // Playlists are toured through the search space: what "sounds alike" means in `similar` too.
  const playlists = updated?.playlists ?? buildClusterPlaylists(search, outcome.labels, kept.map((t) => t.values), o.seed);
  const written = writeClusterPlaylists(
    outDir,
    kept.map((t) => ({ path: t.path, durationSec: t.durationSec, title: t.tags.title, artist: t.tags.artist })),
    playlists,
    { ...o.playlistPaths, replace: earlierPlaylistFiles(earlier) },
  );
  noteOutside(kept.map((t) => t.path), o.playlistPaths, log);
  const where = new Map<number, { playlist: number; position: number }>();
  written.forEach((p, pi) => {
    p.members.forEach((m, pos) => {
      where.set(m, { playlist: pi, position: pos });
    });
  });

  const sp = outcome.spaces;
  const pca3 = sp.get('pca3');
  const genreOrder = genreColourOrder(pca3, genres, o.seed);
  // The map shows the tracks where they were clustered when that space is UMAP: in a linear PCA
  // view of the features the UMAP clusters overlap and a few outlying tracks squeeze the rest into
  // a corner. The 2-D view of a UMAP-3 clustering is that same space seen along its two main axes
  // (PCA of the 3-D coordinates), not a second UMAP run (42 s more at 20,000 tracks, and free to
  // arrange the clusters differently). Other spaces get the PCA views of the features.
  const onUmap = o.space.startsWith('umap') && kept.length >= 3;
  const map3 = sp.get(onUmap ? 'umap3' : 'pca3');
  const map2 = !onUmap ? sp.get('pca2') : o.space === 'umap2' ? sp.get('umap2') : pca(map3, 2).transformed;
  const mapSpace = onUmap ? `UMAP of the scaled features, as the clustering (${o.space})` : 'PCA of the scaled features';
  const rows: ClusterRow[] = kept.map((t, i) => ({
    track: t,
    genre: primaryGenre(t.tags.genre),
    cluster: outcome.labels[i]!,
    playlist: basename(written[where.get(i)!.playlist]!.file),
    position: where.get(i)!.position,
    xy: coordsOf(map2, i, 2),
    xyz: coordsOf(map3, i, 3),
  }));
  const files: string[] = [];
  files.push(writeClustersCsv(outDir, rows));
  files.push(writeFeaturesCsv(outDir, kept, o.columns));
  const chosen = { space: o.space, method: o.method, k: outcome.k, metrics: outcome.scores, reason: outcome.reason };
  const m = writeMetrics(outDir, outcome.sweep, chosen, {
    kBySilhouette: outcome.kBySilhouette ?? null,
    kByElbow: outcome.kByElbow ?? null,
    kCurve: outcome.kCurve,
    genreBias: o.genreBias,
    labels: labelSetting(labelSource),
    tracks: kept.length,
    // What made these playlists: `--update` reuses its feature set and columns.
    settings: o.settings,
    // What computed these numbers, for whoever cites or compares them later.
    producer: { name: 'mir-cluster-playlist', version: toolVersion(), featuresVersion: FEATURES_VERSION, node: process.version },
  });
  files.push(m.csv, m.json, ...written.map((p) => p.file));
  lap('playlists, map and CSV/JSON files');

  if (o.report) {
    const embeddings: ReportEmbedding[] = [];
    const evr = (name: string, d: number): string[] => {
      const r = sp.explainedVarianceRatio.get(name);
      return Array.from({ length: d }, (_, j) => `PC${j + 1}${r ? ` (${(100 * r[j]!).toFixed(0)} %)` : ''}`);
    };
    for (const d of [1, 2, 3] as const) {
      const name = `pca${d}`;
      const mtx = sp.get(name);
      embeddings.push({ name, label: 'PCA', dims: d, coords: kept.map((_, i) => coordsOf(mtx, i, d)), axisLabels: evr(name, d) });
    }
    for (const d of [1, 2, 3] as const) {
      const name = `ae${d}`;
      // Training an autoencoder only for a plot costs minutes on large libraries (2,000 epochs).
      if (!sp.has(name) && kept.length > AE_PLOT_MAX_TRACKS) {
        log(`report: no ${name} plot above ${AE_PLOT_MAX_TRACKS} tracks unless --space ${name} (training one costs minutes)`);
        continue;
      }
      try {
        const mtx = sp.get(name);
        embeddings.push({ name, label: 'Autoencoder', dims: d, coords: kept.map((_, i) => coordsOf(mtx, i, d)) });
      } catch (err) {
        log(`report: no ${name} embedding (${err instanceof Error ? err.message : String(err)})`);
      }
    }
    const hasCentroid = CENTROID_STATS.every((s) => kept.every((t) => Number.isFinite(t.values[`spectral_centroid.${s}`])));
    const centroidStats: CentroidStats[] | undefined = hasCentroid
      ? kept.map((t, i) => ({
          track: i,
          min: t.values['spectral_centroid.min']!,
          q1: t.values['spectral_centroid.q1']!,
          median: t.values['spectral_centroid.median']!,
          q3: t.values['spectral_centroid.q3']!,
          max: t.values['spectral_centroid.max']!,
        }))
      : undefined;
    const near = kept.length >= 2 ? reportNeighbours(search, o.columns, kept, o.seed, o.keepCopies === true) : undefined;
    lap('"more like this" lists');
    const result: RunResult = {
      title: o.title,
      createdAt: new Date().toISOString(),
      settings: o.settings,
      genreBias: o.genreBias,
      labelNoun: labelNoun(labelSource),
      mapSpace,
      tracks: kept.map((t, i) => ({
        path: t.path,
        audioHref: relativeHref(outDir, t.path),
        title: t.tags.title ?? basename(t.path),
        artist: t.tags.artist ?? '',
        album: t.tags.album ?? '',
        genre: genres[i]!,
        durationSec: t.durationSec,
        cluster: outcome.labels[i]!,
        playlistIndex: where.get(i)!.playlist,
        position: where.get(i)!.position,
        xy: rows[i]!.xy as [number, number],
        xyz: rows[i]!.xyz as [number, number, number],
        ...(updated?.placedNow[i] ? { added: true } : {}),
      })),
      playlists: written.map((p, pi) => ({
        index: pi,
        cluster: p.label,
        name: p.name,
        file: relativeHref(outDir, p.file),
        trackIndices: [...p.members],
      })),
      genreOrder,
      featureNames: o.columns,
      features: kept.map((_, i) => Array.from(row(Z, i))),
      centroidStats,
      embeddings,
      sweep: outcome.sweep,
      elbow: outcome.kCurve.map((c) => ({ space: o.space, k: c.k, inertia: c.inertia })),
      silhouetteSamples: Array.from(outcome.silhouetteSamples),
      chosen: { space: o.space, method: o.method, k: outcome.k, reason: outcome.reason, metrics: outcome.scores },
      moreLikeThis: near,
      errors: [...errors, ...copyNotes, ...droppedErrors],
    };
    const report = writeReport(result, outDir);
    files.push(report.htmlPath, ...report.plots.map((p) => join(outDir, 'plots', p.file)));
    lap('plots and report.html');
  } else {
    const removed = removeReport(outDir);
    if (removed > 0) log(`removed the earlier report.html and plots from ${outDir}: they showed another clustering (${count(removed, 'file')})`);
  }
  if (o.debug) {
    for (const [name, sec] of sp.seconds) {
      log(`debug: encoding ${name}: ${sec.toFixed(2)} s${sp.onWorker.has(name) ? ' (worker)' : sp.stored.has(name) ? ' (stored)' : ''}`);
    }
    for (const [step, sec] of seconds) log(`debug: ${step}: ${sec.toFixed(2)} s`);
  }
  return {
    tracks: kept.length,
    clusters: outcome.k,
    reason: outcome.reason,
    playlists: written.map((p) => ({ name: p.name, file: p.file, tracks: p.members.length })),
    scores: outcome.scores,
    files,
    dropped: droppedErrors,
  };
}

/** Playlists longer than this on average (about 14 hours) are stations rather than playlists. */
const LONG_PLAYLIST_TRACKS = 200;

/**
 * A note when the chosen k left long playlists (k stops at --k-max, 20, however large the library),
 * pointing to --playlist-size; undefined otherwise.
 */
export function longPlaylistsNote(tracks: number, k: number): string | undefined {
  const mean = Math.round(tracks / Math.max(1, k));
  if (mean <= LONG_PLAYLIST_TRACKS) return undefined;
  return `note: ${count(k, 'playlist')} of about ${mean} tracks each: --playlist-size 50 makes about ${Math.round(tracks / 50)} playlists of about 50 (or --clusters K)`;
}
