import {
  ClusterError,
  type Condensed,
  cutTree,
  kmeans,
  type LinkageMethod,
  linkage,
} from '../cluster/index.js';
import type { Matrix } from '../util/matrix.js';
import { calinskiHarabaszScore, daviesBouldinScore, silhouetteScore } from './geometry-metrics.js';
import { scoreAgainstLabels } from './score.js';
import { type SilhouetteOptions, silhouetteScorer, withinClusterSumOfSquares } from './silhouette-context.js';

/** Clustering methods the sweep runs; 'agglomerative' means Ward linkage (sklearn's default). */
export type SweepMethod = 'kmeans' | 'agglomerative' | LinkageMethod;

/**
 * A space to cluster: its rows, and optionally precomputed distances between them (e.g. genre-contracted)
 * that agglomerative methods and the silhouette then use instead of Euclidean distances of X.
 */
export interface SweepSpace {
  name: string;
  X: Matrix;
  distances?: Condensed;
}

/** One (space, method, k) combination and its scores; label scores are null without reference labels. */
export interface SweepRow {
  space: string;
  method: SweepMethod;
  k: number;
  ARI: number | null;
  AMI: number | null;
  homogeneity: number | null;
  completeness: number | null;
  vMeasure: number | null;
  fowlkesMallows: number | null;
  /** Mean silhouette (on the space's precomputed distances if given), exact up to `silhouette.exactMaxRows` rows, else a seeded sampled estimate. */
  silhouette: number;
  silhouetteExact: boolean;
  calinskiHarabasz: number;
  daviesBouldin: number;
  /** Within-cluster sum of squares in the space's units squared (k-means inertia). */
  inertia: number;
  nLabelled: number;
  nUnlabelled: number;
}

/** A combination the sweep could not run, and why. */
export interface SweepSkip {
  space: string;
  method: SweepMethod;
  reason: string;
}

/** Options of the sweep. */
export interface SweepOptions {
  /** Seed of k-means and of sampled silhouettes (default 0). */
  seed?: number;
  /** k-means restarts (default 10). */
  nInit?: number;
  silhouette?: SilhouetteOptions;
  /** Called with each row as soon as it is computed (progress for long sweeps). */
  onRow?: (row: SweepRow) => void;
  /**
   * k-means results computed elsewhere (e.g. on worker threads) with this sweep's seed and nInit,
   * looked up by space name and k; a combination it does not know is computed here.
   */
  kmeansDone?: (space: string, k: number) => { labels: Int32Array; inertia: number } | undefined;
}

function kList(kRange: readonly number[] | { min: number; max: number }): number[] {
  if (Array.isArray(kRange)) return [...kRange];
  const r = kRange as { min: number; max: number };
  const out: number[] = [];
  for (let k = r.min; k <= r.max; k++) out.push(k);
  return out;
}

/**
 * Every space × method × k combination, scored like `scoreAgainstLabels` (ARI, AMI, homogeneity,
 * completeness, V-measure, Fowlkes–Mallows; tracks without a label left out and counted) and by
 * silhouette, Calinski–Harabasz, Davies–Bouldin and inertia. One linkage per space and method serves
 * every k, and one distance array per space serves every silhouette; a space's precomputed
 * `distances` (genre-bias mode) replace Euclidean ones for linkage and silhouette, while k-means,
 * Calinski–Harabasz, Davies–Bouldin and inertia use X. Combinations that cannot run
 * (k ≥ rows, agglomerative above its memory limit) are listed in `skipped`, never dropped silently.
 */
