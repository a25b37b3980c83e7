/**
 * UMAP's fuzzy neighbour graph and layout set-up on flat arrays. umap-js builds the same graph in
 * Map-keyed sparse matrices (a quarter of its run time at 10,000 rows); every value here is computed
 * with the same operations in the same order, so the edges, weights and the initial layout are
 * identical to umap-js 1.4's, bit for bit.
 */

/** umap-js's tolerance of the bandwidth search and floor of a bandwidth relative to the mean distance. */
const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;

/** The k nearest neighbours of each of n rows: indices (−1 when missing) and distances, ascending, row-major n × k. */
export interface KnnGraph {
  n: number;
  k: number;
  indices: Int32Array;
  distances: Float64Array;
}

/** Edges of the symmetric fuzzy graph, sorted by (tail, head), zero weights left out. */
export interface FuzzyEdges {
  tail: Int32Array;
  head: Int32Array;
  weight: Float64Array;
}

/** Per row: the distance to the nearest neighbour (rho) and the bandwidth (sigma) whose memberships sum to log2(k). */
export function smoothKnnDistances(g: KnnGraph): { sigmas: Float64Array; rhos: Float64Array } {
  const { n, k, distances } = g;
  const target = Math.log(k) / Math.log(2);
  const sigmas = new Float64Array(n);
  const rhos = new Float64Array(n);
  const rowMean = (i: number): number => {
    let s = distances[i * k]!;
    for (let j = 1; j < k; j++) s += distances[i * k + j]!;
    return s / k;
  };
  let meanOfMeans: number | undefined;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    // local connectivity 1: rho is the first non-zero distance
    let rho = 0;
    for (let j = 0; j < k; j++) {
      if (distances[o + j]! > 0) {
        rho = distances[o + j]!;
        break;
      }
    }
    rhos[i] = rho;
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let it = 0; it < 64; it++) {
      let psum = 0;
      // the nearest neighbour (column 0) is left out of the sum, as umap-js does
      for (let j = 1; j < k; j++) {
        const d = distances[o + j]! - rho;
        psum += d > 0 ? Math.exp(-(d / mid)) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    let sigma = mid;
    if (rho > 0) {
      const m = rowMean(i);
      if (sigma < MIN_K_DIST_SCALE * m) sigma = MIN_K_DIST_SCALE * m;
    } else {
      if (meanOfMeans === undefined) {
        let s = rowMean(0);
        for (let r = 1; r < n; r++) s += rowMean(r);
        meanOfMeans = s / n;
      }
      if (sigma < MIN_K_DIST_SCALE * meanOfMeans) sigma = MIN_K_DIST_SCALE * meanOfMeans;
    }
    sigmas[i] = sigma;
  }
  return { sigmas, rhos };
}

/**
 * The fuzzy union of the directed membership graph and its transpose, w = a + b − a·b, as edges
 * sorted by (tail, head); weights below max/nEpochs are dropped (they would never be sampled).
 */
export function fuzzyEdges(g: KnnGraph, nEpochs: number): FuzzyEdges {
  const { n, k, indices, distances } = g;
  const { sigmas, rhos } = smoothKnnDistances(g);
  // directed memberships as (row, col, value), later duplicates overwriting earlier ones like Map.set
  const directed = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < k; j++) {
      const c = indices[i * k + j]!;
      if (c === -1) continue;
      const d = distances[i * k + j]!;
      const v = c === i ? 0 : d - rhos[i]! <= 0 ? 1 : Math.exp(-((d - rhos[i]!) / sigmas[i]!));
      directed.set(i * n + c, v);
    }
  }
  const keys: number[] = [];
  for (const key of directed.keys()) {
    keys.push(key);
    const t = (key % n) * n + Math.floor(key / n);
    if (!directed.has(t)) keys.push(t);
  }
  keys.sort((x, y) => x - y);
  const w = new Float64Array(keys.length);
  let max = 0;
  for (let e = 0; e < keys.length; e++) {
    const key = keys[e]!;
    const a = directed.get(key) ?? 0;
    const b = directed.get((key % n) * n + Math.floor(key / n)) ?? 0;
    w[e] = a + b - a * b;
    if (w[e]! > max) max = w[e]!;
  }
  let m = 0;
  for (let e = 0; e < keys.length; e++) if (w[e]! !== 0 && !(w[e]! < max / nEpochs)) m++;
  const out: FuzzyEdges = { tail: new Int32Array(m), head: new Int32Array(m), weight: new Float64Array(m) };
  m = 0;
  for (let e = 0; e < keys.length; e++) {
    if (w[e] === 0 || w[e]! < max / nEpochs) continue;
    out.tail[m] = Math.floor(keys[e]! / n);
    out.head[m] = keys[e]! % n;
    out.weight[m] = w[e]!;
    m++;
  }
  return out;
}

/** umap-js's default number of layout epochs for n rows. */
export function defaultUmapEpochs(n: number): number {
  return n <= 2500 ? 500 : n <= 5000 ? 400 : n <= 7500 ? 300 : 200;
}

/** Epochs between two samples of each edge: the heaviest edge every epoch, others proportionally less often (−1: never). */
export function epochsPerSample(weight: Float64Array, nEpochs: number): Float64Array {
  let max = 0;
  for (const w of weight) max = Math.max(max, w);
  const out = new Float64Array(weight.length).fill(-1);
  for (let e = 0; e < weight.length; e++) {
    const samples = (weight[e]! / max) * nEpochs;
    if (samples > 0) out[e] = nEpochs / samples;
  }
  return out;
}
