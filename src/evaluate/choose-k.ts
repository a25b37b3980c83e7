import { cutTree, kmeans, type LinkageMethod, linkage } from '../cluster/index.js';
import type { Matrix } from '../util/matrix.js';
import { type SilhouetteOptions, silhouetteScorer, withinClusterSumOfSquares } from './silhouette-context.js';

/** Which criterion picks k: the knee of the log-inertia curve, or the silhouette maximum. */
export type KRule = 'elbow' | 'silhouette';

/** One candidate number of clusters with its scores. */
export interface KCandidate {
  k: number;
  /** Within-cluster sum of squares (k-means inertia), in squared feature units. */
  inertia: number;
  /** Mean silhouette (exact or sampled, see `silhouetteExact`). */
  silhouette: number;
}

/** The outcome of choosing k: both criteria, and the one used. */
export interface ChooseKResult {
  /** The chosen number of clusters. */
  k: number;
  decidedBy: KRule;
  /** k with the highest mean silhouette (smallest k on ties). */
  silhouetteK: number;
  /** k at the knee of the log-inertia curve (largest distance below the chord, normalised axes). */
  elbowK: number;
  silhouetteExact: boolean;
  curve: KCandidate[];
  /** The labelling at the chosen k (so callers need not cluster again). */
  labels: Int32Array;
}

/**
 * The knee of a decreasing curve: the point farthest below the straight line from the first to the
 * last point, with both axes scaled to [0, 1] (the Kneedle difference curve for convex, decreasing
 * data). Returns the index; 0 when no point lies below the chord.
 */
export function kneeIndex(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const m = x.length;
  if (m < 3) return 0;
  const x0 = x[0]!;
  const x1 = x[m - 1]!;
  let yMin = Number.POSITIVE_INFINITY;
  let yMax = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < m; i++) {
    yMin = Math.min(yMin, y[i]!);
    yMax = Math.max(yMax, y[i]!);
  }
  const yr = yMax - yMin || 1;
  const xr = x1 - x0 || 1;
  const ny = (i: number): number => (y[i]! - yMin) / yr;
  const nx = (i: number): number => (x[i]! - x0) / xr;
  const ya = ny(0);
  const yb = ny(m - 1);
  let best = 0;
  let bestGap = 0;
  for (let i = 1; i < m - 1; i++) {
    const chord = ya + (yb - ya) * nx(i);
    const gap = chord - ny(i);
    if (gap > bestGap) {
      bestGap = gap;
      best = i;
    }
  }
  return best;
}

/**
 * Chooses the number of clusters over kMin..kMax (default 2..20): runs the clustering for each k,
 * reports the silhouette maximum and the inertia elbow, and returns the one named by `decide`
 * (default 'elbow': on real music the silhouette maximum sits at k = 2 and recovers the soundtracks
 * far worse, AMI 0.11 against 0.19 for the elbow; `npm run eval`, table 4 of docs/eval.md).
 */
export function chooseK(
  X: Matrix,
  opts: {
    seed: number;
    kMin?: number;
    kMax?: number;
    method?: 'kmeans' | LinkageMethod;
    nInit?: number;
    decide?: KRule;
    silhouette?: SilhouetteOptions;
    /**
     * k-means results for this X, seed and nInit computed elsewhere (e.g. on worker threads), by k,
     * with the silhouette this call's scorer would give when known; a k it lacks is computed here.
     */
    kmeansDone?: (k: number) => { labels: Int32Array; inertia: number; silhouette?: number } | undefined;
  },
): ChooseKResult {
  const kMin = Math.max(2, opts.kMin ?? 2);
  const kMax = Math.min(opts.kMax ?? 20, X.rows - 1);
  if (kMax < kMin) throw new RangeError(`chooseK: no k in ${kMin}..${kMax} for ${X.rows} rows`);
  const method = opts.method ?? 'kmeans';
  const scorer = silhouetteScorer(X, { seed: opts.seed, ...opts.silhouette });
  const tree = method === 'kmeans' ? undefined : linkage(X, method);
  const curve: KCandidate[] = [];
  const labelsByK = new Map<number, Int32Array>();
  for (let k = kMin; k <= kMax; k++) {
    let labels: Int32Array;
    let inertia: number;
    let silhouette: number | undefined;
    if (tree) {
      labels = cutTree(tree, X.rows, k);
      inertia = withinClusterSumOfSquares(X, labels);
    } else {
      const r = opts.kmeansDone?.(k) ?? kmeans(X, k, { seed: opts.seed, nInit: opts.nInit });
      labels = r.labels;
      inertia = r.inertia;
      silhouette = 'silhouette' in r ? r.silhouette : undefined;
    }
    labelsByK.set(k, labels);
    curve.push({ k, inertia, silhouette: new Set(labels).size > 1 ? (silhouette ?? scorer.score(labels)) : Number.NaN });
  }
  const decidedBy = opts.decide ?? 'elbow';
  const { k, silhouetteK, elbowK } = decideK(curve, decidedBy);
  return { k, decidedBy, silhouetteK, elbowK, silhouetteExact: scorer.exact, curve, labels: labelsByK.get(k)! };
}

/**
 * Both criteria over a curve of candidates (ascending k) and the k the rule picks: the silhouette
 * maximum (smallest k on ties; NaN scores never win) and the knee of the inertia curve on a log
 * scale. The log makes the knee follow relative gains: on a linear scale a huge first drop (k = 2
 * → 3) flattens the rest, and five well-separated groups whose inertia falls 17-fold from k = 4 to
 * 5 got k = 3 (the demo library); on the soundtrack library both scales pick 6–7 (docs/eval.md).
 */
export function decideK(curve: readonly KCandidate[], rule: KRule): { k: number; silhouetteK: number; elbowK: number } {
  let silhouetteK = curve[0]!.k;
  let bestS = Number.NEGATIVE_INFINITY;
  for (const c of curve) {
    if (c.silhouette > bestS) {
      bestS = c.silhouette;
      silhouetteK = c.k;
    }
  }
  const top = Math.max(...curve.map((c) => c.inertia));
  // a perfect fit (inertia 0) sits at a finite floor far below any real gain
  const logInertia = curve.map((c) => Math.log(Math.max(c.inertia, top * 1e-12, Number.MIN_VALUE)));
  const elbowK = curve[kneeIndex(curve.map((c) => c.k), logInertia)]!.k;
  return { k: rule === 'silhouette' ? silhouetteK : elbowK, silhouetteK, elbowK };
}
