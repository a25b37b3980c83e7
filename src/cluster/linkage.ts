import type { Matrix } from '../util/matrix.js';
import { ClusterError } from './errors.js';
import { wardCentroidChain } from './ward-centroid.js';

/** Agglomerative linkage criteria (scipy.cluster.hierarchy.linkage names). */
export type LinkageMethod = 'ward' | 'average' | 'complete' | 'single';

/** Precomputed distances: scipy's condensed upper triangle (pdist order) of n points. */
export interface Condensed {
  condensed: Float64Array;
  n: number;
}

/** Largest condensed distance array (in bytes) agglomerative clustering will allocate: 2 GiB. */
export const MAX_CONDENSED_BYTES = 2 * 1024 ** 3;

/** Largest number of rows whose Float64 condensed distances fit in MAX_CONDENSED_BYTES (23,170). */
export const MAX_AGGLOMERATIVE_ROWS = Math.floor((1 + Math.sqrt(1 + (4 * MAX_CONDENSED_BYTES) / 8 * 2)) / 2);

/** Largest full square distance matrix the NN-chain copies to for speed: 512 MiB (n ≤ 8,192). */
export const SQUARE_MAX_BYTES = 512 * 1024 ** 2;

/**
 * Throws ClusterError when n rows need more than MAX_CONDENSED_BYTES of pairwise distances (every
 * linkage except ward and single on feature rows, which need no distance matrix).
 */
export function assertAgglomerativeFits(n: number): void {
  const bytes = ((n * (n - 1)) / 2) * 8;
  if (bytes > MAX_CONDENSED_BYTES) {
    throw new ClusterError(
      `agglomerative clustering of ${n} rows needs ${(bytes / 1024 ** 3).toFixed(1)} GiB of pairwise distances, ` +
        `above the 2 GiB limit (at most ${MAX_AGGLOMERATIVE_ROWS} rows); use ward or single linkage on features, or --method kmeans, for libraries this large`,
    );
  }
}

function isCondensed(x: Matrix | Condensed): x is Condensed {
  return (x as Condensed).condensed !== undefined;
}

/** The condensed Euclidean distances of X's rows (scipy pdist: sqrt of the summed squared differences). */
export function condensedDistances(X: Matrix): Float64Array {
  const { rows: n, cols: d, data } = X;
  assertAgglomerativeFits(n);
  const out = new Float64Array((n * (n - 1)) / 2);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = data[oi + t]! - data[oj + t]!;
        s += v * v;
      }
      out[k++] = Math.sqrt(s);
    }
  }
  return out;
}

/** Row offset of i in a condensed array: index(i, j) = rowStart(i) + j − i − 1 for i < j. */
function rowStarts(n: number): Float64Array {
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) s[i] = n * i - (i * (i + 1)) / 2 - i - 1;
  return s;
}

/**
 * Hierarchical clustering in scipy's linkage-matrix layout: (n−1) rows of [a, b, height, size],
 * sorted by height (stable), clusters numbered as scipy does (n + row for merged clusters, smaller
 * id first). Ward, average and complete use the nearest-neighbour chain over a condensed Float64
 * distance array (O(n²) time, n(n−1)/2 doubles); single linkage uses Prim's minimum spanning tree.
 * Input: feature rows (Euclidean distances) or `{ condensed, n }` precomputed distances (not modified).
 * While an n × n Float64 copy fits in SQUARE_MAX_BYTES (n ≤ 8,192) the chain runs on that copy for
 * speed (same merges). Ward on feature rows above that size runs the chain on cluster centroids
 * instead (no distance matrix, no row limit; same merges up to rounding), and single linkage on
 * feature rows always computes distances inside Prim's loop (no matrix, no limit). `layout` forces
 * a path for ward, average and complete.
 */
