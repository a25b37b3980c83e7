import { condensedDistances } from '../cluster/index.js';
import type { Matrix } from '../util/matrix.js';
import { createRng } from '../util/rng.js';
import { encodeLabels, type Label, LabelError } from './contingency.js';
import { sampledSumsWasm } from './silhouette-wasm.js';

/** A symmetric distance matrix given as scipy's condensed upper triangle (pdist order). */
export interface CondensedDistances {
  condensed: Float64Array | Float32Array;
  n: number;
}

/** Index of pair (i, j), i ≠ j, in a condensed distance array of n points. */
export function condensedIndex(n: number, i: number, j: number): number {
  if (i > j) {
    const t = i;
    i = j;
    j = t;
  }
  return n * i - (i * (i + 1)) / 2 + (j - i - 1);
}

/** Euclidean distance between rows i of A and j of B (direct sum of squares, like scipy's pdist). */
export function rowDistance(A: Matrix, i: number, B: Matrix, j: number): number {
  const d = A.cols;
  const a = A.data;
  const b = B.data;
  const oa = i * d;
  const ob = j * d;
  let s = 0;
  for (let t = 0; t < d; t++) {
    const v = a[oa + t]! - b[ob + t]!;
    s += v * v;
  }
  return Math.sqrt(s);
}

/** The condensed Euclidean distance array of X's rows (scipy.spatial.distance.pdist); the cluster stage's. */
export const pdist: (X: Matrix) => Float64Array = condensedDistances;

function checkLabelCount(nLabels: number, n: number): void {
  if (nLabels < 2 || nLabels > n - 1) {
    throw new LabelError(
      `silhouette needs 2 to n-1 clusters (n = ${n}); got ${nLabels} distinct label${nLabels === 1 ? '' : 's'}`,
    );
  }
}

function isCondensed(x: Matrix | CondensedDistances): x is CondensedDistances {
  return (x as CondensedDistances).condensed !== undefined;
}

/**
 * Silhouette coefficient of every sample (sklearn's silhouette_samples, Euclidean): (b − a) / max(a, b),
 * 0 for samples alone in their cluster. Input: feature rows, or `{ condensed, n }` precomputed distances,
 * or a square n × n distance Matrix with `precomputed: true`.
 */
export function silhouetteSamples(
  X: Matrix | CondensedDistances,
  labels: ArrayLike<Label>,
  opts: { precomputed?: boolean } = {},
): Float64Array {
  const n = isCondensed(X) ? X.n : X.rows;
  if (labels.length !== n) throw new LabelError(`silhouette: ${labels.length} labels for ${n} samples`);
  const { codes, count: k } = encodeLabels(labels);
  checkLabelCount(k, n);
  const sums = new Float64Array(n * k);
  const add = (i: number, j: number, d: number): void => {
    sums[i * k + codes[j]!]! += d;
    sums[j * k + codes[i]!]! += d;
  };
  if (isCondensed(X)) {
    const D = X.condensed;
    let p = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) add(i, j, D[p++]!);
  } else if (opts.precomputed) {
    if (X.cols !== n) throw new LabelError(`silhouette: precomputed distances must be square, got ${n}×${X.cols}`);
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) add(i, j, X.data[i * n + j]!);
  } else {
    const { cols: d, data } = X;
    for (let i = 0; i < n; i++) {
      const oi = i * d;
      const ci = codes[i]!;
      const si = i * k;
      for (let j = i + 1; j < n; j++) {
        const oj = j * d;
        let s = 0;
        for (let t = 0; t < d; t++) {
          const v = data[oi + t]! - data[oj + t]!;
          s += v * v;
        }
        const dist = Math.sqrt(s);
        sums[si + codes[j]!]! += dist;
        sums[j * k + ci]! += dist;
      }
    }
  }
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[codes[i]!]!++;
  return silhouetteFromSums(sums, codes, sizes, k, 0, n);
}

function silhouetteFromSums(
  sums: Float64Array,
  codes: Int32Array,
  sizes: Float64Array,
  k: number,
  from: number,
  count: number,
  index: (r: number) => number = (r) => r,
): Float64Array {
  const out = new Float64Array(count);
  for (let r = from; r < from + count; r++) {
    const own = codes[index(r)]!;
    const sz = sizes[own]!;
    if (sz <= 1) {
      out[r - from] = 0;
      continue;
    }
    const a = sums[r * k + own]! / (sz - 1);
    let b = Number.POSITIVE_INFINITY;
    for (let c = 0; c < k; c++) {
      if (c === own || sizes[c] === 0) continue;
      const m = sums[r * k + c]! / sizes[c]!;
      if (m < b) b = m;
    }
    const den = Math.max(a, b);
    const s = (b - a) / den;
    out[r - from] = Number.isFinite(s) ? s : 0;
  }
  return out;
}

/**
 * Mean silhouette coefficient in [−1, 1] (sklearn's silhouette_score, Euclidean). With `sampleSize`
 * below n, an estimate: the exact silhouette (against all n samples) of `sampleSize` samples drawn
 * without replacement with `seed` — unbiased for the full score, O(sampleSize · n · d) work.
 */
export function silhouetteScore(
  X: Matrix | CondensedDistances,
  labels: ArrayLike<Label>,
  opts: { precomputed?: boolean; sampleSize?: number; seed?: number; kernel?: 'wasm' | 'js' } = {},
): number {
  const n = isCondensed(X) ? X.n : X.rows;
  if (opts.sampleSize !== undefined && opts.sampleSize < n) {
    return mean(silhouetteSampled(X, labels, opts.sampleSize, opts.seed ?? 0, opts.precomputed ?? false, opts.kernel));
  }
  return mean(silhouetteSamples(X, labels, opts));
}

