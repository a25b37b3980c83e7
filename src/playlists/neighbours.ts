import type { Matrix } from '../util/matrix.js';

/** Squared Euclidean distance between rows i and j of the row-major data (d columns). */
export function sqDist(data: Float64Array, d: number, i: number, j: number): number {
  let s = 0;
  const a = i * d;
  const b = j * d;
  for (let k = 0; k < d; k++) {
    const t = data[a + k]! - data[b + k]!;
    s += t * t;
  }
  return s;
}

/** Euclidean distance between rows i and j of X. */
export function rowDist(X: Matrix, i: number, j: number): number {
  return Math.sqrt(sqDist(X.data, X.cols, i, j));
}

/**
 * The k nearest other rows of every row (exact, brute force), nearest first: row i's list is
 * `idx[i*k .. i*k+k)`. Ties keep the lower index first so the lists are deterministic.
 * Each pair is measured once and offered to both rows' lists: O(n² · d / 2) time, O(n · k) memory.
 */
export function kNearestLists(X: Matrix, k: number): { k: number; idx: Int32Array } {
  const n = X.rows;
  const d = X.cols;
  const kk = Math.max(0, Math.min(k, n - 1));
  const idx = new Int32Array(n * kk);
  if (kk === 0) return { k: 0, idx };
  const bestD = new Float64Array(n * kk).fill(Number.POSITIVE_INFINITY);
  const filled = new Int32Array(n);
  const data = X.data;
  // Sorted insertion into a short list (k is small, so this beats a heap). Pairs arrive in
  // increasing j for a fixed i, and equal distances go after existing ones: lower index first.
  const offer = (i: number, j: number, dist: number): void => {
    const base = i * kk;
    let p = filled[i]!;
    if (p < kk) filled[i] = p + 1;
    else if (dist >= bestD[base + kk - 1]!) return;
    else p = kk - 1;
    while (p > 0 && bestD[base + p - 1]! > dist) {
      bestD[base + p] = bestD[base + p - 1]!;
      idx[base + p] = idx[base + p - 1]!;
      p--;
    }
    bestD[base + p] = dist;
    idx[base + p] = j;
  };
  for (let i = 0; i < n; i++) {
    const a = i * d;
    for (let j = i + 1; j < n; j++) {
      const b = j * d;
      let s = 0;
      for (let q = 0; q < d; q++) {
        const t = data[a + q]! - data[b + q]!;
        s += t * t;
      }
      offer(i, j, s);
      offer(j, i, s);
    }
  }
  return { k: kk, idx };
}
