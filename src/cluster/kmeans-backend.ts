import type { Matrix } from '../util/matrix.js';

/** Squared distance between row ia of a and row ib of b (d columns), columns in ascending order. */
export function sqDist(a: Float64Array, ia: number, b: Float64Array, ib: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) {
    const v = a[ia + t]! - b[ib + t]!;
    s += v * v;
  }
  return s;
}

/**
 * The row-wise work of k-means++ and Lloyd's iterations, on plain arrays (JavaScript) or in a
 * WASM memory (SIMD kernels). Both sum every squared distance over the columns in ascending order,
 * so they give bit-identical results; the loop logic around them is shared.
 */
export interface Backend {
  /** The centred rows (n × d). */
  data: Float64Array;
  /**
   * For rows id0 and id1: min(closest, squared distance to the row) per row into out0/out1, and
   * their sums in row order. When id1 equals id0, out1 may be left unset (the sums are equal).
   */
  candidates(id0: number, id1: number, closest: Float64Array, out0: Float64Array, out1: Float64Array): [number, number];
  /** Row buffers of length n for k-means++ (closest distances and candidate results). */
  rowBuffers(): [Float64Array, Float64Array, Float64Array, Float64Array];
  /** Buffers of Lloyd's iterations. */
  lloydBuffers(k: number): LloydBuffers;
  /** Every row's nearest and second-nearest centre (first iteration). */
  scanAll(b: LloydBuffers, centers: Float64Array, k: number): void;
  /** Hamerly's pass over the rows after the centres moved; returns how many rows changed centre. */
  hamerly(b: LloydBuffers, centers: Float64Array, k: number, maxMove: number, secondMove: number, maxMoveC: number): number;
  /** Per-centre sums of the rows into out and counts into b.counts. */
  sums(b: LloydBuffers, k: number, out: Float64Array): void;
  /** Final nearest-centre labels; returns the inertia. */
  assign(b: LloydBuffers, centers: Float64Array, k: number): number;
}

export interface LloydBuffers {
  centers: Float64Array;
  next: Float64Array;
  labels: Int32Array;
  upper: Float64Array;
  lower: Float64Array;
  dist: Float64Array;
  half: Float64Array;
  moved: Float64Array;
  counts: Float64Array;
}

// squared distances to the nearest and second-nearest centre, and the nearest one, of the last scan
let best1 = 0;
let best2 = 0;
let bestC = 0;

/** Scans the centres in order for the row at offset o (first centre wins ties): sets best1, best2, bestC. */
function scan(data: Float64Array, o: number, centers: Float64Array, k: number, d: number): void {
  let b1 = Number.POSITIVE_INFINITY;
  let b2 = Number.POSITIVE_INFINITY;
  let c1 = 0;
  for (let c = 0; c < k; c++) {
    const s = sqDist(data, o, centers, c * d, d);
    if (s < b1) {
      b2 = b1;
      b1 = s;
      c1 = c;
    } else if (s < b2) b2 = s;
  }
  best1 = b1;
  best2 = b2;
  bestC = c1;
}

/** Nearest centre of row i and Hamerly's bounds (distances to the nearest and second nearest). */
function fullScan(data: Float64Array, centers: Float64Array, k: number, d: number, i: number, b: LloydBuffers): void {
  scan(data, i * d, centers, k, d);
  b.labels[i] = bestC;
  b.upper[i] = Math.sqrt(best1);
  b.lower[i] = Math.sqrt(best2);
}

/** min(closest, squared distance to row id) per row into out; returns their sum in row order. */
function candidate(data: Float64Array, n: number, d: number, id: number, closest: Float64Array, out: Float64Array): number {
  let p = 0;
  for (let i = 0; i < n; i++) {
    const v = Math.min(sqDist(data, i * d, data, id * d, d), closest[i]!);
    out[i] = v;
    p += v;
  }
  return p;
}

function hamerlyPass(
  data: Float64Array,
  n: number,
  d: number,
  centers: Float64Array,
  k: number,
  b: LloydBuffers,
  maxMove: number,
  secondMove: number,
  maxMoveC: number,
): number {
  const { labels, upper, lower, half, moved } = b;
  let changed = 0;
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
    fullScan(data, centers, k, d, i, b);
    if (labels[i] !== a) changed++;
  }
  return changed;
}

function assign(data: Float64Array, n: number, d: number, centers: Float64Array, k: number, labels: Int32Array, dist: Float64Array): number {
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    scan(data, i * d, centers, k, d);
    labels[i] = bestC;
    dist[i] = best1;
    inertia += best1;
  }
  return inertia;
}

/** The backend on plain arrays: X.data holds the centred rows. */
export function jsBackend(X: Matrix): Backend {
  const { rows: n, cols: d, data } = X;
  return {
    data,
    candidates(id0, id1, closest, out0, out1) {
      const p0 = candidate(data, n, d, id0, closest, out0);
      // the same row twice (an odd last draw, or two equal draws) has the same potential
      return [p0, id1 === id0 ? p0 : candidate(data, n, d, id1, closest, out1)];
    },
    rowBuffers: () => [new Float64Array(n), new Float64Array(n), new Float64Array(n), new Float64Array(n)],
    lloydBuffers: (k) => ({
      centers: new Float64Array(k * d),
      next: new Float64Array(k * d),
      labels: new Int32Array(n),
      upper: new Float64Array(n),
      lower: new Float64Array(n),
      dist: new Float64Array(n),
      half: new Float64Array(k),
      moved: new Float64Array(k),
      counts: new Float64Array(k),
    }),
    scanAll(b, centers, k) {
      for (let i = 0; i < n; i++) fullScan(data, centers, k, d, i, b);
    },
    hamerly: (b, centers, k, maxMove, secondMove, maxMoveC) => hamerlyPass(data, n, d, centers, k, b, maxMove, secondMove, maxMoveC),
    sums(b, _k, out) {
      const { labels, counts } = b;
      out.fill(0);
      counts.fill(0);
      for (let i = 0; i < n; i++) {
        const c = labels[i]!;
        counts[c]!++;
        const o = i * d;
        const oc = c * d;
        for (let t = 0; t < d; t++) out[oc + t]! += data[o + t]!;
      }
    },
    assign: (b, centers, k) => assign(data, n, d, centers, k, b.labels, b.dist),
  };
}
