// AssemblyScript source of the sampled silhouette's distance sums; wasm/build.sh compiles it into
// src/evaluate/silhouette-wasm-bytes.ts. The two float64 lanes hold two *sampled rows* measured
// against the same other row, so each distance is still the square root of a sum over the columns
// in ascending order, and each row's per-cluster sums still add the other rows in ascending order:
// the same numbers, bit for bit, as the JavaScript loop in src/evaluate/geometry-metrics.ts.

import { interleaveRows } from './pairs';

@inline function row(rows: usize, r: i32): i32 {
  return load<i32>(rows + (<usize>r << 2));
}

@inline function fillPair(data: usize, d: i32, i0: i32, i1: i32, pair: usize): void {
  interleaveRows(data + ((<usize>i0 * <usize>d) << 3), data + ((<usize>i1 * <usize>d) << 3), d, pair);
}

/** Adds lane 0 / lane 1 of dist to the sums of sample rows i0 / i1 (skipping a row's own distance). */
@inline function addPair(dist: v128, j: i32, c: usize, i0: i32, i1: i32, two: bool, s0: usize, k: i32): void {
  if (j != i0) store<f64>(s0 + c, load<f64>(s0 + c) + f64x2.extract_lane(dist, 0));
  const s1 = s0 + (<usize>k << 3);
  if (two && j != i1) store<f64>(s1 + c, load<f64>(s1 + c) + f64x2.extract_lane(dist, 1));
}

/**
 * For the m sampled rows listed in `rows` (i32), the sums of their Euclidean distances to every
 * other row, per cluster of that other row (`codes`, i32, k clusters), into sums (m × k, zeroed
 * here). Eight samples share each pass over the data, so each row is read once per eight.
 * `pair` is scratch for 8 × d values.
 */
export function sampledSums(data: usize, n: i32, d: i32, rows: usize, m: i32, codes: usize, k: i32, sums: usize, pair: usize): void {
  memory.fill(sums, 0, (<usize>m * <usize>k) << 3);
  const stride = <usize>d << 4;
  let r = 0;
  for (; r + 8 <= m; r += 8) {
    for (let q = 0; q < 4; q++) fillPair(data, d, row(rows, r + 2 * q), row(rows, r + 2 * q + 1), pair + <usize>q * stride);
    const base = sums + ((<usize>r * <usize>k) << 3);
    const rowK = <usize>k << 4;
    for (let j = 0; j < n; j++) {
      const x = data + ((<usize>j * <usize>d) << 3);
      let a0 = f64x2.splat(0);
      let a1 = f64x2.splat(0);
      let a2 = f64x2.splat(0);
      let a3 = f64x2.splat(0);
      for (let t = 0; t < d; t++) {
        const xv = f64x2.splat(load<f64>(x + (<usize>t << 3)));
        const o = pair + (<usize>t << 4);
        // sample minus other, as rowDistance(X, sample, X, other) subtracts
        const v0 = f64x2.sub(v128.load(o), xv);
        const v1 = f64x2.sub(v128.load(o + stride), xv);
        const v2 = f64x2.sub(v128.load(o + 2 * stride), xv);
        const v3 = f64x2.sub(v128.load(o + 3 * stride), xv);
        a0 = f64x2.add(a0, f64x2.mul(v0, v0));
        a1 = f64x2.add(a1, f64x2.mul(v1, v1));
        a2 = f64x2.add(a2, f64x2.mul(v2, v2));
        a3 = f64x2.add(a3, f64x2.mul(v3, v3));
      }
      const c = <usize>load<i32>(codes + (<usize>j << 2)) << 3;
      addPair(f64x2.sqrt(a0), j, c, row(rows, r), row(rows, r + 1), true, base, k);
      addPair(f64x2.sqrt(a1), j, c, row(rows, r + 2), row(rows, r + 3), true, base + rowK, k);
      addPair(f64x2.sqrt(a2), j, c, row(rows, r + 4), row(rows, r + 5), true, base + 2 * rowK, k);
      addPair(f64x2.sqrt(a3), j, c, row(rows, r + 6), row(rows, r + 7), true, base + 3 * rowK, k);
    }
  }
  for (; r < m; r += 2) {
    const two = r + 1 < m;
    const i0 = row(rows, r);
    const i1 = two ? row(rows, r + 1) : i0;
    fillPair(data, d, i0, i1, pair);
    const s0 = sums + ((<usize>r * <usize>k) << 3);
    for (let j = 0; j < n; j++) {
      const x = data + ((<usize>j * <usize>d) << 3);
      let s = f64x2.splat(0);
      for (let t = 0; t < d; t++) {
        const v = f64x2.sub(v128.load(pair + (<usize>t << 4)), f64x2.splat(load<f64>(x + (<usize>t << 3))));
        s = f64x2.add(s, f64x2.mul(v, v));
      }
      addPair(f64x2.sqrt(s), j, <usize>load<i32>(codes + (<usize>j << 2)) << 3, i0, i1, two, s0, k);
    }
  }
}

/** First byte after the module's static data (16-byte aligned): where callers may place buffers. */
export function heapBase(): usize {
  return (__heap_base + 15) & ~15;
}
