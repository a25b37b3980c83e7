import { type Matrix, zeros } from '../util/matrix.js';
import { createRng, type Rng } from '../util/rng.js';
import { ClusterError } from './errors.js';
import { type Backend, jsBackend, type LloydBuffers, sqDist } from './kmeans-backend.js';
import { wasmBackend } from './kmeans-wasm.js';

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
  /** 'wasm' (default): the SIMD kernels of wasm/kmeans.ts when available; 'js': plain loops. Both give bit-identical results. */
  kernel?: 'wasm' | 'js';
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

/**
 * k-means++ seeding as sklearn does it: first centre uniform, then for each further centre
 * 2 + ⌊ln k⌋ candidates drawn ∝ D², keeping the one that lowers the potential most.
 */
export function kmeansPlusPlus(X: Matrix, k: number, rng: Rng): Float64Array {
  return plusPlus(jsBackend(X), X.rows, X.cols, k, rng);
}

function plusPlus(be: Backend, n: number, d: number, k: number, rng: Rng): Float64Array {
  const data = be.data;
  const centers = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  const first = rng.int(n);
  centers.set(data.subarray(first * d, first * d + d), 0);
  let [closest, best, candA, candB] = be.rowBuffers();
  // against +Infinity, "min(closest, distance)" is the distance itself
  best.fill(Number.POSITIVE_INFINITY);
  let pot = be.candidates(first, first, best, closest, candA)[0];
  const cum = new Float64Array(n);
  const ids = new Int32Array(trials);
  for (let c = 1; c < k; c++) {
    let acc = 0;
    for (let i = 0; i < n; i++) {
      acc += closest[i]!;
      cum[i] = acc;
    }
    // the draws depend only on this step's cumulative potential, so all are drawn first
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
      ids[t] = Math.min(lo, n - 1);
    }
    let bestPot = Number.POSITIVE_INFINITY;
    let bestId = 0;
    for (let t = 0; t < trials; t += 2) {
      const id1 = t + 1 < trials ? ids[t + 1]! : ids[t]!;
      const [p0, p1] = be.candidates(ids[t]!, id1, closest, candA, candB);
      // candidates are judged in draw order, as one at a time would be
      if (p0 < bestPot) {
        bestPot = p0;
        bestId = ids[t]!;
        [best, candA] = [candA, best];
      }
      if (t + 1 < trials && p1 < bestPot) {
        bestPot = p1;
        bestId = id1;
        [best, candB] = [candB, best];
      }
    }
    pot = bestPot;
    [closest, best] = [best, closest];
    centers.set(data.subarray(bestId * d, bestId * d + d), c * d);
  }
  return centers;
}

/** New centres as cluster means; an empty cluster takes the row farthest from its old centre (as sklearn). */
function updateCenters(be: Backend, b: LloydBuffers, n: number, d: number, k: number, oldCenters: Float64Array, out: Float64Array): void {
  const { labels, counts } = b;
  const data = be.data;
  be.sums(b, k, out);
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
  be: Backend,
  n: number,
  d: number,
  k: number,
  init: Float64Array,
  maxIter: number,
  tol: number,
): { labels: Int32Array; centers: Float64Array; inertia: number; nIter: number } {
  const b = be.lloydBuffers(k);
  let centers = b.centers;
  let next = b.next;
  centers.set(init);
  const { half, moved } = b;
  let maxMove = 0;
  let secondMove = 0;
  let maxMoveC = -1;
  let it = 0;
  for (; it < maxIter; it++) {
    let changed = 0;
    if (it === 0) {
      be.scanAll(b, centers, k);
      changed = n;
    } else {
      computeHalfGaps(centers, k, d, half);
      changed = be.hamerly(b, centers, k, maxMove, secondMove, maxMoveC);
    }
    updateCenters(be, b, n, d, k, centers, next);
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
    [centers, next] = [next, centers];
    if (changed === 0 || shift <= tol) {
      it++;
      break;
    }
  }
  // labels must belong to the final centres (sklearn reruns the assignment step)
  const inertia = be.assign(b, centers, k);
  return { labels: Int32Array.from(b.labels), centers: Float64Array.from(centers), inertia, nIter: it };
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
  const be = (opts.kernel !== 'js' && wasmBackend(n, d, k)) || jsBackend(zeros(n, d));
  const centred = be.data;
  let varSum = 0;
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < d; t++) {
      const v = X.data[i * d + t]! - mean[t]!;
      centred[i * d + t] = v;
      varSum += v * v;
    }
  }
  const tol = (opts.tol ?? 1e-4) * (varSum / n / d);
  const rng = createRng(opts.seed);
  let best: ReturnType<typeof lloyd> | undefined;
  for (let r = 0; r < nInit; r++) {
    const init = plusPlus(be, n, d, k, rng);
    const res = lloyd(be, n, d, k, init, maxIter, tol);
    if (best === undefined || res.inertia < best.inertia) best = res;
  }
  const centers = zeros(k, d);
  for (let c = 0; c < k; c++) for (let t = 0; t < d; t++) centers.data[c * d + t] = best!.centers[c * d + t]! + mean[t]!;
  return { labels: best!.labels, centers, inertia: best!.inertia, nIter: best!.nIter };
}
