import type { Matrix } from '../util/matrix.js';
import type { Label } from './contingency.js';
import { pdist, silhouetteScore } from './geometry-metrics.js';

/** How silhouettes of many labelings of the same rows are computed. */
export interface SilhouetteOptions {
  /** Up to this many rows the exact score is computed from one shared distance array (default 4000). */
  exactMaxRows?: number;
  /** Above exactMaxRows, rows sampled per estimate (default 1000; the same rows for every labeling). */
  sampleSize?: number;
  /** Seed of the sample (default 0). */
  seed?: number;
}

/**
 * Scores many labelings of one matrix: exact silhouettes from one condensed distance array
 * (n ≤ exactMaxRows), else a seeded sampled estimate. `exact` says which one a score is.
 */
export function silhouetteScorer(
  X: Matrix,
  opts: SilhouetteOptions = {},
): { exact: boolean; score: (labels: ArrayLike<Label>) => number } {
  const exactMax = opts.exactMaxRows ?? 4000;
  if (X.rows <= exactMax) {
    let D: Float64Array | undefined;
    return {
      exact: true,
      score: (labels) => {
        D ??= pdist(X);
        return silhouetteScore({ condensed: D, n: X.rows }, labels);
      },
    };
  }
  const sampleSize = opts.sampleSize ?? 1000;
  const seed = opts.seed ?? 0;
  return { exact: false, score: (labels) => silhouetteScore(X, labels, { sampleSize, seed }) };
}

/** Within-cluster sum of squared distances to the cluster means (k-means inertia of any labeling). */
export function withinClusterSumOfSquares(X: Matrix, labels: ArrayLike<number>): number {
  const d = X.cols;
  const sums = new Map<number, Float64Array>();
  const counts = new Map<number, number>();
  for (let i = 0; i < X.rows; i++) {
    const c = labels[i]!;
    let s = sums.get(c);
    if (!s) {
      s = new Float64Array(d);
      sums.set(c, s);
    }
    for (let t = 0; t < d; t++) s[t]! += X.data[i * d + t]!;
    counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  for (const [c, s] of sums) for (let t = 0; t < d; t++) s[t]! /= counts.get(c)!;
  let total = 0;
  for (let i = 0; i < X.rows; i++) {
    const m = sums.get(labels[i]!)!;
    for (let t = 0; t < d; t++) total += (X.data[i * d + t]! - m[t]!) ** 2;
  }
  return total;
}
