import { boundClusterSizes, cutTree, type HdbscanSelection, hdbscan, kmeans, type LinkageMethod, linkage } from '../../cluster/index.js';
import {
  chooseK,
  decideK,
  type KRule,
  silhouetteSamples,
  silhouetteScore,
  sweep,
  withinClusterSumOfSquares,
} from '../../evaluate/index.js';
import { appendColumns, genreContractedDistances, genreEmbedding } from '../../playlists/index.js';
import type { Matrix } from '../../util/matrix.js';
import { type MethodName, SILHOUETTE_EXACT_MAX, type SweepRow, scoreLabels, sweepRowMetrics } from './clustering.js';
import { type EncodingStore, Spaces } from './spaces.js';

export interface ClusterOptions {
  method: MethodName;
  /** Linkage of agglomerative clustering; genre-bias mode always uses 'average' (see README). */
  linkage: LinkageMethod;
  space: string;
  /** Fixed number of clusters; undefined = chosen over [kMin, kMax] by `chooseK`. */
  clusters?: number;
  /** Tracks per playlist wanted: k = tracks / this, then each cluster held to half to 1.5 times it (when `clusters` is not given). */
  playlistSize?: number;
  /** The criterion that picks k when `clusters` is not given. */
  chooseK: KRule;
  /**
   * Choosing k tries at most n / this many clusters (never fewer than kMin), so a small library is
   * not cut into playlists of two tracks; 0 = no limit. The sweep keeps its full kMin..kMax.
   */
  minMeanClusterSize: number;
  kMin: number;
  kMax: number;
  seed: number;
  epochLimit: number;
  genreBias: number;
  /** Spaces of the seed's sweep; empty = no sweep. */
  sweepSpaces: string[];
  nInit: number;
  /** Smallest cluster for hdbscan. */
  minClusterSize: number;
  /** How hdbscan chooses its clusters (sklearn's cluster_selection_method); default 'eom'. */
  hdbscanSelection?: HdbscanSelection;
  /** Keeps autoencoder and UMAP codes between runs (the feature store); none: always computed. */
  encodings?: EncodingStore;
}

export interface ClusterOutcome {
  labels: Int32Array;
  k: number;
  reason: string;
  /** Silhouette and within-cluster sum of squares of the chosen method for each k tried. */
  kCurve: { k: number; silhouette: number | null; inertia: number }[];
  kBySilhouette?: number;
  kByElbow?: number;
  sweep: SweepRow[];
  /** Scores of the chosen clustering. */
  scores: Record<string, number | null>;
  silhouetteSamples: Float64Array;
  spaces: Spaces;
  /** Seconds per step, in order, without the encodings they triggered (those are in spaces.seconds): for --debug. */
  seconds: [string, number][];
}

interface KChoice {
  k: number;
  silhouetteK: number;
  elbowK: number;
  curve: { k: number; silhouette: number; inertia: number }[];
  labels: Int32Array;
}

/**
 * chooseK's criteria (silhouette maximum and elbow, `rule` decides) over a precomputed,
 * genre-contracted distance matrix, which chooseK (features only) cannot take.
 */
function chooseKOnDistances(X: Matrix, condensed: Float64Array, tree: Float64Array, kMin: number, kMax: number, rule: KRule): KChoice {
  const curve: KChoice['curve'] = [];
  for (let k = kMin; k <= kMax; k++) {
    const labels = cutTree(tree, X.rows, k);
    const sil = new Set(labels).size > 1 ? silhouetteScore({ condensed, n: X.rows }, labels) : Number.NaN;
    curve.push({ k, silhouette: sil, inertia: withinClusterSumOfSquares(X, labels) });
  }
  const { k, silhouetteK, elbowK } = decideK(curve, rule);
  return { k, silhouetteK, elbowK, curve, labels: cutTree(tree, X.rows, k) };
}

/**
 * The spaces the options cluster in. Genre-bias mode: each track's genre embedding (the
 * standardised 3-D PCA mean of its genre), weighted by B, is appended to what the encoders see;
 * B = 0 leaves the input untouched.
 */
export function clusterSpaces(scaled: Matrix, genres: readonly (string | null)[], opts: ClusterOptions): Spaces {
  let input = scaled;
  if (opts.genreBias > 0) {
    const base = new Spaces(scaled, scaled, { seed: opts.seed, epochLimit: opts.epochLimit });
    input = appendColumns(scaled, genreEmbedding(base.get('pca3'), genres, opts.genreBias, scaled.cols));
  }
  return new Spaces(scaled, input, { seed: opts.seed, epochLimit: opts.epochLimit, encodings: opts.encodings });
}