export function linkage(
  X: Matrix | Condensed,
  method: LinkageMethod,
  opts: { layout?: 'square' | 'condensed' | 'centroid' } = {},
): Float64Array {
  const n = isCondensed(X) ? X.n : X.rows;
  if (n < 2) throw new ClusterError(`linkage: needs at least 2 rows, got ${n}`);
  const fitsSquare = n * n * 8 <= SQUARE_MAX_BYTES;
  const layout = opts.layout ?? (fitsSquare ? 'square' : method === 'ward' && !isCondensed(X) ? 'centroid' : 'condensed');
  if (method === 'single' && !isCondensed(X)) {
    assertFiniteRows(X);
    const Z = mstSingleFeatures(X);
    sortAndLabel(Z, n);
    return Z;
  }
  if (layout === 'centroid') {
    if (method !== 'ward' || isCondensed(X)) {
      throw new ClusterError(`linkage: the centroid layout needs ward linkage on feature rows, got ${method}${isCondensed(X) ? ' on precomputed distances' : ''}`);
    }
    assertFiniteRows(X);
    const Z = wardCentroidChain(X);
    sortAndLabel(Z, n);
    return Z;
  }
  assertAgglomerativeFits(n);
  const square = method !== 'single' && layout === 'square';
  let Z: Float64Array;
  if (isCondensed(X)) {
    if (X.condensed.length !== (n * (n - 1)) / 2) {
      throw new ClusterError(`linkage: condensed distances of ${n} points need ${(n * (n - 1)) / 2} values, got ${X.condensed.length}`);
    }
    for (const v of X.condensed) {
      if (!(v >= 0) || !Number.isFinite(v)) throw new ClusterError(`linkage: distances must be finite and ≥ 0, found ${v}`);
    }
    // the caller's array is never modified: the chains work on copies
    if (method === 'single') Z = mstSingle(X.condensed, n);
    else if (square) Z = nnChainSquare(squareFromCondensed(X.condensed, n), n, method);
    else Z = nnChain(Float64Array.from(X.condensed), n, method);
  } else {
    // single linkage on features returned above
    const m = method as Exclude<LinkageMethod, 'single'>;
    assertFiniteRows(X);
    if (square) Z = nnChainSquare(squareDistances(X), n, m);
    else Z = nnChain(condensedDistances(X), n, m);
  }
  sortAndLabel(Z, n);
  return Z;
}

function assertFiniteRows(X: Matrix): void {
  for (let i = 0; i < X.data.length; i++) {
    if (!Number.isFinite(X.data[i]!)) {
      throw new ClusterError(`linkage: value at row ${Math.floor(i / X.cols)}, column ${i % X.cols} is ${X.data[i]}`);
    }
  }
}

function nnChain(D: Float64Array, n: number, method: Exclude<LinkageMethod, 'single'>): Float64Array {
  const Z = new Float64Array((n - 1) * 4);
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  const rs = rowStarts(n);
  const idx = (i: number, j: number): number => (i < j ? rs[i]! + j : rs[j]! + i);
  let chainLength = 0;
  for (let k = 0; k < n - 1; k++) {
    if (chainLength === 0) {
      chainLength = 1;
      for (let i = 0; i < n; i++) {
        if (size[i]! > 0) {
          chain[0] = i;
          break;
        }
      }
    }
    let x = 0;
    let y = 0;
    let currentMin = 0;
    for (;;) {
      x = chain[chainLength - 1]!;
      // prefer the previous chain element on ties so the chain cannot cycle
      if (chainLength > 1) {
        y = chain[chainLength - 2]!;
        currentMin = D[idx(x, y)]!;
      } else {
        currentMin = Number.POSITIVE_INFINITY;
      }
      for (let i = 0; i < x; i++) {
        if (size[i] === 0) continue;
        const dist = D[rs[i]! + x]!;
        if (dist < currentMin) {
          currentMin = dist;
          y = i;
        }
      }
      const base = rs[x]!;
      for (let i = x + 1; i < n; i++) {
        if (size[i] === 0) continue;
        const dist = D[base + i]!;
        if (dist < currentMin) {
          currentMin = dist;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x]!;
    const ny = size[y]!;
    Z[k * 4] = x;
    Z[k * 4 + 1] = y;
    Z[k * 4 + 2] = currentMin;
    Z[k * 4 + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    // Lance–Williams updates of the merged cluster (kept at index y) to every other cluster
    for (let i = 0; i < n; i++) {
      const ni = size[i]!;
      if (ni === 0 || i === y) continue;
      const ix = idx(i, x);
      const iy = idx(i, y);
      const dxi = D[ix]!;
      const dyi = D[iy]!;
      let v: number;
      if (method === 'ward') {
        const t = 1 / (nx + ny + ni);
        v = Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * currentMin * currentMin);
      } else if (method === 'average') {
        v = (nx * dxi + ny * dyi) / (nx + ny);
      } else {
        v = Math.max(dxi, dyi);
      }
      D[iy] = v;
    }
  }
  return Z;
}

/** A full n × n copy of condensed distances. */
function squareFromCondensed(Dc: Float64Array, n: number): Float64Array {
  const D = new Float64Array(n * n);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      D[i * n + j] = Dc[p]!;
      D[j * n + i] = Dc[p++]!;
    }
  }
  return D;
}

