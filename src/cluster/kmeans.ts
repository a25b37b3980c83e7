import { type Matrix, zeros } from '../util/matrix.js';
import { createRng, type Rng } from '../util/rng.js';
import { ClusterError } from './errors.js';

/** Options for k-means; defaults mirror sklearn.cluster.KMeans. */
export interface KMeansOptions {
  /** Independent k-means++ restarts; the lowest inertia wins (sklearn n_init, default 10). */
  nInit?: number;
  /** Seed of every random choice (sklearn random_state). */
  seed: number;
  /** Lloyd iterations per restart (default 300). */
  maxIter?: number;
  /** Convergence when the summed squared centre shift ≤ tol × mean column variance (default 1e-4). */
  tol?: number;
}

/** A k-means result. */
export interface KMeansResult {
  /** Cluster index 0..k−1 of every row. */
  labels: Int32Array;
  /** k × d cluster centres. */
  centers: Matrix;
  /** Sum of squared distances of rows to their centre (sklearn inertia_), in squared input units. */
  inertia: number;
  /** Lloyd iterations run by the winning restart. */
  nIter: number;
}

function sqDist(a: Float64Array, ia: number, b: Float64Array, ib: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const v = a[ia + t]! - b[ib + t]!;
    s += v * v;
  }
  return s;
}

/**
 * k-means++ seeding as sklearn does it: first centre uniform, then for each further centre
 * 2 + ⌊ln k⌋ candidates drawn ∝ D², keeping the one that lowers the potential most.
 */
export function kmeansPlusPlus(X: Matrix, k: number, rng: Rng): Float64Array {
  const { rows: n, cols: d, data } = X;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centers.set(data.subarray(first * d, first * d + d), 0);
  let closest = new Float64Array(n);
  let pot = 0;
  for (let i = 0; i < n; i++) {
    closest[i] = sqDist(data, i * d, data, first * d, d);
    pot += closest[i]!;
  }
  const cum = new Float64Array(n);
  let cand = new Float64Array(n);
  let best = new Float64Array(n);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += closest[i]!;
      cum[i] = acc;
    }
    let bestPot = Number.POSITIVE_INFINITY;
    let bestId = 0;
    for (let t = 0; t < trials; t++) {
      const r = rng.next() * pot;
      // numpy.searchsorted(side='left'): first index whose cumulative sum reaches r
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid]! < r) lo = mid + 1;
        else hi = mid;
      }
      const id = Math.min(lo, n - 1);
      const oc = id * d;
      let p = 0;
      for (let i = 0; i < n; i++) {
        const o = i * d;
        let s = 0;
        for (let t = 0; t < d; t++) {
          const v = data[o + t]! - data[oc + t]!;
          s += v * v;
        }
        const c = closest[i]!;
        const v = Math.min(s, c);
        cand[i] = v;
        p += v;
      }
      if (p < bestPot) {
        bestPot = p;
        bestId = id;
        const tmp = best;
        best = cand;
        cand = tmp;
      }
    }
    pot = bestPot;
    const tmp = closest;
    closest = best;
    best = tmp;
    centers.set(data.subarray(bestId * d, bestId * d + d), c * d);
  }
  return centers;
}

/** Assigns each row to its nearest centre; returns the inertia and fills labels and distances. */
function assign(X: Matrix, centers: Float64Array, k: number, labels: Int32Array, dist: Float64Array): number {
  const { rows: n, cols: d, data } = X;
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    const o = i * d;
    let bestD = Number.POSITIVE_INFINITY;
    let bestC = 0;
    for (let c = 0; c < k; c++) {
      const oc = c * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = data[o + t]! - centers[oc + t]!;
        s += v * v;
      }
      if (s < bestD) {
        bestD = s;
        bestC = c;
      }
    }
    labels[i] = bestC;
    dist[i] = bestD;
    inertia += bestD;
  }
  return inertia;
}

/** New centres as cluster means; an empty cluster takes the row farthest from its old centre (as sklearn). */
function updateCenters(
  X: Matrix,
  k: number,
  labels: Int32Array,
  oldCenters: Float64Array,
  out: Float64Array,
): void {
  const { rows: n, cols: d, data } = X;
  out.fill(0);
  const counts = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = labels[i]!;
    counts[c]!++;
    const o = i * d;
    const oc = c * d;
    for (let t = 0; t < d; t++) out[oc + t]! += data[o + t]!;
  }
  const empty: number[] = [];
  for (let c = 0; c < k; c++) if (counts[c] === 0) empty.push(c);
  if (empty.length > 0) {
    const far = new Float64Array(n);
    for (let i = 0; i < n; i++) far[i] = sqDist(data, i * d, oldCenters, labels[i]! * d, d);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => far[b]! - far[a]! || a - b);
    for (let e = 0; e < empty.length; e++) {
      const c = empty[e]!;
      const i = order[e]!;
      const old = labels[i]!;
      for (let t = 0; t < d; t++) {
        out[old * d + t]! -= data[i * d + t]!;
        out[c * d + t] = data[i * d + t]!;
      }
      counts[c] = 1;
      counts[old]!--;
    }
  }
  for (let c = 0; c < k; c++) {
    if (counts[c]! > 0) for (let t = 0; t < d; t++) out[c * d + t]! /= counts[c]!;
  }
}

/**
 * Lloyd iterations with Hamerly's bounds: an upper bound on each row's distance to its centre and
 * a lower bound on the second nearest let most rows skip the k distance computations once the
 * centres settle. The assignments are exactly Lloyd's (the bounds only prove what a full scan
 * would find), so the result equals plain Lloyd's up to exact ties.
 */