/** The k range of the sweep (kMin..kMax) and of choosing k (kMin..kTop) for n tracks. */
export function kRange(opts: ClusterOptions, n: number): { kMin: number; kMax: number; kTop: number } {
  const kMin = Math.max(2, opts.kMin);
  const kMax = Math.min(opts.kMax, n - 1);
  const kTop = opts.minMeanClusterSize > 0 ? Math.min(kMax, Math.max(kMin, Math.floor(n / opts.minMeanClusterSize))) : kMax;
  return { kMin, kMax, kTop };
}

/**
 * Work done ahead on worker threads (see prepareOnWorkers in run-pipeline.ts): the spaces, with
 * their encodings computed, and the sweep's k-means results.
 */
export interface Prepared {
  spaces: Spaces;
  /** k-means results (seed and nInit of the options) by space and k, some with their sampled silhouette. */
  kmeansDone?: (space: string, k: number) => { labels: Int32Array; inertia: number; silhouette?: number } | undefined;
}

/** `K playlists of A–B tracks (M on average)` for labels 0..k−1. */
function playlistSizes(labels: Int32Array, k: number): string {
  const sizes = new Array<number>(k).fill(0);
  for (const l of labels) sizes[l]!++;
  const lo = sizes.reduce((a, b) => Math.min(a, b));
  const hi = sizes.reduce((a, b) => Math.max(a, b));
  const mean = labels.length / k;
  const range = lo === hi ? `${lo} tracks` : `${lo}–${hi} tracks (${mean.toFixed(Number.isInteger(mean) ? 0 : 1)} on average)`;
  return `${k} playlist${k === 1 ? '' : 's'} of ${range}`;
}

/** True when the options choose k by running k-means over a range (so those runs can be done ahead). */
export function choosesKByKmeans(opts: ClusterOptions, n: number): boolean {
  const { kMin, kMax } = kRange(opts, n);
  return opts.method === 'kmeans' && opts.clusters === undefined && opts.playlistSize === undefined && kMax >= kMin;
}

