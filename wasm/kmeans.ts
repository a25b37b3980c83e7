// AssemblyScript source of the k-means kernels (Lloyd with Hamerly's bounds, k-means++ candidate
// potentials); wasm/build.sh compiles it into src/cluster/kmeans-wasm-bytes.ts. Every squared
// distance is summed over the columns in ascending order, one multiply then one add, exactly as
// the JavaScript in src/cluster/kmeans-backend.ts does; the two SIMD lanes hold two *centres* (or two
// candidates) measured against the same row, never two halves of one sum. So both give the same
// labels, centres and inertia bit for bit. Pointers are byte offsets into this module's memory.

import { interleaveRows } from './pairs';

/** Squared distance between row a and row b (d columns each), columns in ascending order. */
@inline function sqDist(a: usize, b: usize, d: i32): f64 {
  let s: f64 = 0;
  for (let t = 0; t < d; t++) {
    const v = load<f64>(a + (<usize>t << 3)) - load<f64>(b + (<usize>t << 3));
    s += v * v;
  }
  return s;
}

/** Squared distances from row x to the two centres interleaved at pair (lane 0, lane 1). */
@inline function sqDist2(x: usize, pair: usize, d: i32): v128 {
  let s = f64x2.splat(0);
  for (let t = 0; t < d; t++) {
    const v = f64x2.sub(f64x2.splat(load<f64>(x + (<usize>t << 3))), v128.load(pair + (<usize>t << 4)));
    s = f64x2.add(s, f64x2.mul(v, v));
  }
  return s;
}

/** The k × d centres as ⌈k/2⌉ interleaved pairs (pair q, column t: centre 2q, centre 2q+1); an odd last centre pairs with itself. */
export function interleave(centers: usize, k: i32, d: i32, pairs: usize): void {
  for (let q = 0; q < (k + 1) >> 1; q++) {
    const c0 = 2 * q;
    const c1 = c0 + 1 < k ? c0 + 1 : c0;
    interleaveRows(centers + ((<usize>c0 * <usize>d) << 3), centers + ((<usize>c1 * <usize>d) << 3), d, pairs + ((<usize>q * <usize>d) << 4));
  }
}

// nearest and second-nearest of the last scan
let best1: f64 = 0;
let best2: f64 = 0;
let bestC: i32 = 0;

/** Scans every centre for row x in centre order: fills best1, best2 (squared) and bestC. */
@inline function scan(x: usize, pairs: usize, k: i32, d: i32): void {
  let b1 = Infinity;
  let b2 = Infinity;
  let c1 = 0;
  for (let q = 0; q < (k + 1) >> 1; q++) {
    const s = sqDist2(x, pairs + ((<usize>q * <usize>d) << 4), d);
    const s0 = f64x2.extract_lane(s, 0);
    if (s0 < b1) {
      b2 = b1;
      b1 = s0;
      c1 = 2 * q;
    } else if (s0 < b2) b2 = s0;
    if (2 * q + 1 < k) {
      const s1 = f64x2.extract_lane(s, 1);
      if (s1 < b1) {
        b2 = b1;
        b1 = s1;
        c1 = 2 * q + 1;
      } else if (s1 < b2) b2 = s1;
    }
  }
  best1 = b1;
  best2 = b2;
  bestC = c1;
}

/** Lloyd's first assignment: every row scanned; labels, upper (distance to its centre) and lower (to the second nearest). */
export function scanAll(data: usize, n: i32, d: i32, pairs: usize, k: i32, labels: usize, upper: usize, lower: usize): void {
  for (let i = 0; i < n; i++) {
    scan(data + ((<usize>i * <usize>d) << 3), pairs, k, d);
    store<i32>(labels + (<usize>i << 2), bestC);
    store<f64>(upper + (<usize>i << 3), Math.sqrt(best1));
    store<f64>(lower + (<usize>i << 3), Math.sqrt(best2));
  }
}

/**
 * One Hamerly pass after the centres moved (moved[c]: how far centre c moved; maxMove/secondMove
 * the two largest moves, maxMoveC the centre of the largest; half[c]: half the gap from centre c
 * to its nearest other centre). Returns how many rows changed centre.
 */