/** The full n × n Euclidean distance matrix of X's rows (each pair computed once, like pdist). */
function squareDistances(X: Matrix): Float64Array {
  const { rows: n, cols: d, data } = X;
  const D = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const oi = i * d;
    for (let j = i + 1; j < n; j++) {
      const oj = j * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = data[oi + t]! - data[oj + t]!;
        s += v * v;
      }
      const r = Math.sqrt(s);
      D[i * n + j] = r;
      D[j * n + i] = r;
    }
  }
  return D;
}

/**
 * The nearest-neighbour chain on a full square copy of the distances: the same merges as nnChain,
 * but every scan reads one contiguous row, which is several times faster once the matrix outgrows
 * the CPU caches. Used while the square matrix stays within SQUARE_MAX_BYTES.
 */
function nnChainSquare(D: Float64Array, n: number, method: Exclude<LinkageMethod, 'single'>): Float64Array {
  const Z = new Float64Array((n - 1) * 4);
  const size = new Int32Array(n).fill(1);
  const chain = new Int32Array(n);
  // alive clusters in ascending index order, compacted now and then so scans skip dead ones
  let alive = Int32Array.from({ length: n }, (_, i) => i);
  let nAlive = n;
  let dead = 0;
  let chainLength = 0;
  for (let k = 0; k < n - 1; k++) {
    if (dead > nAlive / 4) {
      const next = new Int32Array(n - k);
      let m = 0;
      for (let r = 0; r < nAlive; r++) if (size[alive[r]!]! > 0) next[m++] = alive[r]!;
      alive = next;
      nAlive = m;
      dead = 0;
    }
    if (chainLength === 0) {
      chainLength = 1;
      for (let r = 0; r < nAlive; r++) {
        if (size[alive[r]!]! > 0) {
          chain[0] = alive[r]!;
          break;
        }
      }
    }
    let x = 0;
    let y = 0;
    let currentMin = 0;
    for (;;) {
      x = chain[chainLength - 1]!;
      if (chainLength > 1) {
        y = chain[chainLength - 2]!;
        currentMin = D[x * n + y]!;
      } else {
        currentMin = Number.POSITIVE_INFINITY;
      }
      const row = x * n;
      for (let r = 0; r < nAlive; r++) {
        const i = alive[r]!;
        if (size[i] === 0 || i === x) continue;
        const dist = D[row + i]!;
        if (dist < currentMin) {
          currentMin = dist;
          y = i;
        }
      }
      if (chainLength > 1 && y === chain[chainLength - 2]) break;
      chain[chainLength++] = y;
    }
    chainLength -= 2;
    if (x > y) {
      const t = x;
      x = y;
      y = t;
    }
    const nx = size[x]!;
    const ny = size[y]!;
    Z[k * 4] = x;
    Z[k * 4 + 1] = y;
    Z[k * 4 + 2] = currentMin;
    Z[k * 4 + 3] = nx + ny;
    size[x] = 0;
    size[y] = nx + ny;
    dead++;
    const rx = x * n;
    const ry = y * n;
    for (let r = 0; r < nAlive; r++) {
      const i = alive[r]!;
      const ni = size[i]!;
      if (ni === 0 || i === y) continue;
      const dxi = D[rx + i]!;
      const dyi = D[ry + i]!;
      let v: number;
      if (method === 'ward') {
        const t = 1 / (nx + ny + ni);
        v = Math.sqrt((ni + nx) * t * dxi * dxi + (ni + ny) * t * dyi * dyi - ni * t * currentMin * currentMin);
      } else if (method === 'average') {
        v = (nx * dxi + ny * dyi) / (nx + ny);
      } else {
        v = Math.max(dxi, dyi);
      }
      D[ry + i] = v;
      D[i * n + y] = v;
    }
  }
  return Z;
}