/** Clusters the scaled features as the options say, sweeping and choosing k when asked. */
export function clusterLibrary(
  scaled: Matrix,
  genres: readonly (string | null)[],
  opts: ClusterOptions,
  log: (line: string) => void = () => {},
  prepared?: Prepared,
  /** Labels decided elsewhere (`--update`): no sweep, no choice of k, only their scores. */
  fixed?: { labels: Int32Array; reason: string },
): ClusterOutcome {
  const n = scaled.rows;
  const spaces = prepared?.spaces ?? clusterSpaces(scaled, genres, opts);
  const seconds: [string, number][] = [];
  const timed = <T>(step: string, f: () => T): T => {
    const t0 = performance.now();
    const enc0 = spaces.totalSeconds();
    const r = f();
    seconds.push([step, (performance.now() - t0) / 1000 - (spaces.totalSeconds() - enc0)]);
    return r;
  };
  const X = spaces.get(opts.space);
  const { kMin, kMax, kTop } = kRange(opts, n);

  let sweepRows: SweepRow[] = [];
  if (!fixed && opts.sweepSpaces.length > 0 && kMax >= kMin) {
    const list = opts.sweepSpaces.map((name) => {
      if (!spaces.has(name)) log(`sweep: encoding ${name}`);
      return { name, X: spaces.get(name) };
    });
    sweepRows = timed('sweep (clustering and scores)', () =>
      sweep(list, ['kmeans', 'agglomerative'], { min: kMin, max: kMax }, genres, {
        seed: opts.seed,
        nInit: opts.nInit,
        kmeansDone: prepared?.kmeansDone,
      }).map(sweepRowMetrics),
    );
  }

  // Genre-bias agglomerative: average linkage on distances where same-genre pairs are contracted.
  const condensed =
    opts.method === 'agglomerative' && opts.genreBias > 0 ? genreContractedDistances(X, genres, opts.genreBias) : undefined;
  let tree: Float64Array | undefined;
  const treeOf = (): Float64Array =>
    (tree ??= condensed ? linkage({ condensed, n }, 'average') : linkage(X, opts.linkage));
  const labelsFor = (k: number): Int32Array =>
    opts.method === 'kmeans' ? kmeans(X, k, { seed: opts.seed, nInit: opts.nInit }).labels : cutTree(treeOf(), n, k);

  let labels: Int32Array;
  let k: number;
  let reason: string;
  let choice: KChoice | undefined;
  const tChoose = performance.now();
  if (fixed) {
    labels = fixed.labels;
    k = new Set(Array.from(labels).filter((l) => l >= 0)).size;
    reason = fixed.reason;
  } else if (opts.method === 'hdbscan') {
    labels = hdbscan(X, { minClusterSize: opts.minClusterSize, clusterSelectionMethod: opts.hdbscanSelection }).labels;
    k = new Set(Array.from(labels).filter((l) => l >= 0)).size;
    const noise = labels.filter((l) => l < 0).length;
    reason = `hdbscan found ${k} clusters and ${noise} unassigned tracks (min cluster size ${opts.minClusterSize}${opts.hdbscanSelection === 'leaf' ? ', leaf selection' : ''})`;
    // Density thins out with dimensions: in the scaled features every track is an outlier.
    if (k === 0) {
      const hints = [...(X.cols > 8 ? ['--space umap3'] : []), ...(opts.minClusterSize > 2 ? ['a smaller --min-cluster-size'] : [])];
      reason += `; no group of ${opts.minClusterSize} tracks is denser than the rest${X.cols > 8 ? ` in ${X.cols} dimensions` : ''}${hints.length > 0 ? `: try ${hints.join(' or ')}` : ''}`;
    }
  } else if (opts.clusters !== undefined) {
    k = Math.max(1, Math.min(opts.clusters, n));
    labels = k === 1 ? new Int32Array(n) : labelsFor(k);
    reason = opts.clusters > n ? `--clusters ${opts.clusters}, but there are only ${n} tracks: one cluster each` : `--clusters ${opts.clusters}`;
  } else if (opts.playlistSize !== undefined) {
    const k0 = Math.max(1, Math.min(n, Math.round(n / opts.playlistSize)));
    labels = boundClusterSizes(X, k0 === 1 ? new Int32Array(n) : labelsFor(k0), opts.playlistSize, { seed: opts.seed, nInit: opts.nInit });
    k = new Set(labels).size;
    reason = `--playlist-size ${opts.playlistSize}: ${n} tracks in ${playlistSizes(labels, k)}`;
  } else if (kMax < kMin) {
    k = 1;
    labels = new Int32Array(n);
    reason = `too few tracks (${n}) to choose a number of clusters`;
  } else {
    choice = condensed
      ? chooseKOnDistances(X, condensed, treeOf(), kMin, kTop, opts.chooseK)
      : chooseK(X, {
          seed: opts.seed,
          kMin,
          kMax: kTop,
          method: opts.method === 'kmeans' ? 'kmeans' : opts.linkage,
          nInit: opts.nInit,
          decide: opts.chooseK,
          kmeansDone: prepared?.kmeansDone ? (k) => prepared.kmeansDone!(opts.space, k) : undefined,
        });
    k = choice.k;
    labels = choice.labels;
    reason =
      opts.chooseK === 'elbow'
        ? `elbow of the log-inertia curve over k = ${kMin}..${kTop} (the silhouette maximum is at k = ${choice.silhouetteK})`
        : `silhouette maximum over k = ${kMin}..${kTop} (the elbow suggests ${choice.elbowK})`;
    if (kTop < kMax) reason += `; at most ${kTop} clusters for ${n} tracks (about ${opts.minMeanClusterSize} per playlist; --k-max lifts this)`;
  }
  seconds.push([choice ? 'choosing k' : 'clustering', (performance.now() - tChoose) / 1000]);
  const distinct = new Set(Array.from(labels).filter((l) => l >= 0)).size;
  const tScores = performance.now();
  const silSamples =
    distinct >= 2 && distinct < n && n <= 20000
      ? silhouetteSamples(condensed ? { condensed, n } : X, labels)
      : new Float64Array(0);
  // The exact per-track silhouettes give the exact mean for free; above SILHOUETTE_EXACT_MAX the
  // scores keep the sampled estimate the sweep uses, so the numbers stay comparable.
  const meanSil =
    silSamples.length > 0 && n <= SILHOUETTE_EXACT_MAX && !condensed
      ? silSamples.reduce((a, b) => a + b, 0) / silSamples.length
      : undefined;
  const scores = scoreLabels(X, labels, genres, opts.seed, withinClusterSumOfSquares(X, labels), meanSil);
  seconds.push(['silhouettes and scores', (performance.now() - tScores) / 1000]);
  return {
    labels,
    k,
    reason,
    kCurve: (choice?.curve ?? []).map((c) => ({
      k: c.k,
      silhouette: Number.isFinite(c.silhouette) ? c.silhouette : null,
      inertia: c.inertia,
    })),
    kBySilhouette: choice?.silhouetteK,
    kByElbow: choice?.elbowK,
    sweep: sweepRows,
    scores,
    silhouetteSamples: silSamples,
    spaces,
    seconds,
  };
}