export function hamerlyPass(
  data: usize,
  n: i32,
  d: i32,
  centers: usize,
  pairs: usize,
  k: i32,
  labels: usize,
  upper: usize,
  lower: usize,
  half: usize,
  moved: usize,
  maxMove: f64,
  secondMove: f64,
  maxMoveC: i32,
): i32 {
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const a = load<i32>(labels + (<usize>i << 2));
    const u = load<f64>(upper + (<usize>i << 3)) + load<f64>(moved + (<usize>a << 3));
    const l = load<f64>(lower + (<usize>i << 3)) - (a == maxMoveC ? secondMove : maxMove);
    store<f64>(upper + (<usize>i << 3), u);
    store<f64>(lower + (<usize>i << 3), l);
    const m = Math.max(load<f64>(half + (<usize>a << 3)), l);
    if (u <= m) continue;
    const x = data + ((<usize>i * <usize>d) << 3);
    const exact = Math.sqrt(sqDist(x, centers + ((<usize>a * <usize>d) << 3), d));
    store<f64>(upper + (<usize>i << 3), exact);
    if (exact <= m) continue;
    scan(x, pairs, k, d);
    store<i32>(labels + (<usize>i << 2), bestC);
    store<f64>(upper + (<usize>i << 3), Math.sqrt(best1));
    store<f64>(lower + (<usize>i << 3), Math.sqrt(best2));
    if (bestC != a) changed++;
  }
  return changed;
}

/** Per-centre sums of the rows (k × d, rows in ascending order) and counts (f64), for the centre update. */
export function clusterSums(data: usize, n: i32, d: i32, labels: usize, k: i32, sums: usize, counts: usize): void {
  memory.fill(sums, 0, (<usize>k * <usize>d) << 3);
  memory.fill(counts, 0, <usize>k << 3);
  const d2 = d & ~1;
  for (let i = 0; i < n; i++) {
    const c = load<i32>(labels + (<usize>i << 2));
    store<f64>(counts + (<usize>c << 3), load<f64>(counts + (<usize>c << 3)) + 1);
    const x = data + ((<usize>i * <usize>d) << 3);
    const o = sums + ((<usize>c * <usize>d) << 3);
    let t = 0;
    for (; t < d2; t += 2) v128.store(o + (<usize>t << 3), f64x2.add(v128.load(o + (<usize>t << 3)), v128.load(x + (<usize>t << 3))));
    for (; t < d; t++) store<f64>(o + (<usize>t << 3), load<f64>(o + (<usize>t << 3)) + load<f64>(x + (<usize>t << 3)));
  }
}

/** Final assignment to the nearest centre (first in centre order on ties): labels, squared distances, and their sum in row order. */
export function assignAll(data: usize, n: i32, d: i32, pairs: usize, k: i32, labels: usize, dist: usize): f64 {
  let inertia: f64 = 0;
  for (let i = 0; i < n; i++) {
    scan(data + ((<usize>i * <usize>d) << 3), pairs, k, d);
    store<i32>(labels + (<usize>i << 2), bestC);
    store<f64>(dist + (<usize>i << 3), best1);
    inertia += best1;
  }
  return inertia;
}

/**
 * k-means++ candidates: for the two rows id0 and id1 (interleaved into `pair`, d × 2), each row's
 * min(closest, squared distance to the candidate) into out0 / out1 and their sums (row order) into
 * pots[0] / pots[1].
 */
export function candidatePotentials(data: usize, n: i32, d: i32, id0: i32, id1: i32, pair: usize, closest: usize, out0: usize, out1: usize, pots: usize): void {
  interleaveRows(data + ((<usize>id0 * <usize>d) << 3), data + ((<usize>id1 * <usize>d) << 3), d, pair);
  let p0: f64 = 0;
  let p1: f64 = 0;
  for (let i = 0; i < n; i++) {
    const s = sqDist2(data + ((<usize>i * <usize>d) << 3), pair, d);
    const c = load<f64>(closest + (<usize>i << 3));
    const v0 = Math.min(f64x2.extract_lane(s, 0), c);
    const v1 = Math.min(f64x2.extract_lane(s, 1), c);
    store<f64>(out0 + (<usize>i << 3), v0);
    store<f64>(out1 + (<usize>i << 3), v1);
    p0 += v0;
    p1 += v1;
  }
  store<f64>(pots, p0);
  store<f64>(pots + 8, p1);
}

/** First byte after the module's static data (16-byte aligned): where callers may place buffers. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