export function sweepDetailed(
  spaces: ReadonlyArray<SweepSpace>,
  methods: readonly SweepMethod[],
  kRange: readonly number[] | { min: number; max: number },
  trueLabels?: ReadonlyArray<string | undefined | null>,
  opts: SweepOptions = {},
): { rows: SweepRow[]; skipped: SweepSkip[] } {
  const seed = opts.seed ?? 0;
  const ks = kList(kRange);
  const rows: SweepRow[] = [];
  const skipped: SweepSkip[] = [];
  for (const { name, X, distances } of spaces) {
    if (trueLabels && trueLabels.length !== X.rows) {
      throw new RangeError(`sweep: space ${name} has ${X.rows} rows but there are ${trueLabels.length} reference labels`);
    }
    if (distances && distances.n !== X.rows) {
      throw new RangeError(`sweep: space ${name} has ${X.rows} rows but its distances are for ${distances.n}`);
    }
    const scorer = distances
      ? { exact: true, score: (labels: ArrayLike<number>) => silhouetteScore(distances, labels) }
      : silhouetteScorer(X, { seed, ...opts.silhouette });
    for (const method of methods) {
      let tree: Float64Array | undefined;
      if (method !== 'kmeans') {
        try {
          tree = linkage(distances ?? X, method === 'agglomerative' ? 'ward' : method);
        } catch (e) {
          if (!(e instanceof ClusterError)) throw e;
          skipped.push({ space: name, method, reason: e.message });
          continue;
        }
      }
      for (const k of ks) {
        if (k < 2 || k >= X.rows) {
          skipped.push({ space: name, method, reason: `k = ${k} needs 2 ≤ k < ${X.rows} rows` });
          continue;
        }
        let labels: Int32Array;
        let inertia: number;
        if (tree) {
          labels = cutTree(tree, X.rows, k);
          inertia = withinClusterSumOfSquares(X, labels);
        } else {
          const r = opts.kmeansDone?.(name, k) ?? kmeans(X, k, { seed, nInit: opts.nInit ?? 10 });
          labels = r.labels;
          inertia = r.inertia;
        }
        const ext = trueLabels ? scoreAgainstLabels(labels, trueLabels) : undefined;
        const orNull = (v: number | undefined): number | null => (v === undefined || Number.isNaN(v) ? null : v);
        const row: SweepRow = {
          space: name,
          method,
          k,
          ARI: orNull(ext?.ari),
          AMI: orNull(ext?.ami),
          homogeneity: orNull(ext?.homogeneity),
          completeness: orNull(ext?.completeness),
          vMeasure: orNull(ext?.vMeasure),
          fowlkesMallows: orNull(ext?.fowlkesMallows),
          silhouette: scorer.score(labels),
          silhouetteExact: scorer.exact,
          calinskiHarabasz: calinskiHarabaszScore(X, labels),
          daviesBouldin: daviesBouldinScore(X, labels),
          inertia,
          nLabelled: ext?.nLabelled ?? 0,
          nUnlabelled: ext?.nUnlabelled ?? X.rows,
        };
        rows.push(row);
        opts.onRow?.(row);
      }
    }
  }
  return { rows, skipped };
}

/** The sweep's rows (see sweepDetailed; combinations that cannot run are left out). */
export function sweep(
  spaces: ReadonlyArray<SweepSpace>,
  methods: readonly SweepMethod[],
  kRange: readonly number[] | { min: number; max: number },
  trueLabels?: ReadonlyArray<string | undefined | null>,
  opts: SweepOptions = {},
): SweepRow[] {
  return sweepDetailed(spaces, methods, kRange, trueLabels, opts).rows;
}

/** Column order of the sweep CSV. */
export const SWEEP_COLUMNS: readonly (keyof SweepRow)[] = [
  'space',
  'method',
  'k',
  'ARI',
  'AMI',
  'homogeneity',
  'completeness',
  'vMeasure',
  'fowlkesMallows',
  'silhouette',
  'silhouetteExact',
  'calinskiHarabasz',
  'daviesBouldin',
  'inertia',
  'nLabelled',
  'nUnlabelled',
];

/** The rows as CSV text (header line, full double precision, empty cells for null). */
export function sweepToCsv(rows: readonly SweepRow[]): string {
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [SWEEP_COLUMNS.join(',')];
  for (const r of rows) lines.push(SWEEP_COLUMNS.map((c) => cell(r[c])).join(','));
  return `${lines.join('\n')}\n`;
}