function mstSingle(D: Float64Array, n: number): Float64Array {
  const Z = new Float64Array((n - 1) * 4);
  const merged = new Uint8Array(n);
  const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const rs = rowStarts(n);
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    let currentMin = Number.POSITIVE_INFINITY;
    let y = -1;
    merged[x] = 1;
    for (let i = 0; i < n; i++) {
      if (merged[i] === 1) continue;
      const dist = D[i < x ? rs[i]! + x : rs[x]! + i]!;
      if (best[i]! > dist) best[i] = dist;
      if (best[i]! < currentMin || y < 0) {
        y = i;
        currentMin = best[i]!;
      }
    }
    Z[k * 4] = x;
    Z[k * 4 + 1] = y;
    Z[k * 4 + 2] = currentMin;
    x = y;
  }
  return Z;
}

/**
 * Prim's MST for single linkage straight from feature rows: each pair distance is computed once, as
 * pdist would, and nothing n × n is stored (O(n) memory), so single linkage on features has no row limit.
 */
function mstSingleFeatures(X: Matrix): Float64Array {
  const { rows: n, cols: d, data } = X;
  const Z = new Float64Array((n - 1) * 4);
  const merged = new Uint8Array(n);
  const best = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  let x = 0;
  for (let k = 0; k < n - 1; k++) {
    let currentMin = Number.POSITIVE_INFINITY;
    let y = -1;
    merged[x] = 1;
    const ox = x * d;
    for (let i = 0; i < n; i++) {
      if (merged[i] === 1) continue;
      const oi = i * d;
      let s = 0;
      for (let t = 0; t < d; t++) {
        const v = data[ox + t]! - data[oi + t]!;
        s += v * v;
      }
      const dist = Math.sqrt(s);
      if (best[i]! > dist) best[i] = dist;
      if (best[i]! < currentMin || y < 0) {
        y = i;
        currentMin = best[i]!;
      }
    }
    Z[k * 4] = x;
    Z[k * 4 + 1] = y;
    Z[k * 4 + 2] = currentMin;
    x = y;
  }
  return Z;
}

/** Stable sort by height, then scipy's relabelling: union-find ids n, n+1, … in row order. */
function sortAndLabel(Z: Float64Array, n: number): void {
  const m = n - 1;
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => Z[a * 4 + 2]! - Z[b * 4 + 2]! || a - b);
  const copy = Float64Array.from(Z);
  for (let r = 0; r < m; r++) for (let c = 0; c < 4; c++) Z[r * 4 + c] = copy[order[r]! * 4 + c]!;
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const size = new Float64Array(2 * n - 1).fill(1);
  const find = (x: number): number => {
    let p = x;
    while (parent[p] !== p) p = parent[p]!;
    while (parent[x] !== p) {
      const nx = parent[x]!;
      parent[x] = p;
      x = nx;
    }
    return p;
  };
  let next = n;
  for (let r = 0; r < m; r++) {
    const a = find(Z[r * 4]!);
    const b = find(Z[r * 4 + 1]!);
    Z[r * 4] = Math.min(a, b);
    Z[r * 4 + 1] = Math.max(a, b);
    parent[a] = next;
    parent[b] = next;
    size[next] = size[a]! + size[b]!;
    Z[r * 4 + 3] = size[next]!;
    next++;
  }
}

/**
 * Flat clusters from a linkage matrix: undoes the last k − 1 merges (scipy fcluster 'maxclust' /
 * sklearn's tree cut for monotone linkages). Labels 0..k−1 numbered by first appearance.
 */
export function cutTree(Z: Float64Array, n: number, k: number): Int32Array {
  if (Z.length !== (n - 1) * 4) throw new ClusterError(`cutTree: a linkage of ${n} points has ${(n - 1) * 4} values, got ${Z.length}`);
  if (!Number.isInteger(k) || k < 1 || k > n) throw new ClusterError(`cutTree: k must be an integer from 1 to ${n}, got ${k}`);
  const parent = new Int32Array(2 * n - 1);
  for (let i = 0; i < parent.length; i++) parent[i] = i;
  const find = (x: number): number => {
    let p = x;
    while (parent[p] !== p) p = parent[p]!;
    while (parent[x] !== p) {
      const nx = parent[x]!;
      parent[x] = p;
      x = nx;
    }
    return p;
  };
  for (let r = 0; r < n - k; r++) {
    parent[find(Z[r * 4]!)] = n + r;
    parent[find(Z[r * 4 + 1]!)] = n + r;
  }
  const labels = new Int32Array(n);
  const ids = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const root = find(i);
    let id = ids.get(root);
    if (id === undefined) {
      id = ids.size;
      ids.set(root, id);
    }
    labels[i] = id;
  }
  return labels;
}
