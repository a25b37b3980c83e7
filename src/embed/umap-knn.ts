/**
 * UMAP's approximate nearest neighbours: a forest of random-projection trees, then NN-descent, as
 * umap-js 1.4 finds them, on a flat matrix. Every random draw is made in umap-js's order and every
 * distance and split margin is summed over the columns in umap-js's order, so the neighbours and
 * distances are identical to umap-js's nearestNeighbors(), bit for bit (tested). The sums run on the
 * WASM kernel of wasm/umap.ts, four rows at a time, unless WASM is unavailable or MIR_UMAP=js.
 */
import { type Matrix, sqDist } from '../util/matrix.js';
import type { KnnGraph } from './umap-graph.js';
import { type RowSums, wasmRowSums } from './umap-wasm.js';

/** Candidates kept per row in each NN-descent round, the share of them tried, and the stopping fraction (umap-js's defaults). */
const MAX_CANDIDATES = 50;
const RHO = 0.5;
const DELTA = 0.001;

/** The JavaScript twin of the kernel's sums. */
function jsRowSums(Z: Matrix): RowSums {
  const { cols: d, data } = Z;
  return {
    distances(p, qs, m, out) {
      for (let j = 0; j < m; j++) out[j] = Math.sqrt(sqDist(data, d, p, qs[j]!));
    },
    margins(h, offset, idx, m, out) {
      for (let j = 0; j < m; j++) {
        const y = idx[j]! * d;
        let s = offset;
        for (let t = 0; t < d; t++) s += h[t]! * data[y + t]!;
        out[j] = s;
      }
    },
  };
}

/** Fixed-size max-heaps of (weight, index, flag), one per row, flat: umap-js's heap, row r at r × size. */
class Heaps {
  readonly idx: Int32Array;
  readonly w: Float64Array;
  readonly flag: Uint8Array;
  constructor(
    n: number,
    readonly size: number,
  ) {
    this.idx = new Int32Array(n * size).fill(-1);
    this.w = new Float64Array(n * size).fill(Infinity);
    this.flag = new Uint8Array(n * size);
  }

  /** Keeps (weight, index) in row's heap if it is closer than the farthest kept and not there yet; 1 when kept. */
  push(row: number, weight: number, index: number, flag: number): number {
    const o = row * this.size;
    const { idx, w } = this;
    if (weight >= w[o]!) return 0;
    for (let i = 0; i < this.size; i++) if (idx[o + i] === index) return 0;
    // sift the new root down
    const f = this.flag;
    let i = 0;
    for (;;) {
      const c1 = 2 * i + 1;
      const c2 = c1 + 1;
      let swap: number;
      if (c1 >= this.size) break;
      if (c2 >= this.size) {
        if (w[o + c1]! > weight) swap = c1;
        else break;
      } else if (w[o + c1]! >= w[o + c2]!) {
        if (weight < w[o + c1]!) swap = c1;
        else break;
      } else if (weight < w[o + c2]!) swap = c2;
      else break;
      w[o + i] = w[o + swap]!;
      idx[o + i] = idx[o + swap]!;
      f[o + i] = f[o + swap]!;
      i = swap;
    }
    w[o + i] = weight;
    idx[o + i] = index;
    f[o + i] = flag;
    return 1;
  }

  /** Sorts every row ascending by weight (heap sort in place, umap-js's deheapSort). */
  sortRows(): void {
    const { idx, w, size } = this;
    const n = idx.length / size;
    for (let r = 0; r < n; r++) {
      const o = r * size;
      for (let j = 0; j < size - 1; j++) {
        const last = size - j - 1;
        swapAt(idx, w, o, 0, last);
        // sift element 0 down within [0, last)
        let e = 0;
        while (e * 2 + 1 < last) {
          const l = e * 2 + 1;
          let s = e;
          if (w[o + s]! < w[o + l]!) s = l;
          if (l + 1 < last && w[o + s]! < w[o + l + 1]!) s = l + 1;
          if (s === e) break;
          swapAt(idx, w, o, e, s);
          e = s;
        }
      }
    }
  }
}

function swapAt(idx: Int32Array, w: Float64Array, o: number, a: number, b: number): void {
  const ti = idx[o + a]!;
  idx[o + a] = idx[o + b]!;
  idx[o + b] = ti;
  const tw = w[o + a]!;
  w[o + a] = w[o + b]!;
  w[o + b] = tw;
}

/** umap-js's rounding of the tree count (0.5 rounds to 0). */
const roundHalf = (x: number): number => (x === 0.5 ? 0 : Math.round(x));

