import { type Matrix, sqDist } from '../util/matrix.js';
import { createRng } from '../util/rng.js';

export { sqDist };

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

/**
 * Approximate k-nearest lists for large n (same layout as {@link kNearestLists}): exact lists within
 * the leaves (≤ `leafSize` rows) of `trees` random-projection trees (median splits along the
 * direction between two random rows), merged, then one round of "neighbours of neighbours".
 * O(n · (trees · leafSize + k²) · d); good enough as candidate lists for local search. `leaves`
 * are the first tree's leaves (a partition of the rows into groups of nearby rows).
 */
export function approxKNearestLists(
  X: Matrix,
  k: number,
  seed: number,
  trees = 4,
  leafSize = 96,
): { k: number; idx: Int32Array; leaves: Int32Array[] } {
  const n = X.rows;
  const d = X.cols;
  const kk = Math.max(0, Math.min(k, n - 1));
  const idx = new Int32Array(n * kk).fill(-1);
  const leaves: Int32Array[] = [];
  if (kk === 0) return { k: 0, idx, leaves };
  const bestD = new Float64Array(n * kk).fill(Number.POSITIVE_INFINITY);
  const data = X.data;
  let tree = 0;
  const offer = (i: number, j: number, dist: number): void => {
    const base = i * kk;
    if (!(dist < bestD[base + kk - 1]!) && idx[base + kk - 1]! >= 0) return;
    for (let q = 0; q < kk; q++) if (idx[base + q] === j) return;
    let p = kk - 1;
    while (p > 0 && (bestD[base + p - 1]! > dist || (bestD[base + p - 1] === dist && idx[base + p - 1]! > j))) {
      bestD[base + p] = bestD[base + p - 1]!;
      idx[base + p] = idx[base + p - 1]!;
      p--;
    }
    bestD[base + p] = dist;
    idx[base + p] = j;
  };
  const rng = createRng(seed);
  const proj = new Float64Array(n);
  const split = (rows: Int32Array): void => {
    const m = rows.length;
    if (m <= leafSize) {
      if (tree === 0) leaves.push(Int32Array.from(rows));
      for (let a = 0; a < m; a++) {
        for (let b = a + 1; b < m; b++) {
          const s = sqDist(data, d, rows[a]!, rows[b]!);
          offer(rows[a]!, rows[b]!, s);
          offer(rows[b]!, rows[a]!, s);
        }
      }
      return;
    }
    const p = rows[rng.int(m)]!;
    let q = rows[rng.int(m)]!;
    if (q === p) q = rows[(rows.indexOf(p) + 1) % m]!;
    for (const r of rows) {
      let s = 0;
      for (let c = 0; c < d; c++) s += data[r * d + c]! * (data[p * d + c]! - data[q * d + c]!);
      proj[r] = s;
    }
    // Median split keeps the tree balanced even when many rows coincide.
    const sorted = Int32Array.from(rows).sort((a, b) => proj[a]! - proj[b]! || a - b);
    const half = m >> 1;
    split(sorted.subarray(0, half));
    split(sorted.subarray(half));
  };
  const all = Int32Array.from({ length: n }, (_, i) => i);
  for (tree = 0; tree < trees; tree++) split(all);
  // Neighbours of neighbours: a snapshot of the lists, so the round does not depend on its own order.
  const snap = Int32Array.from(idx);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < kk; a++) {
      const j = snap[i * kk + a]!;
      if (j < 0) continue;
      for (let b = 0; b < kk; b++) {
        const l = snap[j * kk + b]!;
        if (l < 0 || l === i) continue;
        offer(i, l, sqDist(data, d, i, l));
      }
    }
  }
  return { k: kk, idx, leaves };
}
