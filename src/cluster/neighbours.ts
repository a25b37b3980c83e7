import { type Matrix, sqDist } from '../util/matrix.js';

/**
 * An exact neighbour index for low-dimensional rows: rows sorted by their coordinate on the
 * highest-variance column, so a radius or k-nearest query only scans the slab of rows whose
 * coordinate lies within the search radius (fast in 2–8 dimensions, never wrong in any).
 */
export interface SortedProjection {
  X: Matrix;
  /** Column used for sorting. */
  axis: number;
  /** Row indices in ascending order of the axis coordinate. */
  order: Int32Array;
  /** Axis coordinate of order[r]. */
  keys: Float64Array;
  /** Position of row i in `order`. */
  rank: Int32Array;
}

/** Builds the sorted projection of X's rows. */
export function buildSortedProjection(X: Matrix): SortedProjection {
  const { rows: n, cols: d, data } = X;
  let axis = 0;
  let bestVar = -1;
  for (let t = 0; t < d; t++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = data[i * d + t]!;
      s += v;
      s2 += v * v;
    }
    const variance = s2 / n - (s / n) ** 2;
    if (variance > bestVar) {
      bestVar = variance;
      axis = t;
    }
  }
  const order = Int32Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => data[a * d + axis]! - data[b * d + axis]! || a - b,
  );
  const keys = new Float64Array(n);
  const rank = new Int32Array(n);
  for (let r = 0; r < n; r++) {
    keys[r] = data[order[r]! * d + axis]!;
    rank[order[r]!] = r;
  }
  return { X, axis, order, keys, rank };
}

/** Calls `visit(j)` for every row j (including i itself) within Euclidean distance ≤ eps of row i. */
export function radiusNeighbours(index: SortedProjection, i: number, eps: number, visit: (j: number) => void): void {
  const { X, order, keys, rank } = index;
  const d = X.cols;
  const r0 = rank[i]!;
  const key = keys[r0]!;
  const eps2 = eps * eps;
  for (let r = r0; r < order.length && keys[r]! - key <= eps; r++) {
    const j = order[r]!;
    if (sqDist(X.data, d, i, j) <= eps2) visit(j);
  }
  for (let r = r0 - 1; r >= 0 && key - keys[r]! <= eps; r--) {
    const j = order[r]!;
    if (sqDist(X.data, d, i, j) <= eps2) visit(j);
  }
}

/**
 * Distance from every row to its k-th nearest row, counting the row itself as the first
 * (so k = 1 gives 0), as sklearn's core distances for HDBSCAN(min_samples = k).
 */
export function kthNeighbourDistances(index: SortedProjection, k: number): Float64Array {
  const { X, order, keys } = index;
  const n = X.rows;
  const d = X.cols;
  const out = new Float64Array(n);
  // a max-heap of the k smallest squared distances seen so far
  const heap = new Float64Array(k);
  for (let r0 = 0; r0 < n; r0++) {
    const i = order[r0]!;
    let size = 0;
    const push = (v: number): void => {
      if (size < k) {
        let c = size++;
        heap[c] = v;
        while (c > 0) {
          const p = (c - 1) >> 1;
          if (heap[p]! >= heap[c]!) break;
          const t = heap[p]!;
          heap[p] = heap[c]!;
          heap[c] = t;
          c = p;
        }
      } else if (v < heap[0]!) {
        heap[0] = v;
        let c = 0;
        for (;;) {
          const l = 2 * c + 1;
          const rr = l + 1;
          let m = c;
          if (l < k && heap[l]! > heap[m]!) m = l;
          if (rr < k && heap[rr]! > heap[m]!) m = rr;
          if (m === c) break;
          const t = heap[m]!;
          heap[m] = heap[c]!;
          heap[c] = t;
          c = m;
        }
      }
    };
    const key = keys[r0]!;
    let lo = r0 - 1;
    let hi = r0;
    // walk outwards in projection order, nearer slab side first, until the slab is wider than the k-th distance
    for (;;) {
      const dl = lo >= 0 ? key - keys[lo]! : Number.POSITIVE_INFINITY;
      const dh = hi < n ? keys[hi]! - key : Number.POSITIVE_INFINITY;
      const step = Math.min(dl, dh);
      if (step === Number.POSITIVE_INFINITY) break;
      if (size === k && step * step > heap[0]!) break;
      if (dh <= dl) push(sqDist(X.data, d, i, order[hi++]!));
      else push(sqDist(X.data, d, i, order[lo--]!));
    }
    out[i] = Math.sqrt(heap[0]!);
  }
  return out;
}