/** Leaves of one random-projection tree over all rows, each padded with −1 to leafSize, left before right. */
function treeLeaves(Z: Matrix, leafSize: number, random: () => number, sums: RowSums, scratch: Float64Array, out: Int32Array[]): void {
  const { cols: d, data } = Z;
  const h = new Float64Array(d);
  const split = (indices: Int32Array): void => {
    const m = indices.length;
    if (m <= leafSize) {
      const leaf = new Int32Array(leafSize).fill(-1);
      leaf.set(indices);
      out.push(leaf);
      return;
    }
    const li = Math.floor(random() * m);
    let ri = Math.floor(random() * m);
    ri += li === ri ? 1 : 0;
    ri %= m;
    const l = indices[li]! * d;
    const r = indices[ri]! * d;
    let offset = 0;
    for (let t = 0; t < d; t++) {
      h[t] = data[l + t]! - data[r + t]!;
      offset -= (h[t]! * (data[l + t]! + data[r + t]!)) / 2;
    }
    sums.margins(h, offset, indices, m, scratch);
    const side = new Uint8Array(m);
    let nLeft = 0;
    for (let i = 0; i < m; i++) {
      const margin = scratch[i]!;
      // a point on the hyperplane goes to a random side, drawn in index order as umap-js does
      side[i] = margin === 0 ? Math.floor(random() * 2) : margin > 0 ? 0 : 1;
      if (side[i] === 0) nLeft++;
    }
    const left = new Int32Array(nLeft);
    const right = new Int32Array(m - nLeft);
    let a = 0;
    let b = 0;
    for (let i = 0; i < m; i++) {
      if (side[i] === 0) left[a++] = indices[i]!;
      else right[b++] = indices[i]!;
    }
    split(left);
    split(right);
  };
  const all = new Int32Array(Z.rows);
  for (let i = 0; i < all.length; i++) all[i] = i;
  split(all);
}

/** k distinct integers drawn uniformly from [0, pool), redrawing repeats (umap-js's rejectionSample). */
function rejectionSample(k: number, pool: number, random: () => number, out: Int32Array): void {
  for (let i = 0; i < k; i++) {
    let j: number;
    let repeat: boolean;
    do {
      j = Math.floor(random() * pool);
      repeat = false;
      for (let q = 0; q < i; q++) {
        if (out[q] === j) {
          repeat = true;
          break;
        }
      }
    } while (repeat);
    out[i] = j;
  }
}

/**
 * The k approximate nearest neighbours of every row of Z (the row itself included), nearest first,
 * with Euclidean distances; `random` is drawn exactly as umap-js 1.4 draws it.
 */
export function umapNeighbours(Z: Matrix, k: number, random: () => number, kernel: 'wasm' | 'js' = 'wasm'): KnnGraph {
  const n = Z.rows;
  const sums = (kernel === 'wasm' ? wasmRowSums(Z) : null) ?? jsRowSums(Z);
  const scratch = new Float64Array(Math.max(n, MAX_CANDIDATES, k));
  const qs = new Int32Array(Math.max(MAX_CANDIDATES, k, 16));
  const nTrees = 5 + Math.floor(roundHalf(n ** 0.5 / 20));
  const nIters = Math.max(5, Math.floor(Math.round(Math.log(n) / Math.log(2))));
  const leafSize = Math.max(10, k);
  const leaves: Int32Array[] = [];
  for (let t = 0; t < nTrees; t++) treeLeaves(Z, leafSize, random, sums, scratch, leaves);

  const graph = new Heaps(n, k);
  for (let i = 0; i < n; i++) {
    rejectionSample(k, n, random, qs);
    sums.distances(i, qs, k, scratch);
    for (let j = 0; j < k; j++) {
      graph.push(i, scratch[j]!, qs[j]!, 1);
      graph.push(qs[j]!, scratch[j]!, i, 1);
    }
  }
  const leafQs = new Int32Array(leafSize);
  for (const leaf of leaves) {
    for (let i = 0; i < leafSize && leaf[i]! >= 0; i++) {
      let m = 0;
      for (let j = i + 1; j < leafSize && leaf[j]! >= 0; j++) leafQs[m++] = leaf[j]!;
      sums.distances(leaf[i]!, leafQs, m, scratch);
      for (let j = 0; j < m; j++) {
        graph.push(leaf[i]!, scratch[j]!, leafQs[j]!, 1);
        graph.push(leafQs[j]!, scratch[j]!, leaf[i]!, 1);
      }
    }
  }

  for (let it = 0; it < nIters; it++) {
    // candidates: the current neighbours in both directions, kept by random priority
    const cand = new Heaps(n, MAX_CANDIDATES);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < k; j++) {
        const e = i * k + j;
        const idx = graph.idx[e]!;
        if (idx < 0) continue;
        const isNew = graph.flag[e]!;
        const prio = random();
        cand.push(i, prio, idx, isNew);
        cand.push(idx, prio, i, isNew);
        graph.flag[e] = 0;
      }
    }
    let changes = 0;
    for (let i = 0; i < n; i++) {
      const o = i * MAX_CANDIDATES;
      for (let j = 0; j < MAX_CANDIDATES; j++) {
        const p = cand.idx[o + j]!;
        if (p < 0 || random() < RHO) continue;
        const pNew = cand.flag[o + j]!;
        let m = 0;
        for (let c = 0; c < MAX_CANDIDATES; c++) {
          const q = cand.idx[o + c]!;
          if (q < 0 || (!pNew && !cand.flag[o + c]!)) continue;
          qs[m++] = q;
        }
        sums.distances(p, qs, m, scratch);
        for (let c = 0; c < m; c++) {
          changes += graph.push(p, scratch[c]!, qs[c]!, 1);
          changes += graph.push(qs[c]!, scratch[c]!, p, 1);
        }
      }
    }
    if (changes <= DELTA * k * n) break;
  }
  graph.sortRows();
  return { n, k, indices: graph.idx, distances: graph.w };
}