function lloyd(
  X: Matrix,
  k: number,
  init: Float64Array,
  maxIter: number,
  tol: number,
): { labels: Int32Array; centers: Float64Array; inertia: number; nIter: number } {
  const { rows: n, cols: d, data } = X;
  let centers = Float64Array.from(init);
  let next = new Float64Array(k * d);
  const labels = new Int32Array(n).fill(-1);
  const dist = new Float64Array(n);
  const upper = new Float64Array(n);
  const lower = new Float64Array(n);
  const half = new Float64Array(k);
  const moved = new Float64Array(k);
  let maxMove = 0;
  let secondMove = 0;
  let maxMoveC = -1;
  let it = 0;
  for (; it < maxIter; it++) {
    let changed = 0;
    if (it === 0) {
      for (let i = 0; i < n; i++) {
        fullScan(data, i * d, centers, k, d, i, labels, upper, lower);
        changed++;
      }
    } else {
      computeHalfGaps(centers, k, d, half);
      for (let i = 0; i < n; i++) {
        const a = labels[i]!;
        // carry the bounds over the last centre moves, then test them
        const u = upper[i]! + moved[a]!;
        const l = lower[i]! - (a === maxMoveC ? secondMove : maxMove);
        upper[i] = u;
        lower[i] = l;
        const m = Math.max(half[a]!, l);
        if (u <= m) continue;
        const exact = Math.sqrt(sqDist(data, i * d, centers, a * d, d));
        upper[i] = exact;
        if (exact <= m) continue;
        fullScan(data, i * d, centers, k, d, i, labels, upper, lower);
        if (labels[i] !== a) changed++;
      }
    }
    updateCenters(X, k, labels, centers, next);
    let shift = 0;
    maxMove = 0;
    secondMove = 0;
    maxMoveC = -1;
    for (let c = 0; c < k; c++) {
      const m2 = sqDist(next, c * d, centers, c * d, d);
      shift += m2;
      const m = Math.sqrt(m2);
      moved[c] = m;
      if (m > maxMove) {
        secondMove = maxMove;
        maxMove = m;
        maxMoveC = c;
      } else if (m > secondMove) secondMove = m;
    }
    const tmp = centers;
    centers = next;
    next = tmp;
    if (changed === 0 || shift <= tol) {
      it++;
      break;
    }
  }
  // labels must belong to the final centres (sklearn reruns the assignment step)
  const inertia = assign(X, centers, k, labels, dist);
  return { labels, centers, inertia, nIter: it };
}

function fullScan(
  data: Float64Array,
  o: number,
  centers: Float64Array,
  k: number,
  d: number,
  i: number,
  labels: Int32Array,
  upper: Float64Array,
  lower: Float64Array,
): void {
  let b1 = Number.POSITIVE_INFINITY;
  let b2 = Number.POSITIVE_INFINITY;
  let c1 = 0;
  for (let c = 0; c < k; c++) {
    const oc = c * d;
    let s = 0;
    for (let t = 0; t < d; t++) {
      const v = data[o + t]! - centers[oc + t]!;
      s += v * v;
    }
    if (s < b1) {
      b2 = b1;
      b1 = s;
      c1 = c;
    } else if (s < b2) b2 = s;
  }
  labels[i] = c1;
  upper[i] = Math.sqrt(b1);
  lower[i] = Math.sqrt(b2);
}

/** Half the distance from each centre to its nearest other centre. */
function computeHalfGaps(centers: Float64Array, k: number, d: number, half: Float64Array): void {
  half.fill(Number.POSITIVE_INFINITY);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      const v = 0.5 * Math.sqrt(sqDist(centers, a * d, centers, b * d, d));
      if (v < half[a]!) half[a] = v;
      if (v < half[b]!) half[b] = v;
    }
  }
}

/**
 * k-means (sklearn KMeans, algorithm 'lloyd', init 'k-means++'): nInit seeded restarts, the one
 * with the lowest inertia kept. Rows are centred internally for accuracy, as sklearn does.
 */
export function kmeans(X: Matrix, k: number, opts: KMeansOptions): KMeansResult {
  const { rows: n, cols: d } = X;
  if (!Number.isInteger(k) || k < 1) throw new ClusterError(`kmeans: k must be a positive integer, got ${k}`);
  if (n < k) throw new ClusterError(`kmeans: ${n} rows cannot form ${k} clusters`);
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i]!)) {
      throw new ClusterError(`kmeans: value at row ${Math.floor(i / d)}, column ${i % d} is ${X.data[i]}`);
    }
  }
  const nInit = opts.nInit ?? 10;
  const maxIter = opts.maxIter ?? 300;
  const mean = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let t = 0; t < d; t++) mean[t]! += X.data[i * d + t]!;
  for (let t = 0; t < d; t++) mean[t]! /= n;
  const centred = zeros(n, d);
  let varSum = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) {
      const v = X.data[i * d + t]! - mean[t]!;
      centred.data[i * d + t] = v;
      varSum += v * v;
    }
  }
  const tol = (opts.tol ?? 1e-4) * (varSum / n / d);
  const rng = createRng(opts.seed);
  let best: ReturnType<typeof lloyd> | undefined;
  for (let r = 0; r < nInit; r++) {
    const init = kmeansPlusPlus(centred, k, rng);
    const res = lloyd(centred, k, init, maxIter, tol);
    if (best === undefined || res.inertia < best.inertia) best = res;
  }
  const centers = zeros(k, d);
  for (let c = 0; c < k; c++) for (let t = 0; t < d; t++) centers.data[c * d + t] = best!.centers[c * d + t]! + mean[t]!;
  return { labels: best!.labels, centers, inertia: best!.inertia, nIter: best!.nIter };
}