/**
 * Exact silhouettes of `sampleSize` seeded random samples, measured against all n samples. On
 * feature rows the distance sums run on a SIMD kernel unless `kernel` is 'js' (the same numbers).
 */
export function silhouetteSampled(
  X: Matrix | CondensedDistances,
  labels: ArrayLike<Label>,
  sampleSize: number,
  seed: number,
  precomputed = false,
  kernel: 'wasm' | 'js' = 'wasm',
): Float64Array {
  const n = isCondensed(X) ? X.n : X.rows;
  if (labels.length !== n) throw new LabelError(`silhouette: ${labels.length} labels for ${n} samples`);
  const { codes, count: k } = encodeLabels(labels);
  checkLabelCount(k, n);
  const m = Math.max(1, Math.min(sampleSize, n));
  // partial Fisher–Yates: the first m entries are a uniform sample without replacement
  const rng = createRng(seed);
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + rng.int(n - i);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  const fast = !isCondensed(X) && !precomputed && kernel === 'wasm' ? sampledSumsWasm(X, perm, m, codes, k) : null;
  const sums = fast ?? new Float64Array(m * k);
  for (let r = 0; r < m && !fast; r++) {
    const i = perm[r]!;
    const base = r * k;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      let d: number;
      if (isCondensed(X)) d = X.condensed[condensedIndex(n, i, j)]!;
      else if (precomputed) d = X.data[i * n + j]!;
      else d = rowDistance(X, i, X, j);
      sums[base + codes[j]!]! += d;
    }
  }
  const sizes = new Float64Array(k);
  for (let i = 0; i < n; i++) sizes[codes[i]!]!++;
  return silhouetteFromSums(sums, codes, sizes, k, 0, m, (r) => perm[r]!);
}

function mean(v: Float64Array): number {
  let s = 0;
  for (const x of v) s += x;
  return s / v.length;
}

function clusterMeans(X: Matrix, codes: Int32Array, k: number): { centroids: Float64Array; sizes: Float64Array } {
  const d = X.cols;
  const centroids = new Float64Array(k * d);
  const sizes = new Float64Array(k);
  for (let i = 0; i < X.rows; i++) {
    const c = codes[i]!;
    sizes[c]!++;
    for (let t = 0; t < d; t++) centroids[c * d + t]! += X.data[i * d + t]!;
  }
  for (let c = 0; c < k; c++) for (let t = 0; t < d; t++) centroids[c * d + t]! /= sizes[c]!;
  return { centroids, sizes };
}

function checkGeometryLabels(X: Matrix, labels: ArrayLike<Label>, what: string): { codes: Int32Array; k: number } {
  if (labels.length !== X.rows) throw new LabelError(`${what}: ${labels.length} labels for ${X.rows} samples`);
  const { codes, count } = encodeLabels(labels);
  if (count < 2 || count > X.rows - 1) {
    throw new LabelError(`${what} needs 2 to n-1 clusters (n = ${X.rows}); got ${count}`);
  }
  return { codes, k: count };
}

/** Calinski–Harabasz index (variance ratio; higher is better), sklearn's calinski_harabasz_score. */
export function calinskiHarabaszScore(X: Matrix, labels: ArrayLike<Label>): number {
  const { codes, k } = checkGeometryLabels(X, labels, 'calinski_harabasz');
  const n = X.rows;
  const d = X.cols;
  const overall = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) overall[t]! += X.data[i * d + t]!;
  for (let t = 0; t < d; t++) overall[t]! /= n;
  const { centroids, sizes } = clusterMeans(X, codes, k);
  let extra = 0;
  let intra = 0;
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let t = 0; t < d; t++) {
      const v = centroids[c * d + t]! - overall[t]!;
      s += v * v;
    }
    extra += sizes[c]! * s;
  }
  for (let i = 0; i < n; i++) {
    const c = codes[i]!;
    for (let t = 0; t < d; t++) {
      const v = X.data[i * d + t]! - centroids[c * d + t]!;
      intra += v * v;
    }
  }
  return intra === 0 ? 1 : (extra * (n - k)) / (intra * (k - 1));
}

/** Davies–Bouldin index (mean worst-case cluster similarity; lower is better), like sklearn. */
export function daviesBouldinScore(X: Matrix, labels: ArrayLike<Label>): number {
  const { codes, k } = checkGeometryLabels(X, labels, 'davies_bouldin');
  const d = X.cols;
  const { centroids, sizes } = clusterMeans(X, codes, k);
  const intra = new Float64Array(k);
  for (let i = 0; i < X.rows; i++) {
    const c = codes[i]!;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const v = X.data[i * d + t]! - centroids[c * d + t]!;
      s += v * v;
    }
    intra[c]! += Math.sqrt(s);
  }
  for (let c = 0; c < k; c++) intra[c]! /= sizes[c]!;
  const cdist = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = centroids[a * d + t]! - centroids[b * d + t]!;
        s += v * v;
      }
      cdist[a * k + b] = Math.sqrt(s);
    }
  }
  // numpy.allclose(x, 0): |x| <= 1e-8
  const allClose0 = (v: Float64Array): boolean => v.every((x) => Math.abs(x) <= 1e-8);
  if (allClose0(intra) || allClose0(cdist)) return 0;
  let total = 0;
  for (let a = 0; a < k; a++) {
    let worst = Number.NEGATIVE_INFINITY;
    for (let b = 0; b < k; b++) {
      const dist = cdist[a * k + b]! === 0 ? Number.POSITIVE_INFINITY : cdist[a * k + b]!;
      const r = (intra[a]! + intra[b]!) / dist;
      if (r > worst) worst = r;
    }
    total += worst;
  }
  return total / k;
}
